import { Fn } from 'aws-cdk-lib';
import { ruleFindings, testStack } from '../../util';
import { cfnClient, POOL_CLIENT_PATH, poolClient } from '../fixtures/cognito';

const RULE = 'UserPoolClientPreventUserExistenceErrors';
const ID = `ApiBaseline-${RULE}`;

describe('UserPoolClientPreventUserExistenceErrors', () => {
  test('Noncompliance 1: L2 client with the default (not set)', () => {
    const stack = testStack();
    poolClient(stack);
    const found = ruleFindings(RULE, stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual([POOL_CLIENT_PATH]);
  });

  test('Noncompliance 2: L2 client with preventUserExistenceErrors false (LEGACY)', () => {
    const stack = testStack();
    poolClient(stack, { preventUserExistenceErrors: false });
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 client with LEGACY errors', () => {
    const stack = testStack();
    cfnClient(stack, 'Client', { preventUserExistenceErrors: 'LEGACY' });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Client']);
  });

  test('Compliance', () => {
    const stack = testStack();
    poolClient(stack, { preventUserExistenceErrors: true });
    cfnClient(stack, 'L1Client', { preventUserExistenceErrors: 'ENABLED' });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    cfnClient(stack, 'Client', { preventUserExistenceErrors: Fn.importValue('Errors') });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
