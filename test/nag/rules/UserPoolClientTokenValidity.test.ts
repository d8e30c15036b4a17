import { CfnParameter, Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-UserPoolClientTokenValidity';

describe('UserPoolClientTokenValidity', () => {
  test('Noncompliance 1: L2 client with 2-hour access tokens', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool').addClient('Client', { accessTokenValidity: Duration.hours(2) });
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Pool/Client/Resource']);
  });

  test('Noncompliance 2: L2 client with 1-day ID tokens', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool').addClient('Client', { idTokenValidity: Duration.days(1) });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 client with validity 2 and no units (hours)', () => {
    const stack = testStack();
    new cognito.CfnUserPoolClient(stack, 'Client', { userPoolId: 'pool', accessTokenValidity: 2 });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Client']);
  });

  test('Noncompliance 4: L1 client with 61 minutes', () => {
    const stack = testStack();
    new cognito.CfnUserPoolClient(stack, 'Client', {
      userPoolId: 'pool', idTokenValidity: 61, tokenValidityUnits: { idToken: 'minutes' },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    pool.addClient('Default');
    pool.addClient('Short', { accessTokenValidity: Duration.minutes(60), idTokenValidity: Duration.minutes(15) });
    new cognito.CfnUserPoolClient(stack, 'L1Hour', { userPoolId: 'pool', accessTokenValidity: 1, idTokenValidity: 1 });
    new cognito.CfnUserPoolClient(stack, 'L1Seconds', {
      userPoolId: 'pool', accessTokenValidity: 3600, idTokenValidity: 900, tokenValidityUnits: { accessToken: 'seconds', idToken: 'seconds' },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    const validity = new CfnParameter(stack, 'Validity', { type: 'Number' });
    new cognito.CfnUserPoolClient(stack, 'Client', { userPoolId: 'pool', accessTokenValidity: validity.valueAsNumber });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
