import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { flattenText, isOpaque } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';

/** The service principal of API Gateway, literal or with the URL suffix pseudo parameter. */
const API_GATEWAY = /^apigateway\.(amazonaws\.com|\$\{AWS::URLSuffix\})$/i;

/** Actions that let the principal invoke the function. */
const INVOKE = /^(lambda:InvokeFunction|lambda:\*|\*)$/i;

/**
 * `AWS::Lambda::Permission`s that let API Gateway invoke a function (`lambda:InvokeFunction` for
 * `apigateway.amazonaws.com`) name the API that may call: `SourceArn` (or at least `SourceAccount`).
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: ['AWS::Lambda::Permission'],
  shapes: 'every shape (Lambda permissions of integrations and authorizers)',
  info: 'The Lambda permission lets API Gateway invoke the function without a SourceArn or SourceAccount.',
  explanation:
    'A permission for the service principal alone lets any API Gateway API, in any AWS account, invoke the function if it knows the ARN (the confused-deputy problem): another account\'s API can call the backend past this API\'s authorizers, WAF and throttling.',
  cfnFix: 'Set `SourceArn` of the `AWS::Lambda::Permission` to the execute-api ARN of the API (`arn:aws:execute-api:<region>:<account>:<api id>/<stage>/<method>/<path>`), or at least `SourceAccount`.',
  fix: 'Set `SourceArn` to the execute-api ARN of the API (`arn:aws:execute-api:<region>:<account>:<api id>/<stage>/<method>/<path>`, `api.arnForExecuteApi()`; `LambdaIntegration` and `HttpLambdaIntegration` add it), or at least `SourceAccount`.',
  check: ({ props }) => {
    const principal = flattenText(props.Principal);
    const action = flattenText(props.Action);
    if (!isOpaque(principal) && !API_GATEWAY.test(principal)) return NagRuleCompliance.NOT_APPLICABLE;
    if (!isOpaque(action) && !INVOKE.test(action)) return NagRuleCompliance.NOT_APPLICABLE;
    const scoped = [props.SourceArn, props.SourceAccount].some((v) => v !== undefined && v !== null && v !== '' && v !== '*');
    if (scoped) return NagRuleCompliance.COMPLIANT;
    if (isOpaque(principal)) return unverifiable('Principal is an intrinsic, so it cannot be told whether it is API Gateway');
    if (isOpaque(action)) return unverifiable('Action is an intrinsic');
    return NagRuleCompliance.NON_COMPLIANT;
  },
});
