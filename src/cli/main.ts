#!/usr/bin/env node
/**
 * `cdk-api-baseline`: checks plain CloudFormation / SAM templates and CDK cloud assemblies against the API baseline,
 * and compares two compliance reports.
 *
 *   cdk-api-baseline check PATH... [--pack aws-solutions ...] [--format text|json|markdown|sarif|github] [--fail-on warn]
 *   cdk-api-baseline diff old-report.json new-report.json
 *
 * Exit codes: 0 clean, 1 findings (or, for diff, findings added), 2 unusable input.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CliFinding, TemplateJudge, TemplateResult } from './check';
import { UnusableInput } from './errors';
import { collectTargets, Target } from './inputs';
import { renderGithub, renderSarif } from './sarif';
import { FailOn, StandardPack } from '../nag/enforce';
import { BaselineThresholds, resolveThresholds } from '../nag/thresholds';

const PACKS: Record<string, StandardPack> = {
  'aws-solutions': StandardPack.AWS_SOLUTIONS,
  'nist-800-53-r5': StandardPack.NIST_800_53_R5,
  'pci-dss-321': StandardPack.PCI_DSS_321,
  'hipaa': StandardPack.HIPAA_SECURITY,
  'serverless': StandardPack.SERVERLESS,
};

const USAGE = `usage:
  cdk-api-baseline check <template|directory|cdk.out>... [--pack ${Object.keys(PACKS).join('|')}]... [--format text|json|markdown|sarif|github] [--fail-on error|warn] [--config baseline.json] [--skip-unreadable]
  cdk-api-baseline diff <old-report.json> <new-report.json>`;

/** Output and exit code of one run. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI with `argv` (without node and script) and returns what it would print and its exit code. */
export function runCli(argv: string[]): CliResult {
  try {
    const [command, ...rest] = argv;
    if (command === 'check') return check(rest);
    if (command === 'diff') return diff(rest);
    throw new UnusableInput(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
  } catch (e) {
    const message = e instanceof UnusableInput ? e.message : `unexpected failure: ${(e as Error).message}`;
    return { code: 2, stdout: errorDocument(argv, message.split('\n')[0]), stderr: `cdk-api-baseline: ${message.split('\n')[0]}\n${e instanceof UnusableInput && message.includes('\n') ? message.split('\n').slice(1).join('\n') + '\n' : ''}` };
  }
}

/**
 * For a run that asked for a machine-readable format, a valid document that carries the error, so a pipeline that
 * reads it sees why nothing was judged; else nothing.
 */
function errorDocument(argv: string[], error: string): string {
  const i = argv.lastIndexOf('--format');
  const format = i >= 0 ? argv[i + 1] : undefined;
  if (argv[0] !== 'check') return '';
  if (format === 'sarif') return renderSarif({ results: [], code: 2, error });
  if (format === 'github') return renderGithub({ results: [], code: 2, error }, '');
  if (format !== 'json') return '';
  return `${JSON.stringify({
    tool: 'cdk-api-baseline',
    exitCode: 2,
    error,
    totals: { templates: 0, judged: 0, failing: 0, unreadable: 0, skippedFiles: 0, errors: 0, warnings: 0 },
    errors: 0,
    warnings: 0,
    findings: [],
    templates: [],
    stacks: [],
  }, undefined, 2)}\n`;
}

const FORMATS = ['text', 'json', 'markdown', 'sarif', 'github'] as const;

interface CheckOptions {
  paths: string[];
  skipUnreadable: boolean;
  packs: StandardPack[];
  format: typeof FORMATS[number];
  failOn: FailOn;
  thresholds?: BaselineThresholds;
}

function parseCheckArgs(args: string[]): CheckOptions {
  const paths: string[] = [];
  let skipUnreadable = false;
  const packs: StandardPack[] = [];
  let format: CheckOptions['format'] = 'text';
  let failOn = FailOn.ERROR;
  let thresholds: BaselineThresholds | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new UnusableInput(`${arg} needs a value`);
      return v;
    };
    if (arg === '--pack') {
      const name = value();
      if (!Object.prototype.hasOwnProperty.call(PACKS, name)) throw new UnusableInput(`unknown pack "${name}" (one of ${Object.keys(PACKS).join(', ')})`);
      packs.push(PACKS[name]);
    } else if (arg === '--format') {
      const f = value();
      if (!(FORMATS as readonly string[]).includes(f)) throw new UnusableInput(`unknown format "${f}" (one of ${FORMATS.join(', ')})`);
      format = f as CheckOptions['format'];
    } else if (arg === '--fail-on') {
      const f = value();
      if (f !== 'error' && f !== 'warn') throw new UnusableInput(`unknown --fail-on "${f}" (error or warn)`);
      failOn = f === 'warn' ? FailOn.WARN : FailOn.ERROR;
    } else if (arg === '--config') {
      thresholds = readConfig(value());
    } else if (arg === '--skip-unreadable') {
      skipUnreadable = true;
    } else if (arg.startsWith('--')) {
      throw new UnusableInput(`unknown option "${arg}"`);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) throw new UnusableInput(`check needs a template file, a directory or a cloud assembly\n${USAGE}`);
  return { paths, skipUnreadable, packs: packs.length > 0 ? packs : [StandardPack.AWS_SOLUTIONS], format, failOn, thresholds };
}

