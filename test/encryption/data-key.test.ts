import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DataKey } from '../../src/encryption';
import { findings, templateOf, testStack } from '../util';

function keyPolicy(stack: Stack): any[] {
  const keys = templateOf(stack).findResources('AWS::KMS::Key');
  const [key] = Object.values(keys);
  return key.Properties.KeyPolicy.Statement;
}

describe('DataKey', () => {
  test('defaults: symmetric AES-256, rotation every 365 days, 30-day pending window, retained', () => {
    const stack = testStack();
    new DataKey(stack, 'Key');
    const t = templateOf(stack);
    t.hasResource('AWS::KMS::Key', {
      Properties: {
        EnableKeyRotation: true,
        RotationPeriodInDays: 365,
        PendingWindowInDays: 30,
        KeySpec: 'SYMMETRIC_DEFAULT',
        KeyUsage: 'ENCRYPT_DECRYPT',
        Description: 'Customer-managed data key (cdk-api-baseline)',
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    t.resourceCountIs('AWS::KMS::Alias', 0);
  });

  test('options: alias, description, rotation period, pending window, removal policy', () => {
    const stack = testStack();
    new DataKey(stack, 'Key', {
      alias: 'orders/data',
      description: 'orders data',
      rotationPeriod: Duration.days(90),
      pendingWindow: Duration.days(7),
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const t = templateOf(stack);
    t.hasResource('AWS::KMS::Key', {
      Properties: { Description: 'orders data', RotationPeriodInDays: 90, PendingWindowInDays: 7 },
      DeletionPolicy: 'Delete',
    });
    t.hasResourceProperties('AWS::KMS::Alias', { AliasName: 'alias/orders/data' });
  });

  test('admins are granted key administration', () => {
    const stack = testStack();
    const admin = new iam.Role(stack, 'Admin', { assumedBy: new iam.AccountRootPrincipal() });
    new DataKey(stack, 'Key', { admins: [admin] });
    templateOf(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['kms:Create*', 'kms:ScheduleKeyDeletion']) }),
        ]),
      },
      Roles: [{ Ref: Match.stringLikeRegexp('Admin') }],
    });
  });

  test('key policy lets CloudWatch Logs of this region use the key for log groups of this account', () => {
    const stack = testStack();
    new DataKey(stack, 'Key');
    expect(keyPolicy(stack)).toContainEqual({
      Sid: 'AllowCloudWatchLogsOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: 'logs.us-east-1.amazonaws.com' },
      Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
      Resource: '*',
      Condition: {
        ArnLike: {
          'kms:EncryptionContext:aws:logs:arn': {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:us-east-1:123456789012:log-group:*']],
          },
        },
      },
    });
  });

  test('key policy lets alarms, EventBridge and SNS of this account publish to encrypted topics', () => {
    const stack = testStack();
    new DataKey(stack, 'Key');
    expect(keyPolicy(stack)).toContainEqual({
      Sid: 'AllowAlarmAndEventPublishingOfThisAccount',
      Effect: 'Allow',
      Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'sns.amazonaws.com'] },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
    });
  });

  test('uses pseudo parameters in an environment-agnostic stack', () => {
    const stack = new Stack();
    new DataKey(stack, 'Key');
    const logs = keyPolicy(stack).find((s) => s.Sid === 'AllowCloudWatchLogsOfThisAccount');
    expect(JSON.stringify(logs.Principal)).toContain('AWS::Region');
    expect(JSON.stringify(logs.Condition)).toContain('AWS::AccountId');
  });

  test('no Allow statement of the key policy has a wildcard principal', () => {
    const stack = testStack();
    new DataKey(stack, 'Key');
    const statements = keyPolicy(stack).filter((s) => s.Effect === 'Allow');
    expect(statements.length).toBeGreaterThanOrEqual(3);
    for (const s of statements) {
      expect(s.Principal).not.toEqual('*');
      expect(JSON.stringify(s.Principal)).not.toMatch(/"\*"/);
    }
  });

  test('key policy denies kms:CreateGrant unless the grant is for an AWS resource or the caller is an AWS service', () => {
    const stack = testStack();
    new DataKey(stack, 'Key');
    const statements = keyPolicy(stack);
    expect(statements).toContainEqual({
      Sid: 'DenyGrantsNotForAwsResources',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 'kms:CreateGrant',
      Resource: '*',
      Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    });
    // Administration stays with the account: the root statement still allows kms:* and nothing denies it.
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Allow', Action: 'kms:*' }));
    const denied = statements.filter((s) => s.Effect === 'Deny').flatMap((s) => [s.Action].flat());
    expect(denied).toEqual(['kms:CreateGrant']);
  });

  test('allowDirectGrants: true leaves kms:CreateGrant to IAM', () => {
    const stack = testStack();
    new DataKey(stack, 'Key', { allowDirectGrants: true });
    expect(keyPolicy(stack).filter((s) => s.Effect === 'Deny')).toEqual([]);
  });

  test('grant methods add the principal to the key', () => {
    const stack = testStack();
    const key = new DataKey(stack, 'Key');
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    key.grantDecrypt(role);
    templateOf(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Action: 'kms:Decrypt' })] },
    });
  });

  describe('validation', () => {
    test.each([
      [Duration.days(89), /"rotationPeriod" must be a whole number of days between 90 and 2560, got "89 days"/],
      [Duration.days(2561), /"rotationPeriod" must be a whole number of days between 90 and 2560/],
      [Duration.hours(2200), /"rotationPeriod" must be a whole number of days/],
    ])('rotationPeriod %s is refused', (rotationPeriod, message) => {
      expect(() => new DataKey(testStack(), 'Key', { rotationPeriod })).toThrow(message);
    });

    test.each([90, 2560])('rotationPeriod %d days is accepted', (days) => {
      expect(() => new DataKey(testStack(), 'Key', { rotationPeriod: Duration.days(days) })).not.toThrow();
    });

    test.each([6, 31])('pendingWindow %d days is refused', (days) => {
      expect(() => new DataKey(testStack(), 'Key', { pendingWindow: Duration.days(days) }))
        .toThrow(/"pendingWindow" must be a whole number of days between 7 and 30/);
    });

    test.each([7, 30])('pendingWindow %d days is accepted', (days) => {
      expect(() => new DataKey(testStack(), 'Key', { pendingWindow: Duration.days(days) })).not.toThrow();
    });

    test.each(['alias/aws/s3', 'bad alias', 'alias/', '', 'a'.repeat(251), `alias/${'a'.repeat(251)}`])('alias %j is refused', (alias) => {
      expect(() => new DataKey(testStack(), 'Key', { alias })).toThrow(/"alias" must be 1-256 characters/);
    });

    test.each(['alias/orders', 'orders_key-1', 'a', 'a'.repeat(250), `alias/${'a'.repeat(250)}`])('alias %j is accepted', (alias) => {
      expect(() => new DataKey(testStack(), 'Key', { alias })).not.toThrow();
    });
  });

  test('gets zero findings from AwsSolutions', () => {
    const stack = testStack();
    new DataKey(stack, 'Key', { alias: 'data' });
    expect(findings(new AwsSolutionsChecks(), stack)).toEqual({});
  });
});
