import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList, numberOf, objectsIn } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/**
 * No `Allow` rule of a web ACL runs before its managed rule groups. Allow ends the evaluation of a request, so every
 * request the rule matches skips the managed groups. The rule does not try to tell a narrow match from a broad one
 * (a byte match on the `/` prefix, a geo match on the home country or a size constraint most requests meet all
 * look narrow and let most traffic through): any Allow rule with a lower `Priority` than the first managed rule
 * group is reported, as a warning, and a deliberate narrow bypass (a health checker's IP set) is acknowledged.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.WARN,
  area: ChecklistArea.INPUT_VALIDATION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: ['AWS::WAFv2::WebACL'],
  info: 'An Allow rule of the web ACL runs before its managed rule groups, so the requests it matches are never inspected by them.',
  explanation:
    'AWS WAF stops evaluating a request at the first rule whose action is Allow or Block. An Allow rule placed before the managed rule groups (lower priority number) lets every request it matches skip the Common, KnownBadInputs and other managed protections; statements that look narrow, such as a path prefix, a country or a size, often match most of the traffic.',
  cfnFix: 'Give the Allow rule a higher `Priority` than the managed rule groups, or replace it by a `ScopeDownStatement` on the group (inspect everything except a narrow, well-understood set); acknowledge the finding for a deliberate narrow bypass such as an IP set of health checkers.',
  fix: 'Give the Allow rule a higher `priority` than the managed rule groups, or replace it by a `scopeDownStatement` on the group (inspect everything except a narrow, well-understood set); acknowledge the finding for a deliberate narrow bypass such as an IP set of health checkers.',
  check: ({ props }) => {
    const rules = props.Rules ?? [];
    if (isIntrinsic(rules)) return unverifiable('Rules is an intrinsic');
    let firstManaged = Infinity;
    let unknown = false;
    const allows: number[] = [];
    for (const rule of asList(rules)) {
      if (isIntrinsic(rule) || isIntrinsic(rule.Statement) || isIntrinsic(rule.Action) || isIntrinsic(rule.Priority)) {
        unknown = true;
        continue;
      }
      const priority = numberOf(rule.Priority);
      if ([...objectsIn(rule.Statement)].some((o) => o.ManagedRuleGroupStatement !== undefined)) {
        firstManaged = Math.min(firstManaged, priority);
      } else if (rule.Action?.Allow !== undefined) {
        allows.push(priority);
      }
    }
    if (firstManaged !== Infinity && allows.some((p) => p < firstManaged)) return NagRuleCompliance.NON_COMPLIANT;
    if (unknown) return unverifiable('a rule or a priority of the web ACL is an intrinsic');
    return firstManaged === Infinity ? NagRuleCompliance.NOT_APPLICABLE : NagRuleCompliance.COMPLIANT;
  },
});
