import { parse } from 'path';
import { NagMessageLevel } from 'cdk-nag';
import { judgeFlows } from '../../helpers/cognito';
import { ChecklistArea, defineRule } from '../../rule';

/** The explicit authentication flows that send the user's password itself to Cognito (current and legacy names). */
const PASSWORD_FLOWS = ['ALLOW_USER_PASSWORD_AUTH', 'USER_PASSWORD_AUTH'];

/**
 * Cognito app clients do not enable plain user-password authentication (`ALLOW_USER_PASSWORD_AUTH`, or its legacy
 * name `USER_PASSWORD_AUTH`, in `ExplicitAuthFlows`); users sign in with SRP. Without `ExplicitAuthFlows` Cognito
 * allows SRP, custom and refresh-token authentication only.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::Cognito::UserPoolClient'],
  info: 'The Cognito user pool client allows user-password authentication (ExplicitAuthFlows includes ALLOW_USER_PASSWORD_AUTH or USER_PASSWORD_AUTH).',
  explanation:
    'With USER_PASSWORD_AUTH the client sends the password itself to Cognito, so every proxy, TLS-terminating device or client-side log on the way can capture it; SRP proves knowledge of the password without transmitting it.',
  cfnFix: 'Remove `ALLOW_USER_PASSWORD_AUTH` and `USER_PASSWORD_AUTH` from `ExplicitAuthFlows` of the `AWS::Cognito::UserPoolClient` (keep `ALLOW_USER_SRP_AUTH`); migrate users with a user-migration trigger instead of plain passwords.',
  fix: 'Set `authFlows: { userSrp: true }` without `userPassword: true` (remove ALLOW_USER_PASSWORD_AUTH and USER_PASSWORD_AUTH from ExplicitAuthFlows); migrate users with a user-migration trigger instead of plain passwords.',
  check: ({ props }) => {
    return judgeFlows(props.ExplicitAuthFlows, 'ExplicitAuthFlows', 'an explicit auth flow',
      (f) => typeof f === 'string' && PASSWORD_FLOWS.includes(f));
  },
});
