import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { intrinsicIn } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';

/** Usage plans set a throttle (rate and burst limit) and a quota (limit and period). */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API4:2023 Unrestricted Resource Consumption',
  resourceTypes: ['AWS::ApiGateway::UsagePlan'],
  info: 'The API Gateway usage plan does not set both a throttle (RateLimit, BurstLimit) and a quota (Limit, Period).',
  explanation:
    'A usage plan without throttle and quota lets one API key send unlimited requests, exhausting backend capacity and cost budgets for every other client.',
  cfnFix: 'Set `Throttle: { RateLimit, BurstLimit }` and `Quota: { Limit, Period }` on the `AWS::ApiGateway::UsagePlan`.',
  fix: 'Set `throttle: { rateLimit, burstLimit }` and `quota: { limit, period }` on the usage plan.',
  check: ({ props }) => {
    const throttle = props.Throttle;
    const quota = props.Quota;
    const intrinsic = intrinsicIn({
      'Throttle': throttle,
      'Quota': quota,
      'Throttle.RateLimit': throttle?.RateLimit,
      'Throttle.BurstLimit': throttle?.BurstLimit,
      'Quota.Limit': quota?.Limit,
      'Quota.Period': quota?.Period,
    });
    if (intrinsic) return unverifiable(`${intrinsic} is an intrinsic`);
    const positive = (v: unknown) => v !== undefined && v !== null && Number(v) > 0;
    const ok =
      positive(throttle?.RateLimit) && positive(throttle?.BurstLimit) && positive(quota?.Limit) && typeof quota?.Period === 'string';
    return ok ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
