import { RemovalPolicy } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DataKey, EncryptedTable } from '../../src/encryption';
import { findings, templateOf, testStack } from '../util';

const pk = { name: 'orderId', type: dynamodb.AttributeType.STRING };

describe('EncryptedTable', () => {
  test('defaults: customer-managed DataKey, PITR, deletion protection, on-demand, retained', () => {
    const stack = testStack();
    const table = new EncryptedTable(stack, 'Orders', { partitionKey: pk });
    const t = templateOf(stack);
    expect(table.encryptionKey).toBeInstanceOf(DataKey);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('OrdersKey'), 'Arn'] },
        },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
        TableName: Match.absent(),
        TimeToLiveSpecification: Match.absent(),
        StreamSpecification: Match.absent(),
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('options: sort key, provisioned billing, name, shared key, ttl, stream, removal policy, deletion protection off', () => {
    const stack = testStack();
    const key = new DataKey(stack, 'Shared');
    const table = new EncryptedTable(stack, 'Orders', {
      partitionKey: pk,
      sortKey: { name: 'createdAt', type: dynamodb.AttributeType.NUMBER },
      billingMode: dynamodb.BillingMode.PROVISIONED,
      tableName: 'orders',
      encryptionKey: key,
      timeToLiveAttribute: 'expiresAt',
      stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
      removalPolicy: RemovalPolicy.DESTROY,
      deletionProtection: false,
    });
    const t = templateOf(stack);
    expect(table.encryptionKey).toBe(key);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResource('AWS::DynamoDB::Table', {
      Properties: {
        KeySchema: [{ AttributeName: 'orderId', KeyType: 'HASH' }, { AttributeName: 'createdAt', KeyType: 'RANGE' }],
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        TableName: 'orders',
        SSESpecification: {
          SSEEnabled: true,
          SSEType: 'KMS',
          KMSMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Shared'), 'Arn'] },
        },
        TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
        StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
        DeletionProtectionEnabled: false,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      },
      DeletionPolicy: 'Delete',
    });
  });

  test('an imported key is accepted', () => {
    const stack = testStack();
    const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:123456789012:key/abc');
    new EncryptedTable(stack, 'Orders', { partitionKey: pk, encryptionKey: key });
    templateOf(stack).hasResourceProperties('AWS::DynamoDB::Table', {
      SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc' },
    });
  });

  test('grantReadData also grants decrypt on the default key', () => {
    const stack = testStack();
    const table = new EncryptedTable(stack, 'Orders', { partitionKey: pk });
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    table.grantReadData(role);
    templateOf(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['kms:Decrypt']), Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('OrdersKey'), 'Arn'] } }),
        ]),
      },
    });
  });

  describe('validation', () => {
    test.each(['ab', 'has space', 'x'.repeat(256), 'bad/name'])('tableName %j is refused', (tableName) => {
      expect(() => new EncryptedTable(testStack(), 'Orders', { partitionKey: pk, tableName }))
        .toThrow(/"tableName" must be 3-255 letters, digits, "_", "-" or "."/);
    });
    test.each(['abc', 'x'.repeat(255), 'orders_v1.prod-2'])('tableName %j is accepted', (tableName) => {
      expect(() => new EncryptedTable(testStack(), 'Orders', { partitionKey: pk, tableName })).not.toThrow();
    });
  });

  test('gets zero findings from AwsSolutions', () => {
    const stack = testStack();
    new EncryptedTable(stack, 'Orders', { partitionKey: pk });
    expect(findings(new AwsSolutionsChecks(), stack)).toEqual({});
  });
});
