#!/usr/bin/env node
/**
 * `cdk-api-baseline`: checks plain CloudFormation / SAM templates and CDK cloud assemblies against the API baseline,
 * and compares two compliance reports.
 *
 *   cdk-api-baseline check PATH... [--pack aws-solutions ...] [--format text|json|markdown|sarif|github|html]
 *     [--fail-on warn] [--config baseline.json] [--baseline report.json] [--inventory] [--skip-unreadable] [--jobs N]
 *   cdk-api-baseline diff old-report.json new-report.json
 *
 * PATH: template files, directories (walked for templates) and CDK cloud assemblies.
 * Exit codes: 0 clean; 1 findings (or an unusable file among others; for diff, findings added or a regression);
 * 2 nothing could be judged, or a wrong argument.
 */
import * as path from 'path';
import { CheckOptions, parseCheckArgs, USAGE } from './args';
import { CliFinding, TemplateJudge, TemplateResult } from './check';
import { CliResult, diff } from './diff';
import { foldDuplicates, foldedForReport } from './duplicates';
import { UnusableInput } from './errors';
import { renderRunHtml } from './html';
import { Collected, collectTargets } from './inputs';
import { InventoryApi } from './inventory';
import { judgeInWorkers, judgeTargets, jobsFor } from './parallel';
import { renderGithub, renderSarif } from './sarif';
import { FailOn } from '../nag/enforce';
import { markdownCell } from '../private/markdown';

export type { CliResult } from './diff';

/**
 * Runs the CLI with `argv` (without node and script) and returns what it would print and its exit code; templates
 * are judged on this thread.
 */
export function runCli(argv: string[]): CliResult {
  try {
    const [command, ...rest] = argv;
    if (command === 'check') return check(rest);
    if (command === 'diff') return diff(rest);
    throw new UnusableInput(command ? `unknown command "${command}"\n${USAGE}` : USAGE);
  } catch (e) {
    return failure(argv, e);
  }
}

/** Like `runCli`, with `check` over worker threads where cores exist (what the command line runs). */
export async function runCliInParallel(argv: string[]): Promise<CliResult> {
  if (argv[0] !== 'check') return runCli(argv);
  try {
    return await checkInParallel(argv.slice(1));
  } catch (e) {
    return failure(argv, e);
  }
}

/** Exit code 2, the error on one line (and the usage after it when the error calls for it). */
function failure(argv: string[], e: unknown): CliResult {
  const message = e instanceof UnusableInput ? e.message : `unexpected failure: ${(e as Error).message}`;
  const rest = e instanceof UnusableInput && message.includes('\n') ? message.split('\n').slice(1).join('\n') + '\n' : '';
  return { code: 2, stdout: errorDocument(argv, message.split('\n')[0]), stderr: `cdk-api-baseline: ${message.split('\n')[0]}\n${rest}` };
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
    totals: { templates: 0, judged: 0, failing: 0, unreadable: 0, skippedFiles: 0, errors: 0, warnings: 0, baselined: 0, acknowledged: 0, lapsed: 0 },
    errors: 0,
    warnings: 0,
    findings: [],
    templates: [],
    inventory: [],
    stacks: [],
  }, undefined, 2)}\n`;
}

/** The outcome of a `check` run over every template. */
interface Run {
  readonly options: CheckOptions;
  readonly results: TemplateResult[];
  readonly skipped: string[];
  /** Names of the packs that judged the templates. */
  readonly packs: string[];
  /** How many threads judged them. */
  readonly threads: number;
  readonly code: number;
}

/** Where a finding is, in reports: its construct path, else `<template file>#<logical id>`. */
function locationOf(r: TemplateResult, resource: string, constructPath?: string): string {
  if (constructPath) return constructPath;
  const relative = path.relative(process.cwd(), r.file);
  const file = relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : path.resolve(r.file);
  return `${file.split(path.sep).join('/')}#${resource}`;
}

/** Marks the findings the baseline holds; only the others can fail the template. */
function applyBaseline(r: TemplateResult, options: CheckOptions): TemplateResult {
  if (r.error) return r;
  const findings = r.findings.map((f) =>
    options.baseline!.keys.has(`${f.ruleId} at ${locationOf(r, f.resource, f.path)}`) ? { ...f, baselined: true } : f);
  const fails = findings.some((f) => !f.baselined && (f.severity === 'error' || options.failOn === FailOn.WARN));
  return { ...r, findings, fails };
}