/**
 * The thresholds of a `--config` file: `{ "thresholds": { "authorizerCacheTtlSeconds": 120, ... } }`. A file that
 * cannot be read, or a threshold outside its range, is unusable input.
 */
function readConfig(file: string): BaselineThresholds {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UnusableInput(`${file}: no such file`);
  let config: any;
  try {
    config = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UnusableInput(`${file}: invalid JSON (${(e as Error).message})`);
  }
  if (config === null || typeof config !== 'object' || Array.isArray(config)) throw new UnusableInput(`${file}: not a configuration object`);
  const unknown = Object.keys(config).filter((k) => k !== 'thresholds');
  if (unknown.length > 0) throw new UnusableInput(`${file}: unknown setting "${unknown[0]}" (only "thresholds")`);
  const thresholds = config.thresholds ?? {};
  try {
    resolveThresholds(thresholds);
  } catch (e) {
    throw new UnusableInput(`${file}: ${(e as Error).message}`);
  }
  return thresholds;
}

/** The outcome of a `check` run over every template. */
interface Run {
  readonly options: CheckOptions;
  readonly results: TemplateResult[];
  readonly skipped: string[];
  readonly code: number;
}

function check(args: string[]): CliResult {
  const options = parseCheckArgs(args);
  const collected = collectTargets(options.paths);
  const results: TemplateResult[] = collected.problems.map(([file, error]) => unreadable(file, error));
  const judge = new TemplateJudge(options);
  const queue: Target[] = [...collected.targets];
  const seen = new Set(queue.map((t) => path.resolve(t.file)));
  while (queue.length > 0) {
    const result = judge.judge(queue.shift()!);
    results.push(result);
    // nested stacks are judged right after the template that holds them
    const nested = result.nested.filter((n) => !seen.has(path.resolve(n.file)));
    for (const n of nested) seen.add(path.resolve(n.file));
    queue.unshift(...nested);
  }
  const run: Run = { options, results, skipped: collected.skipped, code: exitCode(options, results) };
  return { code: run.code, stdout: render(run), stderr: errorLines(run) };
}

function unreadable(file: string, error: string): TemplateResult {
  return { label: file, file, error, findings: [], notJudged: [], nested: [], fails: false };
}

