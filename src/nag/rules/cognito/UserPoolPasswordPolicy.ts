import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isTrue } from '../../helpers/api-methods';
import { passwordPolicyIntrinsic } from '../../helpers/cognito';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';

/** The character classes a password must contain. */
const CLASSES = ['RequireLowercase', 'RequireUppercase', 'RequireNumbers', 'RequireSymbols'];

/**
 * Cognito user pools require passwords of at least the threshold `minPasswordLength` (default 14, the default of
 * `OAuthUserPool`) characters with lower case, upper case, digits and symbols.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::Cognito::UserPool'],
  info: 'The Cognito user pool password policy is weaker than the threshold `minPasswordLength` (default 14 characters) with lower case, upper case, digits and symbols.',
  explanation:
    'Short or single-class passwords fall to brute force and credential stuffing; Cognito defaults to 8 characters.',
  cfnFix: 'Set `Policies.PasswordPolicy: { MinimumLength: 14, RequireLowercase: true, RequireUppercase: true, RequireNumbers: true, RequireSymbols: true }` on the `AWS::Cognito::UserPool` (or the configured `minPasswordLength`).',
  fix: 'Set `passwordPolicy: { minLength: 14, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true }` (or the configured `minPasswordLength`).',
  check: ({ props }, index) => {
    const policy = props.Policies?.PasswordPolicy;
    const intrinsic = passwordPolicyIntrinsic(props, ['MinimumLength', ...CLASSES]);
    if (intrinsic) return unverifiable(`${intrinsic} is an intrinsic`);
    if (!policy) return NagRuleCompliance.NON_COMPLIANT;
    const length = Number(policy.MinimumLength ?? 8);
    const ok = length >= index.thresholds.minPasswordLength && CLASSES.every((c) => isTrue(policy[c]));
    return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
