import { CfnParameter } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-UserPoolPasswordPolicy';
const strong = { minLength: 14, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true };

describe('UserPoolPasswordPolicy', () => {
  test('Noncompliance 1: L2 user pool with the default policy (8 characters)', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool');
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Pool/Resource']);
  });

  test('Noncompliance 2: L2 user pool with 13 characters (below the default threshold minPasswordLength 14)', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', { passwordPolicy: { ...strong, minLength: 13 } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L2 user pool that does not require symbols', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', { passwordPolicy: { ...strong, requireSymbols: false } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: L1 user pool with a long password but no character classes', () => {
    const stack = testStack();
    new cognito.CfnUserPool(stack, 'Pool', { policies: { passwordPolicy: { minimumLength: 16 } } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Pool']);
  });

  test('Noncompliance 5: L2 user pool that sets only minLength (character classes are not rendered)', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', { passwordPolicy: { minLength: 14 } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 6: a configured threshold minPasswordLength 16 rejects 14', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', { passwordPolicy: strong });
    expect(findings(new ApiBaselineChecks(undefined, { thresholds: { minPasswordLength: 16 } }), stack)[ID]).toBeDefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', { passwordPolicy: strong });
    new cognito.CfnUserPool(stack, 'L1Pool', {
      policies: {
        passwordPolicy: { minimumLength: 14, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true },
      },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Compliance: a configured threshold minPasswordLength 12 accepts 12', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', { passwordPolicy: { ...strong, minLength: 12 } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
    const found = findings(new ApiBaselineChecks(undefined, { thresholds: { minPasswordLength: 12 } }), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    const length = new CfnParameter(stack, 'MinLength', { type: 'Number' });
    new cognito.CfnUserPool(stack, 'Pool', {
      policies: {
        passwordPolicy: {
          minimumLength: length.valueAsNumber, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: true,
        },
      },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
