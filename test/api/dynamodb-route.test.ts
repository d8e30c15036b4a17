import { Match } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  DynamoDbAction, DynamoDbAttributeType, DynamoDbRouteOptions, DynamoDbValue, SecureRestApi, SecureRestApiProps,
} from '../../src/api';
import { dynamoDbTemplates } from '../../src/api/dynamodb-route';
import { OAuthResourceServer } from '../../src/auth';
import { EncryptedTable } from '../../src/encryption';
import { ApiBaselineChecks } from '../../src/nag';
import { findings, templateOf, testStack } from '../util';

const S = apigw.JsonSchemaType;

// ---------------------------------------------------------------------------------------------------------------
// A tiny evaluator for the mapping templates: it knows only the expressions the library emits, and proves that
// nothing else in the template would be evaluated by API Gateway.

/** `$util.escapeJavaScript` as API Gateway implements it (Apache Commons Lang `StringEscapeUtils.escapeJavaScript`). */
function escapeJavaScript(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    const units = code > 0xffff ? ch.split('').map((c) => c.charCodeAt(0)) : [code]; // UTF-16 surrogate pair
    for (const u of units) {
      if (u > 0x7f) out += `\\u${u.toString(16).toUpperCase().padStart(4, '0')}`;
      else if (u === 0x08) out += '\\b';
      else if (u === 0x0a) out += '\\n';
      else if (u === 0x09) out += '\\t';
      else if (u === 0x0c) out += '\\f';
      else if (u === 0x0d) out += '\\r';
      else if (u < 0x20) out += `\\u${u.toString(16).toUpperCase().padStart(4, '0')}`;
      else if (ch === "'") out += "\\'";
      else if (ch === '"') out += '\\"';
      else if (ch === '\\') out += '\\\\';
      else if (ch === '/') out += '\\/';
      else out += ch;
    }
  }
  return out;
}

