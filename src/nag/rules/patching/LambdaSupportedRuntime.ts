import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { DEPRECATED_RUNTIMES } from '../../helpers/lambda-runtimes';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Lambda functions do not use a runtime that AWS Lambda no longer supports. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.VULNERABILITY,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: ['AWS::Lambda::Function'],
  info: 'The Lambda function uses a deprecated runtime that no longer receives security patches.',
  explanation:
    'A deprecated runtime gets no language or OS security fixes, and AWS eventually blocks creating and updating such functions, which also blocks shipping a fix. Container-image functions have no runtime and are not checked.',
  cfnFix: 'Set `Runtime` of the `AWS::Lambda::Function` to the newest runtime of its family (e.g. `nodejs24.x`, `python3.15`).',
  fix: 'Move the function to the newest runtime of its family (e.g. `Runtime.NODEJS_24_X`, `Runtime.PYTHON_3_15`).',
  check: ({ props }) => {
    const runtime = props.Runtime;
    if (runtime === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    if (isIntrinsic(runtime)) return unverifiable('Runtime is an intrinsic');
    return DEPRECATED_RUNTIMES.includes(runtime) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
});
