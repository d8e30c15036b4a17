import { CfnParameter, Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-UserPoolTemporaryPasswordValidity';

describe('UserPoolTemporaryPasswordValidity', () => {
  test('Noncompliance 1: L2 pool with 8-day temporary passwords', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool', { passwordPolicy: { tempPasswordValidity: Duration.days(8) } });
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Pool/Resource']);
  });

  test('Noncompliance 2: L1 pool with TemporaryPasswordValidityDays 365', () => {
    const stack = testStack();
    new cognito.CfnUserPool(stack, 'Pool', { policies: { passwordPolicy: { temporaryPasswordValidityDays: 365 } } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Pool']);
  });

  test('Noncompliance 3: a configured threshold maxTemporaryPasswordValidityDays 3 rejects the Cognito default (7 days)', () => {
    const stack = testStack();
    new cognito.CfnUserPool(stack, 'Pool', {});
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeUndefined();
    const pack = new ApiBaselineChecks(undefined, { thresholds: { maxTemporaryPasswordValidityDays: 3 } });
    expect(findings(pack, stack)[ID]).toBeDefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Default');
    new cognito.UserPool(stack, 'Week', { passwordPolicy: { tempPasswordValidity: Duration.days(7) } });
    new cognito.UserPool(stack, 'Day', { passwordPolicy: { tempPasswordValidity: Duration.days(1) } });
    new cognito.CfnUserPool(stack, 'L1Default', { policies: { passwordPolicy: { minimumLength: 14 } } });
    new cognito.CfnUserPool(stack, 'L1Three', { policies: { passwordPolicy: { temporaryPasswordValidityDays: 3 } } });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    const days = new CfnParameter(stack, 'TempDays', { type: 'Number' });
    new cognito.CfnUserPool(stack, 'Pool', { policies: { passwordPolicy: { temporaryPasswordValidityDays: days.valueAsNumber } } });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
