import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList, isFalse, isTrue } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Headers that carry credentials of API callers: the bearer token and the API Gateway API key. */
const CREDENTIAL_HEADERS = ['authorization', 'x-api-key'];

/**
 * 'on' when any visibility configuration (the web ACL's or a rule's) keeps sampled requests, 'unknown' when one is
 * an intrinsic, else 'off'.
 */
function sampling(props: any): 'on' | 'off' | 'unknown' {
  const configs = [props.VisibilityConfig];
  const rules = props.Rules ?? [];
  if (isIntrinsic(rules)) return 'unknown';
  for (const rule of asList(rules)) configs.push(isIntrinsic(rule) ? rule : rule?.VisibilityConfig);
  let result: 'on' | 'off' | 'unknown' = 'off';
  for (const config of configs) {
    if (config === undefined) continue;
    const value = isIntrinsic(config) ? config : config.SampledRequestsEnabled;
    if (isTrue(value)) return 'on';
    if (!isFalse(value)) result = 'unknown';
  }
  return result;
}

/** The headers the data protection hides everywhere, including rule-match and rate-based details. */
function protectedHeaders(config: any): { headers: Set<string>; unknown: boolean } {
  const headers = new Set<string>();
  let unknown = false;
  const list = config?.DataProtections;
  if (isIntrinsic(config) || isIntrinsic(list)) return { headers, unknown: true };
  for (const p of asList(list)) {
    if (isIntrinsic(p) || isIntrinsic(p.Field) || isIntrinsic(p.Field?.FieldKeys)) {
      unknown = true;
      continue;
    }
    if (p.Field?.FieldType !== 'SINGLE_HEADER') continue;
    if (isIntrinsic(p.ExcludeRuleMatchDetails) || isIntrinsic(p.ExcludeRateBasedDetails)) {
      unknown = true;
      continue;
    }
    // excluded details show the value where a rule matched it or a rate rule keyed on it
    if (isTrue(p.ExcludeRuleMatchDetails) || isTrue(p.ExcludeRateBasedDetails)) continue;
    for (const key of asList(p.Field.FieldKeys)) {
      if (typeof key === 'string') headers.add(key.toLowerCase());
      else unknown = true;
    }
  }
  return { headers, unknown };
}

/**
 * Web ACLs that keep sampled requests hide the `authorization` and `x-api-key` headers with a data protection
 * configuration (`SINGLE_HEADER` field keys, without excluding rule-match or rate-based details), or keep no sampled
 * requests at all. The logging configuration's redacted fields do not apply to sampled requests.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::WAFv2::WebACL'],
  info: 'The web ACL keeps sampled requests without a data protection configuration that hides the authorization and x-api-key headers.',
  explanation:
    'Sampled requests (the last three hours of matching requests, per rule) show request headers to anyone allowed `wafv2:GetSampledRequests`, in the console and the API. Bearer tokens and API keys in them can be replayed. Redacted fields of the WAF logging configuration only apply to the logs; only the web ACL\'s `DataProtectionConfig` hides fields in sampled requests.',
  cfnFix: 'Set `DataProtectionConfig: { DataProtections: [{ Action: SUBSTITUTION, Field: { FieldType: SINGLE_HEADER, FieldKeys: [authorization, x-api-key] } }] }` on the `AWS::WAFv2::WebACL`, or `SampledRequestsEnabled: false` in the `VisibilityConfig` of the web ACL and of every rule.',
  fix: 'Set `dataProtectionConfig: { dataProtections: [{ action: \'SUBSTITUTION\', field: { fieldType: \'SINGLE_HEADER\', fieldKeys: [\'authorization\', \'x-api-key\'] } }] }` on the web ACL (ApiFirewall does), or set `sampledRequestsEnabled: false` in the visibility configuration of the web ACL and of every rule.',
  check: ({ props }) => {
    const sampled = sampling(props);
    if (sampled === 'off') return NagRuleCompliance.COMPLIANT;
    const { headers, unknown } = protectedHeaders(props.DataProtectionConfig);
    if (CREDENTIAL_HEADERS.every((h) => headers.has(h))) return NagRuleCompliance.COMPLIANT;
    if (unknown) return unverifiable('the data protection configuration is an intrinsic');
    return sampled === 'unknown' ? unverifiable('SampledRequestsEnabled is an intrinsic') : NagRuleCompliance.NON_COMPLIANT;
  },
});
