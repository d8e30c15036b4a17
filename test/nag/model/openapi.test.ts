import { readOpenApi } from '../../../src/nag/model/openapi';
import { ModelOperation, OpenApiDocument } from '../../../src/nag/model/types';
import { ResourceView } from '../../../src/nag/stack-index';
import { jwtScheme } from '../fixtures/authorizers';

const holder: ResourceView = { logicalId: 'Api', type: 'AWS::ApiGateway::RestApi', props: {} };
const httpHolder: ResourceView = { logicalId: 'HttpApi', type: 'AWS::ApiGatewayV2::Api', props: {} };

const mock = { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' } };

/** An OpenAPI 3 document with the given paths and extra top-level fields. */
function oas3(paths: any, extra: any = {}): any {
  return { openapi: '3.0.1', info: { title: 't', version: '1' }, paths, ...extra };
}

/** A Swagger 2 document with the given paths and extra top-level fields. */
function swagger(paths: any, extra: any = {}): any {
  return { swagger: '2.0', info: { title: 't', version: '1' }, paths, ...extra };
}

function rest(body: unknown): OpenApiDocument {
  return readOpenApi(body, 'REST', holder, 'Api');
}

function op(doc: OpenApiDocument, label: string): ModelOperation {
  const found = doc.operations.find((o) => o.label === label);
  if (!found) throw new Error(`no operation ${label} in ${doc.operations.map((o) => o.label).join(', ')}`);
  return found;
}

const cognitoScheme = {
  'type': 'apiKey',
  'name': 'Authorization',
  'in': 'header',
  'x-amazon-apigateway-authtype': 'cognito_user_pools',
  'x-amazon-apigateway-authorizer': {
    type: 'cognito_user_pools',
    providerARNs: [{ 'Fn::GetAtt': ['Pool', 'Arn'] }],
  },
};
const iamScheme = { 'type': 'apiKey', 'name': 'Authorization', 'in': 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };
const tokenScheme = {
  'type': 'apiKey',
  'name': 'Auth',
  'in': 'header',
  'x-amazon-apigateway-authtype': 'custom',
  'x-amazon-apigateway-authorizer': {
    type: 'token',
    authorizerUri: { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations' },
    authorizerResultTtlInSeconds: 300,
    identityValidationExpression: '^Bearer .+$',
  },
};
const requestScheme = {
  'type': 'apiKey',
  'name': 'Unused',
  'in': 'header',
  'x-amazon-apigateway-authtype': 'custom',
  'x-amazon-apigateway-authorizer': {
    type: 'request',
    identitySource: 'method.request.header.Auth, method.request.querystring.q',
    authorizerUri: { 'Fn::Sub': 'arn:${Fn.Arn}' },
  },
};
const apiKeyScheme = { type: 'apiKey', name: 'x-api-key', in: 'header' };

describe('readOpenApi', () => {
  describe('documents it cannot read', () => {
    test('a string that is JSON is parsed', () => {
      const doc = rest(JSON.stringify(oas3({ '/pets': { get: { 'x-amazon-apigateway-integration': mock } } })));
      expect(doc.unreadable).toEqual([]);
      expect(doc.operations.map((o) => o.label)).toEqual(['GET /pets']);
    });

    test('a string that is not JSON is unreadable', () => {
      const doc = rest('openapi: 3.0.1\npaths: {}');
      expect(doc.operations).toEqual([]);
      expect(doc.unreadable).toEqual(['the Body is a string that is not JSON']);
    });

    test('an intrinsic Body is unreadable and named', () => {
      const doc = rest({ 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/api.yaml' } } });
      expect(doc.operations).toEqual([]);
      expect(doc.unreadable).toHaveLength(1);
      expect(doc.unreadable[0]).toMatch(/intrinsic \(Fn::Transform\)/);
    });

    test('a document without paths is unreadable', () => {
      const doc = rest({ openapi: '3.0.1', info: { title: 't', version: '1' } });
      expect(doc.unreadable).toEqual(['the document has no paths']);
    });

    test('paths that are an intrinsic are unreadable', () => {
      const doc = rest(oas3({ 'Fn::If': ['Cond', { '/a': { get: {} } }, {}] }));
      expect(doc.operations).toEqual([]);
      expect(doc.unreadable[0]).toMatch(/paths are an intrinsic \(Fn::If\)/);
    });

    test('empty paths are zero operations and nothing unreadable', () => {
      const doc = rest(oas3({}));
      expect(doc.operations).toEqual([]);
      expect(doc.unreadable).toEqual([]);
    });

    test('a body that is neither an object nor a string is unreadable', () => {
      expect(rest(42).unreadable[0]).toMatch(/number/);
      expect(rest(null).unreadable[0]).toMatch(/null/);
    });

    test('intrinsic path keys, path items and operations are unreadable, the rest is read', () => {
      const doc = rest(oas3({
        '/ok': { get: {} },
        'Fn::Sub': { get: {} },
        '/item': { 'Fn::If': ['C', { get: {} }, {}] },
        '/op': { get: { 'Fn::If': ['C', {}, {}] }, post: {} },
      }));
      expect(doc.operations.map((o) => o.label).sort()).toEqual(['GET /ok', 'POST /op']);
      expect(doc.unreadable).toHaveLength(3);
      expect(doc.unreadable.join('\n')).toMatch(/"Fn::Sub" is an intrinsic/);
      expect(doc.unreadable.join('\n')).toMatch(/path "\/item" is an intrinsic/);
      expect(doc.unreadable.join('\n')).toMatch(/operation GET \/op is an intrinsic/);
    });
  });

  describe('operations', () => {
    test('labels, methods, kind, api and holder; non-method keys are ignored', () => {
      const doc = rest(oas3({
        '/pets/{id}': {
          'summary': 'a pet',
          'servers': [{ url: 'https://x' }],
          'parameters': [{ name: 'id', in: 'path', required: true }],
          'x-other': { get: {} },
          'get': {},
          'delete': {},
          'x-amazon-apigateway-any-method': {},
        },
        'x-amazon-apigateway-ignored': {},
      }));
      expect(doc.operations.map((o) => o.label).sort()).toEqual(['ANY /pets/{id}', 'DELETE /pets/{id}', 'GET /pets/{id}']);
      const any = op(doc, 'ANY /pets/{id}');
      expect(any.props.HttpMethod).toBe('ANY');
      expect(any.kind).toBe('REST');
      expect(any.api).toBe('Api');
      expect(any.holder).toBe(holder);
    });

    test('prototype-named paths are read like any other', () => {
      const doc = rest(JSON.parse('{"openapi":"3.0.1","paths":{"/constructor":{"get":{}},"__proto__":{"post":{}},"toString":{"put":{}}}}'));
      expect(doc.operations.map((o) => o.label).sort()).toEqual(['GET /constructor', 'POST __proto__', 'PUT toString']);
      expect(doc.unreadable).toEqual([]);
    });

    test('a path item given by a local $ref is followed', () => {
      const doc = rest(oas3({ '/a': { get: {} }, '/b': { $ref: '#/paths/~1a' } }));
      expect(doc.operations.map((o) => o.label).sort()).toEqual(['GET /a', 'GET /b']);
    });
  });

  describe('security', () => {
    test('no security anywhere is NONE without an API key', () => {
      const o = op(rest(oas3({ '/a': { get: {} } })), 'GET /a');
      expect(o.props.AuthorizationType).toBe('NONE');
      expect(o.props.ApiKeyRequired).toBe(false);
      expect(o.unreadable).toBeUndefined();
    });

    test('global security applies; operation security overrides it; security: [] means none (OAS3)', () => {
      const doc = rest(oas3({
        '/global': { get: {} },
        '/iam': { get: { security: [{ sigv4: [] }] } },
        '/open': { get: { security: [] } },
      }, {
        security: [{ cognito: ['pets/read'] }],
        components: { securitySchemes: { cognito: cognitoScheme, sigv4: iamScheme } },
      }));
      const global = op(doc, 'GET /global');
      expect(global.props.AuthorizationType).toBe('COGNITO_USER_POOLS');
      expect(global.props.AuthorizationScopes).toEqual(['pets/read']);
      expect(global.props.AuthorizerId).toBe('cognito');
      const iam = op(doc, 'GET /iam');
      expect(iam.props.AuthorizationType).toBe('AWS_IAM');
      expect(iam.props.AuthorizerId).toBeUndefined();
      expect(iam.props.AuthorizationScopes).toBeUndefined();
      expect(op(doc, 'GET /open').props.AuthorizationType).toBe('NONE');
    });

    test('Swagger 2 securityDefinitions with Cognito without scopes', () => {
      const o = op(rest(swagger({ '/a': { get: { security: [{ pool: [] }] } } }, {
        securityDefinitions: { pool: cognitoScheme },
      })), 'GET /a');
      expect(o.props.AuthorizationType).toBe('COGNITO_USER_POOLS');
      expect(o.props.AuthorizationScopes).toBeUndefined();
    });

    test('Cognito by x-amazon-apigateway-authtype alone', () => {
      const scheme = { 'type': 'apiKey', 'name': 'Authorization', 'in': 'header', 'x-amazon-apigateway-authtype': 'COGNITO_USER_POOLS' };
      const doc = rest(swagger({ '/a': { get: { security: [{ pool: ['s'] }] } } }, { securityDefinitions: { pool: scheme } }));
      expect(op(doc, 'GET /a').props.AuthorizationType).toBe('COGNITO_USER_POOLS');
      expect(op(doc, 'GET /a').props.AuthorizationScopes).toEqual(['s']);
      expect(doc.authorizers?.pool).toMatchObject({ Type: 'COGNITO_USER_POOLS', IdentitySource: 'method.request.header.Authorization' });
    });

    test('awsSigv4 is read case-insensitively', () => {
      const scheme = { ...iamScheme, 'x-amazon-apigateway-authtype': 'AWSSIGV4' };
      const doc = rest(oas3({ '/a': { get: {} } }, { security: [{ iam: [] }], components: { securitySchemes: { iam: scheme } } }));
      expect(op(doc, 'GET /a').props.AuthorizationType).toBe('AWS_IAM');
    });

    test('scopes only count for Cognito on REST', () => {
      const doc = rest(oas3({ '/a': { get: { security: [{ lambda: ['ignored'] }] } } }, {
        components: { securitySchemes: { lambda: tokenScheme } },
      }));
      const o = op(doc, 'GET /a');
      expect(o.props.AuthorizationType).toBe('CUSTOM');
      expect(o.props.AuthorizationScopes).toBeUndefined();
    });

    test('Lambda TOKEN and REQUEST authorizers are CUSTOM and returned as authorizers', () => {
      const doc = rest(oas3({
        '/t': { get: { security: [{ token: [] }] } },
        '/r': { get: { security: [{ req: [] }] } },
      }, { components: { securitySchemes: { token: tokenScheme, req: requestScheme, pool: cognitoScheme, iam: iamScheme } } }));
      expect(op(doc, 'GET /t').props).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: 'token' });
      expect(op(doc, 'GET /r').props).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: 'req' });
      expect(doc.authorizers?.token).toEqual({
        Name: 'token',
        Type: 'TOKEN',
        IdentitySource: 'method.request.header.Auth',
        IdentityValidationExpression: '^Bearer .+$',
        AuthorizerResultTtlInSeconds: 300,
        AuthorizerUri: tokenScheme['x-amazon-apigateway-authorizer'].authorizerUri,
      });
      expect(doc.authorizers?.req).toMatchObject({
        Type: 'REQUEST',
        IdentitySource: 'method.request.header.Auth, method.request.querystring.q',
      });
      expect(doc.authorizers?.pool).toMatchObject({ Type: 'COGNITO_USER_POOLS', ProviderARNs: [{ 'Fn::GetAtt': ['Pool', 'Arn'] }] });
      expect(Object.keys(doc.authorizers!).sort()).toEqual(['pool', 'req', 'token']);
    });

    test('a list of alternatives is judged by the weakest: an empty alternative is unauthenticated', () => {
      const doc = rest(oas3({
        '/a': { get: { security: [{ pool: ['s'] }, {}] } },
        '/b': { get: { security: [{ pool: ['s'] }, { pool: [] }] } },
        '/c': { get: { security: [{ pool: ['s'] }, { iam: [] }] } },
      }, { components: { securitySchemes: { pool: cognitoScheme, iam: iamScheme } } }));
      expect(op(doc, 'GET /a').props.AuthorizationType).toBe('NONE');
      expect(op(doc, 'GET /a').props.AuthorizationScopes).toBeUndefined();
      expect(op(doc, 'GET /b').props.AuthorizationType).toBe('COGNITO_USER_POOLS');
      expect(op(doc, 'GET /b').props.AuthorizationScopes).toBeUndefined();
      expect(op(doc, 'GET /c').props.AuthorizationType).toBe('AWS_IAM');
    });

    test('an API key scheme requires a key but is no authorization', () => {
      const doc = rest(swagger({
        '/key': { get: { security: [{ api_key: [] }] } },
        '/both': { get: { security: [{ api_key: [], pool: ['s'] }] } },
        '/either': { get: { security: [{ api_key: [] }, { pool: ['s'] }] } },
      }, { 'securityDefinitions': { api_key: apiKeyScheme, pool: cognitoScheme }, 'x-amazon-apigateway-api-key-source': 'HEADER' }));
      expect(op(doc, 'GET /key').props).toMatchObject({ AuthorizationType: 'NONE', ApiKeyRequired: true });
      expect(op(doc, 'GET /both').props).toMatchObject({ AuthorizationType: 'COGNITO_USER_POOLS', ApiKeyRequired: true, AuthorizationScopes: ['s'] });
      // API Gateway applies every scheme of a REST method's list: the key and the authorizer are both required
      expect(op(doc, 'GET /either').props).toMatchObject({ AuthorizationType: 'COGNITO_USER_POOLS', ApiKeyRequired: true, AuthorizationScopes: ['s'] });
      expect(doc.apiKeySource).toBe('HEADER');
    });

    test('an undefined scheme name leaves the authorization undefined and says why', () => {
      const doc = rest(oas3({ '/a': { get: { security: [{ missing: [] }] } } }, { components: { securitySchemes: { pool: cognitoScheme } } }));
      const o = op(doc, 'GET /a');
      expect(o.props.AuthorizationType).toBeUndefined();
      expect(o.unreadable).toMatch(/security scheme "missing" is not defined/);
    });

    test('a scheme with no API Gateway extension is not understood', () => {
      const doc = rest(oas3({ '/a': { get: { security: [{ oauth: ['read'] }] } } }, {
        components: { securitySchemes: { oauth: { type: 'oauth2', flows: {} } } },
      }));
      const o = op(doc, 'GET /a');
      expect(o.props.AuthorizationType).toBeUndefined();
      expect(o.unreadable).toMatch(/"oauth" \(a string \("oauth2"\)\) has no API Gateway authorizer/);
    });

    test('an unauthenticated alternative decides even next to a scheme that is not understood', () => {
      const doc = rest(oas3({ '/a': { get: { security: [{ missing: [] }, {}] } } }));
      expect(op(doc, 'GET /a').props.AuthorizationType).toBe('NONE');
      expect(op(doc, 'GET /a').unreadable).toBeUndefined();
    });

    test('an intrinsic security list is unreadable', () => {
      const doc = rest(oas3({ '/a': { get: { security: { 'Fn::If': ['C', [], []] } } } }));
      expect(op(doc, 'GET /a').props.AuthorizationType).toBeUndefined();
      expect(op(doc, 'GET /a').unreadable).toMatch(/security is an intrinsic \(Fn::If\)/);
    });

    test('a scheme given by $ref and a scheme named __proto__ are resolved', () => {
      const schemes = JSON.parse('{"__proto__": {"$ref": "#/components/x-schemes/pool"}, "constructor": {"type":"apiKey","name":"x-api-key","in":"header"}}');
      const doc = rest(oas3({
        '/a': { get: { security: [JSON.parse('{"__proto__": ["a/b"]}')] } },
        '/b': { get: { security: [{ constructor: [] }] } },
        '/c': { get: { security: [{ toString: [] }] } },
      }, { components: { 'securitySchemes': schemes, 'x-schemes': { pool: cognitoScheme } } }));
      const a = op(doc, 'GET /a');
      expect(a.props).toMatchObject({ AuthorizationType: 'COGNITO_USER_POOLS', AuthorizerId: '__proto__', AuthorizationScopes: ['a/b'] });
      expect(op(doc, 'GET /b').props).toMatchObject({ AuthorizationType: 'NONE', ApiKeyRequired: true });
      expect(op(doc, 'GET /c').unreadable).toMatch(/"toString" is not defined/);
      expect(Object.prototype.hasOwnProperty.call(doc.authorizers, '__proto__')).toBe(true);
      expect(Object.getPrototypeOf(doc.authorizers)).toBe(Object.prototype);
    });

    test('HTTP APIs: JWT with scopes and its authorizer, Lambda REQUEST, IAM; API key schemes are ignored', () => {
      const doc = readOpenApi(oas3({
        '/jwt': { get: { security: [{ jwt: ['read'] }] } },
        '/lambda': { get: { security: [{ lambda: [] }] } },
        '/iam': { get: { security: [{ iam: [] }] } },
        '/key': { get: { security: [{ key: [] }] } },
        '/pool': { get: { security: [{ pool: [] }] } },
      }, {
        components: {
          securitySchemes: {
            jwt: jwtScheme('$request.header.Authorization', { issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/pool', audience: ['client'] }),
            lambda: {
              'type': 'apiKey',
              'name': 'Authorization',
              'in': 'header',
              'x-amazon-apigateway-authorizer': {
                type: 'request',
                identitySource: '$request.header.Authorization, $request.querystring.token',
                authorizerUri: { 'Fn::GetAtt': ['Fn', 'Arn'] },
                authorizerPayloadFormatVersion: '2.0',
                enableSimpleResponses: true,
              },
            },
            iam: iamScheme,
            key: apiKeyScheme,
            pool: cognitoScheme,
          },
        },
      }), 'HTTP', httpHolder, 'HttpApi');
      expect(op(doc, 'GET /jwt').props).toEqual({ HttpMethod: 'GET', AuthorizationType: 'JWT', AuthorizerId: 'jwt', AuthorizationScopes: ['read'] });
      expect(op(doc, 'GET /jwt').kind).toBe('HTTP');
      expect(op(doc, 'GET /lambda').props).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: 'lambda' });
      expect(op(doc, 'GET /iam').props.AuthorizationType).toBe('AWS_IAM');
      expect(op(doc, 'GET /key').props.AuthorizationType).toBe('NONE');
      expect(op(doc, 'GET /key').props.ApiKeyRequired).toBeUndefined();
      expect(op(doc, 'GET /pool').props.AuthorizationType).toBeUndefined();
      expect(op(doc, 'GET /pool').unreadable).toMatch(/HTTP APIs do not support/);
      expect(doc.authorizers?.jwt).toEqual({
        Name: 'jwt',
        AuthorizerType: 'JWT',
        IdentitySource: ['$request.header.Authorization'],
        JwtConfiguration: { Issuer: 'https://cognito-idp.eu-west-1.amazonaws.com/pool', Audience: ['client'] },
      });
      expect(doc.authorizers?.lambda).toMatchObject({
        AuthorizerType: 'REQUEST',
        IdentitySource: ['$request.header.Authorization', '$request.querystring.token'],
        AuthorizerUri: { 'Fn::GetAtt': ['Fn', 'Arn'] },
        EnableSimpleResponses: true,
      });
    });

    test('a JWT authorizer on a REST API is not understood', () => {
      const doc = rest(oas3({ '/a': { get: { security: [{ jwt: [] }] } } }, {
        components: { securitySchemes: { jwt: { 'type': 'oauth2', 'x-amazon-apigateway-authorizer': { type: 'jwt' } } } },
      }));
      expect(op(doc, 'GET /a').props.AuthorizationType).toBeUndefined();
      expect(op(doc, 'GET /a').unreadable).toMatch(/REST APIs do not support/);
    });
  });

  describe('request validation', () => {
    const validators = {
      all: { validateRequestBody: true, validateRequestParameters: true },
      params: { validateRequestParameters: true },
    };

    test('document-level validator applies, an operation-level one overrides it', () => {
      const doc = rest(swagger({
        '/a': { get: {} },
        '/b': { post: { 'x-amazon-apigateway-request-validator': 'params' } },
      }, { 'x-amazon-apigateway-request-validators': validators, 'x-amazon-apigateway-request-validator': 'all' }));
      expect(op(doc, 'GET /a').props.RequestValidatorId).toBe('all');
      expect(op(doc, 'GET /a').validator).toEqual({ ValidateRequestBody: true, ValidateRequestParameters: true });
      expect(op(doc, 'POST /b').props.RequestValidatorId).toBe('params');
      expect(op(doc, 'POST /b').validator).toEqual({ ValidateRequestBody: false, ValidateRequestParameters: true });
    });

    test('no validator anywhere leaves none', () => {
      const o = op(rest(oas3({ '/a': { get: {} } }, { 'x-amazon-apigateway-request-validators': validators })), 'GET /a');
      expect(o.props.RequestValidatorId).toBeUndefined();
      expect(o.validator).toBeUndefined();
      expect(o.unreadable).toBeUndefined();
    });

    test('a validator name that is not defined gives no validator and says so', () => {
      const doc = rest(oas3({
        '/a': { get: { 'x-amazon-apigateway-request-validator': 'nope' } },
        '/b': { get: { 'x-amazon-apigateway-request-validator': 'constructor' } },
      }, { 'x-amazon-apigateway-request-validators': validators }));
      for (const label of ['GET /a', 'GET /b']) {
        expect(op(doc, label).props.RequestValidatorId).toBeUndefined();
        expect(op(doc, label).validator).toBeUndefined();
        expect(op(doc, label).unreadable).toMatch(/request validator ".+" is not defined/);
      }
    });

    test('validators are not read for HTTP APIs', () => {
      const doc = readOpenApi(oas3({ '/a': { get: {} } }, {
        'x-amazon-apigateway-request-validators': validators,
        'x-amazon-apigateway-request-validator': 'all',
      }), 'HTTP', httpHolder, undefined);
      expect(doc.operations[0].validator).toBeUndefined();
      expect(doc.operations[0].props.RequestValidatorId).toBeUndefined();
    });
  });

  describe('request bodies and parameters', () => {
    const schemas = {
      Pet: { type: 'object', additionalProperties: false, properties: { name: { type: 'string', maxLength: 10 }, tag: { $ref: '#/components/schemas/Tag' } } },
      Tag: { type: 'string', enum: ['a', 'b'] },
      Node: { type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } },
    };

    test('OAS3 requestBody with $ref into requestBodies and schemas is expanded', () => {
      const doc = rest(oas3({
        '/pets': {
          post: { requestBody: { $ref: '#/components/requestBodies/NewPet' } },
          put: { requestBody: { content: { 'application/json': { schema: { type: 'object', properties: { t: { $ref: '#/components/schemas/Tag' } } } } } } },
          get: {},
        },
      }, {
        components: {
          schemas,
          requestBodies: { NewPet: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } } },
        },
      }));
      const post = op(doc, 'POST /pets');
      expect(post.props.RequestModels).toEqual({ 'application/json': 'Pet' });
      expect(post.requestSchemas).toEqual({
        'application/json': {
          type: 'object',
          additionalProperties: false,
          properties: { name: { type: 'string', maxLength: 10 }, tag: { type: 'string', enum: ['a', 'b'] } },
        },
      });
      expect(op(doc, 'PUT /pets').props.RequestModels).toEqual({ 'application/json': 'inline' });
      expect((op(doc, 'PUT /pets').requestSchemas as any)['application/json'].properties.t).toEqual(schemas.Tag);
      expect(op(doc, 'GET /pets').props.RequestModels).toBeUndefined();
      expect(op(doc, 'GET /pets').requestSchemas).toBeUndefined();
      expect(doc.schemas).toBe(schemas);
    });

    test('a cyclic $ref is left in place', () => {
      const doc = rest(oas3({
        '/n': { post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } } },
      }, { components: { schemas } }));
      const schema = (op(doc, 'POST /n').requestSchemas as any)['application/json'];
      expect(schema).toEqual({ type: 'object', properties: { next: { $ref: '#/components/schemas/Node' } } });
    });

    test('a shared schema is expanded everywhere it is used', () => {
      const doc = rest(oas3({
        '/p': {
          post: {
            requestBody: {
              content: {
                'application/json': {
                  schema: { type: 'object', properties: { a: { $ref: '#/components/schemas/Tag' }, b: { $ref: '#/components/schemas/Tag' } } },
                },
              },
            },
          },
        },
      }, { components: { schemas } }));
      const props = (op(doc, 'POST /p').requestSchemas as any)['application/json'].properties;
      expect(props.a).toEqual(schemas.Tag);
      expect(props.b).toEqual(schemas.Tag);
    });

    test('Swagger 2 body parameter with consumes and definitions; prototype-named schemas', () => {
      const definitions = JSON.parse('{"constructor": {"type": "object", "properties": {"x": {"$ref": "#/definitions/__proto__"}}}, "__proto__": {"type": "integer"}}');
      const doc = rest(swagger({
        '/a': { post: { consumes: ['application/json', 'application/xml'], parameters: [{ in: 'body', name: 'b', schema: { $ref: '#/definitions/constructor' } }] } },
        '/b': { post: { parameters: [{ in: 'body', name: 'b', schema: { type: 'string' } }] } },
      }, { definitions }));
      const a = op(doc, 'POST /a');
      expect(a.props.RequestModels).toEqual({ 'application/json': 'constructor', 'application/xml': 'constructor' });
      expect((a.requestSchemas as any)['application/json']).toEqual({ type: 'object', properties: { x: { type: 'integer' } } });
      expect(op(doc, 'POST /b').props.RequestModels).toEqual({ 'application/json': 'inline' });
      expect(op(doc, 'POST /b').props.RequestParameters).toBeUndefined();
    });

    test('parameters from path and operation, with $ref, override by place and name', () => {
      const doc = rest(oas3({
        '/pets/{id}': {
          parameters: [{ name: 'id', in: 'path', required: true }, { name: 'q', in: 'query', required: false }],
          get: {
            parameters: [
              { $ref: '#/components/parameters/Q' },
              { name: 'X-Trace', in: 'header', required: true },
              { name: 'session', in: 'cookie' },
            ],
          },
        },
      }, { components: { parameters: { Q: { name: 'q', in: 'query', required: true } } } }));
      expect(op(doc, 'GET /pets/{id}').props.RequestParameters).toEqual({
        'method.request.path.id': true,
        'method.request.querystring.q': true,
        'method.request.header.X-Trace': true,
      });
    });

    test('Swagger 2 parameters with $ref into parameters; optional query string', () => {
      const doc = rest(swagger({ '/a': { get: { parameters: [{ $ref: '#/parameters/limit' }] } } }, {
        parameters: { limit: { name: 'limit', in: 'query', type: 'integer' } },
      }));
      expect(op(doc, 'GET /a').props.RequestParameters).toEqual({ 'method.request.querystring.limit': false });
    });
  });

  describe('integrations and document-level settings', () => {
    test('a MOCK OPTIONS preflight keeps its CORS response parameters', () => {
      const doc = rest(oas3({
        '/pets': {
          options: {
            'responses': { 200: { description: 'ok', headers: { 'Access-Control-Allow-Origin': { schema: { type: 'string' } } } } },
            'x-amazon-apigateway-integration': {
              ...mock,
              responses: {
                default: {
                  statusCode: '200',
                  responseParameters: {
                    'method.response.header.Access-Control-Allow-Origin': "'*'",
                    'method.response.header.Access-Control-Allow-Methods': "'GET,OPTIONS'",
                  },
                },
              },
            },
          },
          get: {
            'x-amazon-apigateway-integration': {
              type: 'aws_proxy',
              httpMethod: 'POST',
              uri: { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations' },
            },
          },
        },
      }));
      const preflight = op(doc, 'OPTIONS /pets');
      expect(preflight.props.Integration.Type).toBe('MOCK');
      expect(preflight.props.Integration.IntegrationResponses).toEqual([{
        StatusCode: '200',
        ResponseParameters: {
          'method.response.header.Access-Control-Allow-Origin': "'*'",
          'method.response.header.Access-Control-Allow-Methods': "'GET,OPTIONS'",
        },
      }]);
      expect(preflight.props.MethodResponses).toEqual([
        { StatusCode: '200', ResponseParameters: { 'method.response.header.Access-Control-Allow-Origin': true } },
      ]);
      const get = op(doc, 'GET /pets');
      expect(get.props.Integration).toEqual({
        Type: 'AWS_PROXY',
        IntegrationHttpMethod: 'POST',
        Uri: { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations' },
      });
    });

    test('HTTP proxy with a VPC link keeps its connection type', () => {
      const doc = readOpenApi(oas3({
        '/a': { get: { 'x-amazon-apigateway-integration': { type: 'http_proxy', uri: 'http://nlb', connectionType: 'VPC_LINK', connectionId: 'abc' } } },
      }), 'HTTP', httpHolder, 'HttpApi');
      expect(doc.operations[0].props.Integration).toMatchObject({ Type: 'HTTP_PROXY', ConnectionType: 'VPC_LINK', ConnectionId: 'abc' });
    });

    test('document-level settings are returned as written', () => {
      const policy = { Version: '2012-10-17', Statement: [] };
      const responses = { DEFAULT_4XX: { responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" } } };
      const cors = { allowOrigins: ['https://example.com'] };
      const doc = rest(oas3({}, {
        'x-amazon-apigateway-policy': policy,
        'x-amazon-apigateway-endpoint-configuration': { disableExecuteApiEndpoint: true },
        'x-amazon-apigateway-api-key-source': 'AUTHORIZER',
        'x-amazon-apigateway-gateway-responses': responses,
        'x-amazon-apigateway-cors': cors,
      }));
      expect(doc.policy).toBe(policy);
      expect(doc.disableExecuteApiEndpoint).toBe(true);
      expect(doc.apiKeySource).toBe('AUTHORIZER');
      expect(doc.gatewayResponses).toBe(responses);
      expect(doc.cors).toBe(cors);
      expect(doc.authorizers).toBeUndefined();
    });

    test('an OpenAPI 3 document sets the endpoint configuration in a server object', () => {
      const doc = rest(oas3({}, { servers: [{ url: 'https://x' }, { 'x-amazon-apigateway-endpoint-configuration': { disableExecuteApiEndpoint: true } }] }));
      expect(doc.disableExecuteApiEndpoint).toBe(true);
      expect(rest(oas3({}, { servers: [{ url: 'https://x' }] })).disableExecuteApiEndpoint).toBeUndefined();
    });

    test('absent document-level settings are undefined', () => {
      const doc = rest(swagger({}));
      expect(doc.policy).toBeUndefined();
      expect(doc.disableExecuteApiEndpoint).toBeUndefined();
      expect(doc.gatewayResponses).toBeUndefined();
      expect(doc.schemas).toBeUndefined();
    });
  });
});
