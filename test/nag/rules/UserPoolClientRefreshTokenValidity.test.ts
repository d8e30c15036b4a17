import { CfnParameter, Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-UserPoolClientRefreshTokenValidity';

describe('UserPoolClientRefreshTokenValidity', () => {
  test('Noncompliance 1: L2 client with 31-day refresh tokens', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool').addClient('Client', { refreshTokenValidity: Duration.days(31) });
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Pool/Client/Resource']);
  });

  test('Noncompliance 2: L1 client with 90 and no unit (days)', () => {
    const stack = testStack();
    new cognito.CfnUserPoolClient(stack, 'Client', { userPoolId: 'pool', refreshTokenValidity: 90 });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Client']);
  });

  test('Noncompliance 3: L1 client with 1000 hours', () => {
    const stack = testStack();
    new cognito.CfnUserPoolClient(stack, 'Client', {
      userPoolId: 'pool', refreshTokenValidity: 1000, tokenValidityUnits: { refreshToken: 'hours' },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: L1 client in minutes and seconds above 30 days', () => {
    const stack = testStack();
    new cognito.CfnUserPoolClient(stack, 'Minutes', {
      userPoolId: 'pool', refreshTokenValidity: 43_201, tokenValidityUnits: { refreshToken: 'minutes' },
    });
    new cognito.CfnUserPoolClient(stack, 'Seconds', {
      userPoolId: 'pool', refreshTokenValidity: 2_592_001, tokenValidityUnits: { refreshToken: 'seconds' },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual(['Test/Minutes', 'Test/Seconds']);
  });

  test('Noncompliance 5: a configured threshold maxRefreshTokenValidityDays 7 rejects the Cognito default (30 days)', () => {
    const stack = testStack();
    new cognito.CfnUserPoolClient(stack, 'Client', { userPoolId: 'pool' });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeUndefined();
    const pack = new ApiBaselineChecks(undefined, { thresholds: { maxRefreshTokenValidityDays: 7 } });
    expect(findings(pack, stack)[ID]).toBeDefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    pool.addClient('Default');
    pool.addClient('Month', { refreshTokenValidity: Duration.days(30) });
    pool.addClient('Hours', { refreshTokenValidity: Duration.hours(12) });
    new cognito.CfnUserPoolClient(stack, 'L1Default', { userPoolId: 'pool' });
    new cognito.CfnUserPoolClient(stack, 'L1Days', { userPoolId: 'pool', refreshTokenValidity: 30 });
    new cognito.CfnUserPoolClient(stack, 'L1Minutes', {
      userPoolId: 'pool', refreshTokenValidity: 43_200, tokenValidityUnits: { refreshToken: 'minutes' },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    const validity = new CfnParameter(stack, 'Validity', { type: 'Number' });
    new cognito.CfnUserPoolClient(stack, 'Client', { userPoolId: 'pool', refreshTokenValidity: validity.valueAsNumber });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
