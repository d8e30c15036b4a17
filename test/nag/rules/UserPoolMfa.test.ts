import { CfnParameter } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-UserPoolMfa';

describe('UserPoolMfa', () => {
  test('Noncompliance 1: L2 user pool with default MFA (off)', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool');
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Pool/Resource']);
  });

  test('Noncompliance 2: L2 user pool with optional MFA', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', { mfa: cognito.Mfa.OPTIONAL, mfaSecondFactor: { otp: true, sms: false } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 user pool with MfaConfiguration OFF', () => {
    const stack = testStack();
    new cognito.CfnUserPool(stack, 'Pool', { mfaConfiguration: 'OFF' });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Pool']);
  });

  test('Compliance', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', { mfa: cognito.Mfa.REQUIRED, mfaSecondFactor: { otp: true, sms: false } });
    new cognito.CfnUserPool(stack, 'L1Pool', { mfaConfiguration: 'ON', enabledMfas: ['SOFTWARE_TOKEN_MFA'] });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    new cognito.CfnUserPool(stack, 'Pool', { mfaConfiguration: new CfnParameter(stack, 'Mfa').valueAsString });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
