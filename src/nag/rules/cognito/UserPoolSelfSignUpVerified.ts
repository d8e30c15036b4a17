import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isTrue } from '../../helpers/api-methods';
import { intrinsicIn } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/**
 * Cognito user pools that let people sign themselves up (`AdminCreateUserConfig.AllowAdminCreateUserOnly` not true;
 * CloudFormation's default is false) verify the e-mail address at sign-up: `AutoVerifiedAttributes` includes `email`
 * and not `phone_number`. When both are listed, Cognito sends the sign-up code by SMS only and the e-mail address
 * stays unverified.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.WARN,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::Cognito::UserPool'],
  info: 'The Cognito user pool allows self sign-up without verifying the e-mail address (AutoVerifiedAttributes does not include email, or also includes phone_number).',
  explanation:
    'Open sign-up without a verified e-mail address lets anyone create accounts in bulk, or under an address they do not own, and then call the API as a signed-in user; password recovery and account notices go to unproven addresses.',
  cfnFix: 'Set `AdminCreateUserConfig.AllowAdminCreateUserOnly: true` on the `AWS::Cognito::UserPool`, or keep self sign-up and set `AutoVerifiedAttributes: [email]` (without `phone_number`); a pre sign-up trigger that auto-confirms users needs its own review.',
  fix: 'Set `selfSignUpEnabled: false`, or keep it and set `autoVerify: { email: true }` without `phone: true` (AutoVerifiedAttributes: [email]); a pre sign-up trigger that auto-confirms users needs its own review.',
  check: ({ props }) => {
    const config = props.AdminCreateUserConfig;
    const intrinsic = intrinsicIn({
      'AdminCreateUserConfig': config,
      'AdminCreateUserConfig.AllowAdminCreateUserOnly': config?.AllowAdminCreateUserOnly,
    });
    if (intrinsic) return unverifiable(`${intrinsic} is an intrinsic`);
    if (isTrue(config?.AllowAdminCreateUserOnly)) return NagRuleCompliance.NOT_APPLICABLE;
    const attributes = props.AutoVerifiedAttributes;
    if (isIntrinsic(attributes)) return unverifiable('AutoVerifiedAttributes is an intrinsic');
    const list: unknown[] = Array.isArray(attributes) ? attributes : [];
    if (list.includes('phone_number')) return NagRuleCompliance.NON_COMPLIANT;
    if (list.includes('email')) {
      return list.some((a) => isIntrinsic(a)) ? unverifiable('an auto-verified attribute is an intrinsic') : NagRuleCompliance.COMPLIANT;
    }
    return list.some((a) => isIntrinsic(a)) ? unverifiable('an auto-verified attribute is an intrinsic') : NagRuleCompliance.NON_COMPLIANT;
  },
});
