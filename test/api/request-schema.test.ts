import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { canonicalJson, MAX_SCHEMA_DEPTH, tightenSchema, TightenOptions } from '../../src/api/request-schema';

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

  test('refuses patternProperties, which keep an object open to any matching name, unless unbounded schemas are allowed', () => {
    const schema: apigw.JsonSchema = {
      type: S.OBJECT,
      properties: { id: { type: S.STRING, maxLength: 8 } },
      patternProperties: { '^x-': { type: S.STRING, maxLength: 20 } },
    };
    expect(() => tightenSchema(schema, strict)).toThrow(
      /Route "POST \/orders": "requestSchema.patternProperties" must not be used: it admits any number of properties whose names match.*"allowUnboundedSchema: true".*got \["\^x-"\]/);
    // deep inside the schema too
    expect(() => tightenSchema({ type: S.ARRAY, maxItems: 1, items: schema }, strict)).toThrow(/"requestSchema.items.patternProperties" must not be used/);
    const out = tightenSchema(schema, { ...strict, allowUnbounded: true });
    expect(out.patternProperties).toEqual({ '^x-': { type: S.STRING, maxLength: 20 } });
    expect(() => tightenSchema({ type: S.OBJECT, properties: { id: { type: S.STRING, maxLength: 8 } } }, strict)).not.toThrow();
  });

  test('refuses allOf over closed objects with different properties (no request could match)', () => {
    const a: apigw.JsonSchema = { type: S.OBJECT, properties: { id: { type: S.STRING, maxLength: 8 } } };
    const b: apigw.JsonSchema = { type: S.OBJECT, properties: { qty: { type: S.INTEGER } } };
    expect(() => tightenSchema({ allOf: [a, b] }, strict)).toThrow(
      /"requestSchema.allOf" must not combine closed objects with different properties .*merge them into one object schema, got \{"allOf\[0\]":\["id"\],"allOf\[1\]":\["qty"\]\}/);
    // the schema's own closed properties count too
    expect(() => tightenSchema({ ...a, allOf: [b] }, strict)).toThrow(/"requestSchema.allOf" must not combine closed objects/);
    // at the boundary: objects with the same property list, or members that are not objects, are satisfiable
    expect(() => tightenSchema({ allOf: [a, { ...a, required: ['id'] }] }, strict)).not.toThrow();
    expect(() => tightenSchema({ allOf: [a, { ...a, minProperties: 1 }] }, strict)).not.toThrow();
    const short: apigw.JsonSchema = { type: S.STRING, maxLength: 9 };
    expect(() => tightenSchema({ allOf: [short, { ...short, pattern: '^a' }] }, strict)).not.toThrow();
    // open members (allowed with allowUnboundedSchema) do not conflict
    const open = { ...strict, allowUnbounded: true };
    expect(() => tightenSchema({ allOf: [{ ...a, additionalProperties: true }, { ...b, additionalProperties: true }] }, open)).not.toThrow();
    expect(() => tightenSchema({ anyOf: [a, b] }, strict)).not.toThrow();
  });

  test('refuses a schema that contains itself with a clear error instead of a RangeError', () => {
    const node: any = { type: S.OBJECT, properties: {} };
    node.properties.child = node;
    let error: unknown;
    try {
      tightenSchema(node, strict);
    } catch (e) {
      error = e;
    }
    expect(error).not.toBeInstanceOf(RangeError);
    expect((error as Error).message).toMatch(
      /^Route "POST \/orders": "requestSchema.properties.child" must not contain itself .*got "<a schema that contains it>"$/);
    const list: any = { type: S.ARRAY, maxItems: 2 };
    list.items = { anyOf: [list] };
    expect(() => tightenSchema(list, strict)).toThrow(/"requestSchema.items.anyOf\[0\]" must not contain itself/);
    // a sub-schema used twice (not inside itself) is fine
    const shared: apigw.JsonSchema = { type: S.STRING, maxLength: 4 };
    expect(() => tightenSchema({ type: S.OBJECT, properties: { a: shared, b: shared } }, strict)).not.toThrow();
  });

  test(`refuses schemas nested more than ${MAX_SCHEMA_DEPTH} levels deep, naming the route and the limit`, () => {
    const nested = (levels: number): apigw.JsonSchema => {
      let schema: apigw.JsonSchema = { type: S.INTEGER };
      for (let i = 0; i < levels; i++) schema = { type: S.OBJECT, properties: { n: schema } };
      return schema;
    };
    expect(MAX_SCHEMA_DEPTH).toBe(32);
    expect(() => tightenSchema(nested(32), strict)).not.toThrow();
    expect(() => tightenSchema(nested(33), strict)).toThrow(
      /^Route "POST \/orders": "requestSchema(\.properties\.n){33}" must not be nested more than 32 levels deep .*got "<nested 33 levels deep>"$/);
    expect(() => tightenSchema(nested(100_000), strict)).toThrow(/must not be nested more than 32 levels deep/);
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