const EXPRESSION = /\$util\.escapeJavaScript\((\$input\.params\('([^']+)'\)|\$input\.path\('\$\.([^']+)'\)|\$input\.json\('\$\.([^']+)'\)|\$context\.requestId)\)\.replaceAll\("\\\\'","'"\)/g;

interface FakeRequest { params?: { [name: string]: string }; body?: { [field: string]: unknown }; requestId?: string }

function render(template: string, request: FakeRequest): string {
  // `#k` is the literal expression-attribute placeholder (not a VTL directive, so rendered as is)
  const rest = template.replace(EXPRESSION, '').replace(/\(#k\)|"#k"/g, '');
  if (/[$#]/.test(rest)) throw new Error(`template has expressions the evaluator does not know: ${rest}`);
  return template.replace(EXPRESSION, (_m, _e, param?: string, pathField?: string, jsonField?: string) => {
    let raw: string;
    if (param !== undefined) raw = request.params?.[param] ?? '';
    else if (pathField !== undefined) raw = String(request.body?.[pathField] ?? '');
    else if (jsonField !== undefined) raw = JSON.stringify(request.body?.[jsonField] ?? '');
    else raw = request.requestId ?? 'req-1';
    return escapeJavaScript(raw).split("\\'").join("'");
  });
}

const HOSTILE = [
  '"}',
  '"},"TableName":"other',
  '\\',
  '\\"',
  "'",
  "\\'",
  '#set($x = "pwned")',
  '$util.escapeJavaScript("x")',
  '$input.params()',
  '${context.requestId}',
  'line1\nline2\r\n\ttab',
  '\u0000\u001f',
  '</script><script>alert(1)</script>',
  'ünïcødé 😀',
];

// ---------------------------------------------------------------------------------------------------------------

const lean: SecureRestApiProps = { disableFirewall: true, disableAlarms: true };
const ORDER: apigw.JsonSchema = {
  type: S.OBJECT,
  required: ['customer'],
  properties: { customer: { type: S.STRING, maxLength: 200 }, quantity: { type: S.INTEGER, minimum: 1, maximum: 99 } },
};

function fixture(props: SecureRestApiProps = lean) {
  const stack = testStack();
  const api = new SecureRestApi(stack, 'Api', props);
  const orders: OAuthResourceServer = api.userPool.addResourceServer('orders', { scopes: { read: 'Read', write: 'Write' } });
  const table = new EncryptedTable(stack, 'Orders', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });
  return { stack, api, orders, table };
}

function putOptions(table: dynamodb.ITable, scopes: any[]): DynamoDbRouteOptions {
  return {
    table,
    action: DynamoDbAction.PUT_ITEM,
    scopes,
    requestSchema: ORDER,
    key: { id: DynamoDbValue.requestId() },
    attributes: {
      customer: DynamoDbValue.fromBody('customer'),
      quantity: DynamoDbValue.fromBody('quantity', DynamoDbAttributeType.NUMBER),
    },
  };
}

describe('DynamoDB route templates', () => {
  const table = { tableName: 'orders' } as dynamodb.ITable;

  test('GetItem: consistent read of the key from the path, every value escaped', () => {
    const t = dynamoDbTemplates('orders', { table, action: DynamoDbAction.GET_ITEM, key: { id: DynamoDbValue.fromPathParameter('id') } });
    expect(t.requestTemplate).toBe(
      '{"TableName":"orders","Key":{"id":{"S":"$util.escapeJavaScript($input.params(\'id\')).replaceAll("\\\\\'","\'")"}},"ConsistentRead":true}',
    );
    expect(t.iamActions).toEqual(['dynamodb:GetItem']);
    expect(t.okTemplate).toContain('#set($context.responseOverride.status = 404)');
  });

  test('every caller-supplied expression in a template is wrapped in escapeJavaScript', () => {
    const templates = [
      dynamoDbTemplates('orders', putOptions(table, [])).requestTemplate,
      dynamoDbTemplates('orders', { table, action: DynamoDbAction.DELETE_ITEM, key: { id: DynamoDbValue.fromQueryString('id'), n: DynamoDbValue.fromPathParameter('n', DynamoDbAttributeType.NUMBER) } }).requestTemplate,
    ];
    for (const text of templates) {
      const references = text.match(/\$(input|context)\.[^)]*\)?/g) ?? [];
      const wrapped = text.match(/\$util\.escapeJavaScript\(\$(input|context)\./g) ?? [];
      expect(references.length).toBeGreaterThan(0);
      expect(wrapped.length).toBe(references.length);
      expect(() => render(text, {})).not.toThrow();
    }
  });

  test.each(HOSTILE.map((h) => [JSON.stringify(h), h]))('a hostile value %s stays inside its JSON string (PutItem)', (_label, hostile) => {
    const text = dynamoDbTemplates('orders', putOptions(table, [])).requestTemplate;
    const rendered = render(text, { body: { customer: hostile, quantity: hostile }, requestId: hostile });
    const parsed = JSON.parse(rendered);
    expect(parsed.TableName).toBe('orders');
    expect(parsed.Item.customer).toEqual({ S: hostile });
    expect(parsed.Item.id).toEqual({ S: hostile });
    expect(parsed.Item.quantity).toEqual({ N: JSON.stringify(hostile) });
    expect(parsed.ConditionExpression).toBe('attribute_not_exists(#k)');
    expect(Object.keys(parsed).sort()).toEqual(['ConditionExpression', 'ExpressionAttributeNames', 'Item', 'TableName']);
    expect(Object.keys(parsed.Item).sort()).toEqual(['customer', 'id', 'quantity']);
  });

  test.each(HOSTILE.map((h) => [JSON.stringify(h), h]))('a hostile path parameter %s stays inside its JSON string (GetItem)', (_label, hostile) => {
    const text = dynamoDbTemplates('orders', { table, action: DynamoDbAction.GET_ITEM, key: { id: DynamoDbValue.fromPathParameter('id') } }).requestTemplate;
    const parsed = JSON.parse(render(text, { params: { id: hostile } }));
    expect(parsed).toEqual({ TableName: 'orders', Key: { id: { S: hostile } }, ConsistentRead: true });
  });

  test('allowOverwrite drops the condition; numbers from the body are read as JSON', () => {
    const t = dynamoDbTemplates('orders', { ...putOptions(table, []), allowOverwrite: true });
    expect(t.requestTemplate).not.toContain('ConditionExpression');
    expect(t.requestTemplate).toContain('"quantity":{"N":"$util.escapeJavaScript($input.json(\'$.quantity\'))');
    expect(JSON.parse(render(t.requestTemplate, { body: { customer: 'a', quantity: 3 } })).Item.quantity).toEqual({ N: '3' });
  });
});

describe('SecureRestApi.addDynamoDbRoute', () => {
  test('a direct AWS integration with a least-privilege role per table, and the table key granted', () => {
    const f = fixture();
    f.api.addDynamoDbRoute('GET /orders/{id}', {
      table: f.table, action: DynamoDbAction.GET_ITEM, scopes: [f.orders.scope('read')], key: { id: DynamoDbValue.fromPathParameter('id') },
    });
    f.api.addDynamoDbRoute('POST /orders', putOptions(f.table, [f.orders.scope('write')]));
    f.api.addDynamoDbRoute('DELETE /orders/{id}', {
      table: f.table, action: DynamoDbAction.DELETE_ITEM, scopes: [f.orders.scope('write')], key: { id: DynamoDbValue.fromPathParameter('id') },
    });
    const t = templateOf(f.stack);
    t.resourceCountIs('AWS::IAM::Role', 2); // the CloudWatch role and one DynamoDB role
    t.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'apigateway.amazonaws.com' } })] },
    });
    const policies = Object.values(t.findResources('AWS::IAM::Policy'));
    const statements = policies.flatMap((p: any) => p.Properties.PolicyDocument.Statement);
    const actions = statements.flatMap((s: any) => [].concat(s.Action));
    expect(actions.sort()).toEqual([
      'dynamodb:DeleteItem', 'dynamodb:GetItem', 'dynamodb:PutItem',
      'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey',
    ]);
    for (const s of statements) {
      expect(JSON.stringify(s.Resource)).not.toContain('*');
    }
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      AuthorizationScopes: ['orders/read'],
      Integration: {
        Type: 'AWS',
        IntegrationHttpMethod: 'POST',
        PassthroughBehavior: 'NEVER',
        Uri: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp(':apigateway:us-east-1:dynamodb:action/GetItem$')])] },
        Credentials: { 'Fn::GetAtt': [Match.stringLikeRegexp('ApiDynamoDbRole'), 'Arn'] },
        RequestTemplates: {
          'application/json': { 'Fn::Join': ['', ['{"TableName":"', { Ref: Match.stringLikeRegexp('^Orders') }, Match.stringLikeRegexp('escapeJavaScript')]] },
        },
        IntegrationResponses: Match.arrayWith([
          Match.objectLike({ StatusCode: '400', SelectionPattern: '4\\d{2}' }),
          Match.objectLike({ StatusCode: '500', SelectionPattern: '5\\d{2}', ResponseTemplates: { 'application/json': '{"message":"Internal server error","requestId":"$context.requestId"}' } }),
        ]),
      },
      MethodResponses: Match.arrayWith([Match.objectLike({ StatusCode: '404' })]),
    });
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      RequestModels: { 'application/json': Match.anyValue() },
    });
  });

  test('query-string values are declared as required parameters', () => {
    const f = fixture();
    f.api.addDynamoDbRoute('GET /lookup', {
      table: f.table, action: DynamoDbAction.GET_ITEM, scopes: [f.orders.scope('read')], key: { id: DynamoDbValue.fromQueryString('id') },
    });
    templateOf(f.stack).hasResourceProperties('AWS::ApiGateway::Method', {
      RequestParameters: { 'method.request.querystring.id': true },
    });
  });

  test('a default API with DynamoDB routes has zero AwsSolutions and ApiBaseline findings', () => {
    const f = fixture({});
    f.api.addDynamoDbRoute('GET /orders/{id}', {
      table: f.table, action: DynamoDbAction.GET_ITEM, scopes: [f.orders.scope('read')], key: { id: DynamoDbValue.fromPathParameter('id') },
    });
    f.api.addDynamoDbRoute('POST /orders', putOptions(f.table, [f.orders.scope('write')]));
    expect(findings(new AwsSolutionsChecks(), f.stack)).toEqual({});
    expect(findings(new ApiBaselineChecks(), f.stack)).toEqual({});
  });

  test.each<[string, string, (t: dynamodb.ITable) => any, RegExp]>([
    ['attributes on GetItem', 'GET /orders/{id}', (table) => ({ table, action: DynamoDbAction.GET_ITEM, key: { id: DynamoDbValue.fromPathParameter('id') }, attributes: { a: DynamoDbValue.fromPathParameter('id') } }),
      /Route "GET \/orders\/\{id\}": "attributes" must only be set for PUT_ITEM/],
    ['a path value not in the route', 'GET /orders', (table) => ({ table, action: DynamoDbAction.GET_ITEM, key: { id: DynamoDbValue.fromPathParameter('id') } }),
      /Route "GET \/orders": "key.id" must name a path parameter of the route \(none\), got "id"/],
    ['a body value without schema', 'POST /orders', (table) => ({ table, action: DynamoDbAction.PUT_ITEM, key: { id: DynamoDbValue.fromBody('id') } }),
      /Route "POST \/orders": "key.id" reads the request body, so the route needs a "requestSchema"/],
    ['an empty key', 'GET /orders/{id}', (table) => ({ table, action: DynamoDbAction.GET_ITEM, key: {} }),
      /Route "GET \/orders\/\{id\}": "key" must map the partition key/],
    ['an unknown action', 'GET /orders/{id}', (table) => ({ table, action: 'Scan', key: { id: DynamoDbValue.fromPathParameter('id') } }),
      /Route "GET \/orders\/\{id\}": "action" must be one of GetItem, PutItem, DeleteItem, got "Scan"/],
    ['a key attribute repeated in attributes', 'POST /orders/{id}', (table) => ({ table, action: DynamoDbAction.PUT_ITEM, key: { id: DynamoDbValue.fromPathParameter('id') }, attributes: { id: DynamoDbValue.requestId() } }),
      /"attributes" must not repeat a key attribute/],
    ['a malformed body field', 'POST /orders', (table) => ({ table, action: DynamoDbAction.PUT_ITEM, requestSchema: ORDER, key: { id: DynamoDbValue.fromBody("x') + ('") } }),
      /Route "POST \/orders": "key.id" must name a parameter or field/],
    ['a malformed parameter name', 'GET /orders', (table) => ({ table, action: DynamoDbAction.GET_ITEM, key: { id: DynamoDbValue.fromQueryString("a'b") } }),
      /"key.id" must name a parameter or field/],
    ['a value that is not a DynamoDbValue', 'GET /orders', (table) => ({ table, action: DynamoDbAction.GET_ITEM, key: { id: 'id' } }),
      /"key.id" must be a DynamoDbValue/],
    ['no table', 'GET /orders', () => ({ action: DynamoDbAction.GET_ITEM, key: { id: DynamoDbValue.requestId() } }),
      /Route "GET \/orders": "table" must be set/],
  ])('refuses %s', (_name, route, options, message) => {
    const f = fixture();
    expect(() => f.api.addDynamoDbRoute(route, { scopes: [f.orders.scope('read')], ...options(f.table) })).toThrow(message);
  });

  test('a duplicate route is refused', () => {
    const f = fixture();
    const opts = { table: f.table, action: DynamoDbAction.GET_ITEM, scopes: [f.orders.scope('read')], key: { id: DynamoDbValue.fromPathParameter('id') } };
    f.api.addDynamoDbRoute('GET /orders/{id}', opts);
    expect(() => f.api.addDynamoDbRoute('GET /orders/{id}', opts)).toThrow(/Route "GET \/orders\/\{id\}": "route" must be unique/);
  });
});
