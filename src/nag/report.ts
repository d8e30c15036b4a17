import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { AcknowledgementRecord } from './acknowledgements';
import { apiMembership, ApiMembership } from './api-members';
import { ChecklistArea } from './rule';
import { RuleEvaluation } from './rule-evaluation';
import { ALL_RULES } from './rules/all';
import { duplicatedRule } from './same-control';
import { StackIndex } from './stack-index';
import { SynthesizedTemplates } from './synthesized-templates';
import { markdownCell } from '../private/markdown';

/** One finding in the compliance report. */
export interface ReportFinding {
  readonly ruleId: string;
  readonly pack: string;
  readonly severity: string;
  readonly path: string;
  readonly description: string;
  readonly fix?: string;
  /** The API (as `StackReport.apis` names it) the finding's resource is part of, if any. */
  readonly api?: string;
  /** Set when the finding is back because its acknowledgement lapsed. */
  readonly lapsedAcknowledgement?: string;
}

/** Status of one ApiBaseline rule on one stack. */
export interface MatrixCell {
  readonly area: string;
  readonly ruleId: string;
  readonly status: 'pass' | 'fail' | 'acknowledged' | 'not applicable';
  readonly until?: string;
}

/** One API of a stack in the report: REST, HTTP or WebSocket, SAM ones included. */
export interface ReportApi {
  /** Construct path of the API (for an API SAM creates, the SAM resource's path and the API's logical id). */
  readonly api: string;
  /** REST, HTTP or WEBSOCKET, when known. */
  readonly kind?: string;
  /** Open findings on the API and its parts. */
  readonly findings: number;
}

/** The report section of one stack. */
export interface StackReport {
  readonly stack: string;
  readonly apis: ReportApi[];
  readonly matrix: MatrixCell[];
  readonly findings: ReportFinding[];
  readonly acknowledgements: AcknowledgementRecord[];
}

/** The whole compliance report: stable (sorted, no timestamps) so CI can diff it between commits. */
export interface ComplianceReport {
  readonly tool: 'cdk-api-baseline';
  readonly packs: string[];
  readonly failOn: string;
  readonly totals: {
    readonly stacks: number;
    readonly errors: number;
    readonly warnings: number;
    readonly acknowledged: number;
    readonly lapsed: number;
  };
  readonly stacks: StackReport[];
}

const RULE_BY_ID = new Map(ALL_RULES.map((r) => [`ApiBaseline-${r.name}`, r]));
const AREA_ORDER: string[] = Object.values(ChecklistArea);
const KIND_NAMES: Record<string, string> = { REST: 'REST', HTTP: 'HTTP', WEBSOCKET: 'WebSocket' };
/** The rules in matrix order: by checklist area, then by name. */
const MATRIX_RULES = [...ALL_RULES].sort((a, b) =>
  AREA_ORDER.indexOf(a.area) - AREA_ORDER.indexOf(b.area) || a.name.localeCompare(b.name));

/**
 * The fix of an ApiBaseline finding id, in CDK terms or in CloudFormation terms (for findings on a template). An
 * `[Unavailable]` finding cannot be fixed on its API: its fix is the alternative the rule names for each kind of API.
 */
function fixOf(ruleId: string, terms: 'fix' | 'cfnFix'): string | undefined {
  const rule = RULE_BY_ID.get(ruleId.replace(/\[.*\]$/, ''));
  if (rule && ruleId.endsWith('[Unavailable]') && rule.unavailableOn) return Object.values(rule.unavailableOn).join(' ');
  return rule?.[terms];
}

/** The fix hint of an ApiBaseline finding id (with or without a suffix). */
export function fixHint(ruleId: string): string | undefined {
  return fixOf(ruleId, 'fix');
}

/** The fix hint of an ApiBaseline finding id in CloudFormation terms, for findings on a template. */
export function templateFixHint(ruleId: string): string | undefined {
  return fixOf(ruleId, 'cfnFix');
}

/**
 * The status of every ApiBaseline rule, in matrix order (checklist area, then name), from its evaluations, the open
 * findings and the acknowledgements: fail when a finding is open, acknowledged when it judged something non-compliant
 * that is not open, pass when it judged something and all was compliant, not applicable when it judged nothing.
 */
