import { Fn } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-UserPoolThreatProtection';

describe('UserPoolThreatProtection', () => {
  test('Noncompliance 1: L2 user pool without threat protection', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool');
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Pool/Resource']);
  });

  test('Noncompliance 2: L2 user pool with audit-only threat protection', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', {
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.AUDIT_ONLY,
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L2 user pool enforcing standard but only auditing custom authentication', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', {
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customThreatProtectionMode: cognito.CustomThreatProtectionMode.AUDIT_ONLY,
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: L1 user pool with AdvancedSecurityMode OFF', () => {
    const stack = testStack();
    new cognito.CfnUserPool(stack, 'Pool', { userPoolAddOns: { advancedSecurityMode: 'OFF' } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Pool']);
  });

  test('Compliance', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', {
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
    });
    new cognito.UserPool(stack, 'WithCustomAuth', {
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      customThreatProtectionMode: cognito.CustomThreatProtectionMode.FULL_FUNCTION,
    });
    new cognito.CfnUserPool(stack, 'L1Pool', { userPoolTier: 'PLUS', userPoolAddOns: { advancedSecurityMode: 'ENFORCED' } });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    new cognito.CfnUserPool(stack, 'Pool', { userPoolAddOns: { advancedSecurityMode: Fn.importValue('Mode') } });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
