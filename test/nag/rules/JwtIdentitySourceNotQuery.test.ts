import { Fn } from 'aws-cdk-lib';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ruleFindings, testStack } from '../../util';
import { cfnJwtAuthorizer, cfnLambdaAuthorizerV2, httpApiBehind as httpApi, jwtBodyApi } from '../fixtures/authorizers';

const RULE = 'JwtIdentitySourceNotQuery';
const ID = `ApiBaseline-${RULE}`;
const ISSUER = 'https://issuer.example.com';
const JWT_CONFIGURATION = { issuer: ISSUER, audience: ['client'] };

/** An HTTP API defined by an OpenAPI body with one `jwt` security scheme reading the token from `identitySource`. */
const bodyApi = (stack: Construct, id: string, identitySource: unknown) => jwtBodyApi(stack, id, identitySource, JWT_CONFIGURATION);

/** An L1 JWT authorizer reading the token from `identitySource`. */
const l1 = (stack: Construct, id: string, identitySource: any) =>
  cfnJwtAuthorizer(stack, id, { identitySource, jwtConfiguration: JWT_CONFIGURATION });

describe('JwtIdentitySourceNotQuery', () => {
  test('Noncompliance 1: HttpJwtAuthorizer reading the token from the query string', () => {
    const stack = testStack();
    httpApi(stack, 'Api', new HttpJwtAuthorizer('Jwt', ISSUER, { jwtAudience: ['client'], identitySource: ['$request.querystring.token'] }));
    const found = ruleFindings(RULE, stack)[ID];
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
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Api/Pool/Resource']);
  });

  test('Noncompliance 3: L1 authorizer with a header and a query-string source', () => {
    const stack = testStack();
    l1(stack, 'Mixed', ['$request.header.Authorization', '$request.querystring.token']);
    l1(stack, 'Upper', ['$request.QueryString.token']);
    expect(ruleFindings(RULE, stack)[ID]?.paths.sort()).toEqual(['Test/Mixed', 'Test/Upper']);
  });

  test('Noncompliance 4: OpenAPI jwt authorizer reading the query string, on the Api resource', () => {
    const stack = testStack();
    bodyApi(stack, 'Body', '$request.querystring.token');
    bodyApi(stack, 'Listed', '$request.header.Authorization, $request.querystring.token');
    expect(ruleFindings(RULE, stack)[ID]?.paths.sort()).toEqual(['Test/Body', 'Test/Listed']);
  });

  test('Compliance', () => {
    const stack = testStack();
    httpApi(stack, 'Jwt', new HttpJwtAuthorizer('Jwt', ISSUER, { jwtAudience: ['client'] }));
    const pool = new cognito.UserPool(stack, 'Pool');
    httpApi(stack, 'Cognito', new HttpUserPoolAuthorizer('Pool', pool, { userPoolClients: [pool.addClient('Client')] }));
    l1(stack, 'Header', ['$request.header.X-Token']);
    cfnJwtAuthorizer(stack, 'NoSource', { jwtConfiguration: JWT_CONFIGURATION });
    bodyApi(stack, 'Body', '$request.header.Authorization');
    // a Lambda authorizer may read the query string: the rule is about JWT authorizers only
    cfnLambdaAuthorizerV2(stack, 'Lambda', { identitySource: ['$request.querystring.token'] });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported identity source gives a warning, not a throw', () => {
    const stack = testStack();
    l1(stack, 'Imported', [Fn.importValue('Source')]);
    l1(stack, 'Split', Fn.split(',', Fn.importValue('Sources')));
    bodyApi(stack, 'Body', Fn.importValue('Source'));
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths.sort()).toEqual(['Test/Body', 'Test/Imported', 'Test/Split']);
  });
});
