import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList, objectsIn } from '../../../private/nag-baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

const ENFORCING = ['Block', 'Captcha', 'Challenge'];

/** Web ACLs have a rate-based rule that blocks (or challenges) clients over the limit. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.INPUT_VALIDATION,
  owasp: 'API4:2023 Unrestricted Resource Consumption',
  resourceTypes: ['AWS::WAFv2::WebACL'],
  info: 'The web ACL has no rate-based rule that blocks clients sending too many requests.',
  explanation:
    'A per-IP (or per-key) rate limit at the edge stops floods, brute force on login and token endpoints, and scraping before they cost backend capacity; stage throttling alone is shared by all clients.',
  fix: 'Add a rule with `statement: { rateBasedStatement: { limit, aggregateKeyType: \'IP\' } }` and `action: { block: {} }`.',
  check: ({ props }) => {
    const rules = props.Rules ?? [];
    if (isIntrinsic(rules)) return unverifiable('Rules is an intrinsic');
    let unknown = false;
    for (const rule of asList(rules)) {
      if (isIntrinsic(rule) || isIntrinsic(rule.Statement) || isIntrinsic(rule.Action)) {
        unknown = true;
        continue;
      }
      const hasRate = [...objectsIn(rule.Statement)].some((o) => o.RateBasedStatement !== undefined);
      const enforcing = ENFORCING.some((a) => rule.Action?.[a] !== undefined);
      if (hasRate && enforcing) return NagRuleCompliance.COMPLIANT;
    }
    return unknown ? unverifiable('a rule of the web ACL is an intrinsic') : NagRuleCompliance.NON_COMPLIANT;
  },
});
