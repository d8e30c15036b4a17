import { CfnParameter } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ruleFindings, testStack } from '../../util';
import { cfnClient, POOL_CLIENT_PATH, poolClient } from '../fixtures/cognito';

const RULE = 'UserPoolClientTokenRevocation';
const ID = `ApiBaseline-${RULE}`;

describe('UserPoolClientTokenRevocation', () => {
  test('Noncompliance 1: L2 client with token revocation off', () => {
    const stack = testStack();
    poolClient(stack, { enableTokenRevocation: false });
    const found = ruleFindings(RULE, stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual([POOL_CLIENT_PATH]);
  });

  test('Noncompliance 2: L1 client with EnableTokenRevocation false', () => {
    const stack = testStack();
    cfnClient(stack, 'Client', { enableTokenRevocation: false });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Client']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    pool.addClient('Default');
    pool.addClient('Explicit', { enableTokenRevocation: true });
    cfnClient(stack, 'L1Client');
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    cfnClient(stack, 'Client', { enableTokenRevocation: new CfnParameter(stack, 'Revocation').value });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
