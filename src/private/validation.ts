import { Token } from 'aws-cdk-lib';

/**
 * Builds the error every validation in the library throws: it names the prop, the value and the rule.
 */
export function invalidProp(prop: string, value: unknown, rule: string): Error {
  return new Error(`"${prop}" ${rule}, got ${formatValue(value)}`);
}

/** Throws unless `value` lies in [min, max]. Unresolved tokens and `undefined` are skipped. */
export function checkRange(prop: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw invalidProp(prop, value, `must be between ${min} and ${max}`);
  }
}

/** Throws unless `value` is an integer in [min, max]. Unresolved tokens and `undefined` are skipped. */
export function checkIntegerRange(prop: string, value: number | undefined, min: number, max: number): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidProp(prop, value, `must be an integer between ${min} and ${max}`);
  }
}

/** Throws unless `pattern` compiles as a JavaScript regular expression. Unresolved tokens are skipped. */
export function checkRegex(prop: string, pattern: string | undefined): void {
  if (pattern === undefined || Token.isUnresolved(pattern)) return;
  try {
    new RegExp(pattern);
  } catch (e) {
    throw invalidProp(prop, pattern, `must be a valid regular expression (${(e as Error).message})`);
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
