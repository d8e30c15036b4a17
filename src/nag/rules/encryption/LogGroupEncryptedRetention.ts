import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { numberOf } from '../../../private/nag-baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';


/**
 * Log groups are encrypted with a KMS key and keep their logs for at least 365 days. A log group without
 * `RetentionInDays` never expires, which meets the minimum, so it is compliant.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: ['AWS::Logs::LogGroup'],
  info: 'The log group is not encrypted with a KMS key, or keeps its logs for less than the threshold `minLogRetentionDays` (default 365 days).',
  explanation:
    'API logs hold caller identities, IP addresses and request details; a customer-managed key keeps them readable only by principals the key policy allows. Incidents are often found months later, so logs must be kept at least a year (a group without retention never expires and is accepted).',
  fix: 'Set `encryptionKey` on the log group and `retention: RetentionDays.ONE_YEAR` or longer (or leave retention unset to keep logs forever).',
  check: ({ props }, index) => {
    if (props.KmsKeyId === undefined) return NagRuleCompliance.NON_COMPLIANT;
    const retention = props.RetentionInDays;
    if (retention === undefined) return NagRuleCompliance.COMPLIANT;
    if (isIntrinsic(retention)) return unverifiable('RetentionInDays is an intrinsic');
    return numberOf(retention) >= index.thresholds.minLogRetentionDays ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
