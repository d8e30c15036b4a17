import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic, StackIndex } from '../../stack-index';

const REDACTED = ['authorization', 'x-api-key'];
const LOGGING = 'AWS::WAFv2::LoggingConfiguration';

/** True when some logging configuration of the stack names its ACL in a way that cannot be read at synth. */
function someUnreadableLogging(index: StackIndex): boolean {
  return index.memo('firewall:unreadable-waf-logging', () =>
    index.protectors(LOGGING).created.some((l) => index.target(l.props.ResourceArn) === undefined));
}

/** Web ACLs have a logging configuration that redacts the `authorization` and `x-api-key` headers. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.MONITORING,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::WAFv2::WebACL'],
  info: 'The web ACL is not logged, or its logs do not redact the authorization and x-api-key headers.',
  explanation:
    'WAF logs are the record of blocked and allowed requests needed to investigate attacks, but they copy request headers: bearer tokens and API keys in them would let anyone with log access call the API.',
  cfnFix: 'Add an `AWS::WAFv2::LoggingConfiguration` with `ResourceArn` the web ACL ARN (`Fn::GetAtt` `Arn`) and `RedactedFields: [{ SingleHeader: { Name: authorization } }, { SingleHeader: { Name: x-api-key } }]`.',
  fix: 'Add an `AWS::WAFv2::LoggingConfiguration` with `resourceArn: webAcl.attrArn` and `redactedFields: [{ singleHeader: { Name: \'authorization\' } }, { singleHeader: { Name: \'x-api-key\' } }]`.',
  check: (acl, index) => {
    const all = index.referrers(acl.logicalId, LOGGING)
      .filter((l) => index.target(l.props.ResourceArn)?.logicalId === acl.logicalId);
    // a logging configuration under a false condition logs nothing; under an undecidable one it may not
    const configs = all.filter((l) => index.conditionOf(l) === true);
    const undecided = all.some((l) => index.conditionOf(l) === undefined);
    for (const config of configs) {
      const fields = config.props.RedactedFields ?? [];
      if (isIntrinsic(fields)) return unverifiable('RedactedFields is an intrinsic');
      const names = new Set<string>();
      for (const f of asList(fields)) {
        const name = f?.SingleHeader?.Name;
        if (isIntrinsic(name)) return unverifiable('a redacted header name is an intrinsic');
        if (typeof name === 'string') names.add(name.toLowerCase());
      }
      if (REDACTED.every((h) => names.has(h))) return NagRuleCompliance.COMPLIANT;
    }
    if (undecided) return unverifiable('the web ACL\'s logging configuration has a condition that cannot be decided at synth');
    if (configs.length === 0 && someUnreadableLogging(index)) {
      return unverifiable('a WAF logging configuration in the stack names its web ACL with a value only known at deploy time');
    }
    return NagRuleCompliance.NON_COMPLIANT;
  },
});
