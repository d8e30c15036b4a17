import { Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpUrlIntegration, WebSocketMockIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-AuthorizerIdentityNotInQuery';
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
    apiId: 'abc', name: id, authorizerType: 'REQUEST', authorizerUri: URI, authorizerPayloadFormatVersion: '2.0', ...props,
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
          'name': 'token',
          'in': 'query',
          'x-amazon-apigateway-authtype': 'custom',
          'x-amazon-apigateway-authorizer': { type: 'request', authorizerUri: URI, ...authorizer },
        },
      },
    },
  };
  return http ? new apigwv2.CfnApi(stack, id, { body }) : new apigw.CfnRestApi(stack, id, { body });
}

describe('AuthorizerIdentityNotInQuery', () => {
  test('Noncompliance 1: RequestAuthorizer reading a query-string token', () => {
    const stack = testStack();
    restApi(stack, 'Api', new apigw.RequestAuthorizer(stack, 'Auth', {
      handler: fn(stack), identitySources: [apigw.IdentitySource.queryString('token')],
    }));
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('warning');
    expect(found?.paths).toEqual(['Test/Auth/Resource']);
  });

  test('Noncompliance 2: L1 REST REQUEST and TOKEN authorizers with query-string sources', () => {
    const stack = testStack();
    rest(stack, 'Mixed', { identitySource: 'method.request.header.Authorization, method.request.querystring.token' });
    rest(stack, 'Multi', { identitySource: 'method.request.multivaluequerystring.key' });
    rest(stack, 'Token', { type: 'TOKEN', identitySource: 'method.request.querystring.token', identityValidationExpression: '^.{10,}$' });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual(['Test/Mixed', 'Test/Multi', 'Test/Token']);
  });

  test('Noncompliance 3: HTTP API Lambda authorizers with query-string sources', () => {
    const stack = testStack();
    httpApi(stack, 'Api', new HttpLambdaAuthorizer('Lambda', fn(stack), { identitySource: ['$request.querystring.token'] }));
    v2(stack, 'L1', { identitySource: ['$request.header.X-Tenant', '$request.querystring.key'] });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual(['Test/Api/Lambda/Resource', 'Test/L1']);
  });

  test('Noncompliance 4: OpenAPI request authorizers (REST, HTTP) with query-string sources', () => {
    const stack = testStack();
    bodyApi(stack, 'Rest', { identitySource: 'method.request.querystring.token' });
    bodyApi(stack, 'Http', { identitySource: '$request.querystring.token', authorizerPayloadFormatVersion: '2.0' }, true);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual(['Test/Http', 'Test/Rest']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const handler = fn(stack);
    restApi(stack, 'Rest', new apigw.RequestAuthorizer(stack, 'Auth', {
      handler, identitySources: [apigw.IdentitySource.header('Authorization')],
    }));
    httpApi(stack, 'Http', new HttpLambdaAuthorizer('Lambda', handler));
    rest(stack, 'Header', { identitySource: 'method.request.header.Authorization, context.stage' });
    v2(stack, 'HttpHeader', { identitySource: ['$request.header.Authorization'] });
    // WebSocket $connect authorizers may read the query string: browsers cannot send headers on the handshake
    new apigwv2.WebSocketApi(stack, 'Ws', {
      connectRouteOptions: {
        integration: new WebSocketMockIntegration('Connect'),
        authorizer: new WebSocketLambdaAuthorizer('WsAuth', handler, { identitySource: ['route.request.querystring.token'] }),
      },
    });
    v2(stack, 'OtherWs', { identitySource: ['route.request.querystring.token'], authorizerPayloadFormatVersion: undefined });
    // JWT authorizers are judged by JwtIdentitySourceNotQuery
    new apigwv2.CfnAuthorizer(stack, 'Jwt', {
      apiId: 'abc',
      name: 'j',
      authorizerType: 'JWT',
      identitySource: ['$request.querystring.token'],
      jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['client'] },
    });
    bodyApi(stack, 'Body', { identitySource: 'method.request.header.Authorization' });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: imported identity sources give a warning, not a throw', () => {
    const stack = testStack();
    rest(stack, 'Rest', { identitySource: Fn.importValue('Sources') });
    v2(stack, 'Http', { identitySource: Fn.split(',', Fn.importValue('Sources')) });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths.sort()).toEqual(['Test/Http', 'Test/Rest']);
  });
});
