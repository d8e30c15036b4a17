import { CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ApiBaselineChecks } from '../../../src';
import { errorIds, findings, testStack } from '../../util';
import { cognitoScheme } from '../fixtures/authorizers';
import { hardenedUserPool } from '../fixtures/cognito';
import { cfnStageOf, changeStageWide, guardRestStage, hardenedRestBase } from '../fixtures/rest';
/**
 * The REST API shape defined by an OpenAPI document (`SpecRestApi`, `AWS::ApiGateway::RestApi` with a `Body`): a
 * hardened API that passes the pack, then variants that each break one control in the document or the stage.
 * Findings on operations name the operation in the id suffix and are reported on the RestApi.
 */

const ORIGIN = "'https://app.example.com'";
const API_PATH = 'Test/Api/Resource';

/** A MOCK integration answering 200 with the named origin. */
function mock(origin = ORIGIN, extra: Record<string, string> = {}): any {
  return {
    type: 'mock',
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
    responses: {
      default: {
        statusCode: '200',
        responseParameters: { 'method.response.header.Access-Control-Allow-Origin': origin, ...extra },
      },
    },
  };
}

const CORS_RESPONSE = {
  200: {
    description: 'ok',
    headers: { 'Access-Control-Allow-Origin': { schema: { type: 'string' } } },
  },
};

/** The preflight of a path: OPTIONS answered by a MOCK integration, without authorization. */
function preflight(origin = ORIGIN): any {
  return {
    'security': [],
    'responses': {
      200: {
        description: 'preflight',
        headers: {
          'Access-Control-Allow-Origin': { schema: { type: 'string' } },
          'Access-Control-Allow-Methods': { schema: { type: 'string' } },
          'Access-Control-Allow-Headers': { schema: { type: 'string' } },
        },
      },
    },
    'x-amazon-apigateway-integration': mock(origin, {
      'method.response.header.Access-Control-Allow-Methods': "'GET,POST,OPTIONS'",
      'method.response.header.Access-Control-Allow-Headers': "'Authorization,Content-Type'",
    }),
  };
}

/**
 * An OpenAPI 3 document with a Cognito authorizer and scopes (globally for GET /pets, per operation elsewhere),
 * request validation of body and parameters, closed request schemas behind `$ref`s, MOCK preflights with a named
 * origin and the default endpoint disabled.
 */
