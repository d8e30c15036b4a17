import { CfnParameter, Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ruleFindings, testStack } from '../../util';
import { cfnClient, POOL_CLIENT_PATH, poolClient } from '../fixtures/cognito';

const RULE = 'UserPoolClientTokenValidity';
const ID = `ApiBaseline-${RULE}`;

describe('UserPoolClientTokenValidity', () => {
  test('Noncompliance 1: L2 client with 2-hour access tokens', () => {
    const stack = testStack();
    poolClient(stack, { accessTokenValidity: Duration.hours(2) });
    const found = ruleFindings(RULE, stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual([POOL_CLIENT_PATH]);
  });

  test('Noncompliance 2: L2 client with 1-day ID tokens', () => {
    const stack = testStack();
    poolClient(stack, { idTokenValidity: Duration.days(1) });
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 client with validity 2 and no units (hours)', () => {
    const stack = testStack();
    cfnClient(stack, 'Client', { accessTokenValidity: 2 });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Client']);
  });

  test('Noncompliance 4: L1 client with 61 minutes', () => {
    const stack = testStack();
    cfnClient(stack, 'Client', { idTokenValidity: 61, tokenValidityUnits: { idToken: 'minutes' } });
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    pool.addClient('Default');
    pool.addClient('Short', { accessTokenValidity: Duration.minutes(60), idTokenValidity: Duration.minutes(15) });
    cfnClient(stack, 'L1Hour', { accessTokenValidity: 1, idTokenValidity: 1 });
    cfnClient(stack, 'L1Seconds', {
      accessTokenValidity: 3600, idTokenValidity: 900, tokenValidityUnits: { accessToken: 'seconds', idToken: 'seconds' },
    });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    const validity = new CfnParameter(stack, 'Validity', { type: 'Number' });
    cfnClient(stack, 'Client', { accessTokenValidity: validity.valueAsNumber });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
