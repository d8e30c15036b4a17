import { Duration, Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-AuthorizerCacheIdentity';
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
  return new apigw.CfnAuthorizer(stack, id, { restApiId: 'abc', name: id, type: 'REQUEST', authorizerUri: URI, ...props });
}

function v2(stack: any, id: string, props: Partial<apigwv2.CfnAuthorizerProps>) {
  return new apigwv2.CfnAuthorizer(stack, id, {
    apiId: 'abc',
    name: id,
    authorizerType: 'REQUEST',
    authorizerUri: URI,
    authorizerPayloadFormatVersion: '2.0',
    authorizerResultTtlInSeconds: 300,
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
          'x-amazon-apigateway-authorizer': { type: 'request', authorizerUri: URI, ...authorizer },
        },
      },
    },
  };
  return http ? new apigwv2.CfnApi(stack, id, { body }) : new apigw.CfnRestApi(stack, id, { body });
}

describe('AuthorizerCacheIdentity', () => {
  test('Noncompliance 1: RequestAuthorizer cached on a context value and a stage variable only', () => {
    const stack = testStack();
    restApi(stack, 'Api', new apigw.RequestAuthorizer(stack, 'Auth', {
      handler: fn(stack),
      identitySources: [apigw.IdentitySource.context('sourceIp'), apigw.IdentitySource.stageVariable('tenant')],
      resultsCacheTtl: Duration.minutes(5),
    }));
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Auth/Resource']);
  });

  test('Noncompliance 2: L1 REST REQUEST authorizers cached by default (TTL unset) on no source or a non-credential header', () => {
    const stack = testStack();
    rest(stack, 'NoSource', {});
    rest(stack, 'Host', { identitySource: 'method.request.header.Host, context.stage' });
    rest(stack, 'Agent', { identitySource: 'method.request.header.User-Agent', authorizerResultTtlInSeconds: 60 });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual(['Test/Agent', 'Test/Host', 'Test/NoSource']);
  });

  test('Noncompliance 3: HTTP API Lambda authorizers cached on context values', () => {
    const stack = testStack();
    httpApi(stack, 'Api', new HttpLambdaAuthorizer('Lambda', fn(stack), {
      identitySource: ['$context.routeKey'], resultsCacheTtl: Duration.minutes(5), responseTypes: [HttpLambdaResponseType.SIMPLE],
    }));
    v2(stack, 'L1', { identitySource: ['$stageVariables.tenant'] });
    v2(stack, 'Empty', {});
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual(['Test/Api/Lambda/Resource', 'Test/Empty', 'Test/L1']);
  });

  test('Noncompliance 4: OpenAPI request authorizers (REST, HTTP) cached on context values', () => {
    const stack = testStack();
    bodyApi(stack, 'Rest', { identitySource: 'context.httpMethod' });
    bodyApi(stack, 'Http', { identitySource: '$context.httpMethod', authorizerPayloadFormatVersion: '2.0', authorizerResultTtlInSeconds: 60 }, true);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual(['Test/Http', 'Test/Rest']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const handler = fn(stack);
    restApi(stack, 'Rest', new apigw.RequestAuthorizer(stack, 'Auth', {
      handler, identitySources: [apigw.IdentitySource.header('Authorization'), apigw.IdentitySource.context('stage')],
    }));
    httpApi(stack, 'Http', new HttpLambdaAuthorizer('Lambda', handler));
    rest(stack, 'ApiKeyHeader', { identitySource: 'method.request.header.x-api-key' });
    rest(stack, 'Query', { identitySource: 'method.request.querystring.token' });
    // caching off: the cache key does not matter
    rest(stack, 'Off', { identitySource: 'context.stage', authorizerResultTtlInSeconds: 0 });
    v2(stack, 'HttpOff', { identitySource: ['$context.routeKey'], authorizerResultTtlInSeconds: undefined });
    v2(stack, 'HttpHeader', { identitySource: ['$request.header.Authorization', '$context.routeKey'] });
    // TOKEN authorizers are keyed on the token itself
    rest(stack, 'Token', { type: 'TOKEN', identitySource: 'method.request.header.Authorization', identityValidationExpression: '^.{10,}$' });
    bodyApi(stack, 'Body', { identitySource: 'method.request.header.Authorization, context.stage' });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: imported identity sources or TTL give a warning, not a throw', () => {
    const stack = testStack();
    rest(stack, 'Source', { identitySource: Fn.importValue('Sources') });
    v2(stack, 'List', { identitySource: [Fn.importValue('Source')] });
    rest(stack, 'Ttl', { identitySource: 'context.stage', authorizerResultTtlInSeconds: Fn.importValue('Ttl') as any });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths.sort()).toEqual(['Test/List', 'Test/Source', 'Test/Ttl']);
  });
});
