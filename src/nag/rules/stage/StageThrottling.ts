import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList, intrinsicIn, isStageWide, numberOf } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Stages throttle all methods: a stage-wide rate and burst limit above zero, and no method without limits. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.INPUT_VALIDATION,
  owasp: 'API4:2023 Unrestricted Resource Consumption',
  resourceTypes: [],
  subject: 'stage',
  info: 'The API Gateway stage has no stage-wide throttling (rate and burst limits), a method disables it, or a limit is above the thresholds `maxThrottleRateLimit` / `maxThrottleBurstLimit` (default 10000 / 5000).',
  explanation:
    'Without stage throttling only the account-wide limit protects the backends, so one client can exhaust them (and the bill) and starve every other API in the account and region.',
  cfnFix: 'Set `ThrottlingRateLimit` and `ThrottlingBurstLimit` (> 0) on the `MethodSettings` entry with `HttpMethod: "*"` and `ResourcePath: "/*"` (`DefaultRouteSettings` on an `AWS::ApiGatewayV2::Stage`); never set -1 on a single method.',
  fix: 'Set `throttlingRateLimit` and `throttlingBurstLimit` (> 0) in the stage options, i.e. on the `/*` `*` method setting; never set -1 on a single method.',
  check: ({ props }, index) => {
    const settings = props.MethodSettings ?? [];
    if (isIntrinsic(settings)) return unverifiable('MethodSettings is an intrinsic');
    let stageWide = false;
    for (const s of asList(settings)) {
      if (isIntrinsic(s)) return unverifiable('a method setting is an intrinsic');
      const bad = intrinsicIn({ ThrottlingRateLimit: s.ThrottlingRateLimit, ThrottlingBurstLimit: s.ThrottlingBurstLimit });
      if (bad) return unverifiable(`${bad} is an intrinsic`);
      const rate = numberOf(s.ThrottlingRateLimit);
      const burst = numberOf(s.ThrottlingBurstLimit);
      if (rate < 0 || burst < 0) return NagRuleCompliance.NON_COMPLIANT;
      if (rate > index.thresholds.maxThrottleRateLimit || burst > index.thresholds.maxThrottleBurstLimit) {
        return NagRuleCompliance.NON_COMPLIANT;
      }
      if (isStageWide(s) && rate > 0 && burst > 0) stageWide = true;
    }
    return stageWide ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
