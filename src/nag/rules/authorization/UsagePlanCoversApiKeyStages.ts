import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isTrue } from '../../helpers/baseline-values';
import { ApiModel } from '../../model/api-model';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic, refId, StackIndex } from '../../stack-index';

/** What the operations of each API say about API keys: some require one, some are only known at deploy time. */
interface KeyUse {
  required: boolean;
  undecided: boolean;
}

function keyUseByApi(index: StackIndex): Map<string, KeyUse> {
  const out = new Map<string, KeyUse>();
  for (const op of ApiModel.of(index).allOperations()) {
    if (op.api === undefined) continue;
    const use = out.get(op.api) ?? { required: false, undecided: false };
    const value = op.props.ApiKeyRequired;
    if (isTrue(value)) use.required = true;
    else if (isIntrinsic(value)) use.undecided = true;
    out.set(op.api, use);
  }
  return out;
}

/** One `ApiStages` entry of a usage plan; `undecided` when the plan's own condition cannot be decided. */
interface PlanStage {
  readonly api?: string;
  readonly stage: unknown;
  readonly undecided: boolean;
}

/** Every usage-plan stage entry of the stack, and whether some plan's `ApiStages` cannot be read. */
function planStages(index: StackIndex): { entries: PlanStage[]; unreadable: boolean } {
  const model = ApiModel.of(index);
  const entries: PlanStage[] = [];
  let unreadable = false;
  for (const plan of index.ofType('AWS::ApiGateway::UsagePlan')) {
    const holds = index.conditionOf(plan);
    if (holds === false) continue;
    const stages = plan.props.ApiStages;
    if (stages === undefined) continue;
    if (!Array.isArray(stages)) {
      unreadable = true;
      continue;
    }
    for (const entry of stages) {
      if (entry === null || typeof entry !== 'object' || isIntrinsic(entry)) {
        unreadable = true;
        continue;
      }
      entries.push({ api: model.apiKey(entry.ApiId), stage: entry.Stage, undecided: holds === undefined });
    }
  }
  return { entries, unreadable };
}

/**
 * Every stage of an API with operations that require an API key is in a usage plan (`AWS::ApiGateway::UsagePlan`
 * `ApiStages`): API Gateway accepts a key on a stage only through a plan that lists it.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API4:2023 Unrestricted Resource Consumption',
  resourceTypes: [],
  subject: 'stage',
  shapes: 'REST, WebSocket (Method, Route, OpenAPI)',
  info: 'The stage serves methods that require an API key but is in no usage plan (UsagePlan ApiStages).',
  explanation:
    'An API key is only accepted on a stage through a usage plan that lists the stage and the key; a stage in no plan answers 403 to every key, so teams work around it by dropping `apiKeyRequired`, and the per-client throttle and quota the plan would set never apply.',
  cfnFix: 'List the stage in `ApiStages` (`ApiId` and `Stage`) of an `AWS::ApiGateway::UsagePlan`.',
  fix: 'Add the stage to a usage plan: `api.addUsagePlan(id, { apiStages: [{ api, stage }] })` or `plan.addApiStage({ api, stage })` (`SecureRestApi` does this for each of its `plans`).',
  check: ({ stage, props }, index) => {
    if (!stage?.api) return NagRuleCompliance.NOT_APPLICABLE;
    const use = index.memo('UsagePlanCoversApiKeyStages.use', keyUseByApi).get(stage.api);
    if (!use || (!use.required && !use.undecided)) return NagRuleCompliance.NOT_APPLICABLE;
    const { entries, unreadable } = index.memo('UsagePlanCoversApiKeyStages.plans', planStages);
    const name = props.StageName;
    let undecided = unreadable;
    for (const entry of entries.filter((e) => e.api === stage.api)) {
      const value = entry.stage;
      const covers = (typeof value === 'string' && value === name) || refId(value) === stage.holder.logicalId;
      if (covers && !entry.undecided) return NagRuleCompliance.COMPLIANT;
      const known = typeof value === 'string' && typeof name === 'string';
      const resource = index.target(value) !== undefined;
      if (covers || !(known || resource)) undecided = true;
    }
    if (undecided) return unverifiable('a usage plan stage is only known at deploy time');
    if (!use.required) return unverifiable('ApiKeyRequired is an intrinsic');
    return NagRuleCompliance.NON_COMPLIANT;
  },
});
