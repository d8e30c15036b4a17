import { isIntrinsic, refId } from '../stack-index';

/** True for `true` or `'true'` (CloudFormation accepts both). */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** True for `false` or `'false'`. */
export function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}

/** The name of the first entry of `values` that is a CloudFormation intrinsic, or undefined. */
export function intrinsicIn(values: { [name: string]: unknown }): string | undefined {
  return Object.entries(values).find(([, v]) => isIntrinsic(v))?.[0];
}

/** `value` as an array: undefined → [], a single object → [object]. */
export function asList(value: unknown): any[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/**
 * A comparable key for a property value: literals by value, `Ref`s and `GetAtt`s by logical id, anything else
 * (imports, parameters in `Fn::If`, ...) by its JSON, so that two equal intrinsics still compare equal.
 */
export function valueKey(value: unknown): string {
  if (typeof value === 'string' || typeof value === 'number') return `lit:${value}`;
  const v = value as any;
  if (v && typeof v === 'object' && typeof v.Ref === 'string') return `ref:${v.Ref}`;
  const id = refId(value);
  if (id !== undefined) {
    const att = v['Fn::GetAtt'];
    return `att:${Array.isArray(att) ? att.join('.') : att}`;
  }
  return `x:${JSON.stringify(value)}`;
}

const OPAQUE_START = '\u27e6';
const OPAQUE_END = '\u27e7';

/**
 * Flattens a string-valued property (a literal, `Fn::Join`, `Fn::Sub`, `Ref`, `GetAtt`) into one text in which
 * references read `${LogicalId}` / `${LogicalId.Attr}` and pseudo parameters `${AWS::Region}`. Any other intrinsic
 * becomes an opaque marker (see `isOpaque`), so callers can tell "points at something else" from "cannot tell".
 */
export function flattenText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const v = value as any;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    if (typeof v.Ref === 'string') return `\${${v.Ref}}`;
    const att = v['Fn::GetAtt'];
    if (Array.isArray(att) && att.length === 2 && typeof att[0] === 'string' && typeof att[1] === 'string') {
      return `\${${att[0]}.${att[1]}}`;
    }
    if (typeof att === 'string') return `\${${att}}`;
    const join = v['Fn::Join'];
    if (Array.isArray(join) && typeof join[0] === 'string' && Array.isArray(join[1])) {
      return join[1].map(flattenText).join(join[0]);
    }
    const sub = v['Fn::Sub'];
    if (typeof sub === 'string') return sub;
    if (Array.isArray(sub) && typeof sub[0] === 'string') {
      const vars: { [name: string]: unknown } = sub[1] ?? {};
      return sub[0].replace(/\$\{([^}!]+)\}/g, (whole: string, name: string) =>
        name in vars ? flattenText(vars[name]) : whole);
    }
  }
  return `${OPAQUE_START}${encodeURIComponent(JSON.stringify(value))}${OPAQUE_END}`;
}

/** True when a text from `flattenText` contains a part that is only known at deploy time. */
export function isOpaque(text: string): boolean {
  return text.includes(OPAQUE_START);
}

/** The logical ids named as `${Id}` / `${Id.Attr}` in a text from `flattenText` (pseudo parameters excluded). */
export function namedIds(text: string): string[] {
  return [...text.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)].map((m) => m[1]);
}

/** True for the stage-wide entry of a stage's `MethodSettings` (`ResourcePath: '/*'`, `HttpMethod: '*'`). */
export function isStageWide(setting: any): boolean {
  return setting?.ResourcePath === '/*' && setting?.HttpMethod === '*';
}

/** A number from a literal number or numeric string; NaN for anything else. */
export function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '') return Number(value);
  return NaN;
}

/** Every object nested anywhere in `value` (itself included), depth first. */
export function* objectsIn(value: unknown): Generator<any> {
  if (Array.isArray(value)) {
    for (const v of value) yield* objectsIn(v);
  } else if (value !== null && typeof value === 'object') {
    yield value;
    for (const v of Object.values(value as object)) yield* objectsIn(v);
  }
}

/**
 * The keys under which other resources can name a bucket: `ref:<logicalId>` and the key of its `BucketName` (see
 * `valueKey`): `lit:<name>` for a literal, the JSON of an intrinsic (`Fn::Sub`, `Fn::Join`, a parameter `Ref`), so
 * that a policy whose `Bucket` is the same expression as the bucket's name is matched to it.
 */
export function bucketKeys(logicalId: string, props: any): string[] {
  const keys = [valueKey({ Ref: logicalId })];
  const name = props.BucketName;
  if (name !== undefined && name !== null && name !== '') keys.push(valueKey(name));
  return keys;
}

/**
 * The key of a bucket reference (`Ref`, `GetAtt` of Arn/DomainName..., a literal name, or an intrinsic that builds
 * the name, keyed by its JSON).
 */
export function bucketRefKey(value: unknown): string {
  const id = refId(value);
  return id !== undefined ? valueKey({ Ref: id }) : valueKey(value);
}

/** True when a key id, alias or ARN names an AWS-managed key (`alias/aws/<service>`), not a customer-managed one. */
export function isAwsManagedKey(value: unknown): boolean {
  return /(^|:)alias\/aws\/[a-z0-9-]+$/.test(flattenText(value));
}
