import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { intrinsicIn, isTrue } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

const FLAGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];

/**
 * S3 buckets keep all four public access block settings on. A bucket without `PublicAccessBlockConfiguration` gets
 * S3's default for new buckets (all four on, since April 2023); only a configuration that turns one off (or leaves
 * one out, which S3 reads as off) is a finding.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API3:2023 Broken Object Property Level Authorization',
  resourceTypes: ['AWS::S3::Bucket'],
  info: 'The S3 bucket turns off a public access block setting (PublicAccessBlockConfiguration sets or leaves out BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls or RestrictPublicBuckets).',
  explanation:
    'Public ACLs and policies are the most common way API data and logs leak from S3; blocking them on the bucket keeps one mistaken grant from exposing every object. New buckets block all public access unless the template says otherwise, and a setting left out of a PublicAccessBlockConfiguration is off.',
  cfnFix: 'Set `PublicAccessBlockConfiguration` with `BlockPublicAcls`, `BlockPublicPolicy`, `IgnorePublicAcls` and `RestrictPublicBuckets` all true on the `AWS::S3::Bucket` (or leave it out, which keeps S3\'s default of all four on).',
  fix: 'Set `blockPublicAccess: BlockPublicAccess.BLOCK_ALL` on the bucket (or leave `PublicAccessBlockConfiguration` out of the template, which keeps S3\'s default of all four on).',
  check: ({ props }) => {
    const config = props.PublicAccessBlockConfiguration;
    // S3's default for new buckets: all four settings on
    if (config === undefined) return NagRuleCompliance.COMPLIANT;
    if (isIntrinsic(config)) return unverifiable('PublicAccessBlockConfiguration is an intrinsic');
    const values = Object.fromEntries(FLAGS.map((f) => [f, config[f]]));
    if (FLAGS.some((f) => !isTrue(values[f]) && !isIntrinsic(values[f]))) return NagRuleCompliance.NON_COMPLIANT;
    const bad = intrinsicIn(values);
    return bad ? unverifiable(`${bad} is an intrinsic`) : NagRuleCompliance.COMPLIANT;
  },
});
