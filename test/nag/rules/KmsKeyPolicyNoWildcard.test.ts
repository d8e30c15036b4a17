import { CfnParameter } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-KmsKeyPolicyNoWildcard';

function policy(statement: any) {
  return { Version: '2012-10-17', Statement: [statement] };
}

describe('KmsKeyPolicyNoWildcard', () => {
  test('Noncompliance 1: L2 key granting decrypt to any principal', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    key.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['kms:Decrypt'], resources: ['*'], principals: [new iam.AnyPrincipal()],
    }));
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: L1 key with Principal "*"', () => {
    const stack = testStack();
    new kms.CfnKey(stack, 'Key', { keyPolicy: policy({ Effect: 'Allow', Principal: '*', Action: 'kms:*', Resource: '*' }) });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Key']);
  });

  test('Noncompliance 3: a wildcard among several AWS principals', () => {
    const stack = testStack();
    new kms.CfnKey(stack, 'Key', {
      keyPolicy: policy({ Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::123456789012:root', '*'] }, Action: 'kms:Decrypt', Resource: '*' }),
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: Allow with NotPrincipal, and a policy given as a JSON string', () => {
    const stack = testStack();
    new kms.CfnKey(stack, 'NotPrincipal', {
      keyPolicy: policy({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:role/x' }, Action: 'kms:*', Resource: '*' }),
    });
    new kms.CfnKey(stack, 'Json', {}).addPropertyOverride('KeyPolicy',
      JSON.stringify(policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:*', Resource: '*' })));
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/NotPrincipal', 'Test/Json']);
  });

  test('Compliance', () => {
    const stack = testStack();
    new kms.Key(stack, 'Default', { enableKeyRotation: true });
    const key = new kms.Key(stack, 'Conditioned', { enableKeyRotation: true });
    key.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['kms:Decrypt'],
      resources: ['*'],
      principals: [new iam.AnyPrincipal()],
      conditions: { StringEquals: { 'kms:CallerAccount': '123456789012' } },
    }));
    new kms.CfnKey(stack, 'Deny', { keyPolicy: policy({ Effect: 'Deny', Principal: '*', Action: 'kms:ScheduleKeyDeletion', Resource: '*' }) });
    new kms.CfnKey(stack, 'NoPolicy', {});
    new kms.CfnKey(stack, 'AccountRef', {
      keyPolicy: policy({ Effect: 'Allow', Principal: { AWS: [{ Ref: 'AWS::AccountId' }] }, Action: 'kms:*', Resource: '*' }),
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: a principal from a parameter gives a warning, not a throw', () => {
    const stack = testStack();
    const principal = new CfnParameter(stack, 'Principal').valueAsString;
    new kms.CfnKey(stack, 'Key', { keyPolicy: policy({ Effect: 'Allow', Principal: { AWS: principal }, Action: 'kms:*', Resource: '*' }) });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
