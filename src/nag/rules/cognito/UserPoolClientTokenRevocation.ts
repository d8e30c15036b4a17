import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isFalse } from '../../helpers/api-methods';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Cognito app clients keep refresh-token revocation on (EnableTokenRevocation not false; on by default). */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::Cognito::UserPoolClient'],
  info: 'The Cognito user pool client turns token revocation off (EnableTokenRevocation is false).',
  explanation:
    'Without revocation a leaked refresh token keeps minting access tokens until it expires, even after sign-out or an incident response.',
  cfnFix: 'Set `EnableTokenRevocation: true` on the `AWS::Cognito::UserPoolClient`, or leave it out (revocation is on by default).',
  fix: 'Remove `enableTokenRevocation: false` (revocation is on by default) or set it to `true`.',
  check: ({ props }) => {
    const value = props.EnableTokenRevocation;
    if (isIntrinsic(value)) return unverifiable('EnableTokenRevocation is an intrinsic');
    return isFalse(value) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
});
