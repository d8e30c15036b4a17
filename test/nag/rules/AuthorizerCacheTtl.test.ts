import { Duration, Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { Construct } from 'constructs';
import { ApiBaselineChecks } from '../../../src';
import { ruleFindings, testStack } from '../../util';
import {
  AUTHORIZER_URI, cfnLambdaAuthorizerV2, cfnRestAuthorizer, httpApiBehind as httpApi, lambdaAuthorizedBodyApi, restApiBehind as restApi,
} from '../fixtures/authorizers';
import { inlineFunction as fn } from '../fixtures/lambda';

const RULE = 'AuthorizerCacheTtl';
const ID = `ApiBaseline-${RULE}`;

/** An L1 REST TOKEN authorizer reading the Authorization header. */
const rest = (stack: Construct, id: string, props: Partial<apigw.CfnAuthorizerProps>) => cfnRestAuthorizer(stack, id, {
  type: 'TOKEN', identitySource: 'method.request.header.Authorization', identityValidationExpression: '^Bearer .+$', ...props,
});

/** An L1 HTTP Lambda authorizer reading the Authorization header. */
const v2 = (stack: Construct, id: string, props: Partial<apigwv2.CfnAuthorizerProps>) =>
  cfnLambdaAuthorizerV2(stack, id, { identitySource: ['$request.header.Authorization'], ...props });

/** A REST API (or an HTTP API if `http`) defined by a document with one Lambda authorizer. */
const bodyApi = (stack: Construct, id: string, authorizer: Record<string, unknown>, http = false) =>
  lambdaAuthorizedBodyApi(stack, id, { authorizerUri: AUTHORIZER_URI, identityValidationExpression: '^Bearer .+$', ...authorizer }, { http });

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
    const found = ruleFindings(RULE, stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths.sort()).toEqual(['Test/RequestAuth/Resource', 'Test/TokenAuth/Resource']);
  });

  test('Noncompliance 2: HttpLambdaAuthorizer and v2 REQUEST authorizer above the threshold', () => {
    const stack = testStack();
    httpApi(stack, 'Api', new HttpLambdaAuthorizer('Lambda', fn(stack), { resultsCacheTtl: Duration.hours(1) }));
    v2(stack, 'L1', { authorizerResultTtlInSeconds: 301 });
    expect(ruleFindings(RULE, stack)[ID]?.paths.sort()).toEqual(['Test/Api/Lambda/Resource', 'Test/L1']);
  });

  test('Noncompliance 3: OpenAPI authorizers (REST token, HTTP request) above the threshold', () => {
    const stack = testStack();
    bodyApi(stack, 'Rest', { type: 'token', authorizerResultTtlInSeconds: 3600 });
    bodyApi(stack, 'Http', { type: 'request', authorizerPayloadFormatVersion: '2.0', identitySource: '$request.header.Authorization', authorizerResultTtlInSeconds: 900 }, true);
    expect(ruleFindings(RULE, stack)[ID]?.paths.sort()).toEqual(['Test/Http', 'Test/Rest']);
  });

  test('Noncompliance 4: a lower threshold catches the REST default of 300 s (TTL unset)', () => {
    const stack = testStack();
    rest(stack, 'Unset', {});
    rest(stack, 'Request', { type: 'REQUEST', authorizerResultTtlInSeconds: 120 });
    v2(stack, 'HttpUnset', {});
    const found = ruleFindings(RULE, stack, new ApiBaselineChecks(undefined, { thresholds: { authorizerCacheTtlSeconds: 60 } }))[ID];
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
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported TTL gives a warning, not a throw', () => {
    const stack = testStack();
    rest(stack, 'Rest', { authorizerResultTtlInSeconds: Fn.importValue('Ttl') as any });
    v2(stack, 'Http', { authorizerResultTtlInSeconds: Fn.importValue('Ttl') as any });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths.sort()).toEqual(['Test/Http', 'Test/Rest']);
  });
});
