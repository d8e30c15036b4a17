import { Fn } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ruleFindings, testStack } from '../../util';
import { cfnClient, POOL_CLIENT_PATH, poolClient } from '../fixtures/cognito';

const RULE = 'UserPoolClientNoImplicitGrant';
const ID = `ApiBaseline-${RULE}`;

describe('UserPoolClientNoImplicitGrant', () => {
  test('Noncompliance 1: L2 client with default OAuth flows (code and implicit)', () => {
    const stack = testStack();
    poolClient(stack);
    const found = ruleFindings(RULE, stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual([POOL_CLIENT_PATH]);
  });

  test('Noncompliance 2: L2 client that turns the implicit grant on explicitly', () => {
    const stack = testStack();
    poolClient(stack, {
      oAuth: { flows: { implicitCodeGrant: true }, callbackUrls: ['https://app.example.com/callback'] },
    });
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 client with AllowedOAuthFlows implicit', () => {
    const stack = testStack();
    cfnClient(stack, 'Client', { allowedOAuthFlows: ['implicit'], allowedOAuthFlowsUserPoolClient: true });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Client']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    pool.addClient('Web', {
      oAuth: { flows: { authorizationCodeGrant: true }, callbackUrls: ['https://app.example.com/callback'] },
    });
    pool.addClient('Machine', { generateSecret: true, oAuth: { flows: { clientCredentials: true }, scopes: [cognito.OAuthScope.custom('orders/read')] } });
    cfnClient(stack, 'NoOAuth');
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    cfnClient(stack, 'Client', { allowedOAuthFlows: Fn.split(',', Fn.importValue('Flows')) });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