function check(args: string[]): CliResult {
  const options = parseCheckArgs(args);
  const collected = collectTargets(options.paths);
  const judge = new TemplateJudge(options);
  return settle(options, collected, judge.packNames, judgeTargets(judge, collected.targets), 1);
}

/** `check` over worker threads when there are cores and templates enough for them (see `jobsFor`). */
async function checkInParallel(args: string[]): Promise<CliResult> {
  const options = parseCheckArgs(args);
  const collected = collectTargets(options.paths);
  const jobs = jobsFor(collected.targets.length, options.jobs);
  const judge = new TemplateJudge(options);
  if (jobs > 1) {
    try {
      return settle(options, collected, judge.packNames, await judgeInWorkers(options, collected.targets, jobs), jobs);
    } catch (e) {
      // threads that cannot start (or stop) leave the work to this one
      const note = `cdk-api-baseline: worker threads stopped (${(e as Error).message.split('\n')[0]}); judging on one thread\n`;
      const result = settle(options, collected, judge.packNames, judgeTargets(judge, collected.targets), 1);
      return { ...result, stderr: note + result.stderr };
    }
  }
  return settle(options, collected, judge.packNames, judgeTargets(judge, collected.targets), 1);
}

/** The run's output and exit code from the results of every template. */
function settle(options: CheckOptions, collected: Collected, packs: string[], judged: TemplateResult[][], threads: number): CliResult {
  const results: TemplateResult[] = [...collected.problems.map(([file, error]) => unreadable(file, error)), ...judged.flat()];
  const settled = options.baseline ? results.map((r) => applyBaseline(r, options)) : results;
  const run: Run = { options, results: settled, skipped: collected.skipped, packs, threads, code: exitCode(options, settled) };
  return { code: run.code, stdout: render(run), stderr: errorLines(run) };
}

function unreadable(file: string, error: string): TemplateResult {
  return { label: file, file, error, findings: [], notJudged: [], nested: [], fails: false, acknowledgements: [], apis: [] };
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
  const apiNotJudged = r.apis.some((a) => !a.judged);
  return unverifiable || apiNotJudged || r.notJudged.length > 0 ? 'passes what could be judged' : 'passes';
}

function render(run: Run): string {
  switch (run.options.format) {
    case 'json': return `${JSON.stringify(jsonDocument(run), undefined, 2)}\n`;
    case 'markdown': return renderMarkdownRun(run);
    case 'sarif': return renderSarif(run);
    case 'github': return renderGithub(run, renderText(run, false));
    case 'html': return renderRunHtml({ results: run.results, code: run.code, packs: run.packs, failOn: run.options.failOn, skipped: run.skipped.length });
    default: return renderText(run);
  }
}

function totals(run: Run) {
  const judged = run.results.filter((r) => !r.error);
  const all = judged.flatMap((r) => r.findings);
  const acks = judged.flatMap((r) => r.acknowledgements);
  return {
    templates: run.results.length,
    judged: judged.length,
    failing: judged.filter((r) => r.fails).length,
    unreadable: run.results.length - judged.length,
    skippedFiles: run.skipped.length,
    ...counts(all),
    baselined: all.filter((f) => f.baselined).length,
    acknowledged: acks.filter((a) => !a.lapsed).length,
    lapsed: acks.filter((a) => a.lapsed).length,
  };
}

