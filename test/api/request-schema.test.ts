import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { canonicalJson, tightenSchema, TightenOptions } from '../../src/api/request-schema';

const S = apigw.JsonSchemaType;
const strict: TightenOptions = { route: 'POST /orders', allowUnbounded: false };

describe('tightenSchema', () => {
  test('closes objects, keeps bounds, adds the draft-4 marker and leaves the input untouched', () => {
    const input: apigw.JsonSchema = {
      type: S.OBJECT,
      required: ['name'],
      properties: {
        name: { type: S.STRING, maxLength: 50, pattern: '^[a-z]+$' },
        status: { type: S.STRING, enum: ['open', 'closed'] },
        quantity: { type: S.INTEGER, minimum: 1, maximum: 100 },
        address: { type: S.OBJECT, properties: { city: { type: S.STRING, maxLength: 20 } } },
        tags: { type: S.ARRAY, maxItems: 5, items: { type: S.STRING, maxLength: 10 } },
      },
    };
    const copy = JSON.parse(JSON.stringify(input));
    const out = tightenSchema(input, strict);
    expect(out).toMatchObject({
      schema: apigw.JsonSchemaVersion.DRAFT4,
      additionalProperties: false,
      properties: {
        address: { additionalProperties: false },
        status: { enum: ['open', 'closed'] },
      },
    });
    expect((out.properties!.status as any).maxLength).toBeUndefined();
    expect(JSON.parse(JSON.stringify(input))).toEqual(copy);
  });

  test('fills maxLength from maxStringLength where missing, keeps explicit ones', () => {
    const out = tightenSchema({
      type: S.OBJECT,
      properties: { a: { type: S.STRING }, b: { type: S.STRING, maxLength: 3 } },
    }, { ...strict, maxStringLength: 256 });
    expect(out.properties!.a.maxLength).toBe(256);
    expect(out.properties!.b.maxLength).toBe(3);
  });

  test('tightens inside arrays of objects, tuples, compositions and definitions', () => {
    const out = tightenSchema({
      type: S.OBJECT,
      properties: {
        lines: { type: S.ARRAY, maxItems: 10, items: { type: S.OBJECT, properties: { sku: { type: S.STRING, maxLength: 8 } } } },
        pair: { type: S.ARRAY, maxItems: 2, items: [{ type: S.OBJECT }, { type: S.INTEGER }] },
        either: { oneOf: [{ type: S.OBJECT }, { type: S.NULL }] },
      },
      definitions: { thing: { type: S.OBJECT } },
    }, strict);
    expect((out.properties!.lines.items as apigw.JsonSchema).additionalProperties).toBe(false);
    expect((out.properties!.pair.items as apigw.JsonSchema[])[0].additionalProperties).toBe(false);
    expect(out.properties!.either.oneOf![0].additionalProperties).toBe(false);
    expect(out.definitions!.thing.additionalProperties).toBe(false);
  });

  test('allowUnbounded accepts unbounded strings, arrays, open objects and refs', () => {
    const schema: apigw.JsonSchema = {
      type: S.OBJECT,
      additionalProperties: true,
      properties: { s: { type: S.STRING }, a: { type: S.ARRAY }, r: { ref: '#/definitions/x' }, any: {} },
    };
    expect(() => tightenSchema(schema, { ...strict, allowUnbounded: true })).not.toThrow();
    expect(tightenSchema(schema, { ...strict, allowUnbounded: true }).additionalProperties).toBe(true);
  });

  test.each<[string, apigw.JsonSchema, RegExp]>([
    ['unbounded string', { type: S.OBJECT, properties: { name: { type: S.STRING } } },
      /Route "POST \/orders": "requestSchema.properties.name.maxLength" must be set on every string without an enum/],
    ['array without maxItems', { type: S.ARRAY, items: { type: S.INTEGER } }, /"requestSchema.maxItems" must be set on every array/],
    ['array without items', { type: S.ARRAY, maxItems: 3 }, /"requestSchema.items" must describe the array elements/],
    ['open object', { type: S.OBJECT, additionalProperties: true }, /"requestSchema.additionalProperties" must be false \(a closed object\)/],
    ['object with a schema for extra properties', { type: S.OBJECT, additionalProperties: { type: S.INTEGER } }, /"requestSchema.additionalProperties" must be false/],
    ['invalid pattern', { type: S.STRING, maxLength: 5, pattern: '([a-z' }, /"requestSchema.pattern" must be a valid regular expression .*got "\(\[a-z"/],
    ['invalid patternProperties name', { type: S.OBJECT, patternProperties: { '(': { type: S.INTEGER } } }, /"requestSchema.patternProperties" must have valid regular expressions/],
    ['ref', { type: S.OBJECT, properties: { x: { ref: 'https://example.com/x' } } }, /"requestSchema.properties.x.ref" cannot be checked for bounds/],
    ['untyped value', { type: S.OBJECT, properties: { x: {} } }, /"requestSchema.properties.x" must declare a "type" or an "enum"/],
    ['minLength above maxLength', { type: S.STRING, minLength: 5, maxLength: 2 }, /"requestSchema.minLength" must not exceed "maxLength" \(2\), got 5/],
    ['minimum above maximum', { type: S.NUMBER, minimum: 5, maximum: 2 }, /"requestSchema.minimum" must not exceed "maximum"/],
    ['minItems above maxItems', { type: S.ARRAY, items: { type: S.INTEGER }, minItems: 4, maxItems: 2 }, /"requestSchema.minItems" must not exceed/],
    ['negative maxLength', { type: S.STRING, maxLength: -1 }, /"requestSchema.maxLength" must be a non-negative integer, got -1/],
    ['required property not declared', { type: S.OBJECT, required: ['id'], properties: {} }, /"requestSchema.required" must name properties listed in "properties".*got "id"/],
    ['unbounded string deep in an array', { type: S.ARRAY, maxItems: 2, items: { type: S.OBJECT, properties: { n: { type: S.STRING } } } },
      /"requestSchema.items.properties.n.maxLength" must be set/],
  ])('refuses a schema with %s', (_name, schema, message) => {
    expect(() => tightenSchema(schema, strict)).toThrow(message);
  });

  test('refuses a non-object schema', () => {
    expect(() => tightenSchema('x' as any, strict)).toThrow(/"requestSchema" must be a JSON Schema object/);
  });

  test('boundaries: equal min and max, enum strings, typed nulls pass', () => {
    expect(() => tightenSchema({ type: S.STRING, minLength: 2, maxLength: 2 }, strict)).not.toThrow();
    expect(() => tightenSchema({ type: S.STRING, enum: ['a'] }, strict)).not.toThrow();
    expect(() => tightenSchema({ enum: ['a', 1] }, strict)).not.toThrow();
    expect(() => tightenSchema({ type: [S.STRING, S.NULL], maxLength: 4 }, strict)).not.toThrow();
  });
});

describe('canonicalJson', () => {
  test('sorts keys at every level and drops undefined values', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } }))
      .toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ x: 1, y: 2 })).toBe(canonicalJson({ y: 2, x: 1 }));
  });
});
