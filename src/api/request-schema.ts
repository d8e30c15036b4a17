import { Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { routeError } from './route-path';

/** How {@link tightenSchema} treats a request schema. */
export interface TightenOptions {
  /** The route, for error messages. */
  readonly route: string;
  /** `maxLength` given to strings that have none; when undefined such strings are errors. */
  readonly maxStringLength?: number;
  /** Accept unbounded strings, arrays and open objects instead of failing. */
  readonly allowUnbounded: boolean;
}

const OPT_OUT = 'set "allowUnboundedSchema: true" on the route to accept it';

/** Deepest nesting of sub-schemas a request schema may have (the root is level 0). */
export const MAX_SCHEMA_DEPTH = 32;

/**
 * Returns a tightened copy of a JSON Schema (draft 4) for an API Gateway model:
 * - objects get `additionalProperties: false` unless they set it; an open object is an error;
 * - strings without `enum` need `maxLength` (filled in from `maxStringLength` when given);
 * - arrays need `items` and `maxItems`;
 * - `patternProperties` (which admit any number of properties whose names match) are errors;
 * - `allOf` may not combine closed objects with different properties (no object could satisfy all of them);
 * - `pattern`s and `patternProperties` names must be valid regular expressions; min/max pairs must be ordered;
 * - `$ref`s (which cannot be checked) and schemas without type, enum or composition are errors;
 * - a schema that contains itself, or sub-schemas nested deeper than {@link MAX_SCHEMA_DEPTH} levels, is an error.
 *
 * Unbounded constructs are accepted when `allowUnbounded` is set. The input is not modified.
 */
export function tightenSchema(schema: apigw.JsonSchema, options: TightenOptions): apigw.JsonSchema {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw routeError(options.route, 'requestSchema', schema, 'must be a JSON Schema object');
  }
  const tightened = walk(schema, 'requestSchema', options, []);
  return { schema: apigw.JsonSchemaVersion.DRAFT4, ...tightened };
}

function walk(node: apigw.JsonSchema, path: string, o: TightenOptions, ancestors: object[]): apigw.JsonSchema {
  const fail = (prop: string, value: unknown, rule: string) => routeError(o.route, `${path}${prop}`, value, rule);
  if (node === null || typeof node !== 'object' || Array.isArray(node)) {
    throw fail('', node, 'must be a JSON Schema object');
  }
  if (ancestors.includes(node)) {
    throw fail('', '<a schema that contains it>', 'must not contain itself (JSON Schema objects cannot refer to themselves; '
      + 'use a bounded copy for each level)');
  }
  if (ancestors.length > MAX_SCHEMA_DEPTH) {
    throw fail('', `<nested ${ancestors.length} levels deep>`,
      `must not be nested more than ${MAX_SCHEMA_DEPTH} levels deep (sub-schemas inside sub-schemas)`);
  }
  const inner = [...ancestors, node];
  const sub = (child: apigw.JsonSchema, childPath: string) => walk(child, childPath, o, inner);
  const out: { [key: string]: any } = { ...node };
  const types = node.type === undefined ? [] : Array.isArray(node.type) ? node.type : [node.type];
  const hasEnum = Array.isArray(node.enum) && node.enum.length > 0;
  const composed = node.allOf !== undefined || node.anyOf !== undefined || node.oneOf !== undefined;

  if (node.ref !== undefined && !o.allowUnbounded) {
    throw fail('.ref', node.ref, `cannot be checked for bounds; inline the schema or ${OPT_OUT}`);
  }
  if (types.length === 0 && !hasEnum && !composed && node.ref === undefined
    && node.properties === undefined && node.patternProperties === undefined && node.items === undefined
    && !o.allowUnbounded) {
    throw fail('', node, `must declare a "type" or an "enum" (a schema without one accepts any value); ${OPT_OUT}`);
  }
  if (node.pattern !== undefined && !Token.isUnresolved(node.pattern)) {
    try {
      new RegExp(node.pattern);
    } catch (e) {
      throw fail('.pattern', node.pattern, `must be a valid regular expression (${(e as Error).message})`);
    }
  }
  checkOrder(fail, 'minLength', node.minLength, 'maxLength', node.maxLength);
  checkOrder(fail, 'minItems', node.minItems, 'maxItems', node.maxItems);
  checkOrder(fail, 'minimum', node.minimum, 'maximum', node.maximum);
  checkOrder(fail, 'minProperties', node.minProperties, 'maxProperties', node.maxProperties);

  // strings
  if (types.includes(apigw.JsonSchemaType.STRING) && !hasEnum) {
    if (node.maxLength === undefined) {
      if (o.maxStringLength !== undefined) {
        out.maxLength = o.maxStringLength;
      } else if (!o.allowUnbounded) {
        throw fail('.maxLength', undefined,
          `must be set on every string without an enum (or set "maxStringLength" on the API); ${OPT_OUT}`);
      }
    } else if (!Token.isUnresolved(node.maxLength) && (!Number.isInteger(node.maxLength) || node.maxLength < 0)) {
      throw fail('.maxLength', node.maxLength, 'must be a non-negative integer');
    }
  }

  // objects
  const isObject = types.includes(apigw.JsonSchemaType.OBJECT)
    || (types.length === 0 && (node.properties !== undefined || node.patternProperties !== undefined));
  if (isObject) {
    if (node.additionalProperties === undefined) {
      out.additionalProperties = false;
    } else if (node.additionalProperties !== false) {
      if (!o.allowUnbounded) {
        throw fail('.additionalProperties', node.additionalProperties,
          `must be false (a closed object); ${OPT_OUT}`);
      }
      if (typeof node.additionalProperties === 'object') {
        out.additionalProperties = sub(node.additionalProperties, `${path}.additionalProperties`);
      }
    }
    if (node.properties) {
      out.properties = mapValues(node.properties, (k, v) => sub(v, `${path}.properties.${k}`));
    }
    if (node.patternProperties) {
      out.patternProperties = mapValues(node.patternProperties, (k, v) => {
        try {
          new RegExp(k);
        } catch (e) {
          throw fail('.patternProperties', k, `must have valid regular expressions as names (${(e as Error).message})`);
        }
        return sub(v, `${path}.patternProperties.${k}`);
      });
      if (!o.allowUnbounded) {
        throw fail('.patternProperties', Object.keys(node.patternProperties),
          `must not be used: it admits any number of properties whose names match, so the object stays open; list the properties in "properties" or ${OPT_OUT}`);
      }
    }
    if (Array.isArray(node.required) && out.additionalProperties === false && !node.patternProperties) {
      for (const name of node.required) {
        if (!Token.isUnresolved(name) && !(node.properties && name in node.properties)) {
          throw fail('.required', name, 'must name properties listed in "properties" (the object is closed)');
        }
      }
    }
  }

  // arrays
  const isArray = types.includes(apigw.JsonSchemaType.ARRAY) || (types.length === 0 && node.items !== undefined);
  if (isArray) {
    if (node.maxItems === undefined && !o.allowUnbounded) {
      throw fail('.maxItems', undefined, `must be set on every array; ${OPT_OUT}`);
    }
    if (node.maxItems !== undefined && !Token.isUnresolved(node.maxItems)
      && (!Number.isInteger(node.maxItems) || node.maxItems < 0)) {
      throw fail('.maxItems', node.maxItems, 'must be a non-negative integer');
    }
    if (node.items === undefined) {
      if (!o.allowUnbounded) {
        throw fail('.items', undefined, `must describe the array elements; ${OPT_OUT}`);
      }
    } else if (Array.isArray(node.items)) {
      out.items = node.items.map((item, i) => sub(item, `${path}.items[${i}]`));
    } else {
      out.items = sub(node.items, `${path}.items`);
    }
  }
  if (node.additionalItems !== undefined && typeof node.additionalItems === 'object') {
    out.additionalItems = sub(node.additionalItems, `${path}.additionalItems`);
  }

  // composition and definitions
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[key];
    if (list !== undefined) {
      if (!Array.isArray(list)) throw fail(`.${key}`, list, 'must be a list of schemas');
      out[key] = list.map((item, i) => sub(item, `${path}.${key}[${i}]`));
    }
  }
  if (out.allOf !== undefined) checkAllOfSatisfiable(fail, out, isObject);
  if (node.definitions) {
    out.definitions = mapValues(node.definitions, (k, v) => sub(v, `${path}.definitions.${k}`));
  }
  return out as apigw.JsonSchema;
}

