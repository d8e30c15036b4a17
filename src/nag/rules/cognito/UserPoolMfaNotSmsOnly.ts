import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/**
 * Cognito user pools with MFA (`MfaConfiguration` ON or OPTIONAL) offer authenticator apps: `EnabledMfas` does not
 * leave SMS (`SMS_MFA`) as the only factor next to e-mail codes. Without `EnabledMfas`, MFA is SMS (the only factor
 * Cognito had before TOTP, and what aws-cdk-lib renders for `mfa` without `mfaSecondFactor`).
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.WARN,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::Cognito::UserPool'],
  info: 'The Cognito user pool offers SMS as its MFA factor without authenticator apps (EnabledMfas has SMS_MFA but not SOFTWARE_TOKEN_MFA).',
  explanation:
    'SMS codes can be taken over by SIM swapping, SS7 interception and phishing relays; time-based one-time passwords from an authenticator app stay on the user\'s device.',
  cfnFix: 'Set `EnabledMfas: [SOFTWARE_TOKEN_MFA]` on the `AWS::Cognito::UserPool`; keep `SMS_MFA` only next to `SOFTWARE_TOKEN_MFA` for users without an authenticator app.',
  fix: 'Set `mfaSecondFactor: { otp: true, sms: false }` (EnabledMfas: [SOFTWARE_TOKEN_MFA]); keep `sms: true` only next to `otp: true` for users without an authenticator app.',
  check: ({ props }) => {
    const mfa = props.MfaConfiguration;
    if (isIntrinsic(mfa)) return unverifiable('MfaConfiguration is an intrinsic');
    if (mfa !== 'ON' && mfa !== 'OPTIONAL') return NagRuleCompliance.NOT_APPLICABLE;
    const enabled = props.EnabledMfas;
    if (isIntrinsic(enabled)) return unverifiable('EnabledMfas is an intrinsic');
    const factors: unknown[] = Array.isArray(enabled) && enabled.length > 0 ? enabled : ['SMS_MFA'];
    if (factors.includes('SOFTWARE_TOKEN_MFA')) return NagRuleCompliance.COMPLIANT;
    if (factors.some((f) => isIntrinsic(f))) return unverifiable('an enabled MFA factor is an intrinsic');
    return factors.includes('SMS_MFA') ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
});
