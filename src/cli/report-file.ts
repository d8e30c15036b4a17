import * as fs from 'fs';
import { UnusableInput } from './errors';

/** A finding as both report kinds record it. */
export interface ReportedFinding {
  readonly severity: string;
  readonly ruleId: string;
  readonly path: string;
}

/** An acknowledgement as both report kinds record it. */
export interface ReportedAcknowledgement {
  readonly id: string;
  readonly path: string;
  readonly reason: string;
  readonly expires?: string;
  readonly lapsed?: boolean;
}

/** A report written by `check --format json` or by `ApiBaseline.enforce`, checked field by field. */
export interface Report {
  readonly packs: string[];
  readonly stacks: Array<{ findings: ReportedFinding[]; acknowledgements: ReportedAcknowledgement[] }>;
}

/** Reads a report file; one that cannot be read or does not have the report shape is unusable input. */
export function readReport(file: string): Report {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UnusableInput(`${file}: no such file`);
  let report: any;
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new UnusableInput(`${file}: invalid JSON (${(e as Error).message})`);
  }
  if (report?.tool !== 'cdk-api-baseline' || !Array.isArray(report.stacks)) {
    throw new UnusableInput(`${file}: not a cdk-api-baseline report (written by "check --format json" or ApiBaseline.enforce)`);
  }
  const bad = (where: string, what: string) => new UnusableInput(`${file}: malformed report: ${where} ${what}`);
  const isString = (v: unknown) => typeof v === 'string';
  if (report.packs !== undefined && (!Array.isArray(report.packs) || !report.packs.every(isString))) throw bad('"packs"', 'must be a list of pack names');
  report.stacks.forEach((s: any, i: number) => {
    if (s === null || typeof s !== 'object') throw bad(`stacks[${i}]`, 'must be a map');
    if (!Array.isArray(s.findings)) throw bad(`stacks[${i}].findings`, 'must be a list');
    s.findings.forEach((f: any, j: number) => {
      if (!isString(f?.ruleId) || !isString(f?.path) || !isString(f?.severity)) {
        throw bad(`stacks[${i}].findings[${j}]`, 'needs "ruleId", "path" and "severity" strings');
      }
    });
    if (s.acknowledgements !== undefined && !Array.isArray(s.acknowledgements)) throw bad(`stacks[${i}].acknowledgements`, 'must be a list');
    (s.acknowledgements ?? []).forEach((a: any, j: number) => {
      if (!isString(a?.id) || !isString(a?.path)) throw bad(`stacks[${i}].acknowledgements[${j}]`, 'needs "id" and "path" strings');
    });
  });
  return {
    packs: report.packs ?? [],
    stacks: report.stacks.map((s: any) => ({ findings: s.findings, acknowledgements: s.acknowledgements ?? [] })),
  };
}

/** Every finding of a report. */
export function reportFindings(report: Report): ReportedFinding[] {
  return report.stacks.flatMap((s) => s.findings);
}

/** Every acknowledgement of a report. */
export function reportAcknowledgements(report: Report): ReportedAcknowledgement[] {
  return report.stacks.flatMap((s) => s.acknowledgements);
}