export function ruleMatrix(
  evaluations: { readonly ruleId: string; readonly outcome: string }[],
  findings: { readonly ruleId: string }[],
  acknowledgements: { readonly id: string; readonly lapsed?: boolean; readonly expires?: string }[],
): MatrixCell[] {
  return MATRIX_RULES.map((rule): MatrixCell => {
    const ruleId = `ApiBaseline-${rule.name}`;
    const ofRule = (id: string) => id === ruleId || id.startsWith(`${ruleId}[`);
    // labelled outcomes (`[GET /pets]`, `[Unavailable]`) belong to their rule too
    const results = evaluations.filter((e) => ofRule(e.ruleId) && e.outcome !== 'N/A');
    if (findings.some((f) => ofRule(f.ruleId))) return { area: rule.area, ruleId, status: 'fail' };
    if (results.some((e) => e.outcome !== 'Compliant')) {
      const ack = acknowledgements.find((a) => a.id.startsWith(ruleId) && !a.lapsed);
      return { area: rule.area, ruleId, status: 'acknowledged', until: ack?.expires || undefined };
    }
    return { area: rule.area, ruleId, status: results.length > 0 ? 'pass' : 'not applicable' };
  });
}

/** The matrix as HTML: the rules that apply in a table, those that do not collapsed under it. */
export function renderMatrixHtml(matrix: MatrixCell[], scope: string): string {
  const applicable = matrix.filter((c) => c.status !== 'not applicable');
  const notApplicable = matrix.filter((c) => c.status === 'not applicable');
  const rows = (cells: MatrixCell[]) => cells.map((c) => {
    const cls = c.status.replace(' ', '-');
    return `<tr><td>${escapeHtml(c.area)}</td><td><code>${escapeHtml(c.ruleId)}</code></td><td class="${cls}">${escapeHtml(c.status)}${c.until ? ` until ${escapeHtml(c.until)}` : ''}</td></tr>`;
  }).join('');
  const head = '<table><thead><tr><th>Area</th><th>Rule</th><th>Status</th></tr></thead><tbody>';
  return `${head}${rows(applicable)}</tbody></table>`
    + (notApplicable.length > 0 ? `<details><summary>${notApplicable.length} rules not applicable to this ${scope}</summary>${head}${rows(notApplicable)}</tbody></table></details>` : '');
}

/** Builds the report from the findings of every pack, the ApiBaseline rule evaluations and the acknowledgements. */
export function buildReport(
  root: IConstruct,
  packs: string[],
  failOn: string,
  findings: ReportFinding[],
  evaluations: RuleEvaluation[],
  acknowledgements: AcknowledgementRecord[],
  templates?: SynthesizedTemplates,
): ComplianceReport {
  const stacks = root.node.findAll().filter((c): c is Stack => Stack.isStack(c));
  const stackOf = (path: string) =>
    stacks.map((s) => s.node.path).filter((p) => path === p || path.startsWith(`${p}/`)).sort((a, b) => b.length - a.length)[0] ?? '';

  const reports: StackReport[] = stacks.map((stack) => {
    const path = stack.node.path;
    const mine = findings.filter((f) => stackOf(f.path) === path).sort(compareFindings);
    const acks = acknowledgements.filter((a) => stackOf(a.path) === path);
    const evals = evaluations.filter((e) => e.stackPath === path);
    const matrix = ruleMatrix(evals, mine, acks);
    const { apis, onApi } = apisOf(stack, mine, templates);
    return { stack: path, apis, matrix, findings: onApi, acknowledgements: acks };
  });
  reports.sort((a, b) => a.stack.localeCompare(b.stack));

  const all = reports.flatMap((r) => r.findings);
  return {
    tool: 'cdk-api-baseline',
    packs: [...packs].sort(),
    failOn,
    totals: {
      stacks: reports.length,
      errors: all.filter((f) => f.severity === 'error').length,
      warnings: all.filter((f) => f.severity !== 'error').length,
      acknowledged: acknowledgements.filter((a) => !a.lapsed).length,
      lapsed: acknowledgements.filter((a) => a.lapsed).length,
    },
    stacks: reports,
  };
}

