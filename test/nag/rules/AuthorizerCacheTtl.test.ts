import { Duration, Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-AuthorizerCacheTtl';
const URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations';

function fn(stack: any) {
  return new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler = async () => ({})'),
  });
}

function restApi(stack: any, id: string, authorizer: apigw.IAuthorizer) {
  const api = new apigw.RestApi(stack, id, { cloudWatchRole: false });
  api.root.addMethod('GET', new apigw.MockIntegration(), { authorizer });
  return api;
}

function httpApi(stack: any, id: string, authorizer: apigwv2.IHttpRouteAuthorizer) {
  const api = new apigwv2.HttpApi(stack, id, { createDefaultStage: false });
  api.addRoutes({
    path: '/orders', methods: [apigwv2.HttpMethod.GET], integration: new HttpUrlIntegration('Backend', 'https://backend.example.com'), authorizer,
  });
  return api;
}

function rest(stack: any, id: string, props: Partial<apigw.CfnAuthorizerProps>) {
  return new apigw.CfnAuthorizer(stack, id, {
    restApiId: 'abc',
    name: id,
    type: 'TOKEN',
    authorizerUri: URI,
    identitySource: 'method.request.header.Authorization',
    identityValidationExpression: '^Bearer .+$',
    ...props,
  });
}

function v2(stack: any, id: string, props: Partial<apigwv2.CfnAuthorizerProps>) {
  return new apigwv2.CfnAuthorizer(stack, id, {
    apiId: 'abc',
    name: id,
    authorizerType: 'REQUEST',
    authorizerUri: URI,
    authorizerPayloadFormatVersion: '2.0',
    identitySource: ['$request.header.Authorization'],
    ...props,
  });
}

function bodyApi(stack: any, id: string, authorizer: Record<string, unknown>, http = false) {
  const body = {
    openapi: '3.0.1',
    info: { title: id, version: '1' },
    paths: { '/orders': { get: { security: [{ lambda: [] }] } } },
    components: {
      securitySchemes: {
        lambda: {
          'type': 'apiKey',
          'name': 'Authorization',
          'in': 'header',
          'x-amazon-apigateway-authtype': 'custom',
          'x-amazon-apigateway-authorizer': { authorizerUri: URI, identityValidationExpression: '^Bearer .+$', ...authorizer },
        },
      },
    },
  };
  return http ? new apigwv2.CfnApi(stack, id, { body }) : new apigw.CfnRestApi(stack, id, { body });
}

describe('AuthorizerCacheTtl', () => {
  test('Noncompliance 1: TokenAuthorizer and RequestAuthorizer caching for 10 minutes', () => {
    const stack = testStack();
    const handler = fn(stack);
    restApi(stack, 'Token', new apigw.TokenAuthorizer(stack, 'TokenAuth', {
      handler, validationRegex: '^Bearer .+$', resultsCacheTtl: Duration.minutes(10),
    }));
    restApi(stack, 'Request', new apigw.RequestAuthorizer(stack, 'RequestAuth', {
      handler, identitySources: [apigw.IdentitySource.header('Authorization')], resultsCacheTtl: Duration.minutes(10),
    }));
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths.sort()).toEqual(['Test/RequestAuth/Resource', 'Test/TokenAuth/Resource']);
  });

  test('Noncompliance 2: HttpLambdaAuthorizer and v2 REQUEST authorizer above the threshold', () => {
    const stack = testStack();
    httpApi(stack, 'Api', new HttpLambdaAuthorizer('Lambda', fn(stack), { resultsCacheTtl: Duration.hours(1) }));
    v2(stack, 'L1', { authorizerResultTtlInSeconds: 301 });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual(['Test/Api/Lambda/Resource', 'Test/L1']);
  });

  test('Noncompliance 3: OpenAPI authorizers (REST token, HTTP request) above the threshold', () => {
    const stack = testStack();
    bodyApi(stack, 'Rest', { type: 'token', authorizerResultTtlInSeconds: 3600 });
    bodyApi(stack, 'Http', { type: 'request', authorizerPayloadFormatVersion: '2.0', identitySource: '$request.header.Authorization', authorizerResultTtlInSeconds: 900 }, true);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual(['Test/Http', 'Test/Rest']);
  });

  test('Noncompliance 4: a lower threshold catches the REST default of 300 s (TTL unset)', () => {
    const stack = testStack();
    rest(stack, 'Unset', {});
    rest(stack, 'Request', { type: 'REQUEST', authorizerResultTtlInSeconds: 120 });
    v2(stack, 'HttpUnset', {});
    const found = findings(new ApiBaselineChecks(undefined, { thresholds: { authorizerCacheTtlSeconds: 60 } }), stack)[ID];
    expect(found?.paths.sort()).toEqual(['Test/Request', 'Test/Unset']);
    expect(found?.description).toContain('authorizerCacheTtlSeconds');
  });

  test('Compliance', () => {
    const stack = testStack();
    const handler = fn(stack);
    restApi(stack, 'Token', new apigw.TokenAuthorizer(stack, 'TokenAuth', { handler, validationRegex: '^Bearer .+$' }));
    httpApi(stack, 'Http', new HttpLambdaAuthorizer('Lambda', handler));
    rest(stack, 'Off', { authorizerResultTtlInSeconds: 0 });
    rest(stack, 'Limit', { type: 'REQUEST', authorizerResultTtlInSeconds: 300 });
    rest(stack, 'Unset', {});
    v2(stack, 'HttpUnset', {});
    // Cognito and JWT authorizers have no result cache
    rest(stack, 'Cognito', { type: 'COGNITO_USER_POOLS', authorizerUri: undefined, providerArns: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/p'], authorizerResultTtlInSeconds: 3600 });
    bodyApi(stack, 'Body', { type: 'token', authorizerResultTtlInSeconds: 60 });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported TTL gives a warning, not a throw', () => {
    const stack = testStack();
    rest(stack, 'Rest', { authorizerResultTtlInSeconds: Fn.importValue('Ttl') as any });
    v2(stack, 'Http', { authorizerResultTtlInSeconds: Fn.importValue('Ttl') as any });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths.sort()).toEqual(['Test/Http', 'Test/Rest']);
  });
});
