import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * The error every validation in the library throws: it names the prop, the value and the rule, and, once it leaves
 * the construct it belongs to, that construct's path (`MyStack/Api: "throttle.rateLimit" must be ..., got -5`).
 */
export class InvalidPropError extends Error {
  /** Path of the construct whose prop breaks the rule, once known. */
  public constructPath?: string;
}

/**
 * Builds the error every validation in the library throws: it names the prop, the value and the rule. The
 * construct path is added by `withConstructPath` / `atConstructPath` of the construct that validates.
 */
export function invalidProp(prop: string, value: unknown, rule: string): InvalidPropError {
  return new InvalidPropError(`"${prop}" ${rule}, got ${formatValue(value)}`);
}

/**
 * Names the construct in a validation error that does not name one yet (the innermost construct wins); other
 * errors are returned unchanged. For `catch` blocks of constructors: `throw withConstructPath(this, e)`.
 *
 * @param scope the construct, or its path (see `childPath`, for checks that run before `super()` returns)
 */
export function withConstructPath(scope: IConstruct | string, error: unknown): unknown {
  if (error instanceof InvalidPropError && error.constructPath === undefined) {
    const path = typeof scope === 'string' ? scope : scope.node.path;
    error.constructPath = path;
    error.message = `${path}: ${error.message}`;
  }
  return error;
}

/** Runs `build`; a validation error it throws names the construct `scope` (see `withConstructPath`). */
export function atConstructPath<T>(scope: IConstruct | string, build: () => T): T {
  try {
    return build();
  } catch (e) {
    throw withConstructPath(scope, e);
  }
}

/** The path a construct with this id gets under `scope` (for checks that run before the construct exists). */
export function childPath(scope: IConstruct, id: string): string {
  return scope.node.path ? `${scope.node.path}/${id}` : id;
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

/** Throws unless `value` matches `pattern`, with `rule` as the message. Unresolved tokens and `undefined` are skipped. */
export function checkPattern(prop: string, value: string | undefined, pattern: RegExp, rule: string): void {
  if (value === undefined || Token.isUnresolved(value)) return;
  if (!pattern.test(value)) {
    throw invalidProp(prop, value, rule);
  }
}

/** Throws unless `value` is one of the members of a string enum. */
export function checkEnumValue(prop: string, value: string, members: { [key: string]: string }): void {
  const allowed = Object.values(members);
  if (!allowed.includes(value)) {
    throw invalidProp(prop, value, `must be one of ${allowed.join(', ')}`);
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