/**
 * The APIs of a stack (every shape, from the pack's API model) with the findings on each: a finding belongs to an API
 * when its resource is the API, one of its stages or operations, or a part that names it (`RestApiId`, `ApiId`).
 */
function apisOf(stack: Stack, findings: ReportFinding[], templates?: SynthesizedTemplates): { apis: ReportApi[]; onApi: ReportFinding[] } {
  let membership: ApiMembership;
  try {
    // on synth, the stack is read from the template CDK has just written, as the packs read it
    membership = apiMembership(StackIndex.build(stack, undefined, templates?.of(stack)));
  } catch {
    return { apis: [], onApi: findings };
  }
  const pathOf = new Map<string, string>();
  const idOf = new Map<string, string>();
  for (const c of stack.node.findAll()) {
    if (!CfnResource.isCfnResource(c) || Stack.of(c) !== stack) continue;
    const id = stack.resolve(c.logicalId);
    if (typeof id !== 'string') continue;
    pathOf.set(id, c.node.path);
    idOf.set(c.node.path, id);
  }
  /** The construct that stands for an L1 resource: its L2 parent when it is the parent's `Resource`. */
  const shown = (l1Path: string) => (l1Path.endsWith('/Resource') ? l1Path.slice(0, -'/Resource'.length) : l1Path);
  const labelOf = new Map<string, string>();
  for (const api of membership.apis) {
    const own = pathOf.get(api.logicalId);
    const origin = api.origin !== undefined ? pathOf.get(api.origin) : undefined;
    labelOf.set(api.logicalId, own ? shown(own) : origin ? `${shown(origin)} (${api.logicalId})` : `${stack.node.path}/${api.logicalId}`);
  }
  const labels = [...labelOf.values()];
  const apiOfFinding = (f: ReportFinding): string | undefined => {
    const id = idOf.get(f.path);
    const api = id !== undefined ? membership.apiOf.get(id) : undefined;
    if (api !== undefined) return labelOf.get(api);
    // a construct under an API's construct (an L2 API's children) belongs to it
    return labels.filter((l) => f.path.startsWith(`${l}/`)).sort((a, b) => b.length - a.length)[0];
  };
  const onApi = findings.map((f) => {
    const api = apiOfFinding(f);
    return api === undefined ? f : { ...f, api };
  });
  const apis = membership.apis.map((api) => {
    const label = labelOf.get(api.logicalId)!;
    return { api: label, ...(api.kind ? { kind: api.kind } : {}), findings: onApi.filter((f) => f.api === label).length };
  }).sort((a, b) => a.api.localeCompare(b.api));
  return { apis, onApi };
}

function compareFindings(a: ReportFinding, b: ReportFinding): number {
  return a.ruleId.localeCompare(b.ruleId) || a.path.localeCompare(b.path);
}

/** The report as stable, pretty-printed JSON. */
export function renderJson(report: ComplianceReport): string {
  return `${JSON.stringify(report, undefined, 2)}\n`;
}

const STATUS_MARK: Record<MatrixCell['status'], string> = {
  'pass': 'pass',
  'fail': '**FAIL**',
  'acknowledged': 'acknowledged',
  'not applicable': 'n/a',
};

