import { CfnParameter } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-UserPoolMfaNotSmsOnly';

describe('UserPoolMfaNotSmsOnly', () => {
  test('Noncompliance 1: L2 pool with required MFA and no second factor given (aws-cdk-lib renders SMS_MFA)', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', { mfa: cognito.Mfa.REQUIRED });
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('warning');
    expect(found?.paths).toEqual(['Test/Pool/Resource']);
  });

  test('Noncompliance 2: L2 pool with optional MFA by SMS only', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', { mfa: cognito.Mfa.OPTIONAL, mfaSecondFactor: { sms: true, otp: false } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 pool with MFA ON and EnabledMfas [SMS_MFA]', () => {
    const stack = testStack();
    new cognito.CfnUserPool(stack, 'Pool', { mfaConfiguration: 'ON', enabledMfas: ['SMS_MFA'] });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Pool']);
  });

  test('Noncompliance 4: L1 pool with MFA OPTIONAL and no EnabledMfas (SMS)', () => {
    const stack = testStack();
    new cognito.CfnUserPool(stack, 'Pool', { mfaConfiguration: 'OPTIONAL' });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 5: L1 pool with SMS and e-mail codes but no authenticator app', () => {
    const stack = testStack();
    new cognito.CfnUserPool(stack, 'Pool', { mfaConfiguration: 'ON', enabledMfas: ['SMS_MFA', 'EMAIL_OTP'] });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'NoMfa');
    new cognito.UserPool(stack, 'Totp', { mfa: cognito.Mfa.REQUIRED, mfaSecondFactor: { otp: true, sms: false } });
    new cognito.UserPool(stack, 'Both', { mfa: cognito.Mfa.OPTIONAL, mfaSecondFactor: { otp: true, sms: true } });
    new cognito.CfnUserPool(stack, 'L1Off', { mfaConfiguration: 'OFF', enabledMfas: ['SMS_MFA'] });
    new cognito.CfnUserPool(stack, 'L1Totp', { mfaConfiguration: 'ON', enabledMfas: ['SOFTWARE_TOKEN_MFA'] });
    new cognito.CfnUserPool(stack, 'L1Email', { mfaConfiguration: 'ON', enabledMfas: ['EMAIL_OTP'] });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    const factor = new CfnParameter(stack, 'Factor', { type: 'String' });
    new cognito.CfnUserPool(stack, 'Pool', { mfaConfiguration: 'ON', enabledMfas: ['SMS_MFA', factor.valueAsString] });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
