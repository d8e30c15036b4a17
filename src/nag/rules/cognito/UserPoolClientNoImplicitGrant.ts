import { parse } from 'path';
import { NagMessageLevel } from 'cdk-nag';
import { judgeFlows } from '../../helpers/cognito';
import { ChecklistArea, defineRule } from '../../rule';

/** Cognito app clients do not allow the OAuth 2.0 implicit grant. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::Cognito::UserPoolClient'],
  info: 'The Cognito user pool client allows the OAuth implicit grant.',
  explanation:
    'The implicit grant returns tokens in the redirect URL, where browser history, referrer headers and logs leak them; OAuth 2.0 security best current practice replaces it with the authorization code grant with PKCE.',
  cfnFix: 'Set `AllowedOAuthFlows: [code]` on the `AWS::Cognito::UserPoolClient` (remove `implicit`).',
  fix: 'Set `oAuth: { flows: { authorizationCodeGrant: true, implicitCodeGrant: false } }` (remove `implicit` from AllowedOAuthFlows).',
  check: ({ props }) => {
    return judgeFlows(props.AllowedOAuthFlows, 'AllowedOAuthFlows', 'an OAuth flow', (f) => f === 'implicit');
  },
});
