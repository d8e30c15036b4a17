import { Token } from 'aws-cdk-lib';

/**
 * Turns a name into a value usable in a CloudWatch namespace or dashboard name: every character outside
 * `allowed` becomes `-`. Unresolved tokens are returned unchanged.
 */
export function sanitizeName(value: string, allowed: RegExp = /[A-Za-z0-9.\-_/#:]/): string {
  if (Token.isUnresolved(value)) return value;
  return [...value].map((c) => (allowed.test(c) ? c : '-')).join('');
}
