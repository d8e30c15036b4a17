import { Duration, Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-AuthorizerTokenValidation';
const URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations';

function fn(stack: any) {
  return new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})'),
  });
}

/** A REST API with one method behind `authorizer`. */
function restApi(stack: any, id: string, authorizer: apigw.IAuthorizer) {
  const api = new apigw.RestApi(stack, id, { cloudWatchRole: false });
  api.root.addMethod('GET', new apigw.MockIntegration(), { authorizer });
  return api;
}

function l1(stack: any, id: string, props: Partial<apigw.CfnAuthorizerProps>) {
  return new apigw.CfnAuthorizer(stack, id, {
    restApiId: 'abc', name: id, type: 'TOKEN', authorizerUri: URI, identitySource: 'method.request.header.Authorization', ...props,
  });
}

/** A REST API defined by an OpenAPI body with one `token` authorizer. */
function bodyApi(stack: any, id: string, authorizer: Record<string, unknown>) {
  return new apigw.CfnRestApi(stack, id, {
    body: {
      openapi: '3.0.1',
      info: { title: id, version: '1' },
      paths: { '/orders': { get: { security: [{ token: [] }] } } },
      components: {
        securitySchemes: {
          token: {
            'type': 'apiKey',
            'name': 'Authorization',
            'in': 'header',
            'x-amazon-apigateway-authtype': 'custom',
            'x-amazon-apigateway-authorizer': { type: 'token', authorizerUri: URI, ...authorizer },
          },
        },
      },
    },
  });
}

describe('AuthorizerTokenValidation', () => {
  test('Noncompliance 1: TokenAuthorizer without validationRegex', () => {
    const stack = testStack();
    restApi(stack, 'Api', new apigw.TokenAuthorizer(stack, 'Auth', { handler: fn(stack) }));
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Auth/Resource']);
  });

  test('Noncompliance 2: L1 TOKEN authorizers without, with an empty and with a match-all expression', () => {
    const stack = testStack();
    l1(stack, 'None', {});
    l1(stack, 'Empty', { identityValidationExpression: '' });
    l1(stack, 'Any', { identityValidationExpression: '^.*$' });
    l1(stack, 'Plus', { identityValidationExpression: '.+' });
    l1(stack, 'Lower', { type: 'token' });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual(['Test/Any', 'Test/Empty', 'Test/Lower', 'Test/None', 'Test/Plus']);
  });

  test('Noncompliance 3: OpenAPI token authorizer without identityValidationExpression, on the RestApi', () => {
    const stack = testStack();
    bodyApi(stack, 'Body', { identitySource: 'method.request.header.Authorization' });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Body']);
  });

  test('Compliance', () => {
    const stack = testStack();
    restApi(stack, 'Api', new apigw.TokenAuthorizer(stack, 'Auth', {
      handler: fn(stack), validationRegex: '^Bearer [-0-9A-Za-z._~+/]+=*$', resultsCacheTtl: Duration.minutes(1),
    }));
    l1(stack, 'L1', { identityValidationExpression: '^[A-Za-z0-9-_]+\\.[A-Za-z0-9-_]+\\.[A-Za-z0-9-_]+$' });
    // REQUEST and Cognito authorizers have no validation expression
    l1(stack, 'Request', { type: 'REQUEST', identitySource: 'method.request.header.Authorization' });
    new apigw.CfnAuthorizer(stack, 'Cognito', {
      restApiId: 'abc',
      name: 'c',
      type: 'COGNITO_USER_POOLS',
      providerArns: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/p'],
      identitySource: 'method.request.header.Authorization',
    });
    bodyApi(stack, 'Body', { identityValidationExpression: '^Bearer .+$' });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported expression or type gives a warning, not a throw', () => {
    const stack = testStack();
    l1(stack, 'Imported', { identityValidationExpression: Fn.importValue('Regex') });
    l1(stack, 'Type', { type: Fn.importValue('Type'), identityValidationExpression: undefined });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths.sort()).toEqual(['Test/Imported', 'Test/Type']);
  });
});
