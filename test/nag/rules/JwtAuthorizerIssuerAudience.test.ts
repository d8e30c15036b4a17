import { Fn } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ruleFindings, testStack } from '../../util';
import { cfnJwtAuthorizer, cfnLambdaAuthorizerV2, httpApiBehind as httpApi, jwtBodyApi } from '../fixtures/authorizers';

const RULE = 'JwtAuthorizerIssuerAudience';
const ID = `ApiBaseline-${RULE}`;
const HEADER = '$request.header.Authorization';

/** An HTTP API defined by an OpenAPI body with one `jwt` security scheme configured by `jwtConfiguration`. */
const bodyApi = (stack: Construct, id: string, jwtConfiguration: unknown) => jwtBodyApi(stack, id, HEADER, jwtConfiguration);

/** An L1 JWT authorizer reading the Authorization header. */
const l1 = (stack: Construct, id: string, jwtConfiguration: any) => cfnJwtAuthorizer(stack, id, { identitySource: [HEADER], jwtConfiguration });

describe('JwtAuthorizerIssuerAudience', () => {
  test('Noncompliance 1: HttpJwtAuthorizer with a plain-http issuer', () => {
    const stack = testStack();
    httpApi(stack, 'Api', new HttpJwtAuthorizer('Jwt', 'http://issuer.example.com', { jwtAudience: ['client'] }));
    const found = ruleFindings(RULE, stack)[ID];
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
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Authorizer/Resource']);
  });

  test('Noncompliance 3: L1 authorizers without an audience, without an issuer and without a configuration', () => {
    const stack = testStack();
    l1(stack, 'NoAudience', { issuer: 'https://issuer.example.com' });
    l1(stack, 'NoIssuer', { audience: ['client'] });
    l1(stack, 'BlankAudience', { issuer: 'https://issuer.example.com', audience: [' '] });
    cfnJwtAuthorizer(stack, 'NoConfiguration', { identitySource: [HEADER] });
    expect(ruleFindings(RULE, stack)[ID]?.paths.sort())
      .toEqual(['Test/BlankAudience', 'Test/NoAudience', 'Test/NoConfiguration', 'Test/NoIssuer']);
  });

  test('Noncompliance 4: OpenAPI jwt authorizers with an http issuer or no audience, on the Api resource', () => {
    const stack = testStack();
    bodyApi(stack, 'HttpIssuer', { issuer: 'http://issuer.example.com', audience: ['client'] });
    bodyApi(stack, 'NoAudience', { issuer: 'https://issuer.example.com' });
    expect(ruleFindings(RULE, stack)[ID]?.paths.sort()).toEqual(['Test/HttpIssuer', 'Test/NoAudience']);
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
    cfnLambdaAuthorizerV2(stack, 'Lambda', { identitySource: ['$request.header.Authorization'] });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported issuer or audience gives a warning, not a throw', () => {
    const stack = testStack();
    l1(stack, 'Issuer', { issuer: Fn.importValue('Issuer'), audience: ['client'] });
    l1(stack, 'Audience', { issuer: 'https://issuer.example.com', audience: Fn.split(',', Fn.importValue('Audiences')) });
    bodyApi(stack, 'Body', { issuer: Fn.importValue('Issuer'), audience: ['client'] });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths.sort()).toEqual(['Test/Audience', 'Test/Body', 'Test/Issuer']);
  });
});