/** 2 when nothing could be judged; 1 when a template fails, or a file was unusable (unless --skip-unreadable); else 0. */
function exitCode(options: CheckOptions, results: TemplateResult[]): number {
  const judged = results.filter((r) => !r.error);
  if (judged.length === 0) return 2;
  if (judged.some((r) => r.fails)) return 1;
  if (results.some((r) => r.error) && !options.skipUnreadable) return 1;
  return 0;
}

function errorLines(run: Run): string {
  return run.results.filter((r) => r.error).map((r) => `cdk-api-baseline: ${r.label}: ${r.error}\n`).join('')
    + (run.results.length === 0 ? 'cdk-api-baseline: no templates found\n' : '');
}

function counts(findings: CliFinding[]) {
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { errors, warnings: findings.length - errors };
}

function verdictOf(r: TemplateResult): 'fails' | 'passes' | 'passes what could be judged' | 'not judged' {
  if (r.error) return 'not judged';
  if (r.fails) return 'fails';
  const unverifiable = r.findings.some((f) => f.ruleId.endsWith('[Unverifiable]'));
  return unverifiable || r.notJudged.length > 0 ? 'passes what could be judged' : 'passes';
}

function render(run: Run): string {
  switch (run.options.format) {
    case 'json': return `${JSON.stringify(jsonDocument(run), undefined, 2)}\n`;
    case 'markdown': return renderMarkdownRun(run);
    case 'sarif': return renderSarif(run);
    case 'github': return renderGithub(run, renderText(run, false));
    default: return renderText(run);
  }
}

function totals(run: Run) {
  const judged = run.results.filter((r) => !r.error);
  const all = judged.flatMap((r) => r.findings);
  return {
    templates: run.results.length,
    judged: judged.length,
    failing: judged.filter((r) => r.fails).length,
    unreadable: run.results.length - judged.length,
    skippedFiles: run.skipped.length,
    ...counts(all),
  };
}

function jsonDocument(run: Run): unknown {
  const t = totals(run);
  const templates = run.results.map((r) => ({
    template: r.label,
    file: r.file,
    verdict: verdictOf(r),
    ...(r.error ? { error: r.error } : counts(r.findings)),
    findings: r.findings,
    notJudged: r.notJudged,
  }));
  return {
    tool: 'cdk-api-baseline',
    ...(run.results.length === 1 ? { template: run.results[0].label } : {}),
    packs: run.options.packs,
    failOn: run.options.failOn,
    exitCode: run.code,
    totals: t,
    errors: t.errors,
    warnings: t.warnings,
    findings: run.results.flatMap((r) => r.findings.map((f) => ({ template: r.label, ...f }))),
    templates,
    skippedFiles: run.skipped,
    ...(run.code === 2 ? { error: 'nothing could be judged' } : {}),
    // the shape `cdk-api-baseline diff` and the app report share
    stacks: run.results.filter((r) => !r.error).map((r) => ({
      stack: r.label,
      findings: r.findings.map((f) => ({ severity: f.severity, ruleId: f.ruleId, path: f.path ?? `${r.label}#${f.resource}` })),
      acknowledgements: [],
    })),
  };
}

function renderText(run: Run, withFindings = true): string {
  const lines: string[] = [];
  const failOn = run.options.failOn;
  for (const r of run.results) {
    if (r.error) continue;
    for (const f of withFindings ? r.findings : []) {
      lines.push(`${f.severity.toUpperCase().padEnd(7)} ${f.ruleId}  ${f.resource}${f.path ? ` (${f.path})` : ''}  ${f.description}`);
    }
    for (const n of withFindings ? r.notJudged : []) lines.push(`NOT JUDGED  ${n}`);
    const { errors, warnings } = counts(r.findings);
    const unjudged = r.findings.filter((f) => f.ruleId.endsWith('[Unverifiable]')).length;
    lines.push(`${r.label}: ${errors} errors, ${warnings} warnings — ${verdictOf(r)} (fail on ${failOn})`
      + `${unjudged > 0 ? `; ${unjudged} could not be judged at synth ([Unverifiable]; --fail-on warn fails on them)` : ''}`);
  }
  const t = totals(run);
  if (t.judged === 0) return '';
  if (run.results.length > 1 || t.skippedFiles > 0) {
    const unusable = t.unreadable > 0
      ? `, ${t.unreadable} unusable${run.options.skipUnreadable ? ' (skipped: --skip-unreadable)' : ''}` : '';
    lines.push(`total: ${t.templates} templates, ${t.judged - t.failing} pass, ${t.failing} fail${unusable}; `
      + `${t.skippedFiles} other files skipped; ${t.errors} errors, ${t.warnings} warnings — ${run.code === 0 ? 'passes' : 'fails'}`);
  }
  return `${lines.join('\n')}\n`;
}

