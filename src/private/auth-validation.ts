import { Duration, Token } from 'aws-cdk-lib';
import { checkNoUrlCredentials } from './url-validation';
import { invalidProp } from './validation';

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
 * Checks a redirect URL: absolute, exact (no wildcard, no fragment), no credentials, `https` or `http://localhost`.
 * Unresolved tokens are skipped.
 */
export function checkRedirectUrl(prop: string, url: string): void {
  if (Token.isUnresolved(url)) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidProp(prop, url, 'must be an absolute URL');
  }
  checkNoUrlCredentials(prop, url);
  if (url.includes('*')) {
    throw invalidProp(prop, url, 'must be an exact URL (wildcards are not allowed)');
  }
  if (parsed.hash !== '' || url.includes('#')) {
    throw invalidProp(prop, url, 'must not contain a fragment ("#")');
  }
  if (parsed.protocol === 'https:') return;
  if (parsed.protocol === 'http:' && parsed.hostname === 'localhost') return;
  throw invalidProp(prop, url, 'must use https (http allowed only for localhost)');
}
