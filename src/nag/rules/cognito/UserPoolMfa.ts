import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Cognito user pools require multi-factor authentication for every user (MfaConfiguration ON). */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::Cognito::UserPool'],
  info: 'The Cognito user pool does not require MFA (MfaConfiguration is not ON).',
  explanation:
    'With MFA off or optional, a stolen or guessed password is enough to obtain tokens for the API; required MFA stops credential stuffing and phishing of passwords alone.',
  cfnFix: 'Set `MfaConfiguration: ON` with `EnabledMfas: [SOFTWARE_TOKEN_MFA]` on the `AWS::Cognito::UserPool`.',
  fix: 'Set `mfa: Mfa.REQUIRED` with `mfaSecondFactor: { otp: true, sms: false }` (or `MfaConfiguration: ON`).',
  check: ({ props }) => {
    const mfa = props.MfaConfiguration;
    if (isIntrinsic(mfa)) return unverifiable('MfaConfiguration is an intrinsic');
    return mfa === 'ON' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
