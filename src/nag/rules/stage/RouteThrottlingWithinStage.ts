import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList, isStageWide, numberOf } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Throttling overrides of single methods or routes are never above the stage-wide limits. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.INPUT_VALIDATION,
  owasp: 'API4:2023 Unrestricted Resource Consumption',
  resourceTypes: [],
  subject: 'stage',
  info: 'A method or route throttling override of the stage allows more requests than the stage-wide limit, or than the thresholds `maxThrottleRateLimit` / `maxThrottleBurstLimit`.',
  explanation:
    'The stage-wide rate and burst limits are the budget the backends were sized for; an override above them lets one method or route (often the most expensive one) take more than the whole stage was meant to carry.',
  cfnFix: 'Keep `ThrottlingRateLimit` and `ThrottlingBurstLimit` of every `MethodSettings` entry (REST) or `RouteSettings` entry (HTTP, WebSocket) at or below the stage-wide (`/*` `*` entry or `DefaultRouteSettings`) values.',
  fix: 'Keep `ThrottlingRateLimit` and `ThrottlingBurstLimit` of every method setting (REST) or `RouteSettings` entry (HTTP, WebSocket) at or below the stage-wide (`/*` `*` or `DefaultRouteSettings`) values.',
  check: ({ props }, index) => {
    const settings = props.MethodSettings ?? [];
    if (isIntrinsic(settings)) return unverifiable('MethodSettings is an intrinsic');
    const list = asList(settings);
    if (list.some((s) => isIntrinsic(s))) return unverifiable('a method or route setting is an intrinsic');
    const stageWide = list.find(isStageWide);
    const overrides = list.filter((s) => !isStageWide(s));
    if (!stageWide || overrides.length === 0) return NagRuleCompliance.NOT_APPLICABLE;
    let judged = false;
    const ceilings: { [limit: string]: number } = {
      ThrottlingRateLimit: index.thresholds.maxThrottleRateLimit,
      ThrottlingBurstLimit: index.thresholds.maxThrottleBurstLimit,
    };
    for (const limit of ['ThrottlingRateLimit', 'ThrottlingBurstLimit']) {
      if (stageWide[limit] === undefined) continue;
      if (isIntrinsic(stageWide[limit])) return unverifiable(`the stage-wide ${limit} is an intrinsic`);
      const stageMax = numberOf(stageWide[limit]);
      const max = stageMax >= 0 ? Math.min(stageMax, ceilings[limit]) : stageMax;
      for (const s of overrides) {
        if (s[limit] === undefined) continue;
        if (isIntrinsic(s[limit])) return unverifiable(`${limit} of ${s.ResourcePath} is an intrinsic`);
        judged = true;
        const value = numberOf(s[limit]);
        if (value > max || (value < 0 && max >= 0)) return NagRuleCompliance.NON_COMPLIANT;
      }
    }
    return judged ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NOT_APPLICABLE;
  },
});
