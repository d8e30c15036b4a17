import { CfnParameter } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-BucketKms';

describe('BucketKms', () => {
  test('Noncompliance 1: L2 bucket with SSE-S3', () => {
    const stack = testStack();
    new s3.Bucket(stack, 'Bucket', { encryption: s3.BucketEncryption.S3_MANAGED });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: SSE-KMS with the AWS-managed aws/s3 key', () => {
    const stack = testStack();
    new s3.Bucket(stack, 'Bucket', { encryption: s3.BucketEncryption.KMS_MANAGED });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 bucket without any encryption configuration', () => {
    const stack = testStack();
    new s3.CfnBucket(stack, 'Bucket', {});
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Bucket']);
  });

  test('Noncompliance 4: SSE-S3 on a bucket that is not a log target', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.S3_MANAGED });
    new s3.Bucket(stack, 'Data', { encryption: s3.BucketEncryption.KMS, encryptionKey: key });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Logs/Resource']);
  });

  test('Noncompliance 5: SSE-KMS naming the AWS-managed alias', () => {
    const stack = testStack();
    new s3.CfnBucket(stack, 'Bucket', {
      bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'alias/aws/s3' } }] },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Bucket']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const logs = new s3.Bucket(stack, 'AccessLogs', { encryption: s3.BucketEncryption.S3_MANAGED });
    new s3.Bucket(stack, 'Data', {
      encryption: s3.BucketEncryption.KMS, encryptionKey: key, serverAccessLogsBucket: logs, serverAccessLogsPrefix: 'data/',
    });
    new s3.Bucket(stack, 'Dsse', { encryption: s3.BucketEncryption.DSSE, encryptionKey: key });
    new s3.CfnBucket(stack, 'NamedLogs', { bucketName: 'named-logs' });
    new s3.CfnBucket(stack, 'L1', {
      loggingConfiguration: { destinationBucketName: 'named-logs' },
      bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: 'aws:kms', kmsMasterKeyId: key.keyArn } }] },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an algorithm from a parameter gives a warning, not a throw', () => {
    const stack = testStack();
    new s3.CfnBucket(stack, 'Bucket', {
      bucketEncryption: { serverSideEncryptionConfiguration: [{ serverSideEncryptionByDefault: { sseAlgorithm: new CfnParameter(stack, 'Sse').valueAsString } }] },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
