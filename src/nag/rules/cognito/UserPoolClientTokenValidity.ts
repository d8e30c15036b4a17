import { parse } from 'path';
import { NagMessageLevel } from 'cdk-nag';
import { judgeTokenValidity } from '../../helpers/cognito';
import { ChecklistArea, defineRule } from '../../rule';

/** Cognito's access and ID token validity when none is set, in minutes (1 hour). */
const COGNITO_DEFAULT_MINUTES = 60;

/**
 * Cognito app clients issue access and ID tokens valid for at most 60 minutes, reading `AccessTokenValidity` and
 * `IdTokenValidity` in their `TokenValidityUnits` (Cognito's default unit for both is hours, its default validity 1 hour).
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::Cognito::UserPoolClient'],
  info: 'The Cognito user pool client issues access or ID tokens valid for longer than the threshold `maxTokenValidityMinutes` (default 60 minutes).',
  explanation:
    'Bearer tokens cannot be recalled once issued; a long lifetime widens the window in which a leaked token grants API access.',
  cfnFix: 'Set `AccessTokenValidity` and `IdValidity` of the `AWS::Cognito::UserPoolClient` to 60 minutes or less (`TokenValidityUnits` says the unit); use refresh tokens for long sessions.',
  fix: 'Set `accessTokenValidity` and `idTokenValidity` to `Duration.minutes(60)` or less; use refresh tokens for long sessions.',
  check: ({ props }, index) => judgeTokenValidity(props, {
    tokens: ['AccessToken', 'IdToken'],
    defaultUnit: 'hours',
    target: 'minutes',
    defaultValidity: COGNITO_DEFAULT_MINUTES,
    max: index.thresholds.maxTokenValidityMinutes,
  }),
});