function openApi(poolArn: string): any {
  return {
    'openapi': '3.0.1',
    'info': { title: 'pets', version: '1.0' },
    'security': [{ cognito: ['pets/read'] }],
    'x-amazon-apigateway-endpoint-configuration': { disableExecuteApiEndpoint: true },
    'x-amazon-apigateway-request-validators': {
      all: { validateRequestBody: true, validateRequestParameters: true },
      paramsOnly: { validateRequestBody: false, validateRequestParameters: true },
    },
    'x-amazon-apigateway-request-validator': 'all',
    'x-amazon-apigateway-gateway-responses': {
      DEFAULT_4XX: { responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': ORIGIN } },
    },
    'paths': {
      '/pets': {
        get: {
          'parameters': [{ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100 } }],
          'responses': CORS_RESPONSE,
          'x-amazon-apigateway-integration': mock(),
        },
        post: {
          'security': [{ cognito: ['pets/write'] }],
          'requestBody': { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Pet' } } } },
          'responses': CORS_RESPONSE,
          'x-amazon-apigateway-integration': mock(),
        },
        options: preflight(),
      },
      '/pets/{petId}': {
        parameters: [{ name: 'petId', in: 'path', required: true, schema: { type: 'string', maxLength: 36 } }],
        get: {
          'security': [{ cognito: ['pets/read'] }],
          'responses': CORS_RESPONSE,
          'x-amazon-apigateway-integration': mock(),
        },
        options: preflight(),
      },
    },
    'components': {
      securitySchemes: {
        cognito: cognitoScheme(poolArn),
      },
      schemas: {
        Pet: {
          type: 'object',
          additionalProperties: false,
          required: ['name'],
          properties: {
            name: { type: 'string', maxLength: 64 },
            tags: { type: 'array', maxItems: 5, items: { type: 'string', maxLength: 20 } },
            owner: { $ref: '#/components/schemas/Owner' },
          },
        },
        Owner: {
          type: 'object',
          additionalProperties: false,
          properties: { email: { type: 'string', maxLength: 254, format: 'email' } },
        },
      },
    },
  };
}

/** The same API as a Swagger 2.0 document: `securityDefinitions`, `definitions` and an `in: body` parameter. */
function swagger(poolArn: string): any {
  return {
    'swagger': '2.0',
    'info': { title: 'pets', version: '1.0' },
    'consumes': ['application/json'],
    'x-amazon-apigateway-endpoint-configuration': { disableExecuteApiEndpoint: true },
    'x-amazon-apigateway-request-validators': { all: { validateRequestBody: true, validateRequestParameters: true } },
    'x-amazon-apigateway-request-validator': 'all',
    'paths': {
      '/pets': {
        get: {
          'security': [{ cognito: ['pets/read'] }],
          'responses': { 200: { description: 'ok', headers: { 'Access-Control-Allow-Origin': { type: 'string' } } } },
          'x-amazon-apigateway-integration': mock(),
        },
        post: {
          'security': [{ cognito: ['pets/write'] }],
          'parameters': [{ name: 'pet', in: 'body', required: true, schema: { $ref: '#/definitions/Pet' } }],
          'responses': { 200: { description: 'ok', headers: { 'Access-Control-Allow-Origin': { type: 'string' } } } },
          'x-amazon-apigateway-integration': mock(),
        },
      },
    },
    'securityDefinitions': {
      cognito: cognitoScheme(poolArn),
    },
    'definitions': {
      Pet: {
        type: 'object',
        additionalProperties: false,
        properties: { name: { type: 'string', maxLength: 64 } },
      },
    },
  };
}

/** The parts of the hardened API a variant reaches into. */
interface Parts {
  readonly stack: Stack;
  /** The document the API was defined with; the API reads it when the stack is validated. */
  readonly doc: any;
  readonly api: apigw.SpecRestApi;
  readonly association: wafv2.CfnWebACLAssociation;
  readonly domain: apigw.DomainName;
}

type Definition = (poolArn: string) => any;

/** A `SpecRestApi` from `definition` with a hardened stage, web ACL, WAF logging and 5XX alarm. */
function hardened(definition: Definition = openApi, apiDefinition?: (doc: any, stack: Stack) => apigw.ApiDefinition): Parts {
  const stack = testStack();
  const { key, apiProps } = hardenedRestBase(stack);
  const doc = definition(hardenedUserPool(stack).userPoolArn);
  const api = new apigw.SpecRestApi(stack, 'Api', {
    ...apiProps,
    apiDefinition: apiDefinition ? apiDefinition(doc, stack) : apigw.ApiDefinition.fromInline(doc),
  });
  const { association } = guardRestStage(stack, api, key);

  return { stack, doc, api, association, domain: api.domainName! };
}

const pack = () => new ApiBaselineChecks();
const errorsOn = (stack: Stack) => errorIds(findings(pack(), stack));
const cfnStage = (p: Parts) => cfnStageOf(p.api);
const stageWide = (p: Parts, change: Parameters<typeof changeStageWide>[1]) => changeStageWide(p.api, change);

describe('REST API by OpenAPI document', () => {
  test.each<[string, Definition]>([
    ['OpenAPI 3', openApi],
    ['Swagger 2.0', swagger],
  ])('the hardened API (%s) has no error finding and nothing unverifiable', (_name, definition) => {
    const { stack } = hardened(definition);
    const found = findings(pack(), stack);
    const errors = errorIds(found);
    expect({ errors }).toEqual({ errors: [] });
    expect(Object.keys(found).filter((id) => id.includes('[Unverifiable]'))).toEqual([]);
  });

  const paths = (p: Parts) => p.doc.paths;
  const variants: Array<[string, string[], (p: Parts) => void]> = [
    ['the global security removed: GET /pets has none', ['ApiBaseline-MethodAuthorization[GET /pets]'], (p) => {
      delete p.doc.security;
    }],
    ['security: [] on one operation', ['ApiBaseline-MethodAuthorization[POST /pets]'], (p) => {
      paths(p)['/pets'].post.security = [];
    }],
    ['an empty requirement makes authorization optional', ['ApiBaseline-MethodAuthorization[GET /pets/{petId}]'], (p) => {
      paths(p)['/pets/{petId}'].get.security = [{ cognito: ['pets/read'] }, {}];
    }],
    ['a new operation without security in a document without global security', ['ApiBaseline-MethodAuthorization[DELETE /pets/{petId}]'], (p) => {
      delete p.doc.security;
      paths(p)['/pets'].get.security = [{ cognito: ['pets/read'] }];
      paths(p)['/pets/{petId}'].delete = { 'responses': CORS_RESPONSE, 'x-amazon-apigateway-integration': mock() };
    }],
    ['the scopes of one operation removed', ['ApiBaseline-CognitoMethodScopes[GET /pets/{petId}]'], (p) => {
      paths(p)['/pets/{petId}'].get.security = [{ cognito: [] }];
    }],
    ['the scopes of the global security removed', ['ApiBaseline-CognitoMethodScopes[GET /pets]'], (p) => {
      p.doc.security = [{ cognito: [] }];
    }],
    ['no request validator', [
      'ApiBaseline-MethodRequestValidator[GET /pets/{petId}]',
      'ApiBaseline-MethodRequestValidator[GET /pets]',
      'ApiBaseline-MethodRequestValidator[POST /pets]',
    ], (p) => {
      delete p.doc['x-amazon-apigateway-request-validator'];
    }],
    ['a validator that skips the body', ['ApiBaseline-MethodRequestValidator[POST /pets]'], (p) => {
      paths(p)['/pets'].post['x-amazon-apigateway-request-validator'] = 'paramsOnly';
    }],
    ['an open schema behind $ref', ['ApiBaseline-ModelClosedSchema[POST /pets]'], (p) => {
      delete p.doc.components.schemas.Pet.additionalProperties;
    }],
    ['additionalProperties missing in a nested schema', ['ApiBaseline-ModelClosedSchema[POST /pets]'], (p) => {
      delete p.doc.components.schemas.Owner.additionalProperties;
    }],
    ['an unbounded array in the request schema', ['ApiBaseline-ModelClosedSchema[POST /pets]'], (p) => {
      delete p.doc.components.schemas.Pet.properties.tags.maxItems;
    }],
    ["a preflight that allows origin '*'", ['ApiBaseline-CorsNoWildcardOrigin[OPTIONS /pets]'], (p) => {
      paths(p)['/pets'].options = preflight("'*'");
    }],
    ["an integration response that allows origin '*'", ['ApiBaseline-CorsNoWildcardOrigin[GET /pets/{petId}]'], (p) => {
      paths(p)['/pets/{petId}'].get['x-amazon-apigateway-integration'] = mock("'*'");
    }],
    ["a gateway response that allows origin '*'", ['ApiBaseline-CorsNoWildcardOrigin'], (p) => {
      p.doc['x-amazon-apigateway-gateway-responses'].DEFAULT_5XX = {
        responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
      };
    }],
    ['the default endpoint left on', ['ApiBaseline-DomainDisablesDefaultEndpoint'], (p) => {
      delete p.doc['x-amazon-apigateway-endpoint-configuration'];
    }],
    ['a TLS 1.0 custom domain', ['ApiBaseline-DomainTls12'], (p) => {
      (p.domain.node.defaultChild as apigw.CfnDomainName).securityPolicy = 'TLS_1_0';
    }],
    ['a stage without access logs', ['ApiBaseline-StageJsonAccessLogging'], (p) => {
      cfnStage(p).accessLogSetting = undefined;
    }],
    ['data trace on', ['ApiBaseline-StageDataTraceOff'], (p) => {
      stageWide(p, (s) => ({ ...s, dataTraceEnabled: true }));
    }],
    ['no execution logs', ['ApiBaseline-StageExecutionLogging'], (p) => {
      stageWide(p, ({ loggingLevel, ...rest }) => rest);
    }],
    ['no X-Ray tracing', ['ApiBaseline-StageXRayTracing'], (p) => {
      cfnStage(p).tracingEnabled = false;
    }],
    ['no stage throttling', ['ApiBaseline-StageThrottling'], (p) => {
      stageWide(p, ({ throttlingRateLimit, throttlingBurstLimit, ...rest }) => rest);
    }],
    ['no web ACL association', ['ApiBaseline-StageWebAcl'], (p) => {
      p.stack.node.tryRemoveChild(p.association.node.id);
    }],
    ['no 5XX alarm', ['ApiBaseline-Stage5xxAlarm'], (p) => {
      p.stack.node.tryRemoveChild('ServerErrors');
    }],
  ];

  test.each(variants)('%s', (_name, expected, breakIt) => {
    const parts = hardened();
    breakIt(parts);
    expect(errorsOn(parts.stack)).toEqual(expected);
  });

  test('the finding on an operation is reported on the RestApi that holds the document', () => {
    const p = hardened();
    delete p.doc.security;
    expect(findings(pack(), p.stack)['ApiBaseline-MethodAuthorization[GET /pets]']?.paths).toEqual([API_PATH]);
  });

  const swaggerVariants: Array<[string, string[], (p: Parts) => void]> = [
    ['an operation without security', ['ApiBaseline-MethodAuthorization[GET /pets]'], (p) => {
      delete p.doc.paths['/pets'].get.security;
    }],
    ['an open body schema', ['ApiBaseline-ModelClosedSchema[POST /pets]'], (p) => {
      delete p.doc.definitions.Pet.additionalProperties;
    }],
    ['no request validator', ['ApiBaseline-MethodRequestValidator[GET /pets]', 'ApiBaseline-MethodRequestValidator[POST /pets]'], (p) => {
      delete p.doc['x-amazon-apigateway-request-validator'];
    }],
  ];

  test.each(swaggerVariants)('Swagger 2.0: %s', (_name, expected, breakIt) => {
    const parts = hardened(swagger);
    breakIt(parts);
    expect(errorsOn(parts.stack)).toEqual(expected);
  });

  test('a document in S3 (BodyS3Location) is unverifiable, not a pass', () => {
    const { stack } = hardened(openApi, (_doc, s) => {
      const bucket = s3.Bucket.fromBucketName(s, 'Specs', 'pets-specs');
      return apigw.ApiDefinition.fromBucket(bucket, 'pets.json');
    });
    const found = findings(pack(), stack);
    expect(found['ApiBaseline-MethodAuthorization[Unverifiable]']).toEqual(expect.objectContaining({
      severity: 'warning',
      paths: [API_PATH],
    }));
    expect(found['ApiBaseline-MethodAuthorization[Unverifiable]'].description).toMatch(/BodyS3Location/);
    expect(found['ApiBaseline-MethodAuthorization']).toBeUndefined();
  });

  test('an operation acknowledged on its own leaves the other operation reported', () => {
    const p = hardened();
    delete p.doc.security;
    paths(p)['/pets'].post.security = [];
    Validations.of(p.api.node.defaultChild as CfnResource).acknowledge({
      id: 'ApiBaseline-MethodAuthorization[GET /pets]',
      reason: 'Listing pets is public by design.',
    });
    expect(errorsOn(p.stack)).toEqual(['ApiBaseline-MethodAuthorization[POST /pets]']);
  });
});
