import { Duration, Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { Construct } from 'constructs';
import { ruleFindings, testStack } from '../../util';
import { AUTHORIZER_URI, cfnRestAuthorizer, lambdaAuthorizedBodyApi, restApiBehind as restApi } from '../fixtures/authorizers';
import { inlineFunction as fn } from '../fixtures/lambda';

const RULE = 'AuthorizerTokenValidation';
const ID = `ApiBaseline-${RULE}`;

/** An L1 REST TOKEN authorizer reading the Authorization header. */
const l1 = (stack: Construct, id: string, props: Partial<apigw.CfnAuthorizerProps>) =>
  cfnRestAuthorizer(stack, id, { type: 'TOKEN', identitySource: 'method.request.header.Authorization', ...props });

/** A REST API defined by an OpenAPI body with one `token` authorizer. */
const bodyApi = (stack: Construct, id: string, authorizer: Record<string, unknown>) =>
  lambdaAuthorizedBodyApi(stack, id, { type: 'token', authorizerUri: AUTHORIZER_URI, ...authorizer }, { schemeName: 'token' });

describe('AuthorizerTokenValidation', () => {
  test('Noncompliance 1: TokenAuthorizer without validationRegex', () => {
    const stack = testStack();
    restApi(stack, 'Api', new apigw.TokenAuthorizer(stack, 'Auth', { handler: fn(stack) }));
    const found = ruleFindings(RULE, stack)[ID];
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
    expect(ruleFindings(RULE, stack)[ID]?.paths.sort()).toEqual(['Test/Any', 'Test/Empty', 'Test/Lower', 'Test/None', 'Test/Plus']);
  });

  test('Noncompliance 3: OpenAPI token authorizer without identityValidationExpression, on the RestApi', () => {
    const stack = testStack();
    bodyApi(stack, 'Body', { identitySource: 'method.request.header.Authorization' });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Body']);
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
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported expression or type gives a warning, not a throw', () => {
    const stack = testStack();
    l1(stack, 'Imported', { identityValidationExpression: Fn.importValue('Regex') });
    l1(stack, 'Type', { type: Fn.importValue('Type'), identityValidationExpression: undefined });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths.sort()).toEqual(['Test/Imported', 'Test/Type']);
  });
});
