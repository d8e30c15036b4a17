import { CfnParameter } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-UserPoolSelfSignUpVerified';

describe('UserPoolSelfSignUpVerified', () => {
  test('Noncompliance 1: L2 pool with self sign-up and username sign-in (nothing verified)', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', { selfSignUpEnabled: true });
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('warning');
    expect(found?.paths).toEqual(['Test/Pool/Resource']);
  });

  test('Noncompliance 2: L2 pool with self sign-up that verifies the phone number only', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', { selfSignUpEnabled: true, autoVerify: { phone: true } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L2 pool with self sign-up and e-mail and phone sign-in (Cognito verifies only the phone)', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', { selfSignUpEnabled: true, signInAliases: { email: true, phone: true } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: L1 pool without AdminCreateUserConfig (self sign-up by default) and no verification', () => {
    const stack = testStack();
    new cognito.CfnUserPool(stack, 'Pool', {});
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Pool']);
  });

  test('Noncompliance 5: L1 pool with AllowAdminCreateUserOnly false and an empty AutoVerifiedAttributes', () => {
    const stack = testStack();
    new cognito.CfnUserPool(stack, 'Pool', {
      adminCreateUserConfig: { allowAdminCreateUserOnly: false }, autoVerifiedAttributes: [],
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'AdminOnly');
    new cognito.UserPool(stack, 'EmailSignIn', { selfSignUpEnabled: true, signInAliases: { email: true } });
    new cognito.UserPool(stack, 'EmailVerified', { selfSignUpEnabled: true, autoVerify: { email: true } });
    new cognito.CfnUserPool(stack, 'L1AdminOnly', { adminCreateUserConfig: { allowAdminCreateUserOnly: true } });
    new cognito.CfnUserPool(stack, 'L1Email', { autoVerifiedAttributes: ['email'] });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    const adminOnly = new CfnParameter(stack, 'AdminOnly', { type: 'String' });
    new cognito.CfnUserPool(stack, 'Pool', {
      adminCreateUserConfig: { allowAdminCreateUserOnly: adminOnly.valueAsString as any },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
