import { CfnParameter } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-UserPoolClientTokenRevocation';

describe('UserPoolClientTokenRevocation', () => {
  test('Noncompliance 1: L2 client with token revocation off', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool').addClient('Client', { enableTokenRevocation: false });
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Pool/Client/Resource']);
  });

  test('Noncompliance 2: L1 client with EnableTokenRevocation false', () => {
    const stack = testStack();
    new cognito.CfnUserPoolClient(stack, 'Client', { userPoolId: 'pool', enableTokenRevocation: false });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Client']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    pool.addClient('Default');
    pool.addClient('Explicit', { enableTokenRevocation: true });
    new cognito.CfnUserPoolClient(stack, 'L1Client', { userPoolId: 'pool' });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    new cognito.CfnUserPoolClient(stack, 'Client', {
      userPoolId: 'pool', enableTokenRevocation: new CfnParameter(stack, 'Revocation').value,
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
