import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Cognito app clients hide whether a user exists (PreventUserExistenceErrors ENABLED). */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::Cognito::UserPoolClient'],
  info: 'The Cognito user pool client reveals whether a user exists (PreventUserExistenceErrors is not ENABLED).',
  explanation:
    'With LEGACY errors, sign-in and password-reset answers differ for unknown users, so attackers can enumerate valid user names before guessing passwords.',
  cfnFix: 'Set `PreventUserExistenceErrors: ENABLED` on the `AWS::Cognito::UserPoolClient`.',
  fix: 'Set `preventUserExistenceErrors: true` (PreventUserExistenceErrors: ENABLED).',
  check: ({ props }) => {
    const value = props.PreventUserExistenceErrors;
    if (isIntrinsic(value)) return unverifiable('PreventUserExistenceErrors is an intrinsic');
    return value === 'ENABLED' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
