import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList, bucketKeys, bucketRefKey, isFalse } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic, ResourceView, StackIndex } from '../../stack-index';

const POLICY = 'AWS::S3::BucketPolicy';

/** Bucket policies of the stack by the key of the bucket they apply to (see `bucketKeys`). */
function policiesByBucket(index: StackIndex): Map<string, ResourceView[]> {
  return index.memo('encryption:bucket-policies', () => {
    const map = new Map<string, ResourceView[]>();
    for (const p of index.ofType(POLICY)) {
      const key = bucketRefKey(p.props.Bucket);
      map.set(key, [...(map.get(key) ?? []), p]);
    }
    return map;
  });
}

/**
 * True when a bucket policy of the stack names its bucket with a value only known at deploy time that is not the
 * name of a bucket of the stack (the same intrinsic expression as a bucket's `BucketName` matches that bucket).
 */
function someUnreadablePolicy(index: StackIndex): boolean {
  return index.memo('encryption:unreadable-bucket-policies', () => {
    const known = new Set(index.ofType('AWS::S3::Bucket').flatMap((b) => bucketKeys(b.logicalId, b.props)));
    return index.ofType(POLICY).some((p) =>
      isIntrinsic(p.props.Bucket) && index.target(p.props.Bucket) === undefined && !known.has(bucketRefKey(p.props.Bucket)));
  });
}

/** The keys of a bucket, from the properties judged and from the template (a parameter in its name stays a `Ref` there). */
function keysOf(logicalId: string, props: any, index: StackIndex): string[] {
  const raw = index.get(logicalId)?.props;
  const keys = bucketKeys(logicalId, props);
  return raw === undefined || raw === props ? keys : [...new Set([...keys, ...bucketKeys(logicalId, raw)])];
}

function isWildcardPrincipal(principal: any): boolean {
  return principal === '*' || asList(principal?.AWS).includes('*');
}

/** True for a statement that denies every request made without TLS. */
function deniesInsecureTransport(s: any): boolean {
  if (s?.Effect !== 'Deny' || !isWildcardPrincipal(s.Principal)) return false;
  const actions = asList(s.Action);
  if (!actions.includes('s3:*') && !actions.includes('*')) return false;
  return isFalse(s.Condition?.Bool?.['aws:SecureTransport']);
}

/** S3 buckets have a bucket policy that denies requests not made over TLS. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: ['AWS::S3::Bucket'],
  info: 'The S3 bucket does not deny requests made without TLS (aws:SecureTransport false).',
  explanation:
    'S3 accepts plain HTTP unless the bucket policy denies it; objects and credentials then travel unencrypted and can be read or altered in transit.',
  cfnFix: 'Add an `AWS::S3::BucketPolicy` statement that denies `s3:*` to `*` on the bucket and its objects when `aws:SecureTransport` is `false`.',
  fix: 'Set `enforceSSL: true` on the bucket, or add a bucket policy statement that denies `s3:*` to `*` when `aws:SecureTransport` is `false`.',
  check: ({ logicalId, props }, index) => {
    const byBucket = policiesByBucket(index);
    const policies = [...new Set(keysOf(logicalId, props, index).flatMap((k) => byBucket.get(k) ?? []))];
    let unknown = false;
    for (const p of policies) {
      const doc = p.props.PolicyDocument;
      if (isIntrinsic(doc) || isIntrinsic(doc?.Statement)) {
        unknown = true;
        continue;
      }
      if (asList(doc?.Statement).some(deniesInsecureTransport)) return NagRuleCompliance.COMPLIANT;
    }
    if (unknown) return unverifiable('the bucket policy document is an intrinsic');
    if (someUnreadablePolicy(index)) {
      return unverifiable('a bucket policy in the stack names its bucket with a value only known at deploy time');
    }
    return NagRuleCompliance.NON_COMPLIANT;
  },
});
