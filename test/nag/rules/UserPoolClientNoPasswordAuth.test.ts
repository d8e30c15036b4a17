import { CfnParameter } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ruleFindings, testStack } from '../../util';
import { cfnClient, POOL_CLIENT_PATH, poolClient } from '../fixtures/cognito';

const RULE = 'UserPoolClientNoPasswordAuth';
const ID = `ApiBaseline-${RULE}`;

describe('UserPoolClientNoPasswordAuth', () => {
  test('Noncompliance 1: L2 client with authFlows.userPassword', () => {
    const stack = testStack();
    poolClient(stack, { authFlows: { userPassword: true, userSrp: true } });
    const found = ruleFindings(RULE, stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual([POOL_CLIENT_PATH]);
  });

  test('Noncompliance 2: L1 client with ALLOW_USER_PASSWORD_AUTH', () => {
    const stack = testStack();
    cfnClient(stack, 'Client', { explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Client']);
  });

  test('Noncompliance 3: L1 client with the legacy USER_PASSWORD_AUTH', () => {
    const stack = testStack();
    cfnClient(stack, 'Client', { explicitAuthFlows: ['USER_PASSWORD_AUTH'] });
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: a password flow next to an intrinsic flow is still a finding', () => {
    const stack = testStack();
    const flow = new CfnParameter(stack, 'Flow', { type: 'String' });
    cfnClient(stack, 'Client', { explicitAuthFlows: [flow.valueAsString, 'ALLOW_USER_PASSWORD_AUTH'] });
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    pool.addClient('Default');
    pool.addClient('Srp', { authFlows: { userSrp: true } });
    pool.addClient('Machine', { generateSecret: true, oAuth: { flows: { clientCredentials: true } } });
    cfnClient(stack, 'L1Default');
    cfnClient(stack, 'L1Srp', { explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'] });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    const flow = new CfnParameter(stack, 'Flow', { type: 'String' });
    cfnClient(stack, 'Client', { explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', flow.valueAsString] });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