function jsonDocument(run: Run): unknown {
  const t = totals(run);
  const templates = run.results.map((r) => ({
    template: r.label,
    file: r.file,
    verdict: verdictOf(r),
    ...(r.error ? { error: r.error } : counts(r.findings)),
    findings: foldedForReport(r.findings),
    acknowledgements: r.acknowledgements,
    notJudged: r.notJudged,
    apis: r.apis,
  }));
  return {
    tool: 'cdk-api-baseline',
    ...(run.results.length === 1 ? { template: run.results[0].label } : {}),
    packs: run.packs,
    failOn: run.options.failOn,
    ...(run.options.baseline ? { baseline: run.options.baseline.file } : {}),
    exitCode: run.code,
    threads: run.threads,
    totals: t,
    errors: t.errors,
    warnings: t.warnings,
    // a standard-pack finding of the same control on the same resource is listed under its ApiBaseline finding
    findings: run.results.flatMap((r) => foldedForReport(r.findings).map((f) => ({ template: r.label, ...f }))),
    templates,
    skippedFiles: run.skipped,
    // every API found, judged or not (OWASP API9)
    inventory: run.results.flatMap((r) => r.apis.map((a) => ({ template: r.label, ...a }))),
    ...(run.code === 2 ? { error: 'nothing could be judged' } : {}),
    // the shape `cdk-api-baseline diff` and `--baseline` read, shared with the report of ApiBaseline.enforce: every
    // finding on its own, duplicates included, so a baseline holds each of them
    stacks: run.results.filter((r) => !r.error).map((r) => ({
      stack: r.label,
      findings: r.findings.map((f) => ({ severity: f.severity, ruleId: f.ruleId, path: locationOf(r, f.resource, f.path) })),
      acknowledgements: r.acknowledgements.map((a) => ({
        id: a.id, path: locationOf(r, a.resource), reason: a.reason, expires: a.expires, lapsed: a.lapsed, ...(a.ticket ? { ticket: a.ticket } : {}),
      })),
    })),
  };
}

