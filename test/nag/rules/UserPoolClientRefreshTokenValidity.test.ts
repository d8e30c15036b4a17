import { CfnParameter, Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiBaselineChecks } from '../../../src';
import { ruleFindings, testStack } from '../../util';
import { cfnClient, POOL_CLIENT_PATH, poolClient } from '../fixtures/cognito';

const RULE = 'UserPoolClientRefreshTokenValidity';
const ID = `ApiBaseline-${RULE}`;

describe('UserPoolClientRefreshTokenValidity', () => {
  test('Noncompliance 1: L2 client with 31-day refresh tokens', () => {
    const stack = testStack();
    poolClient(stack, { refreshTokenValidity: Duration.days(31) });
    const found = ruleFindings(RULE, stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual([POOL_CLIENT_PATH]);
  });

  test('Noncompliance 2: L1 client with 90 and no unit (days)', () => {
    const stack = testStack();
    cfnClient(stack, 'Client', { refreshTokenValidity: 90 });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Client']);
  });

  test('Noncompliance 3: L1 client with 1000 hours', () => {
    const stack = testStack();
    cfnClient(stack, 'Client', { refreshTokenValidity: 1000, tokenValidityUnits: { refreshToken: 'hours' } });
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: L1 client in minutes and seconds above 30 days', () => {
    const stack = testStack();
    cfnClient(stack, 'Minutes', { refreshTokenValidity: 43_201, tokenValidityUnits: { refreshToken: 'minutes' } });
    cfnClient(stack, 'Seconds', { refreshTokenValidity: 2_592_001, tokenValidityUnits: { refreshToken: 'seconds' } });
    expect(ruleFindings(RULE, stack)[ID]?.paths.sort()).toEqual(['Test/Minutes', 'Test/Seconds']);
  });

  test('Noncompliance 5: a configured threshold maxRefreshTokenValidityDays 7 rejects the Cognito default (30 days)', () => {
    const stack = testStack();
    cfnClient(stack, 'Client');
    expect(ruleFindings(RULE, stack)[ID]).toBeUndefined();
    const pack = new ApiBaselineChecks(undefined, { thresholds: { maxRefreshTokenValidityDays: 7 } });
    expect(ruleFindings(RULE, stack, pack)[ID]).toBeDefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    pool.addClient('Default');
    pool.addClient('Month', { refreshTokenValidity: Duration.days(30) });
    pool.addClient('Hours', { refreshTokenValidity: Duration.hours(12) });
    cfnClient(stack, 'L1Default');
    cfnClient(stack, 'L1Days', { refreshTokenValidity: 30 });
    cfnClient(stack, 'L1Minutes', { refreshTokenValidity: 43_200, tokenValidityUnits: { refreshToken: 'minutes' } });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    const validity = new CfnParameter(stack, 'Validity', { type: 'Number' });
    cfnClient(stack, 'Client', { refreshTokenValidity: validity.valueAsNumber });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
