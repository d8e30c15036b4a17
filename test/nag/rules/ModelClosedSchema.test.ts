import { CfnResource, Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-ModelClosedSchema';
const T = apigw.JsonSchemaType;

function model(stack: any, schema: apigw.JsonSchema) {
  const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false });
  api.root.addMethod('GET', new apigw.MockIntegration());
  return api.addModel('Order', { contentType: 'application/json', schema });
}

const closed: apigw.JsonSchema = {
  schema: apigw.JsonSchemaVersion.DRAFT4,
  type: T.OBJECT,
  additionalProperties: false,
  required: ['id'],
  properties: {
    id: { type: T.STRING, maxLength: 36, pattern: '^[a-f0-9-]+$' },
    status: { type: T.STRING, enum: ['NEW', 'PAID'] },
    quantity: { type: T.INTEGER, minimum: 1, maximum: 100 },
    lines: {
      type: T.ARRAY,
      maxItems: 50,
      items: { type: T.OBJECT, additionalProperties: false, properties: { sku: { type: T.STRING, maxLength: 20 } } },
    },
    note: { type: [T.STRING, T.NULL], maxLength: 200 },
  },
};

describe('ModelClosedSchema', () => {
  test('Noncompliance 1: L2 model whose root object allows additional properties', () => {
    const stack = testStack();
    model(stack, { type: T.OBJECT, properties: { id: { type: T.STRING, maxLength: 36 } } });
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Api/Order/Resource']);
  });

  test('Noncompliance 2: nested string without maxLength', () => {
    const stack = testStack();
    model(stack, { ...closed, properties: { ...closed.properties, comment: { type: T.STRING } } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: array without maxItems', () => {
    const stack = testStack();
    model(stack, { ...closed, properties: { tags: { type: T.ARRAY, items: { type: T.STRING, maxLength: 10 } } } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: open object inside array items', () => {
    const stack = testStack();
    model(stack, { ...closed, properties: { lines: { type: T.ARRAY, maxItems: 5, items: { type: T.OBJECT, properties: {} } } } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 5: raw model with a JSON string schema whose definition is open', () => {
    const stack = testStack();
    new CfnResource(stack, 'Model', {
      type: 'AWS::ApiGateway::Model',
      properties: {
        RestApiId: 'a',
        ContentType: 'application/json',
        Schema: JSON.stringify({
          type: 'object',
          additionalProperties: false,
          properties: { address: { $ref: '#/definitions/address' } },
          definitions: { address: { type: 'object', properties: { street: { type: 'string', maxLength: 80 } } } },
        }),
      },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Model']);
  });

  test('Noncompliance 6: an empty schema accepts anything', () => {
    const stack = testStack();
    new apigw.CfnModel(stack, 'Model', { restApiId: 'a', contentType: 'application/json', schema: {} });
    new apigw.CfnModel(stack, 'NoSchema', { restApiId: 'a', contentType: 'application/json' });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Model', 'Test/NoSchema']);
  });

  test('Compliance', () => {
    const stack = testStack();
    model(stack, closed);
    new CfnResource(stack, 'Model', {
      type: 'AWS::ApiGateway::Model',
      properties: {
        RestApiId: 'a',
        ContentType: 'application/json',
        Schema: JSON.stringify({
          type: 'object',
          additionalProperties: false,
          properties: { address: { $ref: '#/definitions/address' }, kind: { oneOf: [{ const: 'a' }, { const: 'b' }] } },
          definitions: { address: { type: 'object', additionalProperties: false, properties: { street: { type: 'string', maxLength: 80 } } } },
        }),
      },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    new apigw.CfnModel(stack, 'Model', {
      restApiId: 'a',
      contentType: 'application/json',
      schema: { type: 'object', additionalProperties: false, properties: { id: { type: 'string', maxLength: Fn.importValue('Max') } } },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
