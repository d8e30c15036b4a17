import { USAGE } from './args';
import { UnusableInput } from './errors';
import { readReport, Report, ReportedAcknowledgement, ReportedFinding, reportAcknowledgements, reportFindings } from './report-file';

/** Output and exit code of one run. */
export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Whether an acknowledgement covers a finding: same id (or the id without its suffix), on its construct or above. */
function covers(a: ReportedAcknowledgement, f: ReportedFinding): boolean {
  const sameId = f.ruleId === a.id || f.ruleId.startsWith(`${a.id}[`);
  return sameId && (f.path === a.path || f.path.startsWith(`${a.path}/`) || f.path.startsWith(`${a.path}#`));
}

/**
 * `diff old new`: the findings and acknowledgements added and removed, and the regressions that add no finding (a pack
 * no longer run, an error newly acknowledged, an acknowledgement lapsed); exit 1 when a finding is added or on a
 * regression.
 */
export function diff(args: string[]): CliResult {
  if (args.length !== 2) throw new UnusableInput(`diff needs two report files\n${USAGE}`);
  const [before, after] = args.map(readReport);
  const findingKeys = (r: Report) => new Set<string>(reportFindings(r).map((f) => `${f.severity} ${f.ruleId} at ${f.path}`));
  const ackKey = (a: ReportedAcknowledgement) => `${a.id} at ${a.path}${a.expires ? ` until ${a.expires}` : ''}${a.lapsed ? ' (lapsed)' : ''}: ${a.reason}`;
  const ackKeys = (r: Report) => new Set<string>(reportAcknowledgements(r).map(ackKey));
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

  // regressions that add no finding: a pack no longer run, an error newly acknowledged, an acknowledgement lapsed
  const regressions: string[] = [];
  for (const pack of before.packs.filter((p) => !after.packs.includes(p)).sort()) regressions.push(`pack removed: ${pack}`);
  const beforeAcks = ackKeys(before);
  const beforeErrors = reportFindings(before).filter((f) => f.severity === 'error');
  for (const a of reportAcknowledgements(after)) {
    if (beforeAcks.has(ackKey(a))) continue;
    if (a.lapsed) {
      const wasLapsed = reportAcknowledgements(before).some((b) => b.id === a.id && b.path === a.path && b.lapsed);
      if (!wasLapsed) regressions.push(`acknowledgement lapsed: ${ackKey(a)}`);
      continue;
    }
    const acknowledged = beforeErrors.filter((f) => covers(a, f));
    if (acknowledged.length > 0) regressions.push(`error newly acknowledged: ${acknowledged.map((f) => `${f.ruleId} at ${f.path}`).join(', ')} (${ackKey(a)})`);
  }
  for (const r of regressions.sort()) lines.push(`! regression: ${r}`);
  if (lines.length === 0) {
    lines.push('no change in security posture');
  } else {
    lines.push(`${addedFindings} findings added${regressions.length > 0 ? `, ${regressions.length} regressions` : ''}`);
  }
  return { code: addedFindings > 0 || regressions.length > 0 ? 1 : 0, stdout: `${lines.join('\n')}\n`, stderr: '' };
}
