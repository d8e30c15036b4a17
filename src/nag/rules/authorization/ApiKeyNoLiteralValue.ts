import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';

/** Dynamic references that keep a secret out of the template. */
const DYNAMIC_REFERENCE = /\{\{resolve:(secretsmanager|ssm-secure):/;

/**
 * API keys carry no literal value in the template: either API Gateway generates the value, or it comes from a
 * Secrets Manager (or SecureString) dynamic reference.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::ApiGateway::ApiKey'],
  info: 'The API Gateway API key has a literal Value in the template.',
  explanation:
    'A key written into source code and the synthesized template is readable by everyone with access to the repository, the cloud assembly or the CloudFormation console, and cannot be rotated without a code change.',
  cfnFix: 'Leave `Value` out of the `AWS::ApiGateway::ApiKey` so API Gateway generates the key, or use a `{{resolve:secretsmanager:...}}` dynamic reference.',
  fix: 'Omit `value` so API Gateway generates the key, or pass `SecretValue.secretsManager(...)` (a `{{resolve:secretsmanager:...}}` reference).',
  check: ({ props }) => {
    const value = props.Value;
    if (value === undefined || value === null) return NagRuleCompliance.COMPLIANT;
    if (DYNAMIC_REFERENCE.test(JSON.stringify(value))) return NagRuleCompliance.COMPLIANT;
    if (typeof value === 'string') return NagRuleCompliance.NON_COMPLIANT;
    return unverifiable('Value is an intrinsic whose source (parameter, import, other resource) cannot be checked for a plain-text key');
  },
});
