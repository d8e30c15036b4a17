import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ChecklistArea, defineRule, RuleOutcome, unverifiable, worstOutcome } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Keywords whose value is one full sub-schema. */
const SCHEMA_KEYWORDS = ['items', 'additionalItems', 'additionalProperties', 'contains', 'propertyNames'];
/** Keywords whose value is one partial sub-schema (combined with its parent, so it may leave out `type`). */
const PARTIAL_KEYWORDS = ['not', 'if', 'then', 'else'];
/** Keywords whose value is a list of sub-schemas (`items` as a tuple is full, combinators are partial). */
const SCHEMA_LIST_KEYWORDS: { [key: string]: boolean } = { items: false, prefixItems: false, allOf: true, anyOf: true, oneOf: true };
/** Keywords whose value maps names to full sub-schemas. */
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas'];
/** Keywords that constrain a value's type or values; a full schema without any of them accepts anything. */
const CONSTRAINING = ['type', 'enum', 'const', '$ref', 'allOf', 'anyOf', 'oneOf', 'properties'];

/** The JSON types a schema node declares (`type: 'x'` or `type: ['x', 'null']`). */
function typesOf(node: any): string[] {
  if (typeof node.type === 'string') return [node.type];
  return Array.isArray(node.type) ? node.type.filter((t: unknown) => typeof t === 'string') : [];
}

/** True for a JSON object (not an array, not null). */
function isObject(value: unknown): value is { [key: string]: unknown } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * The paths of every open object, unbounded string, unbounded array and unconstrained (`{}`) sub-schema of
 * `schema`; `partial` is true for sub-schemas of combinators, which refine their parent.
 */
function openSchemaPaths(schema: unknown, path = '#', partial = false, out: string[] = []): string[] {
  if (!isObject(schema)) return out;
  const node = schema as any;
  if (typeof node.$ref === 'string') return out; // judged where it is defined
  const types = typesOf(node);
  const bounded = node.enum !== undefined || node.const !== undefined;
  if (!partial && !CONSTRAINING.some((k) => node[k] !== undefined)) {
    out.push(`${path} (accepts any value)`);
  }
  if ((types.includes('object') || (types.length === 0 && node.properties !== undefined)) && node.additionalProperties !== false && !bounded) {
    out.push(`${path} (object without additionalProperties: false)`);
  }
  if (types.includes('string') && node.maxLength === undefined && !bounded) {
    out.push(`${path} (string without maxLength or enum)`);
  }
  if (types.includes('array') && node.maxItems === undefined && !bounded) {
    out.push(`${path} (array without maxItems)`);
  }
  for (const key of SCHEMA_KEYWORDS) {
    if (isObject(node[key])) openSchemaPaths(node[key], `${path}/${key}`, false, out);
  }
  for (const key of PARTIAL_KEYWORDS) {
    if (isObject(node[key])) openSchemaPaths(node[key], `${path}/${key}`, true, out);
  }
  for (const [key, isPartial] of Object.entries(SCHEMA_LIST_KEYWORDS)) {
    if (Array.isArray(node[key])) node[key].forEach((s: unknown, i: number) => openSchemaPaths(s, `${path}/${key}/${i}`, isPartial, out));
  }
  for (const key of SCHEMA_MAP_KEYWORDS) {
    if (!isObject(node[key])) continue;
    for (const [name, sub] of Object.entries(node[key])) openSchemaPaths(sub, `${path}/${key}/${name}`, false, out);
  }
  return out;
}

/** True when an intrinsic appears anywhere inside a JSON value. */
function containsIntrinsic(value: unknown): boolean {
  if (isIntrinsic(value)) return true;
  if (value === null || typeof value !== 'object') return false;
  return Object.values(value as object).some(containsIntrinsic);
}

/**
 * API Gateway models are closed JSON Schemas: every object sets `additionalProperties: false`, every string has
 * `maxLength` (or an `enum`/`const`), every array has `maxItems` — in nested `properties`, `items`,
 * `definitions`, combinators and the like.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.INPUT_VALIDATION,
  owasp: 'API3:2023 Broken Object Property Level Authorization',
  resourceTypes: ['AWS::ApiGateway::Model', 'AWS::ApiGatewayV2::Model'],
  subject: 'operation',
  shapes: 'REST (Model resources, OpenAPI request bodies), HTTP (OpenAPI request bodies), WebSocket (Model resources)',
  info: 'The API Gateway model schema is open: an object allows additional properties, a string has no maxLength/enum or an array has no maxItems.',
  explanation:
    'Open objects let callers set properties they must not (mass assignment), and unbounded strings and arrays let them send oversized payloads to the backend.',
  cfnFix: 'In the `Schema` of the `AWS::ApiGateway::Model` (or the OpenAPI schema) set `additionalProperties: false` on every object, `maxLength` (or `enum`) on every string and `maxItems` on every array.',
  fix: 'In the model schema set `additionalProperties: false` on every object, `maxLength` (or `enum`) on every string and `maxItems` on every array.',
  check: ({ props, operation }) => {
    if (operation) return judgeOperation(operation.requestSchemas);
    return judgeSchema(props.Schema);
  },
});

/** Judges the request body schemas of an OpenAPI operation; methods and routes name models judged on their own. */
function judgeOperation(schemas: { [contentType: string]: unknown } | undefined): RuleOutcome {
  return schemas === undefined ? NagRuleCompliance.NOT_APPLICABLE : worstOutcome(Object.values(schemas).map(judgeSchema));
}

/** Judges one schema (an object, or JSON text). */
function judgeSchema(value: unknown): RuleOutcome {
  {
    let schema = value;
    if (schema === undefined || schema === null) return NagRuleCompliance.NON_COMPLIANT;
    if (typeof schema === 'string') {
      try {
        schema = JSON.parse(schema);
      } catch {
        return unverifiable('Schema is a string that is not JSON');
      }
    }
    if (containsIntrinsic(schema)) return unverifiable('Schema contains an intrinsic');
    return openSchemaPaths(schema).length === 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  }
}
