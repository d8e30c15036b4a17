import { Duration, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { OAuthMachineClientOptions, OAuthUserClientOptions } from './oauth-client';
import { checkRedirectUrl } from '../private/url-validation';
import { invalidProp } from '../private/validation';

/** Default lifetime of access and ID tokens. */
export const DEFAULT_TOKEN_VALIDITY = Duration.minutes(15);
/** Default lifetime of refresh tokens of user clients. */
export const DEFAULT_REFRESH_TOKEN_VALIDITY = Duration.days(1);

/**
 * Checks a token lifetime (in minutes) against the short-token limits, or Cognito's own limits when
 * `allowLong` is set. Unresolved tokens are skipped.
 */
export function checkTokenValidity(prop: string, value: Duration, kind: 'access' | 'refresh', allowLong: boolean): number | undefined {
  if (Token.isUnresolved(value.toMinutes({ integral: false }))) return undefined;
  const minutes = value.toMinutes({ integral: false });
  const [min, max, maxLong, unit] = kind === 'access'
    ? [5, 60, 24 * 60, 'minutes']
    : [60, 30 * 24 * 60, 3650 * 24 * 60, 'minutes'];
  const upper = allowLong ? maxLong : max;
  if (!Number.isInteger(minutes) || minutes < min || minutes > upper) {
    const hint = allowLong ? '' : ' (set "allowLongTokens" to allow longer)';
    throw invalidProp(prop, `${minutes} ${unit}`, `must be a whole number of minutes between ${min} and ${upper}${hint}`);
  }
  return minutes;
}

/**
 * The settings of a machine client, checked: client-credentials grant only, a generated secret, the given scopes,
 * short-lived tokens, token revocation on.
 *
 * @param options the client's options
 * @param scopes the Cognito scopes of `options.scopes`, already resolved against the pool
 */
export function machineClientOptions(options: OAuthMachineClientOptions, scopes: cognito.OAuthScope[]): cognito.UserPoolClientOptions {
  const allowLong = options.allowLongTokens ?? false;
  const access = options.accessTokenValidity ?? DEFAULT_TOKEN_VALIDITY;
  const accessMinutes = checkTokenValidity('accessTokenValidity', access, 'access', allowLong);
  // Client credentials never issue refresh tokens; keep the unused lifetime at its minimum.
  const refresh = Duration.minutes(Math.max(60, accessMinutes ?? 60));
  return {
    userPoolClientName: options.clientName,
    generateSecret: true,
    authFlows: { userSrp: false },
    oAuth: {
      flows: { clientCredentials: true },
      scopes,
    },
    supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
    accessTokenValidity: access,
    idTokenValidity: access,
    refreshTokenValidity: refresh,
    enableTokenRevocation: true,
    preventUserExistenceErrors: true,
  };
}

/** Throws unless a user client has at least one callback URL and every redirect URL is exact and secure. */
export function checkUserClientUrls(options: OAuthUserClientOptions): void {
  const callbackUrls = options.callbackUrls ?? [];
  if (callbackUrls.length === 0) {
    throw invalidProp('callbackUrls', [], 'must list at least one URL');
  }
  callbackUrls.forEach((url, i) => checkRedirectUrl(`callbackUrls[${i}]`, url));
  (options.logoutUrls ?? []).forEach((url, i) => checkRedirectUrl(`logoutUrls[${i}]`, url));
}

/**
 * The settings of a user client, checked: authorization-code grant only (no implicit grant), OpenID and e-mail
 * plus the given scopes, exact redirect URLs, short-lived tokens, token revocation on, user-existence errors
 * prevented, SRP sign-in only.
 *
 * @param options the client's options (URLs already checked with `checkUserClientUrls`)
 * @param scopes the Cognito scopes of `options.scopes`, already resolved against the pool
 */
export function userClientOptions(options: OAuthUserClientOptions, scopes: cognito.OAuthScope[]): cognito.UserPoolClientOptions {
  const allowLong = options.allowLongTokens ?? false;
  const access = options.accessTokenValidity ?? DEFAULT_TOKEN_VALIDITY;
  const idToken = options.idTokenValidity ?? DEFAULT_TOKEN_VALIDITY;
  const refresh = options.refreshTokenValidity ?? DEFAULT_REFRESH_TOKEN_VALIDITY;
  const accessMinutes = checkTokenValidity('accessTokenValidity', access, 'access', allowLong);
  const idMinutes = checkTokenValidity('idTokenValidity', idToken, 'access', allowLong);
  const refreshMinutes = checkTokenValidity('refreshTokenValidity', refresh, 'refresh', allowLong);
  if (refreshMinutes !== undefined && Math.max(accessMinutes ?? 0, idMinutes ?? 0) > refreshMinutes) {
    throw invalidProp('refreshTokenValidity', `${refreshMinutes} minutes`,
      'must not be shorter than accessTokenValidity and idTokenValidity');
  }
  const logoutUrls = options.logoutUrls ?? [];
  return {
    userPoolClientName: options.clientName,
    generateSecret: options.generateSecret ?? false,
    authFlows: { userSrp: true },
    oAuth: {
      flows: { authorizationCodeGrant: true, implicitCodeGrant: false, clientCredentials: false },
      scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL, ...scopes],
      callbackUrls: options.callbackUrls,
      logoutUrls: logoutUrls.length > 0 ? logoutUrls : undefined,
    },
    supportedIdentityProviders: [cognito.UserPoolClientIdentityProvider.COGNITO],
    accessTokenValidity: access,
    idTokenValidity: idToken,
    refreshTokenValidity: refresh,
    enableTokenRevocation: true,
    preventUserExistenceErrors: true,
  };
}
