import { CfnParameter } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-BucketPublicAccessBlocked';

describe('BucketPublicAccessBlocked', () => {
  test('Noncompliance 1: L2 bucket that only blocks ACLs', () => {
    const stack = testStack();
    new s3.Bucket(stack, 'Bucket', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ACLS_ONLY });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: public read access', () => {
    const stack = testStack();
    new s3.Bucket(stack, 'Bucket', {
      publicReadAccess: true,
      blockPublicAccess: new s3.BlockPublicAccess({
        blockPublicPolicy: false, restrictPublicBuckets: false, blockPublicAcls: true, ignorePublicAcls: true,
      }),
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 configuration that turns a setting off or leaves one out (S3 reads it as off)', () => {
    const stack = testStack();
    new s3.CfnBucket(stack, 'Off', {
      publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true, restrictPublicBuckets: true },
    });
    new s3.CfnBucket(stack, 'LeftOut', {
      publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true },
    });
    new s3.CfnBucket(stack, 'Empty', { publicAccessBlockConfiguration: {} });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Off', 'Test/LeftOut', 'Test/Empty']);
  });

  test('Compliance', () => {
    const stack = testStack();
    new s3.Bucket(stack, 'BlockAll', { blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL });
    // no PublicAccessBlockConfiguration: S3's default for new buckets blocks all public access
    new s3.Bucket(stack, 'Default');
    new s3.CfnBucket(stack, 'L1Default');
    new s3.CfnBucket(stack, 'L1', {
      publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: a flag from a parameter gives a warning, not a throw', () => {
    const stack = testStack();
    new s3.CfnBucket(stack, 'Bucket', {
      publicAccessBlockConfiguration: {
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: new CfnParameter(stack, 'Restrict').valueAsString as any,
      },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
