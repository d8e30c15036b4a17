import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList, bucketKeys, bucketRefKey, intrinsicIn, isAwsManagedKey } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic, StackIndex } from '../../stack-index';

/** Keys (see `bucketKeys`) of every bucket that receives another bucket's server access logs. */
function accessLogTargets(index: StackIndex): Set<string> {
  return index.memo('encryption:access-log-target-buckets', () => {
    const targets = new Set<string>();
    for (const b of index.ofType('AWS::S3::Bucket')) {
      const dest = b.props.LoggingConfiguration?.DestinationBucketName;
      if (dest !== undefined) targets.add(bucketRefKey(dest));
    }
    return targets;
  });
}

/**
 * S3 buckets are encrypted with a customer-managed KMS key (SSE-KMS or DSSE-KMS). A bucket that receives server
 * access logs may use SSE-S3, because S3 log delivery cannot write to SSE-KMS buckets.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API3:2023 Broken Object Property Level Authorization',
  resourceTypes: ['AWS::S3::Bucket'],
  info: 'The S3 bucket is not encrypted with a customer-managed KMS key.',
  explanation:
    'With SSE-KMS and a customer-managed key, reading an object needs both S3 and key permissions, key use is audited in CloudTrail, and access can be cut off by disabling the key. SSE-S3 and the AWS-managed aws/s3 key give none of that control. Server access log target buckets are exempt (S3 log delivery only writes to SSE-S3 buckets).',
  cfnFix: 'Set `BucketEncryption.ServerSideEncryptionConfiguration` with `SSEAlgorithm: aws:kms` and `KMSMasterKeyID` (a rotating key) on the `AWS::S3::Bucket`; for a server access log bucket, `AES256` is accepted.',
  fix: 'Set `encryption: BucketEncryption.KMS` with `encryptionKey` (a rotating key) on the bucket; for a server access log bucket, `BucketEncryption.S3_MANAGED` is accepted.',
  check: ({ logicalId, props }, index) => {
    const rules = props.BucketEncryption?.ServerSideEncryptionConfiguration;
    if (isIntrinsic(props.BucketEncryption) || isIntrinsic(rules)) return unverifiable('BucketEncryption is an intrinsic');
    const isLogTarget = bucketKeys(logicalId, props).some((k) => accessLogTargets(index).has(k));
    const defaults = asList(rules).map((r) => r?.ServerSideEncryptionByDefault ?? {});
    if (defaults.length === 0) {
      // no configuration: S3 applies SSE-S3
      return isLogTarget ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    for (const d of defaults) {
      const bad = intrinsicIn({ SSEAlgorithm: d.SSEAlgorithm });
      if (bad) return unverifiable(`${bad} is an intrinsic`);
      const kms = (d.SSEAlgorithm === 'aws:kms' || d.SSEAlgorithm === 'aws:kms:dsse') && d.KMSMasterKeyID !== undefined
        && !isAwsManagedKey(d.KMSMasterKeyID);
      const s3 = d.SSEAlgorithm === 'AES256';
      if (!kms && !(s3 && isLogTarget)) return NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.COMPLIANT;
  },
});
