import * as fs from 'fs';
import { UnusableInput } from './errors';
import { MAX_JOBS } from './parallel';
import { readReport, reportFindings } from './report-file';
import { FailOn, StandardPack } from '../nag/enforce';
import { BaselineThresholds, resolveThresholds } from '../nag/thresholds';

/** The standard packs `--pack` names. */
export const PACKS: Record<string, StandardPack> = {
  'aws-solutions': StandardPack.AWS_SOLUTIONS,
  'nist-800-53-r5': StandardPack.NIST_800_53_R5,
  'pci-dss-321': StandardPack.PCI_DSS_321,
  'hipaa': StandardPack.HIPAA_SECURITY,
  'serverless': StandardPack.SERVERLESS,
};

/** The usage text, printed with an argument error. */
export const USAGE = `usage:
  cdk-api-baseline check <template|directory|cdk.out>... [--pack ${Object.keys(PACKS).join('|')}]... [--format text|json|markdown|sarif|github|html] [--fail-on error|warn] [--config baseline.json] [--baseline report.json] [--inventory] [--skip-unreadable] [--jobs N]
  cdk-api-baseline diff <old-report.json> <new-report.json>`;

/** The output formats of `check`. */
export const FORMATS = ['text', 'json', 'markdown', 'sarif', 'github', 'html'] as const;

/** The options of a `check` run. */
export interface CheckOptions {
  paths: string[];
  skipUnreadable: boolean;
  /** Worker threads to judge the templates on (`--jobs`); chosen from the cores and templates when not given. */
  jobs?: number;
  /** List every API found (text and Markdown; JSON always has it). */
  inventory: boolean;
  packs: StandardPack[];
  format: typeof FORMATS[number];
  failOn: FailOn;
  thresholds?: BaselineThresholds;
  /** Finding keys of the `--baseline` report, with its file name. */
  baseline?: { file: string; keys: Set<string> };
}

/** Reads the arguments of `check`; a wrong one is unusable input. */
export function parseCheckArgs(args: string[]): CheckOptions {
  const paths: string[] = [];
  let skipUnreadable = false;
  let jobs: number | undefined;
  let inventory = false;
  let baseline: CheckOptions['baseline'];
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
    } else if (arg === '--baseline') {
      const file = value();
      baseline = { file, keys: new Set(reportFindings(readReport(file)).map((f) => `${f.ruleId} at ${f.path}`)) };
    } else if (arg === '--inventory') {
      inventory = true;
    } else if (arg === '--jobs') {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) < 1 || Number(v) > MAX_JOBS) {
        throw new UnusableInput(`--jobs must be a whole number from 1 to ${MAX_JOBS}, got "${v}"`);
      }
      jobs = Number(v);
    } else if (arg === '--skip-unreadable') {
      skipUnreadable = true;
    } else if (arg.startsWith('--')) {
      throw new UnusableInput(`unknown option "${arg}"`);
    } else {
      paths.push(arg);
    }
  }
  if (paths.length === 0) throw new UnusableInput(`check needs a template file, a directory or a cloud assembly\n${USAGE}`);
  const chosen = packs.length > 0 ? packs : [StandardPack.AWS_SOLUTIONS];
  return { paths, skipUnreadable, jobs, inventory, baseline, packs: chosen, format, failOn, thresholds };
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
