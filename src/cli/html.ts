import { CliFinding, TemplateResult } from './check';
import { foldDuplicates, FoldedFinding } from './duplicates';
import { baseRuleId, ruleHelp } from './rule-help';
import { renderMatrixHtml } from '../nag/report';

/** What the HTML page of a run is made from. */
export interface HtmlRun {
  readonly results: TemplateResult[];
  readonly code: number;
  readonly packs: string[];
  readonly failOn: string;
  readonly skipped: number;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Inline code spans (`x`) of rule texts as <code>, the rest escaped: fix text is shown rendered, not as raw Markdown. */
function prose(text: string): string {
  return text.split('`').map((part, i) => (i % 2 === 1 ? `<code>${esc(part)}</code>` : esc(part))).join('');
}

const AREA_ORDER = [
  'Authentication & authorization', 'Encryption & data protection', 'Input validation & sanitization',
  'Monitoring & threat detection', 'Vulnerability & patch management',
];
const STANDARD = 'Standard packs (AwsSolutions, NIST, PCI, HIPAA, Serverless)';

function areaOf(f: CliFinding): string {
  return ruleHelp(f.ruleId, f.description).area ?? STANDARD;
}

/** Rules with their findings, worst first: errors before warnings, then by checklist area and by count. */
function byRule(findings: CliFinding[]): Array<{ id: string; findings: CliFinding[]; error: boolean; area: string }> {
  const groups = new Map<string, CliFinding[]>();
  for (const f of findings) groups.set(baseRuleId(f.ruleId), [...(groups.get(baseRuleId(f.ruleId)) ?? []), f]);
  const areaRank = (a: string) => (AREA_ORDER.includes(a) ? AREA_ORDER.indexOf(a) : AREA_ORDER.length);
  return [...groups.entries()]
    .map(([id, fs]) => ({ id, findings: fs, error: fs.some((f) => f.severity === 'error'), area: areaOf(fs[0]) }))
    .sort((a, b) => Number(b.error) - Number(a.error) || areaRank(a.area) - areaRank(b.area)
      || b.findings.length - a.findings.length || a.id.localeCompare(b.id));
}

function bar(label: string, value: number, max: number, cls = ''): string {
  const width = max > 0 ? Math.max(1, Math.round((value / max) * 100)) : 0;
  return `<div class="bar-row"><span class="bar-label">${esc(label)}</span><span class="bar ${cls}" style="width:${width}%"></span><span class="bar-value">${value}</span></div>`;
}

function verdict(r: TemplateResult): string {
  if (r.error) return 'not judged';
  if (r.fails) return 'fails';
  const partial = r.notJudged.length > 0 || r.apis.some((a) => !a.judged) || r.findings.some((f) => f.ruleId.endsWith('[Unverifiable]'));
  return partial ? 'passes what could be judged' : 'passes';
}

/** One rule's findings in a template: the rule and its fix once, then each resource with its folded duplicates. */
function ruleBlock(id: string, items: FoldedFinding[]): string {
  const first = items[0].finding;
  const error = items.some((x) => x.finding.severity === 'error');
  const rows = items.map(({ finding: f, duplicates }) => `<li><code>${esc(f.resource)}</code>${f.path ? ` <small>${esc(f.path)}</small>` : ''}`
    + `${f.ruleId !== id ? ` <code>${esc(f.ruleId.slice(id.length))}</code>` : ''}${f.baselined ? ' <span class="muted">baselined</span>' : ''}`
    + `${duplicates.length > 0 ? ` <span class="muted">same control: ${duplicates.map((d) => esc(d.ruleId)).join(', ')}</span>` : ''}</li>`).join('');
  return `<div class="rule"><h3><span class="${error ? 'fail' : 'warn'}">${error ? 'error' : 'warning'}</span> <code>${esc(id)}</code> <span class="area">${esc(areaOf(first))}</span></h3>`
    + `<p>${prose(ruleHelp(id, first.description).short)}</p>${first.fix ? `<p><em>Fix:</em> ${prose(first.fix)}</p>` : ''}<ul>${rows}</ul></div>`;
}

/**
 * What to fix first in a template: its findings grouped by API (REST, HTTP, WebSocket, SAM; then the resources
 * outside any API), and in each group by rule, errors first and in checklist-area order, each rule's fix once and the
 * standard packs' duplicates folded under the ApiBaseline finding.
 */
function fixFirst(r: TemplateResult): string {
  const folded = foldDuplicates(r.findings);
  const shapeOf = new Map(r.apis.map((a) => [a.resource, a.shape]));
  const byApi = new Map<string, FoldedFinding[]>();
  for (const item of folded) {
    const api = r.apiOf?.[item.finding.resource] ?? '';
    byApi.set(api, [...(byApi.get(api) ?? []), item]);
  }
  const out: string[] = [];
  for (const api of [...byApi.keys()].sort((a, b) => (a === '' ? 1 : b === '' ? -1 : a.localeCompare(b)))) {
    const items = byApi.get(api)!;
    if (byApi.size > 1 || api !== '') {
      out.push(`<h4>${api ? `API <code>${esc(api)}</code>${shapeOf.has(api) ? ` <span class="area">${esc(shapeOf.get(api)!)}</span>` : ''}` : 'Other resources'}</h4>`);
    }
    const groups = new Map<string, FoldedFinding[]>();
    for (const item of items) groups.set(baseRuleId(item.finding.ruleId), [...(groups.get(baseRuleId(item.finding.ruleId)) ?? []), item]);
    for (const { id } of byRule(items.map((x) => x.finding))) out.push(ruleBlock(id, groups.get(id)!));
  }
  return out.join('');
}

/**
 * One self-contained page (inline styles, no scripts) for a run over many templates: a summary first (templates
 * passing, APIs judged by shape, findings per checklist area as a bar chart, the rules to fix first), then one
 * section per template with what to fix first (findings grouped by API and by rule, see `fixFirst`), what was not
 * judged, acknowledgements, the API inventory and the rules matrix (rules that do not apply collapsed).
 */
export function renderRunHtml(run: HtmlRun): string {
  const judged = run.results.filter((r) => !r.error);
  const findings = judged.flatMap((r) => r.findings.filter((f) => !f.baselined));
  const passing = judged.filter((r) => !r.fails).length;
  const apis = judged.flatMap((r) => r.apis);
  const body: string[] = [];
  const overall = run.code === 0 ? 'passes' : 'fails';
  body.push('<h1>API baseline: templates and cloud assemblies</h1>');
  body.push(`<p class="verdict ${overall}">The run ${overall}: ${passing} of ${run.results.length} templates pass, `
    + `${judged.length - passing} fail, ${run.results.length - judged.length} could not be used; `
    + `${findings.filter((f) => f.severity === 'error').length} errors, ${findings.filter((f) => f.severity !== 'error').length} warnings.</p>`);
  body.push(`<p>Packs: ${run.packs.map(esc).join(', ')} · fails on: ${esc(run.failOn)} · ${run.skipped} other files skipped</p>`);

  body.push('<section class="summary"><h2>Summary</h2><div class="cards">');
  const shapes = new Map<string, [number, number]>();
  for (const a of apis) {
    const [j, n] = shapes.get(a.shape) ?? [0, 0];
    shapes.set(a.shape, a.judged ? [j + 1, n] : [j, n + 1]);
  }
  body.push(`<div class="card"><h3>APIs by shape (${apis.length})</h3><table><thead><tr><th>Shape</th><th>Judged</th><th>Not judged</th></tr></thead><tbody>`
    + ([...shapes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([s, [j, n]]) =>
      `<tr><td>${esc(s)}</td><td>${j}</td><td class="${n > 0 ? 'warn' : ''}">${n}</td></tr>`).join('') || '<tr><td colspan="3">No APIs found.</td></tr>')
    + '</tbody></table></div>');
  const perArea = new Map<string, number>();
  for (const f of findings) perArea.set(areaOf(f), (perArea.get(areaOf(f)) ?? 0) + 1);
  const maxArea = Math.max(0, ...perArea.values());
  body.push(`<div class="card"><h3>Findings per checklist area</h3>${[...AREA_ORDER, STANDARD].map((a) => bar(a, perArea.get(a) ?? 0, maxArea)).join('')}</div>`);
  body.push('</div>');
  const rules = byRule(findings).slice(0, 10);
  body.push('<h3>Fix first</h3>');
  body.push(rules.length === 0 ? '<p>No open findings.</p>' : '<ol class="top">' + rules.map((g) => {
    const help = ruleHelp(g.id, g.findings[0].description);
    const templates = new Set(judged.filter((r) => r.findings.some((f) => baseRuleId(f.ruleId) === g.id)).map((r) => r.label)).size;
    return `<li><span class="${g.error ? 'fail' : 'warn'}">${g.error ? 'error' : 'warning'}</span> <code>${esc(g.id)}</code> — ${g.findings.length} findings in ${templates} templates`
      + ` <span class="area">${esc(g.area)}</span><br>${prose(help.short)}${g.findings[0].fix ? `<br><em>Fix:</em> ${prose(g.findings[0].fix)}` : ''}</li>`;
  }).join('') + '</ol>');
  body.push('</section>');

  for (const r of run.results) {
    const v = verdict(r);
    body.push(`<section class="template"><h2>${esc(r.label)}</h2><p class="verdict ${v === 'fails' || v === 'not judged' ? 'fails' : 'passes'}">${esc(v)}${r.error ? `: ${esc(r.error)}` : ''}</p>`);
    if (r.error) {
      body.push('</section>');
      continue;
    }
    body.push(r.findings.length === 0 ? '<p>No findings.</p>' : fixFirst(r));
    const notJudged = [...r.notJudged, ...r.apis.filter((a) => !a.judged).map((a) => `API ${a.resource}: ${a.notJudgedReason}`)];
    if (notJudged.length > 0) body.push(`<h3>Not judged</h3><ul>${notJudged.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`);
    if (r.acknowledgements.length > 0) {
      body.push('<h3>Acknowledgements</h3><table><thead><tr><th>Finding</th><th>Resource</th><th>Why</th><th>Until</th></tr></thead><tbody>'
        + r.acknowledgements.map((a) => `<tr><td><code>${esc(a.id)}</code></td><td><code>${esc(a.resource)}</code></td><td>${esc(a.reason)}</td>`
          + `<td class="${a.lapsed ? 'fail' : ''}">${esc(a.expires || '—')}${a.lapsed ? ' (lapsed)' : ''}</td></tr>`).join('') + '</tbody></table>');
    }
    if (r.apis.length > 0) {
      const list = (xs: string[]) => (xs.length > 0 ? xs.map(esc).join(', ') : '—');
      body.push('<h3>APIs</h3><table><thead><tr><th>API</th><th>Shape</th><th>Stages</th><th>Domains</th><th>Endpoint</th><th>Authorization</th><th>Public operations</th><th>API keys</th><th>Tags</th><th>Judged</th></tr></thead><tbody>'
        + r.apis.map((a) => `<tr><td><code>${esc(a.resource)}</code>${a.name ? ` ${esc(a.name)}` : ''}</td><td>${esc(a.shape)}</td><td>${list(a.stages)}</td><td>${list(a.domains)}</td>`
          + `<td>${list(a.endpointTypes)}</td><td>${list(a.authorizationTypes)}</td><td>${list(a.publicOperations)}</td>`
          + `<td>${a.apiKeys.operations} operations, ${a.apiKeys.usagePlans} usage plans</td><td>${list(Object.entries(a.tags).map(([k, t]) => `${k}=${t}`))}</td>`
          + `<td class="${a.judged ? 'pass' : 'warn'}">${a.judged ? 'yes' : `no: ${esc(a.notJudgedReason ?? '')}`}</td></tr>`).join('') + '</tbody></table>');
    }
    if (r.matrix) body.push(`<h3>Rules</h3>${renderMatrixHtml(r.matrix, 'template')}`);
    body.push('</section>');
  }
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>API baseline: templates and cloud assemblies</title>
<style>
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:76rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de;padding-bottom:.3rem;font-size:1.2rem;word-break:break-all}h3{font-size:1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #d0d7de;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.85rem}
th{background:#f6f8fa}code{font-size:.85rem}.verdict{font-weight:600;padding:.5rem;border-radius:4px}
.verdict.passes{background:#dafbe1}.verdict.fails{background:#ffebe9}
.pass{color:#1a7f37}.fail{color:#cf222e;font-weight:600}.warn{color:#9a6700;font-weight:600}.muted{color:#6e7781}.area{color:#6e7781;font-size:.8rem}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{flex:1 1 30rem;border:1px solid #d0d7de;border-radius:6px;padding:.5rem 1rem}
.bar-row{display:flex;align-items:center;gap:.5rem;margin:.3rem 0;font-size:.85rem}.bar-label{flex:0 0 18rem}
.bar{display:inline-block;height:.9rem;background:#cf222e;border-radius:2px;max-width:calc(100% - 22rem)}.bar-value{font-weight:600}
.rule{border-left:3px solid #d0d7de;padding-left:.8rem;margin:1rem 0}h4{margin:1.2rem 0 .3rem}details{margin:.5rem 0}.not-applicable{color:#6e7781}.acknowledged{color:#9a6700}ol.top li{margin:.5rem 0}
</style></head><body>
${body.join('\n')}
</body></html>
`;
}
