import { Token } from 'aws-cdk-lib';
import { invalidProp } from './validation';

/** Whether `url` is an `https://` URL with a host (any case of the scheme). */
export function isHttpsUrl(url: string): boolean {
  return /^https:\/\/[^\s/]+/i.test(url);
}

/** The authority of a URL (`user:password@host:port`), as written. */
const AUTHORITY = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/;

/**
 * Throws when `url` carries credentials in its authority (`https://user:password@host/...`, also an empty
 * `https://@host`): they would be stored in plain text in the template and in the deployed resource. The message
 * shows the URL with the credentials replaced, so the secret does not end up in build logs.
 */
export function checkNoUrlCredentials(prop: string, url: string): void {
  const authority = AUTHORITY.exec(url)?.[1];
  if (authority === undefined || !authority.includes('@')) return;
  const redacted = url.replace(authority, `<credentials>${authority.slice(authority.lastIndexOf('@'))}`);
  throw invalidProp(prop, redacted,
    'must not contain credentials ("user:password@" before the host): they would be stored in plain text in the template');
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
