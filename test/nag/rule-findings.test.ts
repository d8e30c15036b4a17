import { CfnParameter } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiBaselineChecks } from '../../src';
import { findings, ruleFindings, testStack } from '../util';

/** A pool with optional SMS-only MFA, and an L1 pool whose second factors come from a parameter. */
function pools() {
  const stack = testStack();
  new cognito.UserPool(stack, 'Pool', { mfa: cognito.Mfa.OPTIONAL, mfaSecondFactor: { sms: true, otp: false } });
  new cognito.CfnUserPool(stack, 'L1', { mfaConfiguration: 'ON', enabledMfas: [new CfnParameter(stack, 'Factors').valueAsString] });
  return stack;
}

describe('ruleFindings', () => {
  test('keeps the findings of one rule, its suffixed ids included', () => {
    const found = ruleFindings('UserPoolMfaNotSmsOnly', pools());
    expect(Object.keys(found).sort()).toEqual(['ApiBaseline-UserPoolMfaNotSmsOnly', 'ApiBaseline-UserPoolMfaNotSmsOnly[Unverifiable]']);
    expect(found['ApiBaseline-UserPoolMfaNotSmsOnly[Unverifiable]'].severity).toBe('warning');
  });

  test('leaves out a rule whose name merely starts the same way', () => {
    const stack = pools();
    expect(Object.keys(findings(new ApiBaselineChecks(), stack)).filter((id) => id.startsWith('ApiBaseline-UserPoolMfa')).length).toBeGreaterThan(1);
    expect(Object.keys(ruleFindings('UserPoolMfa', stack))).toEqual(['ApiBaseline-UserPoolMfa']);
  });

  test('runs the pack it is given', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', {
      passwordPolicy: { minLength: 14, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
    });
    expect(ruleFindings('UserPoolPasswordPolicy', stack)['ApiBaseline-UserPoolPasswordPolicy']).toBeUndefined();
    const strict = new ApiBaselineChecks(undefined, { thresholds: { minPasswordLength: 16 } });
    expect(ruleFindings('UserPoolPasswordPolicy', stack, strict)['ApiBaseline-UserPoolPasswordPolicy']?.severity).toBe('error');
  });

  test('runs only the rule it names, and judges it as the whole pack does', () => {
    const stack = pools();
    const alone = findings(ApiBaselineChecks._ofRules(['UserPoolMfaNotSmsOnly']), stack);
    expect(Object.keys(alone).every((id) => id.startsWith('ApiBaseline-UserPoolMfaNotSmsOnly'))).toBe(true);
    const whole = findings(new ApiBaselineChecks(), stack);
    expect(alone).toEqual(Object.fromEntries(Object.entries(whole).filter(([id]) => id.startsWith('ApiBaseline-UserPoolMfaNotSmsOnly'))));
  });
});
