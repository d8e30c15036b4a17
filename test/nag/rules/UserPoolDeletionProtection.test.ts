import { CfnParameter } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-UserPoolDeletionProtection';

describe('UserPoolDeletionProtection', () => {
  test('Noncompliance 1: L2 user pool without deletion protection', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool');
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('warning');
    expect(found?.paths).toEqual(['Test/Pool/Resource']);
  });

  test('Noncompliance 2: L2 user pool with deletion protection explicitly off', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', { deletionProtection: false });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 user pool with DeletionProtection INACTIVE', () => {
    const stack = testStack();
    new cognito.CfnUserPool(stack, 'Pool', { deletionProtection: 'INACTIVE' });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Pool']);
  });

  test('Compliance', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', { deletionProtection: true });
    new cognito.CfnUserPool(stack, 'L1Pool', { deletionProtection: 'ACTIVE' });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    new cognito.CfnUserPool(stack, 'Pool', { deletionProtection: new CfnParameter(stack, 'Protection').valueAsString });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
