import { Token } from 'aws-cdk-lib';
import { invalidProp } from './validation';

/** Characters CloudWatch accepts in a namespace (a space included). */
const NAMESPACE = /^[A-Za-z0-9.\-_/#: ]{1,255}$/;

/**
 * Throws unless `namespace` is a CloudWatch namespace a custom metric may use: 1-255 letters, digits, spaces and
 * `. - _ / # :`, at least one of them not a space, not starting with `AWS/` (reserved for AWS services) or `:`.
 * Unresolved tokens are skipped. Returns the namespace.
 */
export function checkNamespace(prop: string, namespace: string): string {
  if (Token.isUnresolved(namespace)) return namespace;
  if (typeof namespace !== 'string' || !NAMESPACE.test(namespace) || namespace.trim().length === 0
    || namespace.startsWith('AWS/') || namespace.startsWith(':')) {
    throw invalidProp(prop, namespace, 'must be 1-255 characters of letters, digits, spaces and . - _ / # :, '
      + 'not only spaces, and must not start with "AWS/" or ":"');
  }
  return namespace;
}

/**
 * Turns a name into a value usable in a CloudWatch namespace or dashboard name: every character outside
 * `allowed` becomes `-`. Unresolved tokens are returned unchanged.
 */
export function sanitizeName(value: string, allowed: RegExp = /[A-Za-z0-9.\-_/#:]/): string {
  if (Token.isUnresolved(value)) return value;
  return [...value].map((c) => (allowed.test(c) ? c : '-')).join('');
}
