import { readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { ALARM_TABLE, AlarmRow, alarmText, BOTH_SHAPES, UNHEALTHY_ALARM } from '../src/monitoring/alarm-table';
import { markdownCell } from '../src/private/markdown';

/** The README that holds the generated "What fires when" table. */
export const README_FILE = join(__dirname, '..', 'README.md');

/** The markers around the generated table in the README. */
export const BEGIN_MARKER = '<!-- alarms-table:begin (generated from src/monitoring/alarm-table.ts by `npx ts-node scripts/alarms-table.ts`; do not edit by hand) -->';
export const END_MARKER = '<!-- alarms-table:end -->';

/** What a row's alarm compares: its anomaly band or its static threshold. */
function limitOf(row: AlarmRow): string {
  if (row.band) return `${row.band} the anomaly band (\`bandWidth\` standard deviations)`;
  const t = row.threshold!;
  return t.prop ? `> \`${t.prop}\` (default ${t.value}${t.unit})` : `> ${t.value}${t.unit}`;
}

/**
 * Renders the "What fires when" table from the alarm table of `ApiAlarms`: one row per alarm with when it fires,
 * its metric, band or threshold, evaluation, the prop it needs, the API shapes and the first thing to check, then
 * the composite alarm.
 */
export function renderAlarmsTable(rows: AlarmRow[] = ALARM_TABLE): string {
  const topCallersRule = '`<prefix>-TopCallers`';
  const lines = [
    '| alarm | fires when | metric | band or threshold | evaluation | created | API shapes | first thing to check |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const row = (cells: string[]) => lines.push(`| ${cells.map(markdownCell).join(' | ')} |`);
  for (const r of rows) {
    row([
      `\`${r.id}\``,
      alarmText(r.what, { threshold: r.threshold?.prop ? `\`${r.threshold.prop}\`` : String(r.threshold?.value) }),
      r.metric.text,
      limitOf(r),
      r.evaluation ? `${r.evaluation.datapoints} of ${r.evaluation.periods}` : '`datapointsToAlarm` of `evaluationPeriods`',
      r.needs ? `with \`${r.needs}\`` : 'always',
      r.shapes.join(', '),
      alarmText(r.firstCheck, { topCallersRule }),
    ]);
  }
  row([
    `\`${UNHEALTHY_ALARM.id}\` (composite)`,
    `any of ${UNHEALTHY_ALARM.children.map((c) => `\`${c}\``).join(', ')} is in ALARM`,
    '—',
    '—',
    '—',
    'with `compositeAlarm: true`',
    BOTH_SHAPES.join(', '),
    UNHEALTHY_ALARM.firstCheck.charAt(0).toUpperCase() + UNHEALTHY_ALARM.firstCheck.slice(1),
  ]);
  return `${lines.join('\n')}\n`;
}

/** The table between the markers of a README text; throws when the markers are missing. */
export function readmeAlarmsTable(readme: string): string {
  const begin = readme.indexOf(BEGIN_MARKER);
  const end = readme.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new Error(`README.md must hold the markers ${BEGIN_MARKER} and ${END_MARKER}`);
  return readme.slice(begin + BEGIN_MARKER.length, end).replace(/^\n/, '');
}

/** Writes the generated table between the markers of the README. */
export function writeAlarmsTable(file: string = README_FILE): void {
  const readme = readFileSync(file, 'utf8');
  const current = readmeAlarmsTable(readme);
  const at = readme.indexOf(BEGIN_MARKER) + BEGIN_MARKER.length;
  writeFileSync(file, `${readme.slice(0, at)}\n${renderAlarmsTable()}${readme.slice(at + 1 + current.length)}`);
}

if (require.main === module) {
  writeAlarmsTable();
  console.log(`wrote the alarm table in ${README_FILE}`);
}
