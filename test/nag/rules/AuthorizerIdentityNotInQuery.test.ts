import { Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketMockIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Construct } from 'constructs';
import { ruleFindings, testStack } from '../../util';
import {
  AUTHORIZER_URI, cfnJwtAuthorizer, cfnLambdaAuthorizerV2 as v2, cfnRestAuthorizer, httpApiBehind as httpApi, lambdaAuthorizedBodyApi,
  restApiBehind as restApi,
} from '../fixtures/authorizers';
import { inlineFunction as fn } from '../fixtures/lambda';

const RULE = 'AuthorizerIdentityNotInQuery';
const ID = `ApiBaseline-${RULE}`;

/** An L1 REST REQUEST authorizer. */
const rest = (stack: Construct, id: string, props: Partial<apigw.CfnAuthorizerProps>) =>
  cfnRestAuthorizer(stack, id, { type: 'REQUEST', ...props });

/** A REST API (or an HTTP API if `http`) defined by a document whose Lambda `request` authorizer reads the query. */
const bodyApi = (stack: Construct, id: string, authorizer: Record<string, unknown>, http = false) =>
  lambdaAuthorizedBodyApi(stack, id, { type: 'request', authorizerUri: AUTHORIZER_URI, ...authorizer }, { http, source: { name: 'token', in: 'query' } });

describe('AuthorizerIdentityNotInQuery', () => {
  test('Noncompliance 1: RequestAuthorizer reading a query-string token', () => {
    const stack = testStack();
    restApi(stack, 'Api', new apigw.RequestAuthorizer(stack, 'Auth', {
      handler: fn(stack), identitySources: [apigw.IdentitySource.queryString('token')],
    }));
    const found = ruleFindings(RULE, stack)[ID];
    expect(found?.severity).toBe('warning');
    expect(found?.paths).toEqual(['Test/Auth/Resource']);
  });

  test('Noncompliance 2: L1 REST REQUEST and TOKEN authorizers with query-string sources', () => {
    const stack = testStack();
    rest(stack, 'Mixed', { identitySource: 'method.request.header.Authorization, method.request.querystring.token' });
    rest(stack, 'Multi', { identitySource: 'method.request.multivaluequerystring.key' });
    rest(stack, 'Token', { type: 'TOKEN', identitySource: 'method.request.querystring.token', identityValidationExpression: '^.{10,}$' });
    expect(ruleFindings(RULE, stack)[ID]?.paths.sort()).toEqual(['Test/Mixed', 'Test/Multi', 'Test/Token']);
  });

  test('Noncompliance 3: HTTP API Lambda authorizers with query-string sources', () => {
    const stack = testStack();
    httpApi(stack, 'Api', new HttpLambdaAuthorizer('Lambda', fn(stack), { identitySource: ['$request.querystring.token'] }));
    v2(stack, 'L1', { identitySource: ['$request.header.X-Tenant', '$request.querystring.key'] });
    expect(ruleFindings(RULE, stack)[ID]?.paths.sort()).toEqual(['Test/Api/Lambda/Resource', 'Test/L1']);
  });

  test('Noncompliance 4: OpenAPI request authorizers (REST, HTTP) with query-string sources', () => {
    const stack = testStack();
    bodyApi(stack, 'Rest', { identitySource: 'method.request.querystring.token' });
    bodyApi(stack, 'Http', { identitySource: '$request.querystring.token', authorizerPayloadFormatVersion: '2.0' }, true);
    expect(ruleFindings(RULE, stack)[ID]?.paths.sort()).toEqual(['Test/Http', 'Test/Rest']);
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
    cfnJwtAuthorizer(stack, 'Jwt', {
      identitySource: ['$request.querystring.token'],
      jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['client'] },
    });
    bodyApi(stack, 'Body', { identitySource: 'method.request.header.Authorization' });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: imported identity sources give a warning, not a throw', () => {
    const stack = testStack();
    rest(stack, 'Rest', { identitySource: Fn.importValue('Sources') });
    v2(stack, 'Http', { identitySource: Fn.split(',', Fn.importValue('Sources')) });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths.sort()).toEqual(['Test/Http', 'Test/Rest']);
  });
});
