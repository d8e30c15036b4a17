import { CfnParameter } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-UserPoolClientNoPasswordAuth';

describe('UserPoolClientNoPasswordAuth', () => {
  test('Noncompliance 1: L2 client with authFlows.userPassword', () => {
    const stack = testStack();
    new cognito.UserPool(stack, 'Pool').addClient('Client', { authFlows: { userPassword: true, userSrp: true } });
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Pool/Client/Resource']);
  });

  test('Noncompliance 2: L1 client with ALLOW_USER_PASSWORD_AUTH', () => {
    const stack = testStack();
    new cognito.CfnUserPoolClient(stack, 'Client', {
      userPoolId: 'pool', explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Client']);
  });

  test('Noncompliance 3: L1 client with the legacy USER_PASSWORD_AUTH', () => {
    const stack = testStack();
    new cognito.CfnUserPoolClient(stack, 'Client', { userPoolId: 'pool', explicitAuthFlows: ['USER_PASSWORD_AUTH'] });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: a password flow next to an intrinsic flow is still a finding', () => {
    const stack = testStack();
    const flow = new CfnParameter(stack, 'Flow', { type: 'String' });
    new cognito.CfnUserPoolClient(stack, 'Client', {
      userPoolId: 'pool', explicitAuthFlows: [flow.valueAsString, 'ALLOW_USER_PASSWORD_AUTH'],
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    pool.addClient('Default');
    pool.addClient('Srp', { authFlows: { userSrp: true } });
    pool.addClient('Machine', { generateSecret: true, oAuth: { flows: { clientCredentials: true } } });
    new cognito.CfnUserPoolClient(stack, 'L1Default', { userPoolId: 'pool' });
    new cognito.CfnUserPoolClient(stack, 'L1Srp', {
      userPoolId: 'pool', explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    const flow = new CfnParameter(stack, 'Flow', { type: 'String' });
    new cognito.CfnUserPoolClient(stack, 'Client', {
      userPoolId: 'pool', explicitAuthFlows: ['ALLOW_USER_SRP_AUTH', flow.valueAsString],
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
