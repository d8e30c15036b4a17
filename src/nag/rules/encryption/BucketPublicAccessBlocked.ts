import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { intrinsicIn, isTrue } from '../../../private/nag-baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

const FLAGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];

/** S3 buckets turn on all four public access block settings. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API3:2023 Broken Object Property Level Authorization',
  resourceTypes: ['AWS::S3::Bucket'],
  info: 'The S3 bucket does not block all public access (all four PublicAccessBlockConfiguration settings true).',
  explanation:
    'Public ACLs and policies are the most common way API data and logs leak from S3; blocking them on the bucket keeps one mistaken grant from exposing every object.',
  fix: 'Set `blockPublicAccess: BlockPublicAccess.BLOCK_ALL` on the bucket.',
  check: ({ props }) => {
    const config = props.PublicAccessBlockConfiguration;
    if (config === undefined) return NagRuleCompliance.NON_COMPLIANT;
    if (isIntrinsic(config)) return unverifiable('PublicAccessBlockConfiguration is an intrinsic');
    const values = Object.fromEntries(FLAGS.map((f) => [f, config[f]]));
    if (FLAGS.some((f) => !isTrue(values[f]) && !isIntrinsic(values[f]))) return NagRuleCompliance.NON_COMPLIANT;
    const bad = intrinsicIn(values);
    return bad ? unverifiable(`${bad} is an intrinsic`) : NagRuleCompliance.COMPLIANT;
  },
});