function renderMarkdownRun(run: Run): string {
  const lines: string[] = [];
  for (const r of run.results) {
    lines.push(`# ${r.label}`, '');
    if (r.error) {
      lines.push(`Not judged: ${r.error.replace(/\|/g, '\\|')}`, '');
      continue;
    }
    const { errors, warnings } = counts(r.findings);
    lines.push(`${errors} errors, ${warnings} warnings — ${verdictOf(r)}`, '');
    if (r.findings.length > 0) {
      lines.push('| severity | rule | resource | finding |', '|---|---|---|---|');
      for (const f of r.findings) lines.push(`| ${f.severity} | ${f.ruleId} | ${f.resource} | ${f.description.replace(/\|/g, '\\|')} |`);
      lines.push('');
    }
    for (const n of r.notJudged) lines.push(`- not judged: ${n}`);
    if (r.notJudged.length > 0) lines.push('');
  }
  if (run.results.length > 1) {
    const t = totals(run);
    lines.push(`**Total:** ${t.templates} templates, ${t.judged - t.failing} pass, ${t.failing} fail, ${t.unreadable} unusable; ${t.errors} errors, ${t.warnings} warnings`, '');
  }
  return lines.join('\n');
}

function readReport(file: string): any {
  if (!fs.existsSync(file)) throw new UnusableInput(`${file}: no such file`);
  let report: any;
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UnusableInput(`${file}: invalid JSON (${(e as Error).message})`);
  }
  if (report?.tool !== 'cdk-api-baseline' || !Array.isArray(report.stacks)) {
    throw new UnusableInput(`${file}: not a cdk-api-baseline report`);
  }
  return report;
}

function diff(args: string[]): CliResult {
  if (args.length !== 2) throw new UnusableInput(`diff needs two report files\n${USAGE}`);
  const [before, after] = args.map(readReport);
  const findingKeys = (r: any) => new Set<string>(r.stacks.flatMap((s: any) =>
    s.findings.map((f: any) => `${f.severity} ${f.ruleId} at ${f.path}`)));
  const ackKeys = (r: any) => new Set<string>(r.stacks.flatMap((s: any) =>
    s.acknowledgements.map((a: any) => `${a.id} at ${a.path}${a.expires ? ` until ${a.expires}` : ''}${a.lapsed ? ' (lapsed)' : ''}: ${a.reason}`)));
  const lines: string[] = [];
  const compare = (label: string, a: Set<string>, b: Set<string>) => {
    const added = [...b].filter((k) => !a.has(k)).sort();
    const removed = [...a].filter((k) => !b.has(k)).sort();
    for (const k of added) lines.push(`+ ${label}: ${k}`);
    for (const k of removed) lines.push(`- ${label}: ${k}`);
    return added.length;
  };
  const addedFindings = compare('finding', findingKeys(before), findingKeys(after));
  compare('acknowledgement', ackKeys(before), ackKeys(after));
  lines.push(lines.length === 0 ? 'no change in security posture' : `${addedFindings} findings added`);
  return { code: addedFindings > 0 ? 1 : 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
}

if (require.main === module) {
  const result = runCli(process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
