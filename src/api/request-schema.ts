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

/**
 * Returns a tightened copy of a JSON Schema (draft 4) for an API Gateway model:
 * - objects get `additionalProperties: false` unless they set it; an open object is an error;
 * - strings without `enum` need `maxLength` (filled in from `maxStringLength` when given);
 * - arrays need `items` and `maxItems`;
 * - `pattern`s and `patternProperties` names must be valid regular expressions; min/max pairs must be ordered;
 * - `$ref`s (which cannot be checked) and schemas without type, enum or composition are errors.
 *
 * Unbounded constructs are accepted when `allowUnbounded` is set. The input is not modified.
 */
export function tightenSchema(schema: apigw.JsonSchema, options: TightenOptions): apigw.JsonSchema {
  if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) {
    throw routeError(options.route, 'requestSchema', schema, 'must be a JSON Schema object');
  }
  const tightened = walk(schema, 'requestSchema', options);
  return { schema: apigw.JsonSchemaVersion.DRAFT4, ...tightened };
}

function walk(node: apigw.JsonSchema, path: string, o: TightenOptions): apigw.JsonSchema {
  const fail = (prop: string, value: unknown, rule: string) => routeError(o.route, `${path}${prop}`, value, rule);
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
        out.additionalProperties = walk(node.additionalProperties, `${path}.additionalProperties`, o);
      }
    }
    if (node.properties) {
      out.properties = mapValues(node.properties, (k, v) => walk(v, `${path}.properties.${k}`, o));
    }
    if (node.patternProperties) {
      out.patternProperties = mapValues(node.patternProperties, (k, v) => {
        try {
          new RegExp(k);
        } catch (e) {
          throw fail('.patternProperties', k, `must have valid regular expressions as names (${(e as Error).message})`);
        }
        return walk(v, `${path}.patternProperties.${k}`, o);
      });
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
      out.items = node.items.map((item, i) => walk(item, `${path}.items[${i}]`, o));
    } else {
      out.items = walk(node.items, `${path}.items`, o);
    }
  }
  if (node.additionalItems !== undefined && typeof node.additionalItems === 'object') {
    out.additionalItems = walk(node.additionalItems, `${path}.additionalItems`, o);
  }

  // composition and definitions
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[key];
    if (list !== undefined) {
      out[key] = list.map((item, i) => walk(item, `${path}.${key}[${i}]`, o));
    }
  }
  if (node.definitions) {
    out.definitions = mapValues(node.definitions, (k, v) => walk(v, `${path}.definitions.${k}`, o));
  }
  return out as apigw.JsonSchema;
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
