import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic, referencedIds } from '../../stack-index';

/** Log groups that receive API Gateway access logs have a data protection policy that masks sensitive data. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.WARN,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API3:2023 Broken Object Property Level Authorization',
  resourceTypes: ['AWS::Logs::LogGroup'],
  info: 'The log group receives API access logs but has no data protection policy that masks sensitive data.',
  explanation:
    'Access logs can capture e-mail addresses, IP addresses and identifiers from paths and query strings; a CloudWatch Logs data protection policy masks them for everyone without `logs:Unmask`.',
  cfnFix: 'Set `DataProtectionPolicy` on the access log `AWS::Logs::LogGroup`: a policy with an Audit and a Deidentify statement on the sensitive `DataIdentifier`s.',
  fix: 'Set `dataProtectionPolicy: new DataProtectionPolicy({ identifiers: [...] })` on the access log group (a policy with a Deidentify statement).',
  check: ({ logicalId, props }, index) => {
    const stages = [
      ...index.referrers(logicalId, 'AWS::ApiGateway::Stage')
        .filter((s) => referencedIds(s.props.AccessLogSetting?.DestinationArn).has(logicalId)),
      // stages created by a deployment's StageName / StageDescription
      ...index.referrers(logicalId, 'AWS::ApiGateway::Deployment')
        .filter((d) => referencedIds(d.props.StageDescription?.AccessLogSetting?.DestinationArn).has(logicalId)),
      // HTTP and WebSocket API stages
      ...index.referrers(logicalId, 'AWS::ApiGatewayV2::Stage')
        .filter((s) => referencedIds(s.props.AccessLogSettings?.DestinationArn).has(logicalId)),
    ];
    if (stages.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    const policy = props.DataProtectionPolicy;
    if (policy === undefined) return NagRuleCompliance.NON_COMPLIANT;
    if (isIntrinsic(policy) || isIntrinsic(policy.Statement)) return unverifiable('DataProtectionPolicy is an intrinsic');
    const masks = asList(policy.Statement).some((s) => s?.Operation?.Deidentify !== undefined);
    return masks ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
