import { Fn } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-JwtIdentitySourceNotQuery';
const ISSUER = 'https://issuer.example.com';

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

/** An HTTP API defined by an OpenAPI body with one `jwt` security scheme reading the token from `identitySource`. */
function bodyApi(stack: any, id: string, identitySource: unknown) {
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
              identitySource,
              jwtConfiguration: { issuer: ISSUER, audience: ['client'] },
            },
          },
        },
      },
    },
  });
}

function l1(stack: any, id: string, identitySource: any) {
  return new apigwv2.CfnAuthorizer(stack, id, {
    apiId: 'abc',
    name: id,
    authorizerType: 'JWT',
    identitySource,
    jwtConfiguration: { issuer: ISSUER, audience: ['client'] },
  });
}

describe('JwtIdentitySourceNotQuery', () => {
  test('Noncompliance 1: HttpJwtAuthorizer reading the token from the query string', () => {
    const stack = testStack();
    httpApi(stack, 'Api', new HttpJwtAuthorizer('Jwt', ISSUER, { jwtAudience: ['client'], identitySource: ['$request.querystring.token'] }));
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Api/Jwt/Resource']);
  });

  test('Noncompliance 2: HttpUserPoolAuthorizer reading the token from the query string', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    httpApi(stack, 'Api', new HttpUserPoolAuthorizer('Pool', pool, {
      userPoolClients: [pool.addClient('Client')],
      identitySource: ['$request.querystring.access_token'],
    }));
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Api/Pool/Resource']);
  });

  test('Noncompliance 3: L1 authorizer with a header and a query-string source', () => {
    const stack = testStack();
    l1(stack, 'Mixed', ['$request.header.Authorization', '$request.querystring.token']);
    l1(stack, 'Upper', ['$request.QueryString.token']);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual(['Test/Mixed', 'Test/Upper']);
  });

  test('Noncompliance 4: OpenAPI jwt authorizer reading the query string, on the Api resource', () => {
    const stack = testStack();
    bodyApi(stack, 'Body', '$request.querystring.token');
    bodyApi(stack, 'Listed', '$request.header.Authorization, $request.querystring.token');
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual(['Test/Body', 'Test/Listed']);
  });

  test('Compliance', () => {
    const stack = testStack();
    httpApi(stack, 'Jwt', new HttpJwtAuthorizer('Jwt', ISSUER, { jwtAudience: ['client'] }));
    const pool = new cognito.UserPool(stack, 'Pool');
    httpApi(stack, 'Cognito', new HttpUserPoolAuthorizer('Pool', pool, { userPoolClients: [pool.addClient('Client')] }));
    l1(stack, 'Header', ['$request.header.X-Token']);
    new apigwv2.CfnAuthorizer(stack, 'NoSource', {
      apiId: 'abc', name: 'd', authorizerType: 'JWT', jwtConfiguration: { issuer: ISSUER, audience: ['client'] },
    });
    bodyApi(stack, 'Body', '$request.header.Authorization');
    // a Lambda authorizer may read the query string: the rule is about JWT authorizers only
    new apigwv2.CfnAuthorizer(stack, 'Lambda', {
      apiId: 'abc',
      name: 'l',
      authorizerType: 'REQUEST',
      authorizerUri: 'arn:aws:lambda:us-east-1:123456789012:function:f',
      identitySource: ['$request.querystring.token'],
      authorizerPayloadFormatVersion: '2.0',
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported identity source gives a warning, not a throw', () => {
    const stack = testStack();
    l1(stack, 'Imported', [Fn.importValue('Source')]);
    l1(stack, 'Split', Fn.split(',', Fn.importValue('Sources')));
    bodyApi(stack, 'Body', Fn.importValue('Source'));
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths.sort()).toEqual(['Test/Body', 'Test/Imported', 'Test/Split']);
  });
});