/** The property names of a closed object schema (`additionalProperties: false`, no `patternProperties`). */
function closedProperties(schema: apigw.JsonSchema): string[] | undefined {
  if (schema.additionalProperties !== false || schema.patternProperties !== undefined) return undefined;
  return Object.keys(schema.properties ?? {}).sort();
}

/**
 * `allOf` requires a value to match every member. Closed objects with different property lists cannot all match one
 * object (each refuses the properties only the others declare), so such a schema would reject every request.
 */
function checkAllOfSatisfiable(
  fail: (prop: string, value: unknown, rule: string) => Error,
  tightened: apigw.JsonSchema, parentIsObject: boolean,
): void {
  const closed: Array<[string, string[]]> = [];
  const own = parentIsObject ? closedProperties(tightened) : undefined;
  if (own !== undefined) closed.push(['the schema itself', own]);
  tightened.allOf!.forEach((member, i) => {
    const names = closedProperties(member);
    if (names !== undefined) closed.push([`allOf[${i}]`, names]);
  });
  for (const [where, names] of closed.slice(1)) {
    const [firstWhere, firstNames] = closed[0];
    if (names.join('\u0000') !== firstNames.join('\u0000')) {
      throw fail('.allOf', { [firstWhere]: firstNames, [where]: names },
        'must not combine closed objects with different properties (each refuses the properties only the others '
        + 'declare, so no request could match); merge them into one object schema');
    }
  }
}

function checkOrder(
  fail: (prop: string, value: unknown, rule: string) => Error,
  minName: string, min: number | undefined, maxName: string, max: number | undefined,
): void {
  if (min === undefined || max === undefined || Token.isUnresolved(min) || Token.isUnresolved(max)) return;
  if (min > max) {
    throw fail(`.${minName}`, min, `must not exceed "${maxName}" (${max})`);
  }
}

function mapValues<T>(obj: { [key: string]: T }, fn: (key: string, value: T) => T): { [key: string]: T } {
  const out: { [key: string]: T } = {};
  for (const [k, v] of Object.entries(obj)) out[k] = fn(k, v);
  return out;
}

/** JSON text of `value` with object keys sorted at every level, so equal schemas give equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: unknown } = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as { [key: string]: unknown })[key];
      if (v !== undefined) out[key] = sortKeys(v);
    }
    return out;
  }
  return value;
}
