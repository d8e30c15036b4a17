import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-BucketTlsOnly';

function denyInsecure(extra: object = {}) {
  return {
    Version: '2012-10-17',
    Statement: [{
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Resource: '*',
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      ...extra,
    }],
  };
}

describe('BucketTlsOnly', () => {
  test('Noncompliance 1: L2 bucket without enforceSSL', () => {
    const stack = testStack();
    new s3.Bucket(stack, 'Bucket');
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: a bucket policy without the TLS statement', () => {
    const stack = testStack();
    const bucket = new s3.Bucket(stack, 'Bucket');
    bucket.addToResourcePolicy(new iam.PolicyStatement({
      actions: ['s3:GetObject'], resources: [bucket.arnForObjects('*')], principals: [new iam.AccountRootPrincipal()],
    }));
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 policy denying only reads, or for another bucket', () => {
    const stack = testStack();
    const partial = new s3.CfnBucket(stack, 'Partial');
    new s3.CfnBucketPolicy(stack, 'PartialPolicy', { bucket: partial.ref, policyDocument: denyInsecure({ Action: 's3:GetObject' }) });
    new s3.CfnBucket(stack, 'Unprotected');
    const other = new s3.CfnBucket(stack, 'Other');
    new s3.CfnBucketPolicy(stack, 'OtherPolicy', { bucket: other.ref, policyDocument: denyInsecure() });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Partial', 'Test/Unprotected']);
  });

  test('Noncompliance 4: a policy naming the bucket by the same intrinsic as its name is judged, not unverifiable', () => {
    const stack = testStack();
    new s3.CfnBucket(stack, 'Logs', { bucketName: Fn.sub('logs-${AWS::AccountId}') });
    new s3.CfnBucketPolicy(stack, 'LogsPolicy', {
      bucket: Fn.sub('logs-${AWS::AccountId}'), policyDocument: denyInsecure({ Action: 's3:GetObject' }),
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]?.paths).toEqual(['Test/Logs']);
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Compliance: a policy naming the bucket by the same Fn::Sub, Fn::Join or parameter as its name', () => {
    const stack = testStack();
    new s3.CfnBucket(stack, 'Sub', { bucketName: Fn.sub('logs-${AWS::AccountId}') });
    new s3.CfnBucketPolicy(stack, 'SubPolicy', { bucket: Fn.sub('logs-${AWS::AccountId}'), policyDocument: denyInsecure() });
    new s3.CfnBucket(stack, 'Join', { bucketName: Fn.join('-', ['data', Fn.ref('AWS::Region')]) });
    new s3.CfnBucketPolicy(stack, 'JoinPolicy', { bucket: Fn.join('-', ['data', Fn.ref('AWS::Region')]), policyDocument: denyInsecure() });
    const name = new CfnParameter(stack, 'Name', { type: 'String', default: 'archive-bucket' });
    new s3.CfnBucket(stack, 'Param', { bucketName: name.valueAsString });
    new s3.CfnBucketPolicy(stack, 'ParamPolicy', { bucket: name.valueAsString, policyDocument: denyInsecure() });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    new s3.Bucket(stack, 'Enforced', { enforceSSL: true });
    new s3.CfnBucket(stack, 'Named', { bucketName: 'named-bucket' });
    new s3.CfnBucketPolicy(stack, 'NamedPolicy', {
      bucket: 'named-bucket', policyDocument: denyInsecure({ Principal: '*', Action: ['s3:*'] }),
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: a policy for an imported bucket name gives a warning, not a throw', () => {
    const stack = testStack();
    new s3.CfnBucket(stack, 'Bucket');
    new s3.CfnBucketPolicy(stack, 'Policy', { bucket: Fn.importValue('BucketName'), policyDocument: denyInsecure() });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
