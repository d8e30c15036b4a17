import { Fn } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-UserPoolClientPreventUserExistenceErrors';

describe('UserPoolClientPreventUserExistenceErrors', () => {
  test('Noncompliance 1: L2 client with the default (not set)', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool').addClient('Client');
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Pool/Client/Resource']);
  });

  test('Noncompliance 2: L2 client with preventUserExistenceErrors false (LEGACY)', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool').addClient('Client', { preventUserExistenceErrors: false });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 client with LEGACY errors', () => {
    const stack = testStack();
    new cognito.CfnUserPoolClient(stack, 'Client', { userPoolId: 'pool', preventUserExistenceErrors: 'LEGACY' });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Client']);
  });

  test('Compliance', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool').addClient('Client', { preventUserExistenceErrors: true });
    new cognito.CfnUserPoolClient(stack, 'L1Client', { userPoolId: 'pool', preventUserExistenceErrors: 'ENABLED' });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    new cognito.CfnUserPoolClient(stack, 'Client', { userPoolId: 'pool', preventUserExistenceErrors: Fn.importValue('Errors') });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
