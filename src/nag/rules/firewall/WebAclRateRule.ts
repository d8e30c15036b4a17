import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList, numberOf, objectsIn } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/**
 * Web ACLs have a rate-based rule that blocks clients over a limit of at most the threshold `maxWafRateLimit`
 * (default 2000 requests per evaluation window). A rate rule that counts, challenges or asks for a CAPTCHA does not
 * limit a client: Count only watches, and a client with a valid token passes Challenge and CAPTCHA at any rate.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.INPUT_VALIDATION,
  owasp: 'API4:2023 Unrestricted Resource Consumption',
  resourceTypes: ['AWS::WAFv2::WebACL'],
  info: 'The web ACL has no rate-based rule that blocks clients over a limit of at most the threshold `maxWafRateLimit` (default 2000 requests per evaluation window).',
  explanation:
    'A per-IP (or per-key) rate limit at the edge stops floods, brute force on login and token endpoints, and scraping before they cost backend capacity; stage throttling alone is shared by all clients. Only Block stops a client over the limit (a Challenge or CAPTCHA token lets it continue at any rate), and a limit above the threshold lets a single client send more than the organisation accepts.',
  cfnFix: 'Add a rule to the `AWS::WAFv2::WebACL` with `Statement.RateBasedStatement: { Limit, AggregateKeyType: IP }` and `Action: { Block: {} }`, with a `Limit` at most the `maxWafRateLimit` threshold.',
  fix: 'Add a rule with `statement: { rateBasedStatement: { limit, aggregateKeyType: \'IP\' } }`, `action: { block: {} }` and a `limit` at most `maxWafRateLimit` (`ApiFirewall` does this with `rateLimit`, default 1000).',
  check: ({ props }, index) => {
    const rules = props.Rules ?? [];
    if (isIntrinsic(rules)) return unverifiable('Rules is an intrinsic');
    const max = index.thresholds.maxWafRateLimit;
    let unknown: string | undefined;
    for (const rule of asList(rules)) {
      if (isIntrinsic(rule) || isIntrinsic(rule.Statement) || isIntrinsic(rule.Action)) {
        unknown = 'a rule of the web ACL is an intrinsic';
        continue;
      }
      if (rule.Action?.Block === undefined) continue;
      for (const o of objectsIn(rule.Statement)) {
        const rate = o.RateBasedStatement;
        if (rate === undefined) continue;
        if (isIntrinsic(rate) || isIntrinsic(rate.Limit)) {
          unknown = 'the Limit of a blocking rate-based rule is an intrinsic';
          continue;
        }
        if (numberOf(rate.Limit) <= max) return NagRuleCompliance.COMPLIANT;
      }
    }
    return unknown ? unverifiable(unknown) : NagRuleCompliance.NON_COMPLIANT;
  },
});
