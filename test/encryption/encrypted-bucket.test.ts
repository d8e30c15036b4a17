import { CfnParameter, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DataKey, EncryptedBucket } from '../../src/encryption';
import { findings, templateOf, testStack } from '../util';

const BLOCK_ALL = { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true };

function bucketPolicyOf(bucketIdPattern: string) {
  return Match.objectLike({
    Bucket: { Ref: Match.stringLikeRegexp(bucketIdPattern) },
    PolicyDocument: {
      Statement: Match.arrayWith([
        Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        Match.objectLike({ Effect: 'Deny', Condition: { NumericLessThan: { 's3:TlsVersion': 1.2 } } }),
      ]),
      Version: '2012-10-17',
    },
  });
}

describe('EncryptedBucket', () => {
  test('defaults: SSE-KMS with a bucket key on its own DataKey, hardened and retained', () => {
    const stack = testStack();
    const bucket = new EncryptedBucket(stack, 'Docs');
    const t = templateOf(stack);
    expect(bucket.encryptionKey).toBeInstanceOf(DataKey);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: {
              SSEAlgorithm: 'aws:kms',
              KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('DocsKey'), 'Arn'] },
            },
          }],
        },
        PublicAccessBlockConfiguration: BLOCK_ALL,
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [{ Id: 'AbortIncompleteMultipartUploads', Status: 'Enabled', AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 } }],
        },
        LoggingConfiguration: {
          DestinationBucketName: { Ref: Match.stringLikeRegexp('DocsAccessLogs') },
          LogFilePrefix: 'access-logs/',
        },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', bucketPolicyOf('^Docs[0-9A-F]{8}$'));
  });

  test('default log bucket: SSE-S3, TLS only, public access blocked, versioned, retained, expiring', () => {
    const stack = testStack();
    const bucket = new EncryptedBucket(stack, 'Docs');
    const t = templateOf(stack);
    expect(bucket.accessLogsBucket).toBeInstanceOf(s3.Bucket);
    t.resourceCountIs('AWS::S3::Bucket', 2);
    t.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: BLOCK_ALL,
        OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
        VersioningConfiguration: { Status: 'Enabled' },
        LifecycleConfiguration: {
          Rules: [Match.objectLike({ ExpirationInDays: 365, NoncurrentVersionExpiration: { NoncurrentDays: 30 } })],
        },
      },
      DeletionPolicy: 'Retain',
    });
    t.hasResourceProperties('AWS::S3::BucketPolicy', bucketPolicyOf('DocsAccessLogs'));
    t.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: Match.stringLikeRegexp('DocsAccessLogs') },
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'AllowServerAccessLogDelivery',
          Effect: 'Allow',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [Match.stringLikeRegexp('DocsAccessLogs'), 'Arn'] }, '/access-logs/*']] },
          Condition: {
            ArnLike: { 'aws:SourceArn': { 'Fn::GetAtt': [Match.stringLikeRegexp('^Docs[0-9A-F]{8}$'), 'Arn'] } },
            StringEquals: { 'aws:SourceAccount': '123456789012' },
          },
        }]),
      },
    });
  });

  test('options: name, shared key, prefix, log expiration, removal policy, lifecycle rules', () => {
    const stack = testStack();
    const key = new DataKey(stack, 'Shared');
    const bucket = new EncryptedBucket(stack, 'Docs', {
      bucketName: 'orders-documents-123',
      encryptionKey: key,
      serverAccessLogsPrefix: 'docs/',
      accessLogsExpiration: Duration.days(90),
      removalPolicy: RemovalPolicy.DESTROY,
      lifecycleRules: [{ id: 'Archive', transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(180) }] }],
    });
    const t = templateOf(stack);
    expect(bucket.encryptionKey).toBe(key);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResource('AWS::S3::Bucket', {
      Properties: {
        BucketName: 'orders-documents-123',
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [{
            BucketKeyEnabled: true,
            ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [Match.stringLikeRegexp('Shared'), 'Arn'] } },
          }],
        },
        LoggingConfiguration: { LogFilePrefix: 'docs/' },
        LifecycleConfiguration: { Rules: [Match.objectLike({ Id: 'Archive' })] },
      },
      DeletionPolicy: 'Delete',
    });
    t.hasResource('AWS::S3::Bucket', {
      Properties: { LifecycleConfiguration: { Rules: [Match.objectLike({ ExpirationInDays: 90 })] } },
      DeletionPolicy: 'Delete',
    });
  });

  test('an existing log bucket is used instead of creating one', () => {
    const stack = testStack();
    const logs = s3.Bucket.fromBucketName(stack, 'Central', 'central-access-logs');
    const bucket = new EncryptedBucket(stack, 'Docs', { serverAccessLogsBucket: logs, serverAccessLogsPrefix: 'orders/' });
    const t = templateOf(stack);
    expect(bucket.accessLogsBucket).toBe(logs);
    t.resourceCountIs('AWS::S3::Bucket', 1);
    t.hasResourceProperties('AWS::S3::Bucket', {
      LoggingConfiguration: { DestinationBucketName: 'central-access-logs', LogFilePrefix: 'orders/' },
    });
  });

  test('an imported key is accepted', () => {
    const stack = testStack();
    const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:123456789012:key/abc');
    new EncryptedBucket(stack, 'Docs', { encryptionKey: key });
    templateOf(stack).hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [Match.objectLike({
          ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'arn:aws:kms:us-east-1:123456789012:key/abc' },
        })],
      },
    });
  });

  test('grantRead also grants decrypt on the default key', () => {
    const stack = testStack();
    const bucket = new EncryptedBucket(stack, 'Docs');
    const role = new iam.Role(stack, 'Reader', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    bucket.grantRead(role);
    templateOf(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: Match.arrayWith(['kms:Decrypt']), Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('DocsKey'), 'Arn'] } }),
        ]),
      },
    });
  });

  describe('validation', () => {
    test.each(['UPPER-case', 'ab', 'a'.repeat(64), '-leading', 'trailing-', 'two..dots', '192.168.1.1', 'has_underscore'])(
      'bucketName %j is refused', (bucketName) => {
        expect(() => new EncryptedBucket(testStack(), 'Docs', { bucketName }))
          .toThrow(/"bucketName" must be 3-63 lowercase letters, digits, "." or "-"/);
      });
    test.each(['abc', 'a'.repeat(63), 'orders.docs-1'])('bucketName %j is accepted', (bucketName) => {
      expect(() => new EncryptedBucket(testStack(), 'Docs', { bucketName })).not.toThrow();
    });
    test.each([
      [Duration.hours(12), '12 hours'],
      [Duration.hours(36), '1 day 12 hours'],
      [Duration.days(0), '0 days'],
    ])('accessLogsExpiration %s is refused (not a whole number of days of at least 1)', (accessLogsExpiration, shown) => {
      expect(() => new EncryptedBucket(testStack(), 'Docs', { accessLogsExpiration }))
        .toThrow(`Test/Docs: "accessLogsExpiration" must be a whole number of days between 1 and 2147483647, got "${shown}"`);
    });
    test.each([Duration.days(1), Duration.hours(48), Duration.days(3650)])('accessLogsExpiration %s is accepted', (accessLogsExpiration) => {
      expect(() => new EncryptedBucket(testStack(), 'Docs', { accessLogsExpiration })).not.toThrow();
    });
    test('an accessLogsExpiration token is not judged', () => {
      const stack = testStack();
      const days = new CfnParameter(stack, 'Days', { type: 'Number' }).valueAsNumber;
      expect(() => new EncryptedBucket(stack, 'Docs', { accessLogsExpiration: Duration.days(days) })).not.toThrow();
    });
  });

  test('gets zero findings from AwsSolutions', () => {
    const stack = testStack();
    new EncryptedBucket(stack, 'Docs');
    expect(findings(new AwsSolutionsChecks(), stack)).toEqual({});
  });
});
