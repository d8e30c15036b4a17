import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList, objectsIn } from '../../../private/nag-baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

const REQUIRED = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'];

/** Web ACLs run the AWS managed Common and KnownBadInputs rule groups (not in count-only mode). */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.INPUT_VALIDATION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: ['AWS::WAFv2::WebACL'],
  info: 'The web ACL does not block with the AWS managed rule groups AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet.',
  explanation:
    'The Common rule set stops cross-site scripting, path traversal, oversized bodies and other OWASP Top 10 patterns; KnownBadInputs stops exploit payloads such as Log4j lookups. AWS keeps both current, which is the patch management of the request filter. A group whose override action is Count only watches.',
  fix: 'Add two rules with `managedRuleGroupStatement: { vendorName: \'AWS\', name: ... }` for both groups and `overrideAction: { none: {} }`.',
  check: ({ props }) => {
    const rules = props.Rules ?? [];
    if (isIntrinsic(rules)) return unverifiable('Rules is an intrinsic');
    const found = new Set<string>();
    let unknown = false;
    for (const rule of asList(rules)) {
      if (isIntrinsic(rule) || isIntrinsic(rule.Statement)) {
        unknown = true;
        continue;
      }
      // a group that only counts does not block anything
      const counting = rule.OverrideAction?.Count !== undefined;
      for (const o of objectsIn(rule.Statement)) {
        const group = o.ManagedRuleGroupStatement;
        if (group === undefined) continue;
        if (isIntrinsic(group) || isIntrinsic(group.Name) || isIntrinsic(group.VendorName)) {
          unknown = true;
        } else if (group.VendorName === 'AWS' && REQUIRED.includes(group.Name) && !counting) {
          found.add(group.Name);
        }
      }
    }
    if (REQUIRED.every((n) => found.has(n))) return NagRuleCompliance.COMPLIANT;
    return unknown ? unverifiable('a rule or managed rule group name is an intrinsic') : NagRuleCompliance.NON_COMPLIANT;
  },
});
