import { isIntrinsic } from '../stack-index';

/** The name a `$ref` gives a schema (its last pointer segment), or undefined for an inline schema. */
export function schemaName(schema: unknown): string | undefined {
  const ref = own(schema, '$ref');
  if (typeof ref !== 'string') return undefined;
  const segments = ref.split('/');
  return unescapeSegment(segments[segments.length - 1]);
}

/** What a local JSON pointer (`#/components/schemas/Pet`) points at in `doc`, or undefined. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const pointer = ref.slice(1);
  if (pointer === '') return doc;
  if (!pointer.startsWith('/')) return undefined;
  let current = doc;
  for (const segment of pointer.slice(1).split('/')) {
    const key = unescapeSegment(segment);
    if (Array.isArray(current)) {
      current = /^\d+$/.test(key) ? current[Number(key)] : undefined;
    } else {
      current = own(current, key);
    }
    if (current === undefined) return undefined;
  }
  return current;
}

function unescapeSegment(segment: string): string {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // a segment that is not percent-encoded is read as written
  }
  return decoded.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export function hasOwn(value: unknown, key: string): boolean {
  return isObject(value) && Object.prototype.hasOwnProperty.call(value, key);
}

/** `value[key]` when it is an own property of an object, else undefined. */
export function own(value: unknown, key: string): unknown {
  return hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** Sets an own, enumerable property, even for keys like `__proto__`. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A path key that is written like an intrinsic function (`Ref`, `Fn::...`). */
export function isIntrinsicKey(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

export function objectOrUndefined(value: unknown): { [name: string]: any } | undefined {
  return isObject(value) ? value : undefined;
}

export function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}

/** A short description of a value that is not what was expected, for `unreadable` sentences. */
export function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (isIntrinsic(value)) return `an intrinsic (${Object.keys(value as object)[0]})`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value} (${JSON.stringify(value)})`;
}
