import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { DEPRECATED_RUNTIMES, isNewestRuntime, parseRuntime } from '../../helpers/lambda-runtimes';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/**
 * Lambda functions use the newest runtime of their family. Deprecated runtimes are reported by
 * LambdaSupportedRuntime (ERROR) instead, so a function gets one finding, not two.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.WARN,
  area: ChecklistArea.VULNERABILITY,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: ['AWS::Lambda::Function'],
  info: 'The Lambda function uses a supported runtime that is not the newest of its family.',
  explanation:
    'Older runtimes reach end of support on a fixed schedule; moving while the upgrade is optional avoids a rushed migration under a deadline and picks up the latest security fixes of the language and OS. Container-image functions have no runtime and are not checked.',
  cfnFix: 'Set `Runtime` of the `AWS::Lambda::Function` to the newest runtime of its family (nodejs24.x, python3.15, java25, dotnet10, ruby4.0, provided.al2023).',
  fix: 'Move the function to the newest runtime of its family (nodejs24.x, python3.15, java25, dotnet10, ruby4.0, provided.al2023).',
  check: ({ props }) => {
    const runtime = props.Runtime;
    if (runtime === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    if (isIntrinsic(runtime)) return unverifiable('Runtime is an intrinsic');
    if (DEPRECATED_RUNTIMES.includes(runtime)) return NagRuleCompliance.NOT_APPLICABLE;
    const parsed = parseRuntime(runtime);
    if (!parsed) return NagRuleCompliance.NOT_APPLICABLE;
    return isNewestRuntime(parsed) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
