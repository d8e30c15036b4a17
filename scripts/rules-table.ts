import { writeFileSync } from 'fs';
import { join } from 'path';
import { ruleAnchor } from '../src/cli/rule-help';
import { BaselineRule } from '../src/nag/rule';
import { ALL_RULES } from '../src/nag/rules/all';
import { markdownCell } from '../src/private/markdown';

/** Where the generated rules table is written. */
export const RULES_FILE = join(__dirname, '..', 'RULES.md');

/** Makes text safe for one Markdown table cell. */
const cell = markdownCell;

/** The acknowledgement snippet for a rule id, with the row's anchor (the CLI's SARIF help links point to it). */
function acknowledgement(id: string): string {
  return `\`Validations.of(construct).acknowledge({ id: '${id}', reason: '...' })\` <a id="${ruleAnchor(id)}"></a>`;
}

const KIND_NAMES: { [kind: string]: string } = { REST: 'REST', HTTP: 'HTTP', WEBSOCKET: 'WebSocket' };

/** The API shapes a rule judges, for the table: from its subject, less the kinds it only warns about. */
export function shapesOf(rule: BaselineRule): string {
  if (rule.shapes) return rule.shapes;
  if (!rule.subject) return 'every template (not tied to an API shape)';
  const kinds = ['REST', 'HTTP', 'WEBSOCKET'];
  const judged = kinds.filter((k) => (rule.unavailableOn as any)?.[k] === undefined);
  const warned = kinds.filter((k) => (rule.unavailableOn as any)?.[k] !== undefined);
  const parts = judged.map((k) => {
    if (k === 'REST') return rule.subject === 'stage' ? 'REST (Stage, Deployment stage)' : 'REST (methods, OpenAPI)';
    if (k === 'HTTP') return rule.subject === 'stage' ? 'HTTP' : 'HTTP (routes, OpenAPI)';
    return 'WebSocket';
  });
  const judgedText = parts.length > 0 ? parts.join(', ') : 'none';
  return warned.length === 0 ? judgedText
    : `${judgedText}; ${warned.map((k) => KIND_NAMES[k]).join(', ')}: \`[Unavailable]\` warning`;
}

/**
 * Renders RULES.md from the rule metadata: one row per rule with its id, level, checklist area, OWASP API
 * Security Top 10 (2023) item, what it checks, why, how to fix (in CDK code and in a CloudFormation or SAM template)
 * and how to acknowledge a finding.
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
    'A value taken from a template parameter is judged for its default and for every allowed value; the finding names',
    'the value that breaks the rule.',
    '',
    'API rules read one API model, so a control is judged the same way in every shape: REST APIs by `Method` resources',
    'or by an OpenAPI `Body`, HTTP APIs by `Route` resources, an OpenAPI `Body` or quick create, and WebSocket APIs. A',
    'finding on an operation defined in an OpenAPI document or on a v2 route names it in the id',
    '(`ApiBaseline-MethodAuthorization[GET /pets]`) and is reported on the resource that holds the definition;',
    'acknowledge that id for one operation, or the plain rule id on the resource for all of them. Where a kind of API',
    'cannot have the control (no request validators, X-Ray or WAF on HTTP APIs), the API gets one',
    '`ApiBaseline-<Rule>[Unavailable]` warning that names the alternative. An API whose operations cannot be read at',
    'synth (`BodyS3Location`, an `AWS::Include` transform, an intrinsic `Body`) gets an `[Unverifiable]` warning from',
    'each operation rule.',
    '',
    'Each rule says how to fix a finding twice: in CDK code (construct props and methods, what the pack and',
    '`ApiBaseline.enforce` print for an app) and in a CloudFormation or SAM template (resource and property names, what',
    '`cdk-api-baseline check` prints for templates).',
    '',
    `${rules.length} rules.`,
    '',
    '| Rule | Level | Area | OWASP API Top 10 (2023) | API shapes | What it checks | Why | How to fix (CDK) | How to fix (template) | How to acknowledge |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const rule of rules) {
    const id = `ApiBaseline-${rule.name}`;
    lines.push(`| ${[
      `\`${id}\``,
      rule.level,
      rule.area,
      rule.owasp,
      shapesOf(rule),
      rule.info,
      rule.explanation,
      rule.fix,
      rule.cfnFix,
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
