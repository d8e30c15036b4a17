import { CfnParameter } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { IdentityPool } from 'aws-cdk-lib/aws-cognito-identitypool';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-IdentityPoolNoUnauthenticated';

describe('IdentityPoolNoUnauthenticated', () => {
  test('Noncompliance 1: L2 identity pool with unauthenticated identities', () => {
    const stack = testStack();
    new IdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true });
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Pool/Resource']);
  });

  test('Noncompliance 2: L1 identity pool with AllowUnauthenticatedIdentities true', () => {
    const stack = testStack();
    new cognito.CfnIdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: true });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Pool']);
  });

  test('Compliance', () => {
    const stack = testStack();
    new IdentityPool(stack, 'Pool');
    new cognito.CfnIdentityPool(stack, 'L1Pool', { allowUnauthenticatedIdentities: false });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    const allow = new CfnParameter(stack, 'AllowGuests', { type: 'String' });
    new cognito.CfnIdentityPool(stack, 'Pool', { allowUnauthenticatedIdentities: allow.valueAsString as any });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
