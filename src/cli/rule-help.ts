import { ALL_RULES } from '../nag/rules/all';

/** Where the project's documentation lives. */
export const PROJECT_URL = 'https://github.com/cdk-api-baseline/cdk-api-baseline';

/** Where cdk-nag documents the rules of its standard packs. */
const CDK_NAG_RULES_URL = 'https://github.com/cdklabs/cdk-nag/blob/main/RULES.md';

/** The anchor of an ApiBaseline rule's row in RULES.md (`ApiBaseline-StageWebAcl` → `apibaseline-stagewebacl`). */
export function ruleAnchor(ruleId: string): string {
  return baseRuleId(ruleId).toLowerCase();
}

/** A finding id without its suffix: `ApiBaseline-MethodAuthorization[GET /pets]` → `ApiBaseline-MethodAuthorization`. */
export function baseRuleId(ruleId: string): string {
  return ruleId.replace(/\[.*\]$/, '');
}

/** What the CLI tells of one rule: its one-line description, help text and where it is documented. */
export interface RuleHelp {
  readonly id: string;
  readonly short: string;
  readonly help: string;
  readonly helpUri: string;
  readonly area?: string;
  readonly owasp?: string;
}

const BASELINE = new Map(ALL_RULES.map((r) => [`ApiBaseline-${r.name}`, r]));

/** The help of a rule id; standard-pack rules point to cdk-nag's rules list, with `description` as their text. */
export function ruleHelp(ruleId: string, description: string): RuleHelp {
  const id = baseRuleId(ruleId);
  const rule = BASELINE.get(id);
  if (!rule) {
    return { id, short: description, help: description, helpUri: CDK_NAG_RULES_URL };
  }
  return {
    id,
    short: rule.info,
    help: `${rule.info}\n\nWhy: ${rule.explanation}\n\nFix: ${rule.cfnFix}`,
    helpUri: `${PROJECT_URL}/blob/main/RULES.md#${ruleAnchor(id)}`,
    area: rule.area,
    owasp: rule.owasp,
  };
}
