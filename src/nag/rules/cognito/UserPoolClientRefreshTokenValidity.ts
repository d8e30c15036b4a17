import { parse } from 'path';
import { NagMessageLevel } from 'cdk-nag';
import { judgeTokenValidity } from '../../helpers/cognito';
import { ChecklistArea, defineRule } from '../../rule';

/** Cognito's refresh token validity when `RefreshTokenValidity` is not set, in days. */
const COGNITO_DEFAULT_DAYS = 30;

/**
 * Cognito app clients issue refresh tokens valid for at most the threshold `maxRefreshTokenValidityDays`, reading
 * `RefreshTokenValidity` in `TokenValidityUnits.RefreshToken` (Cognito's default unit is days, its default validity
 * 30 days).
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::Cognito::UserPoolClient'],
  info: 'The Cognito user pool client issues refresh tokens valid for longer than the threshold `maxRefreshTokenValidityDays` (default 30 days).',
  explanation:
    'A refresh token mints new access tokens until it expires; a long lifetime keeps a stolen token (or a session on a lost device) usable for months without the password or MFA.',
  cfnFix: 'Set `RefreshTokenValidity` of the `AWS::Cognito::UserPoolClient` to 30 days or less (`TokenValidityUnits.RefreshToken`, days by default).',
  fix: 'Set `refreshTokenValidity` to `Duration.days(30)` or less (RefreshTokenValidity in TokenValidityUnits.RefreshToken, days by default).',
  check: ({ props }, index) => judgeTokenValidity(props, {
    tokens: ['RefreshToken'],
    defaultUnit: 'days',
    target: 'days',
    defaultValidity: COGNITO_DEFAULT_DAYS,
    max: index.thresholds.maxRefreshTokenValidityDays,
  }),
});
