import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { intrinsicIn } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';

/**
 * Cognito user pools run threat protection in full-function (ENFORCED) mode: `UserPoolAddOns.AdvancedSecurityMode`
 * ENFORCED, and, when threat protection for custom authentication flows is configured
 * (`UserPoolAddOns.AdvancedSecurityAdditionalFlows.CustomAuthMode`), that is ENFORCED too.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::Cognito::UserPool'],
  info: 'The Cognito user pool does not enforce threat protection (AdvancedSecurityMode / CustomAuthMode is not ENFORCED).',
  explanation:
    'Enforced threat protection blocks sign-ins with compromised credentials and answers risky sign-ins (new device, impossible travel) with MFA or a block; OFF or AUDIT only records them.',
  cfnFix: 'Set `UserPoolTier: PLUS` and `UserPoolAddOns: { AdvancedSecurityMode: ENFORCED }` on the `AWS::Cognito::UserPool` (and `AdvancedSecurityAdditionalFlows.CustomAuthMode: ENFORCED` when custom auth is used).',
  fix: 'Use the Plus feature plan (`featurePlan: FeaturePlan.PLUS`) and set `standardThreatProtectionMode: StandardThreatProtectionMode.FULL_FUNCTION` (and `customThreatProtectionMode: FULL_FUNCTION` when custom auth is used).',
  check: ({ props }) => {
    const addOns = props.UserPoolAddOns;
    const flows = addOns?.AdvancedSecurityAdditionalFlows;
    const intrinsic = intrinsicIn({
      'UserPoolAddOns': addOns,
      'UserPoolAddOns.AdvancedSecurityMode': addOns?.AdvancedSecurityMode,
      'UserPoolAddOns.AdvancedSecurityAdditionalFlows': flows,
      'AdvancedSecurityAdditionalFlows.CustomAuthMode': flows?.CustomAuthMode,
    });
    if (intrinsic) return unverifiable(`${intrinsic} is an intrinsic`);
    if (addOns?.AdvancedSecurityMode !== 'ENFORCED') return NagRuleCompliance.NON_COMPLIANT;
    if (flows?.CustomAuthMode !== undefined && flows.CustomAuthMode !== 'ENFORCED') return NagRuleCompliance.NON_COMPLIANT;
    return NagRuleCompliance.COMPLIANT;
  },
});
