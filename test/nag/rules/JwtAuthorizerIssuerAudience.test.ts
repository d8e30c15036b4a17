import { Fn } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-JwtAuthorizerIssuerAudience';

/** An HTTP API with one route behind `authorizer`. */
function httpApi(stack: any, id: string, authorizer: apigwv2.IHttpRouteAuthorizer) {
  const api = new apigwv2.HttpApi(stack, id, { createDefaultStage: false });
  api.addRoutes({
    path: '/orders',
    methods: [apigwv2.HttpMethod.GET],
    integration: new HttpUrlIntegration('Backend', 'https://backend.example.com'),
    authorizer,
  });
  return api;
}

/** An HTTP API defined by an OpenAPI body with one `jwt` security scheme. */
function bodyApi(stack: any, id: string, jwtConfiguration: unknown) {
  return new apigwv2.CfnApi(stack, id, {
    body: {
      openapi: '3.0.1',
      info: { title: id, version: '1' },
      paths: { '/orders': { get: { security: [{ jwt: [] }] } } },
      components: {
        securitySchemes: {
          jwt: {
            'type': 'oauth2',
            'x-amazon-apigateway-authorizer': {
              type: 'jwt',
              identitySource: '$request.header.Authorization',
              jwtConfiguration,
            },
          },
        },
      },
    },
  });
}

function l1(stack: any, id: string, jwtConfiguration: any) {
  return new apigwv2.CfnAuthorizer(stack, id, {
    apiId: 'abc',
    name: id,
    authorizerType: 'JWT',
    identitySource: ['$request.header.Authorization'],
    jwtConfiguration,
  });
}

describe('JwtAuthorizerIssuerAudience', () => {
  test('Noncompliance 1: HttpJwtAuthorizer with a plain-http issuer', () => {
    const stack = testStack();
    httpApi(stack, 'Api', new HttpJwtAuthorizer('Jwt', 'http://issuer.example.com', { jwtAudience: ['client'] }));
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Api/Jwt/Resource']);
  });

  test('Noncompliance 2: HttpAuthorizer of type JWT with a plain-http issuer', () => {
    const stack = testStack();
    const api = new apigwv2.HttpApi(stack, 'Api', { createDefaultStage: false });
    new apigwv2.HttpAuthorizer(stack, 'Authorizer', {
      httpApi: api,
      type: apigwv2.HttpAuthorizerType.JWT,
      identitySource: ['$request.header.Authorization'],
      jwtIssuer: 'http://issuer.example.com',
      jwtAudience: ['client'],
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Authorizer/Resource']);
  });

  test('Noncompliance 3: L1 authorizers without an audience, without an issuer and without a configuration', () => {
    const stack = testStack();
    l1(stack, 'NoAudience', { issuer: 'https://issuer.example.com' });
    l1(stack, 'NoIssuer', { audience: ['client'] });
    l1(stack, 'BlankAudience', { issuer: 'https://issuer.example.com', audience: [' '] });
    new apigwv2.CfnAuthorizer(stack, 'NoConfiguration', { apiId: 'abc', name: 'n', authorizerType: 'JWT', identitySource: ['$request.header.Authorization'] });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort())
      .toEqual(['Test/BlankAudience', 'Test/NoAudience', 'Test/NoConfiguration', 'Test/NoIssuer']);
  });

  test('Noncompliance 4: OpenAPI jwt authorizers with an http issuer or no audience, on the Api resource', () => {
    const stack = testStack();
    bodyApi(stack, 'HttpIssuer', { issuer: 'http://issuer.example.com', audience: ['client'] });
    bodyApi(stack, 'NoAudience', { issuer: 'https://issuer.example.com' });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual(['Test/HttpIssuer', 'Test/NoAudience']);
  });

  test('Compliance', () => {
    const stack = testStack();
    httpApi(stack, 'Jwt', new HttpJwtAuthorizer('Jwt', 'https://issuer.example.com', { jwtAudience: ['client'] }));
    const pool = new cognito.UserPool(stack, 'Pool');
    const client = pool.addClient('Client');
    httpApi(stack, 'Cognito', new HttpUserPoolAuthorizer('Pool', pool, { userPoolClients: [client] }));
    l1(stack, 'L1', { issuer: 'https://issuer.example.com', audience: ['client'] });
    bodyApi(stack, 'Body', { issuer: 'https://issuer.example.com', audience: ['client'] });
    // not a JWT authorizer: the rule does not apply
    new apigwv2.CfnAuthorizer(stack, 'Lambda', {
      apiId: 'abc',
      name: 'l',
      authorizerType: 'REQUEST',
      authorizerUri: 'arn:aws:lambda:us-east-1:123456789012:function:f',
      identitySource: ['$request.header.Authorization'],
      authorizerPayloadFormatVersion: '2.0',
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported issuer or audience gives a warning, not a throw', () => {
    const stack = testStack();
    l1(stack, 'Issuer', { issuer: Fn.importValue('Issuer'), audience: ['client'] });
    l1(stack, 'Audience', { issuer: 'https://issuer.example.com', audience: Fn.split(',', Fn.importValue('Audiences')) });
    bodyApi(stack, 'Body', { issuer: Fn.importValue('Issuer'), audience: ['client'] });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths.sort()).toEqual(['Test/Audience', 'Test/Body', 'Test/Issuer']);
  });
});
