import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { numberOf } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/**
 * Log groups are encrypted with a KMS key and keep their logs for at least the threshold `minLogRetentionDays`
 * (default 365 days), and not forever: a log group without `RetentionInDays` never expires, which the library's
 * constructs only allow with an explicit opt-out, so here it is a finding to acknowledge.
 *
 * Log groups set up by aws-cdk-lib's `logRetention` prop (a `Custom::LogRetention` resource with `LogGroupName`
 * and `RetentionInDays`) are judged too: they cannot have a KMS key, so they are always a finding.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: ['AWS::Logs::LogGroup', 'Custom::LogRetention'],
  info: 'The log group is not encrypted with a KMS key, keeps its logs for less than the threshold `minLogRetentionDays` (default 365 days), or never expires them.',
  explanation:
    'API logs hold caller identities, IP addresses and request details; a customer-managed key keeps them readable only by principals the key policy allows. Incidents are often found months later, so logs must be kept at least the minimum; logs kept forever hold personal data longer than any purpose needs and grow without bound, so never-expiring groups are deliberate exceptions that are acknowledged. A log group made by the `logRetention` prop (`Custom::LogRetention`) cannot be encrypted with a key.',
  cfnFix: 'Set `KmsKeyId` (a key ARN) and a finite `RetentionInDays` of at least the minimum (365) on the `AWS::Logs::LogGroup`; give a Lambda function an explicit log group (`LoggingConfig.LogGroup`) with both. Acknowledge the finding for a group that must keep its logs forever.',
  fix: 'Set `encryptionKey` on the log group and a finite `retention` of at least the minimum (`RetentionDays.ONE_YEAR`); instead of a `logRetention` prop, pass an explicit `logs.LogGroup` with `encryptionKey` and `retention` (for a Lambda function, its `logGroup` prop). Acknowledge the finding for a group that must keep its logs forever.',
  check: ({ type, props }, index) => {
    // Custom::LogRetention creates or adopts a log group that it cannot encrypt
    if (type === 'Custom::LogRetention' || props.KmsKeyId === undefined) return NagRuleCompliance.NON_COMPLIANT;
    const retention = props.RetentionInDays;
    if (retention === undefined) return NagRuleCompliance.NON_COMPLIANT;
    if (isIntrinsic(retention)) return unverifiable('RetentionInDays is an intrinsic');
    return numberOf(retention) >= index.thresholds.minLogRetentionDays ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
