import { writeFileSync } from 'fs';
import { join } from 'path';
import { BaselineRule } from '../src/nag/rule';
import { ALL_RULES } from '../src/nag/rules/all';

/** Where the generated rules table is written. */
export const RULES_FILE = join(__dirname, '..', 'RULES.md');

/** Makes text safe for one Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\r?\n/g, ' ').replace(/\|/g, '\\|').trim();
}

/** The acknowledgement snippet for a rule id. */
function acknowledgement(id: string): string {
  return `\`Validations.of(construct).acknowledge({ id: '${id}', reason: '...' })\``;
}

/**
 * Renders RULES.md from the rule metadata: one row per rule with its id, level, checklist area, OWASP API
 * Security Top 10 (2023) item, what it checks, why, how to fix and how to acknowledge a finding.
 */
export function renderRulesTable(rules: BaselineRule[] = ALL_RULES): string {
  const lines = [
    '# ApiBaseline rules',
    '',
    '<!-- Generated from the rule metadata by `npx ts-node scripts/rules-table.ts`; do not edit by hand. -->',
    '',
    'The `ApiBaselineChecks` cdk-nag pack reports each finding as `ApiBaseline-<Rule>`. When a rule cannot decide at',
    'synth because a value is only known at deploy time (a parameter, an import), it reports the warning',
    '`ApiBaseline-<Rule>[Unverifiable]` instead; acknowledge that id the same way once the deployed value is checked.',
    '',
    `${rules.length} rules.`,
    '',
    '| Rule | Level | Area | OWASP API Top 10 (2023) | What it checks | Why | How to fix | How to acknowledge |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const rule of rules) {
    const id = `ApiBaseline-${rule.name}`;
    lines.push(`| ${[
      `\`${id}\``,
      rule.level,
      rule.area,
      rule.owasp,
      rule.info,
      rule.explanation,
      rule.fix,
      acknowledgement(id),
    ].map(cell).join(' | ')} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes RULES.md. */
export function writeRulesTable(file: string = RULES_FILE): void {
  writeFileSync(file, renderRulesTable());
}

if (require.main === module) {
  writeRulesTable();
  console.log(`wrote ${RULES_FILE}`);
}
