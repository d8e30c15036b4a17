import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** True for a security policy whose lowest protocol version is TLS 1.2 or newer. */
function isTls12OrStronger(policy: string): boolean {
  return policy === 'TLS_1_2' || /^SecurityPolicy_TLS1[23]_/.test(policy);
}

/**
 * API Gateway custom domain names use TLS 1.2 or stronger: `SecurityPolicy` TLS_1_2 or one of the enhanced
 * `SecurityPolicy_TLS13_*` / `SecurityPolicy_TLS12_*` policies.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: ['AWS::ApiGateway::DomainName', 'AWS::ApiGateway::DomainNameV2', 'AWS::ApiGatewayV2::DomainName'],
  shapes: 'REST (DomainName, DomainNameV2), HTTP and WebSocket (ApiGatewayV2 DomainName)',
  info: 'The API Gateway custom domain does not require TLS 1.2 or newer (SecurityPolicy missing or TLS_1_0).',
  explanation:
    'TLS 1.0 and 1.1 have known weaknesses (BEAST, POODLE-style downgrades, weak ciphers) and are deprecated by RFC 8996; credentials and tokens sent over them can be exposed.',
  cfnFix: 'Set `SecurityPolicy: TLS_1_2` (or a `SecurityPolicy_TLS13_*` policy) on the `AWS::ApiGateway::DomainName` (`DomainNameConfigurations[].SecurityPolicy` on an `AWS::ApiGatewayV2::DomainName`).',
  fix: 'Set `securityPolicy: SecurityPolicy.TLS_1_2` (or a `SecurityPolicy_TLS13_*` policy) on the domain name.',
  check: ({ type, props }) => {
    if (type === 'AWS::ApiGatewayV2::DomainName') {
      const configs = props.DomainNameConfigurations;
      if (isIntrinsic(configs)) return unverifiable('DomainNameConfigurations is an intrinsic');
      const list = Array.isArray(configs) ? configs : [];
      if (list.length === 0) return NagRuleCompliance.NON_COMPLIANT;
      for (const c of list) {
        if (isIntrinsic(c) || isIntrinsic(c?.SecurityPolicy)) return unverifiable('SecurityPolicy is an intrinsic');
        if (typeof c?.SecurityPolicy !== 'string' || !isTls12OrStronger(c.SecurityPolicy)) return NagRuleCompliance.NON_COMPLIANT;
      }
      return NagRuleCompliance.COMPLIANT;
    }
    const policy = props.SecurityPolicy;
    if (isIntrinsic(policy)) return unverifiable('SecurityPolicy is an intrinsic');
    return typeof policy === 'string' && isTls12OrStronger(policy) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
