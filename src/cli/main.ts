#!/usr/bin/env node
/**
 * `cdk-api-baseline`: checks plain CloudFormation / SAM templates against the API baseline, and compares two
 * compliance reports.
 *
 *   cdk-api-baseline check template.yaml [--pack aws-solutions ...] [--format text|json|markdown] [--fail-on warn]
 *   cdk-api-baseline diff old-report.json new-report.json
 *
 * Exit codes: 0 clean, 1 findings (or, for diff, findings added), 2 unusable input.
 */
import * as fs from 'fs';
import { ApiSummary, describeJudged, summarizeApis } from './api-summary';
import { loadTemplate, UnusableInput } from './load-template';
import { ApiBaselineGate, FailOn, StandardPack } from '../nag/enforce';
import { BaselineThresholds, resolveThresholds } from '../nag/thresholds';

const PACKS: Record<string, StandardPack> = {
  'aws-solutions': StandardPack.AWS_SOLUTIONS,
  'nist-800-53-r5': StandardPack.NIST_800_53_R5,
  'pci-dss-321': StandardPack.PCI_DSS_321,
  'hipaa': StandardPack.HIPAA_SECURITY,
  'serverless': StandardPack.SERVERLESS,
};

const USAGE = `usage:
  cdk-api-baseline check <template.json|yaml> [--pack ${Object.keys(PACKS).join('|')}]... [--format text|json|markdown] [--fail-on error|warn] [--config baseline.json]
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
    return { code: 2, stdout: '', stderr: `cdk-api-baseline: ${message.split('\n')[0]}\n${e instanceof UnusableInput && message.includes('\n') ? message.split('\n').slice(1).join('\n') + '\n' : ''}` };
  }
}

interface CheckOptions {
  file: string;
  packs: StandardPack[];
  format: 'text' | 'json' | 'markdown';
  failOn: FailOn;
  thresholds?: BaselineThresholds;
}

function parseCheckArgs(args: string[]): CheckOptions {
  let file: string | undefined;
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
      if (!(name in PACKS)) throw new UnusableInput(`unknown pack "${name}" (one of ${Object.keys(PACKS).join(', ')})`);
      packs.push(PACKS[name]);
    } else if (arg === '--format') {
      const f = value();
      if (f !== 'text' && f !== 'json' && f !== 'markdown') throw new UnusableInput(`unknown format "${f}" (text, json or markdown)`);
      format = f;
    } else if (arg === '--fail-on') {
      const f = value();
      if (f !== 'error' && f !== 'warn') throw new UnusableInput(`unknown --fail-on "${f}" (error or warn)`);
      failOn = f === 'warn' ? FailOn.WARN : FailOn.ERROR;
    } else if (arg === '--config') {
      thresholds = readConfig(value());
    } else if (arg.startsWith('--')) {
      throw new UnusableInput(`unknown option "${arg}"`);
    } else if (file === undefined) {
      file = arg;
    } else {
      throw new UnusableInput(`only one template can be checked at a time, got "${file}" and "${arg}"`);
    }
  }
  if (!file) throw new UnusableInput(`check needs a template file\n${USAGE}`);
  return { file, packs: packs.length > 0 ? packs : [StandardPack.AWS_SOLUTIONS], format, failOn, thresholds };
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

interface CliFinding {
  severity: string;
  ruleId: string;
  resource: string;
  description: string;
  fix?: string;
}

function check(args: string[]): CliResult {
  const options = parseCheckArgs(args);
  const stack = loadTemplate(options.file);
  const gate = new ApiBaselineGate({ standardPacks: options.packs, failOn: options.failOn, report: false, thresholds: options.thresholds });
  const result = gate.check(stack);
  const prefix = `${stack.node.path}/Include/`;
  const findings: CliFinding[] = result.violations
    .flatMap((v) => v.violatingResources.map((r) => ({
      severity: v.severity ?? 'error',
      ruleId: v.ruleName,
      resource: (r.constructPath ?? '').startsWith(prefix) ? (r.constructPath ?? '').slice(prefix.length).split('/')[0] : r.constructPath ?? '',
      description: v.description,
      fix: v.fix,
    })))
    .sort((a, b) => a.resource.localeCompare(b.resource) || a.ruleId.localeCompare(b.ruleId));
  const code = result.success ? 0 : 1;
  return { code, stdout: render(options, findings, code, summarizeApis(stack)), stderr: '' };
}

function render(options: CheckOptions, findings: CliFinding[], code: number, apis: ApiSummary): string {
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.length - errors;
  if (options.format === 'json') {
    const report = {
      template: options.file, failOn: options.failOn, errors, warnings, apis: { judged: apis.judged, notJudged: apis.unjudged }, findings,
    };
    return `${JSON.stringify(report, undefined, 2)}\n`;
  }
  const apiLines = [`APIs judged: ${describeJudged(apis.judged)}`,
    ...apis.unjudged.map((u) => `not judged: ${u.resource}: ${u.reason}`)];
  if (options.format === 'markdown') {
    const lines = [`# ${options.file}`, '', `${errors} errors, ${warnings} warnings`, '', ...apiLines.map((l) => `- ${l}`), ''];
    if (findings.length > 0) {
      lines.push('| severity | rule | resource | finding |', '|---|---|---|---|');
      for (const f of findings) lines.push(`| ${f.severity} | ${f.ruleId} | ${f.resource} | ${f.description.replace(/\|/g, '\\|')} |`);
      lines.push('');
    }
    return lines.join('\n');
  }
  const lines = findings.map((f) => `${f.severity.toUpperCase().padEnd(7)} ${f.ruleId}  ${f.resource}  ${f.description}`);
  lines.push(...apiLines);
  const unjudged = findings.filter((f) => f.ruleId.endsWith('[Unverifiable]')).length;
  // "passes" only when every API of the template was judged
  const verdict = code === 1 ? ' — fails' : unjudged > 0 || apis.unjudged.length > 0 ? ' — passes what could be judged' : ' — passes';
  lines.push(`${options.file}: ${errors} errors, ${warnings} warnings${verdict} (fail on ${options.failOn})`
    + `${unjudged > 0 ? `; ${unjudged} could not be judged at synth ([Unverifiable]; --fail-on warn fails on them)` : ''}`);
  return `${lines.join('\n')}\n`;
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
