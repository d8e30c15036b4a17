import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { apiKey, isCorsPreflight, isTrue } from '../../helpers/api-methods';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic, StackIndex } from '../../stack-index';

/** Keys (see `apiKey`) of every REST API whose stage is in a usage plan of the stack. */
function apisInUsagePlans(index: StackIndex): Set<string> {
  const keys = new Set<string>();
  for (const plan of index.ofType('AWS::ApiGateway::UsagePlan')) {
    const stages = plan.props.ApiStages;
    if (!Array.isArray(stages)) continue;
    for (const entry of stages) {
      if (entry === null || typeof entry !== 'object') continue;
      const byApi = apiKey(entry.ApiId, index);
      if (byApi) keys.add(byApi);
      const stage = index.target(entry.Stage);
      if (stage?.type === 'AWS::ApiGateway::Stage') {
        const byStage = apiKey(stage.props.RestApiId, index);
        if (byStage) keys.add(byStage);
      }
    }
  }
  return keys;
}

/**
 * Methods of a REST API whose stage belongs to a usage plan require an API key (CORS preflights excepted), so that
 * the plan's throttle and quota apply to every call.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API4:2023 Unrestricted Resource Consumption',
  resourceTypes: [],
  subject: 'operation',
  info: 'The API Gateway method belongs to an API in a usage plan but does not require an API key.',
  explanation:
    'Usage plans meter and throttle callers by API key; a method that does not require a key is outside every plan, so partners (or anyone) can call it without the per-client throttle and quota.',
  cfnFix: 'Set `ApiKeyRequired: true` on the `AWS::ApiGateway::Method` (in OpenAPI, an `api_key` security scheme on the operation; in SAM, `Auth.ApiKeyRequired`).',
  fix: 'Set `apiKeyRequired: true` on the method (or in `defaultMethodOptions` of the RestApi).',
  check: ({ props, operation }, index) => {
    if (isCorsPreflight(props)) return NagRuleCompliance.NOT_APPLICABLE;
    const key = operation?.api ?? apiKey(props.RestApiId, index);
    if (!key || !index.memo('UsagePlanMethodApiKey.apis', apisInUsagePlans).has(key)) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const required = props.ApiKeyRequired;
    if (isIntrinsic(required)) return unverifiable('ApiKeyRequired is an intrinsic');
    return isTrue(required) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
