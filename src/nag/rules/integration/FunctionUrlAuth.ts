import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/**
 * Lambda function URLs require IAM authentication (`AuthType: AWS_IAM`): a URL with `AuthType: NONE` is a public
 * endpoint next to the API, outside its authorizers, WAF and throttling.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.WARN,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::Lambda::Url'],
  shapes: 'Lambda function URLs (AWS::Lambda::Url, SAM FunctionUrlConfig)',
  info: 'The Lambda function URL has AuthType NONE: anyone on the internet can invoke the function.',
  explanation:
    'A function URL without authentication is a second, public door to the backend that bypasses the API\'s authorization, request validation, WAF and throttling, and every call is billed to the account.',
  cfnFix: 'Set `AuthType: AWS_IAM` on the `AWS::Lambda::Url` and call it with SigV4, or route the traffic through the API. For a public webhook that checks its own signature, acknowledge `ApiBaseline-FunctionUrlAuth` on the function URL with the reason.',
  fix: 'Use `AuthType: AWS_IAM` (`fn.addFunctionUrl({ authType: FunctionUrlAuthType.AWS_IAM })`) and call it with SigV4, or route the traffic through the API. For a public webhook that checks its own signature, acknowledge `ApiBaseline-FunctionUrlAuth` on the function URL with the reason.',
  check: ({ props }) => {
    const authType = props.AuthType;
    if (isIntrinsic(authType)) return unverifiable('AuthType is an intrinsic');
    return authType === 'NONE' ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
});
