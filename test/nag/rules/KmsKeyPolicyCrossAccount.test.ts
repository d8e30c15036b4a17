import { CfnParameter, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-KmsKeyPolicyCrossAccount';
const OTHER = 'arn:aws:iam::210987654321:root';

function policy(statement: any) {
  return { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: '*', ...statement }] };
}

function l1(stack: Stack, id: string, statement: any) {
  return new kms.CfnKey(stack, id, { enableKeyRotation: true, keyPolicy: policy(statement) });
}

describe('KmsKeyPolicyCrossAccount', () => {
  test('Noncompliance 1: grantDecrypt to another account (L2)', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    key.grantDecrypt(new iam.AccountPrincipal('210987654321'));
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: kms:* to a role of another account', () => {
    const stack = testStack();
    l1(stack, 'Key', { Principal: { AWS: 'arn:aws:iam::210987654321:role/admin' }, Action: 'kms:*' });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Key']);
  });

  test('Noncompliance 3: a wildcard that matches kms:Decrypt, bare account id', () => {
    const stack = testStack();
    l1(stack, 'Key', { Principal: { AWS: ['210987654321'] }, Action: ['kms:Encrypt', 'kms:De*'] });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: kms:CreateGrant (the account can grant itself decrypt)', () => {
    const stack = testStack();
    l1(stack, 'Key', { Principal: { AWS: OTHER }, Action: 'kms:CreateGrant' });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 5: NotAction that leaves decrypt allowed, policy as a JSON string', () => {
    const stack = testStack();
    const key = new kms.CfnKey(stack, 'Key', { enableKeyRotation: true, keyPolicy: {} });
    key.addPropertyOverride('KeyPolicy', JSON.stringify(policy({ Principal: { AWS: OTHER }, NotAction: 'kms:ScheduleKeyDeletion' })));
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 6: a replica key', () => {
    const stack = testStack();
    new kms.CfnReplicaKey(stack, 'Replica', {
      primaryKeyArn: 'arn:aws:kms:us-west-2:123456789012:key/mrk-1',
      keyPolicy: policy({ Principal: { AWS: OTHER }, Action: 'kms:Decrypt' }),
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    new kms.Key(stack, 'Default', { enableKeyRotation: true });
    const role = new iam.Role(stack, 'Role', { assumedBy: new iam.AccountRootPrincipal() });
    const own = new kms.Key(stack, 'Own', { enableKeyRotation: true });
    own.grantDecrypt(role);
    own.grantDecrypt(new iam.AccountPrincipal('123456789012'));
    l1(stack, 'OwnArn', { Principal: { AWS: 'arn:aws:iam::123456789012:role/admin' }, Action: 'kms:*' });
    l1(stack, 'EncryptOnly', { Principal: { AWS: OTHER }, Action: ['kms:Encrypt', 'kms:GenerateDataKey*', 'kms:DescribeKey'] });
    l1(stack, 'Conditioned', {
      Principal: { AWS: OTHER },
      Action: 'kms:Decrypt',
      Condition: { StringEquals: { 'kms:ViaService': 'dynamodb.us-east-1.amazonaws.com' } },
    });
    l1(stack, 'Service', { Principal: { Service: 'logs.amazonaws.com' }, Action: 'kms:Decrypt*' });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: a principal account from a parameter gives a warning, not a throw', () => {
    const stack = testStack();
    const account = new CfnParameter(stack, 'PartnerAccount', { type: 'String' });
    l1(stack, 'Key', { Principal: { AWS: `arn:aws:iam::${account.valueAsString}:root` }, Action: 'kms:Decrypt' });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
