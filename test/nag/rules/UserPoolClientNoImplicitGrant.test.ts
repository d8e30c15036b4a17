import { Fn } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-UserPoolClientNoImplicitGrant';

describe('UserPoolClientNoImplicitGrant', () => {
  test('Noncompliance 1: L2 client with default OAuth flows (code and implicit)', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool').addClient('Client');
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Pool/Client/Resource']);
  });

  test('Noncompliance 2: L2 client that turns the implicit grant on explicitly', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool').addClient('Client', {
      oAuth: { flows: { implicitCodeGrant: true }, callbackUrls: ['https://app.example.com/callback'] },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 client with AllowedOAuthFlows implicit', () => {
    const stack = testStack();
    new cognito.CfnUserPoolClient(stack, 'Client', { userPoolId: 'pool', allowedOAuthFlows: ['implicit'], allowedOAuthFlowsUserPoolClient: true });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Client']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    pool.addClient('Web', {
      oAuth: { flows: { authorizationCodeGrant: true }, callbackUrls: ['https://app.example.com/callback'] },
    });
    pool.addClient('Machine', { generateSecret: true, oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.custom('orders/read')] } });
    new cognito.CfnUserPoolClient(stack, 'NoOAuth', { userPoolId: 'pool' });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    new cognito.CfnUserPoolClient(stack, 'Client', { userPoolId: 'pool', allowedOAuthFlows: Fn.split(',', Fn.importValue('Flows')) });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
