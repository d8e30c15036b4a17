import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList, objectsIn } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

const REQUIRED = ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet'];

/** Rule actions that stop a request (Captcha and Challenge stop callers without a valid token). */
const STOPPING = ['Block', 'Captcha', 'Challenge'];

/**
 * Size rules of the Common rule set that a web ACL may set to Count when its own rule blocks the same part of the
 * request by size (as `ApiFirewall` does, to enforce a configured size instead of the fixed 8 KB).
 */
const SIZE_FIELDS: { readonly [rule: string]: string } = {
  SizeRestrictions_BODY: 'Body',
  SizeRestrictions_QUERYSTRING: 'QueryString',
  SizeRestrictions_URIPATH: 'UriPath',
};

/** The request parts (FieldToMatch keys) that a rule of the web ACL blocks by size. */
function blockedSizeFields(rules: any[]): Set<string> {
  const fields = new Set<string>();
  for (const rule of rules) {
    if (isIntrinsic(rule) || rule?.Action?.Block === undefined) continue;
    const size = rule.Statement?.SizeConstraintStatement;
    if (size === undefined || isIntrinsic(size) || !['GT', 'GE'].includes(size.ComparisonOperator)) continue;
    for (const [field, value] of Object.entries(size.FieldToMatch ?? {})) if (value !== undefined) fields.add(field);
  }
  return fields;
}

/**
 * 'weakened' when the group statement sets one of its rules to Count or Allow (`RuleActionOverrides`, or the older
 * `ExcludedRules`, which counts), 'unknown' when an override is an intrinsic, else 'ok'. A size rule overridden
 * while the web ACL blocks the same part by size is not a weakening.
 */
function overrides(group: any, sizeFields: Set<string>): 'ok' | 'weakened' | 'unknown' {
  const excluded = group.ExcludedRules;
  if (isIntrinsic(excluded)) return 'unknown';
  const actions: { name: unknown; action: any }[] = asList(excluded)
    .map((e) => ({ name: isIntrinsic(e) ? e : e?.Name, action: { Count: {} } }));
  const list = group.RuleActionOverrides;
  if (isIntrinsic(list)) return 'unknown';
  for (const o of asList(list)) {
    actions.push({ name: isIntrinsic(o) ? o : o?.Name, action: isIntrinsic(o) ? o : o?.ActionToUse });
  }
  let result: 'ok' | 'weakened' | 'unknown' = 'ok';
  for (const { name, action } of actions) {
    if (isIntrinsic(name) || isIntrinsic(action)) {
      result = 'unknown';
      continue;
    }
    if (STOPPING.some((a) => action?.[a] !== undefined)) continue;
    const field = SIZE_FIELDS[name as string];
    if (field !== undefined && sizeFields.has(field)) continue;
    return 'weakened';
  }
  return result;
}

/**
 * Web ACLs run the AWS managed Common and KnownBadInputs rule groups and let them block: a group whose override
 * action is Count, or whose rules are set to Count or Allow by `RuleActionOverrides` (or `ExcludedRules`), only
 * watches. The one accepted override: a size rule of the Common rule set (`SizeRestrictions_BODY`,
 * `SizeRestrictions_QUERYSTRING`, `SizeRestrictions_URIPATH`) set to Count while a rule of the web ACL blocks the
 * same part of the request by size.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.INPUT_VALIDATION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: ['AWS::WAFv2::WebACL'],
  info: 'The web ACL does not block with the AWS managed rule groups AWSManagedRulesCommonRuleSet and AWSManagedRulesKnownBadInputsRuleSet (a group that counts, or whose rules are overridden to Count or Allow, does not block).',
  explanation:
    'The Common rule set stops cross-site scripting, path traversal, oversized bodies and other OWASP Top 10 patterns; KnownBadInputs stops exploit payloads such as Log4j lookups. AWS keeps both current, which is the patch management of the request filter. A group whose override action is Count only watches, and a rule of the group overridden to Count or Allow lets its attack pattern through; a size rule may only be counted when the web ACL blocks the same part of the request by size with its own rule.',
  cfnFix: 'Add two rules to the `AWS::WAFv2::WebACL` with `Statement.ManagedRuleGroupStatement: { VendorName: AWS, Name: ... }` for both groups and `OverrideAction: { None: {} }`, without `RuleActionOverrides` (or `ExcludedRules`) that set their rules to Count or Allow; to use another size limit, count the SizeRestrictions_* rule and block with a `SizeConstraintStatement` rule on the same field.',
  fix: 'Add two rules with `managedRuleGroupStatement: { vendorName: \'AWS\', name: ... }` for both groups and `overrideAction: { none: {} }`, without `ruleActionOverrides` (or `excludedRules`) that set their rules to Count or Allow; to use another size limit, count the SizeRestrictions_* rule and block with a `sizeConstraintStatement` rule on the same field.',
  check: ({ props }) => {
    const rules = props.Rules ?? [];
    if (isIntrinsic(rules)) return unverifiable('Rules is an intrinsic');
    const sizeFields = blockedSizeFields(asList(rules));
    const found = new Set<string>();
    let unknown = false;
    for (const rule of asList(rules)) {
      if (isIntrinsic(rule) || isIntrinsic(rule.Statement) || isIntrinsic(rule.OverrideAction)) {
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
          continue;
        }
        if (group.VendorName !== 'AWS' || !REQUIRED.includes(group.Name) || counting) continue;
        const weakened = overrides(group, sizeFields);
        if (weakened === 'unknown') unknown = true;
        if (weakened === 'ok') found.add(group.Name);
      }
    }
    if (REQUIRED.every((n) => found.has(n))) return NagRuleCompliance.COMPLIANT;
    return unknown ? unverifiable('a rule, a managed rule group name or a rule action override is an intrinsic') : NagRuleCompliance.NON_COMPLIANT;
  },
});
