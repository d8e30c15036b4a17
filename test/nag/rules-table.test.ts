import { readFileSync } from 'fs';
import { renderRulesTable, RULES_FILE } from '../../scripts/rules-table';
import { ApiBaselineChecks } from '../../src';
import { ALL_RULES } from '../../src/nag/rules/all';

describe('RULES.md', () => {
  const text = renderRulesTable();

  test('is the generated table (run `npx ts-node scripts/rules-table.ts` after changing a rule)', () => {
    expect(readFileSync(RULES_FILE, 'utf8')).toEqual(text);
  });

  test('has one row per rule, with level, area, OWASP item, both fixes and acknowledgement', () => {
    const rows = text.split('\n').filter((l) => l.startsWith('| `ApiBaseline-'));
    expect(rows).toHaveLength(ApiBaselineChecks.RULE_IDS.length);
    for (const rule of ALL_RULES) {
      const row = rows.find((r) => r.startsWith(`| \`ApiBaseline-${rule.name}\` |`));
      expect(row).toBeDefined();
      expect(row).toContain(`| ${rule.level} | ${rule.area} |`);
      expect(row).toMatch(/\| API\d+:2023 [^|]+ \|/);
      expect(row).toContain(`acknowledge({ id: 'ApiBaseline-${rule.name}'`);
      // every row has the 10 columns, the fix in CDK terms then in template terms
      const cells = row!.split(/(?<!\\)\|/).map((c) => c.trim());
      expect(cells.length).toBe(12);
      expect(cells[8]).toEqual(rule.fix.replace(/\|/g, '\\|'));
      expect(cells[9]).toEqual(rule.cfnFix.replace(/\|/g, '\\|'));
    }
  });

  test('escapes pipes and line breaks so a cell cannot break the table', () => {
    const table = renderRulesTable([{ ...ALL_RULES[0], info: 'a | b\nc' }]);
    expect(table).toContain('a \\| b c');
  });
});