/** The report as Markdown: totals, and per stack the matrix, the findings and the acknowledgements. */
export function renderMarkdown(report: ComplianceReport): string {
  const lines: string[] = ['# API baseline compliance report', ''];
  const t = report.totals;
  lines.push(`Packs: ${report.packs.join(', ')} · synth fails on: ${report.failOn}`, '');
  lines.push('| stacks | errors | warnings | acknowledged | lapsed acknowledgements |', '|---|---|---|---|---|');
  lines.push(`| ${t.stacks} | ${t.errors} | ${t.warnings} | ${t.acknowledged} | ${t.lapsed} |`, '');
  for (const s of report.stacks) {
    lines.push(`## Stack ${s.stack}`, '');
    if (s.apis.length > 0) {
      lines.push('APIs: ' + s.apis.map((a) => `${a.api} (${a.kind ? `${KIND_NAMES[a.kind] ?? a.kind}, ` : ''}${a.findings} finding${a.findings === 1 ? '' : 's'})`).join(', '), '');
    }
    lines.push('| area | rule | status |', '|---|---|---|');
    for (const c of s.matrix) {
      lines.push(`| ${c.area} | ${c.ruleId} | ${STATUS_MARK[c.status]}${c.until ? ` until ${c.until}` : ''} |`);
    }
    lines.push('', '### Findings', '');
    if (s.findings.length === 0) lines.push('None.');
    for (const f of s.findings) {
      lines.push(`- **${f.severity}** \`${f.ruleId}\` at \`${f.path}\`: ${markdownCell(f.description)}${f.fix ? ` Fix: ${markdownCell(f.fix)}` : ''}`);
    }
    lines.push('', '### Acknowledgements', '');
    if (s.acknowledgements.length === 0) lines.push('None.');
    for (const a of s.acknowledgements) {
      lines.push(`- \`${a.id}\` at \`${a.path}\`: ${markdownCell(a.reason)}${a.expires ? ` (until ${a.expires}${a.lapsed ? ', LAPSED' : ''})` : ''}${a.ticket ? ` [${a.ticket}]` : ''}${a.by ? ` by ${a.by}` : ''}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}

/** Rule text with its inline code spans (`x`) as <code>, the rest escaped: shown rendered, not as raw Markdown. */
function prose(text: string): string {
  return text.split('`').map((part, i) => (i % 2 === 1 ? `<code>${escapeHtml(part)}</code>` : escapeHtml(part))).join('');
}

const AREA_OF = new Map(ALL_RULES.map((r) => [`ApiBaseline-${r.name}`, r.area as string]));

/**
 * A stack's findings grouped by API (and the resources outside any API), then by rule, errors first and in
 * checklist-area order; each rule's fix once, its resources listed, and the standard packs' findings that report the
 * same control on the same resource folded under it.
 */
function fixFirst(s: StackReport): string {
  const base = (id: string) => id.replace(/\[.*\]$/, '');
  const hosts = new Set(s.findings.filter((f) => f.ruleId.startsWith('ApiBaseline-')).map((f) => `${f.path}\u0000${base(f.ruleId)}`));
  const folded = new Map<string, string[]>();
  const shown: ReportFinding[] = [];
  for (const f of s.findings) {
    const same = duplicatedRule(f.ruleId);
    if (same && hosts.has(`${f.path}\u0000${same}`)) {
      const key = `${f.path}\u0000${same}`;
      folded.set(key, [...(folded.get(key) ?? []), f.ruleId]);
    } else {
      shown.push(f);
    }
  }
  const apiOf = (f: ReportFinding) => f.api
    ?? s.apis.map((a) => a.api).filter((a) => f.path === a || f.path.startsWith(`${a}/`)).sort((a, b) => b.length - a.length)[0];
  const kindOf = new Map(s.apis.map((a) => [a.api, a.kind]));
  const groups = new Map<string, ReportFinding[]>();
  for (const f of shown) {
    const key = apiOf(f) ?? '';
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const areaRank = (id: string) => {
    const area = AREA_OF.get(base(id));
    return area === undefined ? AREA_ORDER.length : AREA_ORDER.indexOf(area);
  };
  const out: string[] = [];
  for (const key of [...groups.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))) {
    const kind = key ? kindOf.get(key) : undefined;
    out.push(`<h4>${key ? `${kind ? `${KIND_NAMES[kind] ?? escapeHtml(kind)} ` : ''}API <code>${escapeHtml(key)}</code>` : 'Other resources'}</h4>`);
    const byRule = new Map<string, ReportFinding[]>();
    for (const f of groups.get(key)!) byRule.set(base(f.ruleId), [...(byRule.get(base(f.ruleId)) ?? []), f]);
    const rules = [...byRule.entries()].sort(([a, fa], [b, fb]) =>
      Number(fb.some((f) => f.severity === 'error')) - Number(fa.some((f) => f.severity === 'error'))
      || areaRank(a) - areaRank(b) || a.localeCompare(b));
    for (const [id, fs] of rules) {
      const error = fs.some((f) => f.severity === 'error');
      const first = fs[0];
      const area = AREA_OF.get(id);
      out.push(`<div class="rule"><p><span class="${error ? 'fail' : 'warn'}">${error ? 'error' : 'warning'}</span> <code>${escapeHtml(id)}</code>`
        + `${area ? ` <span class="area">${escapeHtml(area)}</span>` : ''}: ${escapeHtml(first.description)}</p>`
        + `${first.fix ? `<p><em>Fix:</em> ${prose(first.fix)}</p>` : ''}<ul>`
        + fs.map((f) => {
          const same = folded.get(`${f.path}\u0000${id}`) ?? [];
          return `<li><code>${escapeHtml(f.path)}</code>${f.ruleId !== id ? ` <code>${escapeHtml(f.ruleId.slice(id.length))}</code>` : ''}`
            + `${f.lapsedAcknowledgement ? ` <span class="fail">lapsed acknowledgement ${escapeHtml(f.lapsedAcknowledgement)}</span>` : ''}`
            + `${same.length > 0 ? ` <span class="area">same control: ${same.map(escapeHtml).join(', ')}</span>` : ''}</li>`;
        }).join('')
        + '</ul></div>');
    }
  }
  return out.join('');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The report as one self-contained HTML page (inline styles, no scripts, no external assets). */
export function renderHtml(report: ComplianceReport): string {
  const t = report.totals;
  const verdict = t.errors === 0 ? 'passes' : 'fails';
  const body: string[] = [];
  body.push('<h1>API baseline compliance report</h1>');
  body.push(`<p class="verdict ${verdict}">The app ${verdict} the baseline: ${t.errors} errors, ${t.warnings} warnings, ${t.acknowledged} acknowledged, ${t.lapsed} lapsed acknowledgements.</p>`);
  body.push(`<p>Packs: ${report.packs.map(escapeHtml).join(', ')} · synth fails on: ${escapeHtml(report.failOn)}</p>`);
  for (const s of report.stacks) {
    body.push(`<section><h2>Stack ${escapeHtml(s.stack)}</h2>`);
    if (s.apis.length > 0) {
      body.push(`<p>APIs: ${s.apis.map((a) => `${escapeHtml(a.api)} (${a.kind ? `${escapeHtml(KIND_NAMES[a.kind] ?? a.kind)}, ` : ''}${a.findings} finding${a.findings === 1 ? '' : 's'})`).join(', ')}</p>`);
    }
    body.push(`<h3>Findings (${s.findings.length}): what to fix first</h3>`);
    body.push(s.findings.length === 0 ? '<p>None.</p>' : fixFirst(s));
    body.push('<h3>Rules</h3>');
    body.push(renderMatrixHtml(s.matrix, 'stack'));
    body.push(`<h3>Acknowledgements (${s.acknowledgements.length})</h3>`);
    body.push(s.acknowledgements.length === 0 ? '<p>None.</p>' : '<table><thead><tr><th>Finding</th><th>Where</th><th>Why</th><th>Until</th><th>Ticket / by</th></tr></thead><tbody>' +
      s.acknowledgements.map((a) => `<tr><td><code>${escapeHtml(a.id)}</code></td><td><code>${escapeHtml(a.path)}</code></td><td>${escapeHtml(a.reason)}</td><td class="${a.lapsed ? 'fail' : ''}">${escapeHtml(a.expires || '—')}${a.lapsed ? ' (lapsed)' : ''}</td><td>${escapeHtml([a.ticket, a.by].filter(Boolean).join(' / ') || '—')}</td></tr>`).join('') + '</tbody></table>');
    body.push('</section>');
  }
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>API baseline compliance report</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:72rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.9rem}
th{background:#f6f8fa}code{font-size:.85rem}.verdict{font-weight:600;padding:.5rem;border-radius:4px}
.verdict.passes{background:#dafbe1}.verdict.fails{background:#ffebe9}
.pass{color:#1a7f37}.fail{color:#cf222e;font-weight:600}.acknowledged{color:#9a6700}.not-applicable{color:#6e7781}.warn{color:#9a6700;font-weight:600}
.area{color:#6e7781;font-size:.8rem}.rule{border-left:3px solid #d0d7de;padding-left:.8rem;margin:.8rem 0}.rule p{margin:.3rem 0}details{margin:.5rem 0}
</style></head><body>
${body.join('\n')}
</body></html>
`;
}
