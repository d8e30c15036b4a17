import { Duration, Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer, HttpLambdaResponseType } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Construct } from 'constructs';
import { ruleFindings, testStack } from '../../util';
import {
  AUTHORIZER_URI, cfnLambdaAuthorizerV2, cfnRestAuthorizer, httpApiBehind as httpApi, lambdaAuthorizedBodyApi, restApiBehind as restApi,
} from '../fixtures/authorizers';
import { inlineFunction as fn } from '../fixtures/lambda';

const RULE = 'AuthorizerCacheIdentity';
const ID = `ApiBaseline-${RULE}`;

/** An L1 REST REQUEST authorizer. */
const rest = (stack: Construct, id: string, props: Partial<apigw.CfnAuthorizerProps>) =>
  cfnRestAuthorizer(stack, id, { type: 'REQUEST', ...props });

/** An L1 HTTP Lambda authorizer caching for 300 s. */
const v2 = (stack: Construct, id: string, props: Partial<apigwv2.CfnAuthorizerProps>) =>
  cfnLambdaAuthorizerV2(stack, id, { authorizerResultTtlInSeconds: 300, ...props });

/** A REST API (or an HTTP API if `http`) defined by a document with one Lambda `request` authorizer. */
const bodyApi = (stack: Construct, id: string, authorizer: Record<string, unknown>, http = false) =>
  lambdaAuthorizedBodyApi(stack, id, { type: 'request', authorizerUri: AUTHORIZER_URI, ...authorizer }, { http });

describe('AuthorizerCacheIdentity', () => {
  test('Noncompliance 1: RequestAuthorizer cached on a context value and a stage variable only', () => {
    const stack = testStack();
    restApi(stack, 'Api', new apigw.RequestAuthorizer(stack, 'Auth', {
      handler: fn(stack),
      identitySources: [apigw.IdentitySource.context('sourceIp'), apigw.IdentitySource.stageVariable('tenant')],
      resultsCacheTtl: Duration.minutes(5),
    }));
    const found = ruleFindings(RULE, stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Auth/Resource']);
  });

  test('Noncompliance 2: L1 REST REQUEST authorizers cached by default (TTL unset) on no source or a non-credential header', () => {
    const stack = testStack();
    rest(stack, 'NoSource', {});
    rest(stack, 'Host', { identitySource: 'method.request.header.Host, context.stage' });
    rest(stack, 'Agent', { identitySource: 'method.request.header.User-Agent', authorizerResultTtlInSeconds: 60 });
    expect(ruleFindings(RULE, stack)[ID]?.paths.sort()).toEqual(['Test/Agent', 'Test/Host', 'Test/NoSource']);
  });

  test('Noncompliance 3: HTTP API Lambda authorizers cached on context values', () => {
    const stack = testStack();
    httpApi(stack, 'Api', new HttpLambdaAuthorizer('Lambda', fn(stack), {
      identitySource: ['$context.routeKey'], resultsCacheTtl: Duration.minutes(5), responseTypes: [HttpLambdaResponseType.SIMPLE],
    }));
    v2(stack, 'L1', { identitySource: ['$stageVariables.tenant'] });
    v2(stack, 'Empty', {});
    expect(ruleFindings(RULE, stack)[ID]?.paths.sort()).toEqual(['Test/Api/Lambda/Resource', 'Test/Empty', 'Test/L1']);
  });

  test('Noncompliance 4: OpenAPI request authorizers (REST, HTTP) cached on context values', () => {
    const stack = testStack();
    bodyApi(stack, 'Rest', { identitySource: 'context.httpMethod' });
    bodyApi(stack, 'Http', { identitySource: '$context.httpMethod', authorizerPayloadFormatVersion: '2.0', authorizerResultTtlInSeconds: 60 }, true);
    expect(ruleFindings(RULE, stack)[ID]?.paths.sort()).toEqual(['Test/Http', 'Test/Rest']);
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
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: imported identity sources or TTL give a warning, not a throw', () => {
    const stack = testStack();
    rest(stack, 'Source', { identitySource: Fn.importValue('Sources') });
    v2(stack, 'List', { identitySource: [Fn.importValue('Source')] });
    rest(stack, 'Ttl', { identitySource: 'context.stage', authorizerResultTtlInSeconds: Fn.importValue('Ttl') as any });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths.sort()).toEqual(['Test/List', 'Test/Source', 'Test/Ttl']);
  });
});
