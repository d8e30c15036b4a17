import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { passwordPolicyIntrinsic } from '../../helpers/cognito';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';

/** Cognito's temporary password validity when `TemporaryPasswordValidityDays` is not set, in days. */
const COGNITO_DEFAULT_DAYS = 7;

/**
 * Temporary passwords that administrators set for new users (`Policies.PasswordPolicy.TemporaryPasswordValidityDays`,
 * Cognito default 7) expire within the threshold `maxTemporaryPasswordValidityDays`.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::Cognito::UserPool'],
  info: 'The Cognito user pool lets temporary passwords live longer than the threshold `maxTemporaryPasswordValidityDays` (default 7 days).',
  explanation:
    'A temporary password travels in an invitation message and is often never used; while it is valid, anyone who reads that message can take over the account before its owner does.',
  cfnFix: 'Set `Policies.PasswordPolicy.TemporaryPasswordValidityDays` of the `AWS::Cognito::UserPool` to 7 or less.',
  fix: 'Set `passwordPolicy: { tempPasswordValidity: Duration.days(7) }` or less (TemporaryPasswordValidityDays).',
  check: ({ props }, index) => {
    const policy = props.Policies?.PasswordPolicy;
    const intrinsic = passwordPolicyIntrinsic(props, ['TemporaryPasswordValidityDays']);
    if (intrinsic) return unverifiable(`${intrinsic} is an intrinsic`);
    const days = Number(policy?.TemporaryPasswordValidityDays ?? COGNITO_DEFAULT_DAYS);
    return days <= index.thresholds.maxTemporaryPasswordValidityDays
      ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