/** `3 judged (2 REST, 1 HTTP), 1 not judged`. */
function apiCounts(apis: InventoryApi[]): string {
  const judged = apis.filter((a) => a.judged);
  const byKind = new Map<string, number>();
  for (const a of judged) byKind.set(a.shape.split(' ')[0], (byKind.get(a.shape.split(' ')[0]) ?? 0) + 1);
  const kinds = [...byKind.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${n} ${k}`).join(', ');
  const notJudged = apis.length - judged.length;
  return `${judged.length} judged${kinds ? ` (${kinds})` : ''}${notJudged > 0 ? `, ${notJudged} not judged` : ''}`;
}

function inventoryLine(a: InventoryApi): string {
  const list = (xs: string[]) => (xs.length > 0 ? xs.join(', ') : '-');
  const tags = Object.entries(a.tags).map(([k, v]) => `${k}=${v}`);
  return `${a.resource}${a.name ? ` "${a.name}"` : ''} — ${a.shape}; stages: ${list(a.stages)}; domains: ${list(a.domains)}; `
    + `endpoint: ${list(a.endpointTypes)}; authorization: ${list(a.authorizationTypes)}; public: ${list(a.publicOperations)}; `
    + `API keys: ${a.apiKeys.operations} operations, ${a.apiKeys.usagePlans} usage plans; tags: ${list(tags)}; `
    + `${a.judged ? 'judged' : `not judged (${a.notJudgedReason})`}`;
}

function findingLine(f: CliFinding, indent = ''): string {
  return `${indent}${f.severity.toUpperCase().padEnd(7)} ${f.ruleId}  ${f.resource}${f.path ? ` (${f.path})` : ''}  ${f.description}${f.baselined ? '  [baselined]' : ''}`;
}

function renderText(run: Run, withFindings = true): string {
  const lines: string[] = [];
  const failOn = run.options.failOn;
  for (const r of run.results) {
    if (r.error) continue;
    if (withFindings) {
      for (const { finding, duplicates } of foldDuplicates(r.findings)) {
        lines.push(findingLine(finding));
        if (finding.fix) lines.push(`        fix: ${finding.fix}`);
        for (const d of duplicates) lines.push(`        same control: ${d.ruleId} (${d.severity})${d.baselined ? ' [baselined]' : ''}`);
      }
      for (const a of r.acknowledgements) {
        lines.push(`${a.lapsed ? 'LAPSED ' : 'ACK    '} ${a.id}  ${a.resource}  ${a.reason}${a.expires ? ` (until ${a.expires})` : ''}${a.ticket ? ` [${a.ticket}]` : ''}`);
      }
      if (run.options.inventory) for (const a of r.apis) lines.push(`INVENTORY  ${inventoryLine(a)}`);
      for (const n of r.notJudged) lines.push(`NOT JUDGED  ${n}`);
      for (const a of r.apis.filter((x) => !x.judged)) lines.push(`NOT JUDGED  API ${a.resource}: ${a.notJudgedReason}`);
      if (r.apis.length > 0) lines.push(`APIs: ${apiCounts(r.apis)}`);
    }
    const { errors, warnings } = counts(r.findings);
    const baselined = r.findings.filter((f) => f.baselined).length;
    const unjudged = r.findings.filter((f) => f.ruleId.endsWith('[Unverifiable]')).length;
    lines.push(`${r.label}: ${errors} errors, ${warnings} warnings${baselined > 0 ? `, ${baselined} baselined` : ''} — ${verdictOf(r)} (fail on ${failOn})`
      + `${unjudged > 0 ? `; ${unjudged} could not be judged at synth ([Unverifiable]; --fail-on warn fails on them)` : ''}`);
  }
  const t = totals(run);
  if (t.judged === 0) return '';
  const baselineNote = run.options.baseline ? `; ${t.baselined} findings baselined by ${run.options.baseline.file}` : '';
  if (run.results.length > 1 || t.skippedFiles > 0) {
    const unusable = t.unreadable > 0
      ? `, ${t.unreadable} unusable${run.options.skipUnreadable ? ' (skipped: --skip-unreadable)' : ''}` : '';
    lines.push(`total: ${t.templates} templates, ${t.judged - t.failing} pass, ${t.failing} fail${unusable}; `
      + `${t.skippedFiles} other files skipped; ${t.errors} errors, ${t.warnings} warnings${baselineNote} — ${run.code === 0 ? 'passes' : 'fails'}`);
  } else if (baselineNote) {
    lines.push(baselineNote.slice(2));
  }
  return `${lines.join('\n')}\n`;
}

function renderMarkdownRun(run: Run): string {
  const lines: string[] = [];
  for (const r of run.results) {
    lines.push(`# ${r.label}`, '');
    if (r.error) {
      lines.push(`Not judged: ${markdownCell(r.error)}`, '');
      continue;
    }
    const { errors, warnings } = counts(r.findings);
    lines.push(`${errors} errors, ${warnings} warnings — ${verdictOf(r)}`, '');
    if (r.findings.length > 0) {
      lines.push('| severity | rule | resource | finding |', '|---|---|---|---|');
      for (const { finding: f, duplicates } of foldDuplicates(r.findings)) {
        const same = duplicates.length > 0 ? ` (also ${markdownCell(duplicates.map((d) => d.ruleId).join(', '))})` : '';
        lines.push(`| ${f.severity} | ${f.ruleId}${same} | ${f.resource} | ${markdownCell(f.description)} |`);
      }
      lines.push('');
    }
    for (const n of r.notJudged) lines.push(`- not judged: ${n}`);
    for (const a of r.apis.filter((x) => !x.judged)) lines.push(`- API not judged: ${a.resource}: ${a.notJudgedReason}`);
    if (r.notJudged.length > 0 || r.apis.some((a) => !a.judged)) lines.push('');
    if (r.apis.length > 0) lines.push(`APIs: ${apiCounts(r.apis)}`, '');
    if (run.options.inventory && r.apis.length > 0) {
      const cell = (xs: string[]) => markdownCell(xs.length > 0 ? xs.join(', ') : '—');
      lines.push('| API | shape | stages | domains | endpoint | authorization | public operations | API keys | tags | judged |', '|---|---|---|---|---|---|---|---|---|---|');
      for (const a of r.apis) {
        lines.push(`| ${cell([`${a.resource}${a.name ? ` (${a.name})` : ''}`])} | ${a.shape} | ${cell(a.stages)} | ${cell(a.domains)} | ${cell(a.endpointTypes)} | `
          + `${cell(a.authorizationTypes)} | ${cell(a.publicOperations)} | ${a.apiKeys.operations} operations, ${a.apiKeys.usagePlans} usage plans | `
          + `${cell(Object.entries(a.tags).map(([k, v]) => `${k}=${v}`))} | ${a.judged ? 'yes' : cell([`no: ${a.notJudgedReason}`])} |`);
      }
      lines.push('');
    }
  }
  if (run.results.length > 1) {
    const t = totals(run);
    lines.push(`**Total:** ${t.templates} templates, ${t.judged - t.failing} pass, ${t.failing} fail, ${t.unreadable} unusable; ${t.errors} errors, ${t.warnings} warnings`, '');
  }
  return lines.join('\n');
}

if (require.main === module) {
  void runCliInParallel(process.argv.slice(2)).then((result) => {
    process.stdout.write(result.stdout);
    process.stderr.write(result.stderr);
    process.exitCode = result.code;
  });
}
