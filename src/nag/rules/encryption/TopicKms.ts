import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isAwsManagedKey } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';

/** SNS topics are encrypted with a customer-managed KMS key. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: ['AWS::SNS::Topic'],
  info: 'The SNS topic is not encrypted with a customer-managed KMS key.',
  explanation:
    'Alert topics carry alarm details, finding summaries and sometimes request data; a customer-managed key protects them at rest and its policy can admit CloudWatch, EventBridge and Inspector as publishers, which the AWS-managed alias/aws/sns key cannot.',
  cfnFix: 'Set `KmsMasterKeyId` on the `AWS::SNS::Topic` to a rotating customer-managed key whose policy lets the publishing services use it.',
  fix: 'Set `masterKey` on the topic to a rotating customer-managed key whose policy lets the publishing services use it.',
  check: ({ props }, index) => {
    const key = props.KmsMasterKeyId;
    if (key === undefined || key === '') return NagRuleCompliance.NON_COMPLIANT;
    // a parameter may hold the AWS-managed alias; resources, imports and built ARNs name a real key
    if (typeof key.Ref === 'string' && !key.Ref.startsWith('AWS::') && index.get(key.Ref) === undefined) {
      return unverifiable('KmsMasterKeyId is a template parameter');
    }
    // the AWS-managed alias by name or as an ARN (`arn:${AWS::Partition}:kms:<region>:<account>:alias/aws/sns`)
    return isAwsManagedKey(key) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
});
