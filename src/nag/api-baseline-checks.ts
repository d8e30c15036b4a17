import { CfnResource, IPolicyValidationContext, PolicyValidationPluginReport, Stack, Validations } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps, NagRuleCompliance } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { withFindingId } from './finding-message';
import { ApiModel, HOLDER_TYPES, ModelApi } from './model/api-model';
import { isSamType } from './model/sam';
import { parameterVariants, resolveConditionals } from './model/template-context';
import { ApiKind } from './model/types';
import { BaselineRule, isUnverifiable, outcomeRank, RuleOutcome, RuleSubject, SubjectView } from './rule';
import { RuleEvaluation } from './rule-evaluation';
import { ALL_RULES } from './rules/all';
import { ResourceView, StackIndex } from './stack-index';
import { SynthesizedTemplates } from './synthesized-templates';
import { BaselineThresholds, resolveThresholds, ResolvedThresholds } from './thresholds';

/** Options of the ApiBaseline rule pack. */
export interface ApiBaselineChecksProps extends NagPackProps {
  /**
   * The numbers the rules judge against: authorizer cache TTL, token and password lifetimes, password length, log
   * retention, throttle and WAF rate ceilings. Each must lie in its documented range.
   * @default - the defaults of `BaselineThresholds`, which follow the library's own constructs
   */
  readonly thresholds?: BaselineThresholds;
}

/**
 * The API security baseline as a cdk-nag v3 rule pack.
 *
 * It reads only L1 resources (`CfnResource`s), so it judges APIs built with this library, hand-written
 * aws-cdk-lib APIs and included CloudFormation templates alike. Register it once per app:
 *
 * ```ts
 * Validations.of(app).addPlugins(new ApiBaselineChecks(app));
 * ```
 *
 * Findings are reported as `ApiBaseline-<RuleName>`; a value that is only known at deploy time gives a
 * warning `ApiBaseline-<RuleName>[Unverifiable]` instead of a crash.
 *
 * Run by the CDK validation framework (on synth), the pack reads each resource from the templates CDK has just
 * written. Called directly with `validateScope`, e.g. in a unit test before synthesis, it renders each resource
 * itself. Both ways judge the same CloudFormation.
 */
export class ApiBaselineChecks extends NagPack {
  /** The ids of every rule of the pack, as reported in findings. */
  public static readonly RULE_IDS: string[] = ALL_RULES.map((r) => `ApiBaseline-${r.name}`);

  /** @internal A pack that runs only the named rules (by name, e.g. `StageWebAcl`), for tests of one rule. */
  public static _ofRules(names: string[], props?: ApiBaselineChecksProps): ApiBaselineChecks {
    const pack = new ApiBaselineChecks(undefined, props);
    for (const [type, rules] of pack.rulesByType) pack.rulesByType.set(type, rules.filter((r) => names.includes(r.name)));
    return pack;
  }

  /** The pack name shown in validation reports. */
  public readonly name: string = 'ApiBaseline';
  /** The ids of every rule of the pack. */
  public readonly ruleIds?: string[] = ApiBaselineChecks.RULE_IDS;
  private readonly indexes = new Map<Stack, StackIndex>();
  private templates?: SynthesizedTemplates;
  private readonly rulesByType = new Map<string, BaselineRule[]>();
  /** How each rule of a type's list applies to a view of that type, worked out once per pair of types. */
  private readonly plans = new Map<BaselineRule[], Map<string, RulePlan[]>>();
  private readonly ruleIdOf = new Map<BaselineRule, string>();
  /**
   * The judged outcomes of the last validation, three entries each (finding id, where, outcome): a validation of a
   * large app records one per rule and operation, and objects are only built when `lastEvaluations()` asks.
   */
  private evaluations: (string | Target)[] = [];

  /** The numbers the rules judge against, defaults filled in. */
  private readonly thresholds: ResolvedThresholds;

  constructor(scope?: IConstruct, props?: ApiBaselineChecksProps) {
    super(scope, props);
    this.thresholds = resolveThresholds(props?.thresholds);
    this.packName = 'ApiBaseline';
    for (const rule of ALL_RULES) {
      this.ruleIdOf.set(rule, `ApiBaseline-${rule.name}`);
      const types = new Set([...rule.resourceTypes, ...(rule.subject ? HOLDER_TYPES[rule.subject] : [])]);
      for (const type of types) {
        const list = this.rulesByType.get(type) ?? [];
        list.push(rule);
        this.rulesByType.set(type, list);
      }
    }
  }

  /**
   * Called by the CDK validation framework on synth: validates the app's construct tree, reading each resource from
   * the synthesized templates of the context.
   */
  public validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    this.templates = SynthesizedTemplates.fromContext(context);
    try {
      return super.validate(context);
    } finally {
      this.templates = undefined;
    }
  }

  /** Validates a construct tree; indexes of its stacks are built once and dropped afterwards. */
  public validateScope(scope: IConstruct): PolicyValidationPluginReport {
    this.indexes.clear();
    this.evaluations = [];
    try {
      return super.validateScope(scope);
    } finally {
      this.indexes.clear();
    }
  }

  /**
   * Every judged rule outcome of the last `validateScope` run (compliant, non-compliant or unverifiable),
   * acknowledged findings included; a rule that does not apply to a resource leaves no entry. The report uses it to
   * tell pass, fail, acknowledged and not applicable apart.
   */
  public lastEvaluations(): RuleEvaluation[] {
    const out: RuleEvaluation[] = [];
    const log = this.evaluations;
    for (let i = 0; i < log.length; i += 3) {
      const target = log[i + 1] as Target;
      out.push({ ruleId: log[i] as string, stackPath: target.stackPath, resourcePath: target.resourcePath, outcome: log[i + 2] as string });
    }
    return out;
  }

  /** The index of `stack`, built on first use in this validation run. */
  private indexOf(stack: Stack): StackIndex {
    let index = this.indexes.get(stack);
    if (!index) {
      index = StackIndex.build(stack, (other) => this.indexOf(other), this.templates?.of(stack), this.thresholds);
      this.indexes.set(stack, index);
    }
    return index;
  }

  protected checkResource(node: CfnResource): void {
    if (isSamType(node.cfnResourceType)) {
      this.checkSam(node);
      return;
    }
    const rules = this.rulesByType.get(node.cfnResourceType);
    if (!rules) return;
    const stack = Stack.of(node);
    const index = this.indexOf(stack);
    const view = index.view(node);
    const renderError = view ? undefined : index.renderError(node);
    if (!view && renderError === undefined) return;
    // a resource under a condition known to be false is never created
    if (view && index.conditionOf(view) === false) return;
    const target: Target = { node, stackPath: index.stackPath, resourcePath: index.pathOf(node) };
    if (!view) {
      for (const rule of rules) this.report(rule, target, undefined, { unverifiable: `the resource cannot be rendered: ${renderError}` });
      return;
    }
    this.checkView(rules, view, index, target);
  }

  /**
   * A SAM resource is judged through the resources the Serverless transform creates from it, each reported on the SAM
   * resource; what could not be expanded is reported as unverifiable by every rule that judges those resources.
   */
  private checkSam(node: CfnResource): void {
    const stack = Stack.of(node);
    const index = this.indexOf(stack);
    const view = index.view(node);
    const target: Target = { node, stackPath: index.stackPath, resourcePath: index.pathOf(node) };
    const operationRules = this.operationRules();
    if (!view) {
      const renderError = index.renderError(node);
      if (renderError === undefined) return;
      for (const rule of operationRules) this.report(rule, target, undefined, { unverifiable: `the resource cannot be rendered: ${renderError}` });
      return;
    }
    if (index.conditionOf(view) === false) return;
    const judged = new Set<BaselineRule>();
    for (const generated of index.generatedFrom(view.logicalId)) {
      const rules = this.rulesByType.get(generated.type);
      if (!rules) continue;
      const own = generated.origin === view.logicalId;
      const sam: SamTarget = {
        generated: generated.logicalId === view.logicalId ? undefined : generated.logicalId,
        operations: (label) => (label === undefined ? own : (generated.operationOrigins?.get(label) ?? generated.origin) === view.logicalId),
        whole: own,
      };
      this.checkView(rules, generated, index, { ...target, sam }, judged);
    }
    const unexpanded = index.unexpanded(view.logicalId);
    if (unexpanded.length === 0) return;
    const reason = `not expanded from the SAM template: ${unexpanded.join('; ')}`;
    const rules = judged.size > 0 ? new Set([...judged, ...operationRules]) : operationRules;
    for (const rule of rules) this.report(rule, target, undefined, { unverifiable: reason });
  }

  /** The rules that judge operations. */
  private operationRules(): Set<BaselineRule> {
    return new Set(ALL_RULES.filter((r) => r.subject === 'operation'));
  }

  /** How the rules of `rules` (the list of one resource type) apply to a view of type `viewType`. */
  private plansOf(rules: BaselineRule[], viewType: string): RulePlan[] {
    let byViewType = this.plans.get(rules);
    if (!byViewType) {
      byViewType = new Map();
      this.plans.set(rules, byViewType);
    }
    let plans = byViewType.get(viewType);
    if (!plans) {
      plans = rules.map((rule) => {
        const subject = rule.subject;
        return {
          rule,
          subject: subject && HOLDER_TYPES[subject].includes(viewType) ? subject : undefined,
          resource: rule.resourceTypes.includes(viewType),
        };
      });
      byViewType.set(viewType, plans);
    }
    return plans;
  }

  /** Runs the rules of a resource's type on its view; adds the rules that judged something to `judged`. */
  private checkView(rules: BaselineRule[], view: ResourceView, index: StackIndex, target: Target, judged?: Set<BaselineRule>): void {
    const model = ApiModel.of(index);
    const heldApi = model.apiOf(view.logicalId);
    const uses: Uses = { conditionals: index.usesConditionals(view), parameters: index.usesParameters(view) };
    const sam = target.sam;
    const whole = sam?.whole ?? true;
    // the subjects a resource holds are the same for every rule: build them once
    let operations: SubjectView[] | undefined;
    let stages: SubjectView[] | undefined;
    let apis: SubjectView[] | undefined;
    const plans = this.plansOf(rules, view.type);
    for (let i = 0; i < plans.length; i++) {
      const { rule, subject, resource } = plans[i];
      if (subject === 'operation') {
        if (!operations) {
          operations = subjectViews(subject, view, model, heldApi);
          if (sam) operations = operations.filter((s) => sam.operations(s.label));
        }
        this.checkSubjects(rule, subject, heldApi, operations, index, target, uses, whole);
        judged?.add(rule);
      } else if (subject !== undefined && whole) {
        const list = subject === 'stage'
          ? (stages ??= subjectViews(subject, view, model, heldApi))
          : (apis ??= subjectViews(subject, view, model, heldApi));
        this.checkSubjects(rule, subject, heldApi, list, index, target, uses, whole);
        judged?.add(rule);
      }
      if (whole && resource) {
        this.judge(rule, view, index, target, uses);
        judged?.add(rule);
      }
    }
  }

  /** Judges every operation, stage or API the resource holds, and says what its kind of API cannot have. */
  private checkSubjects(
    rule: BaselineRule, subject: RuleSubject, heldApi: ModelApi | undefined, subjects: SubjectView[],
    index: StackIndex, target: Target, uses: Uses, whole: boolean,
  ): void {
    const unavailable = rule.unavailableOn;
    if (whole && heldApi?.kind && unavailable !== undefined && lacks(rule, index, heldApi, heldApi.kind)) {
      // cdk-nag reports one description per finding id, so the warning names the alternative for every kind
      this.report(rule, target, 'Unavailable', NagRuleCompliance.NON_COMPLIANT, Object.values(unavailable).join(' '));
    }
    if (whole && subject === 'operation' && heldApi?.unreadable !== undefined) {
      this.report(rule, target, undefined, { unverifiable: heldApi.unreadable });
    }
    for (let i = 0; i < subjects.length; i++) {
      const view = subjects[i];
      if (view.kind && unavailable !== undefined && lacks(rule, index, view.api, view.kind)) continue;
      this.judge(rule, view, index, target, uses);
    }
  }

  /**
   * Runs one rule on one subject and reports the outcome. Conditions that can be decided are applied first; a value
   * taken from a parameter is judged for its default and for every allowed value, and the worst outcome is reported,
   * naming the value.
   */
  private judge(rule: BaselineRule, subject: SubjectView, index: StackIndex, target: Target, uses: Uses): void {
    let props = subject.props;
    const conditional = uses.conditionals;
    const parameters = uses.parameters;
    if (!conditional && !parameters) {
      // the common case: nothing to decide or to try
      let outcome: RuleOutcome;
      try {
        outcome = rule.check(subject, index);
      } catch (e) {
        outcome = { unverifiable: (e as Error).message };
      }
      this.report(rule, target, subject.label ?? target.sam?.generated, outcome);
      return;
    }
    const context = index.context;
    if (conditional) props = resolveConditionals(props, context).value;
    // the properties of a subject come from its holder: without a parameter there, there is none to try
    const { variants } = parameters
      ? parameterVariants(props, context)
      : { variants: [{ value: props, assignments: [] }] };
    let worst: RuleOutcome = NagRuleCompliance.NOT_APPLICABLE;
    let note: string | undefined;
    for (const variant of variants) {
      let outcome: RuleOutcome;
      try {
        outcome = rule.check(variant.value === subject.props ? subject : { ...subject, props: variant.value }, index);
      } catch (e) {
        outcome = { unverifiable: (e as Error).message };
      }
      if (outcomeRank(outcome) > outcomeRank(worst)) {
        worst = outcome;
        note = variant.assignments.length === 0 ? undefined
          : `With ${variant.assignments.map((a) => `parameter ${a.name} = ${JSON.stringify(a.value)}`).join(' and ')}.`;
      }
      if (worst === NagRuleCompliance.NON_COMPLIANT) break;
    }
    this.report(rule, target, subject.label ?? target.sam?.generated, worst, note);
  }

  /** Records one outcome and hands findings to cdk-nag; `label` names the operation (or `Unavailable`) in the id. */
  private report(rule: BaselineRule, target: Target, label: string | undefined, outcome: RuleOutcome, note?: string): void {
    // a rule that does not apply says nothing about the resource: only judged outcomes are kept
    if (outcome === NagRuleCompliance.NOT_APPLICABLE) return;
    const ruleId = label === undefined ? this.ruleIdOf.get(rule)! : `ApiBaseline-${rule.name}[${label}]`;
    this.evaluations.push(ruleId, target, isUnverifiable(outcome) ? 'Unverifiable' : outcome);
    // cdk-nag records nothing for compliant outcomes
    if (outcome === NagRuleCompliance.COMPLIANT) return;
    const ruleName = label === undefined ? rule.name : `${rule.name}[${label}]`;
    // acknowledging the rule on the resource covers each of its operations
    if (label !== undefined && isAcknowledged(target.node, this.ruleIdOf.get(rule)!)) return;
    // aws-cdk-lib records an acknowledged id with its spaces as dashes (`[GET /a]` as `[GET-/a]`), which cdk-nag misses
    const findingId = `ApiBaseline-${ruleName}${isUnverifiable(outcome) ? '[Unverifiable]' : ''}`;
    if (findingId.includes(' ') && isAcknowledged(target.node, findingId)) return;
    if (isUnverifiable(outcome)) {
      this.applyRule({
        ruleSuffixOverride: `${ruleName}[Unverifiable]`,
        info: withFindingId(`${this.readPackName}-${ruleName}[Unverifiable]`, `${rule.info} This cannot be verified at synth: ${outcome.unverifiable}${note ? ` ${note}` : ''}`),
        explanation: rule.explanation,
        level: NagMessageLevel.WARN,
        node: target.node,
        rule: () => NagRuleCompliance.NON_COMPLIANT,
      });
    } else if (label === 'Unavailable') {
      this.applyRule({
        ruleSuffixOverride: ruleName,
        info: withFindingId(`${this.readPackName}-${ruleName}`, `This kind of API cannot have the control the rule checks (${rule.info.replace(/\.$/, '')}). ${note ?? ''}`.trim()),
        explanation: rule.explanation,
        level: NagMessageLevel.WARN,
        node: target.node,
        rule: () => NagRuleCompliance.NON_COMPLIANT,
      });
    } else {
      this.applyRule({
        ruleSuffixOverride: ruleName,
        info: withFindingId(`${this.readPackName}-${ruleName}`, note ? `${rule.info} ${note}` : rule.info),
        explanation: `${rule.explanation} Fix: ${rule.fix}`,
        level: rule.level,
        node: target.node,
        rule: () => outcome,
      });
    }
  }
}

/** How one rule of a resource type's list applies to a view. */
interface RulePlan {
  readonly rule: BaselineRule;
  /** The subject the rule judges when the view's type holds it. */
  readonly subject?: RuleSubject;
  /** Whether the rule judges the view's type as a resource. */
  readonly resource: boolean;
}

/**
 * Whether an API of kind `kind` cannot have the control of `rule` (see `unavailableOn`); a rule may find the control
 * on an API of an unavailable kind after all (an HTTP API behind a firewalled CDN).
 */
function lacks(rule: BaselineRule, index: StackIndex, api: ModelApi | undefined, kind: ApiKind): boolean {
  return rule.unavailableOn?.[kind] !== undefined
    && !(api !== undefined && rule.availableOn !== undefined && rule.availableOn(api, index));
}

/** Whether a resource's properties need conditions decided or parameter values tried. */
interface Uses {
  readonly conditionals: boolean;
  readonly parameters: boolean;
}

/** The operations, stages or API a resource holds, as the views rules are handed. */
function subjectViews(subject: RuleSubject, view: ResourceView, model: ApiModel, heldApi: ModelApi | undefined): SubjectView[] {
  const { logicalId, type, condition } = view;
  const out: SubjectView[] = [];
  if (subject === 'operation') {
    for (const operation of model.operationsOf(logicalId)) {
      const api = operation.api === undefined ? undefined : model.apis.get(operation.api);
      out.push({ logicalId, type, condition, props: operation.props, kind: operation.kind, label: operation.label, operation, api });
    }
  } else if (subject === 'stage') {
    for (const stage of model.stagesOf(logicalId)) {
      const api = stage.api === undefined ? undefined : model.apis.get(stage.api);
      out.push({ logicalId, type, condition, props: stage.props, kind: stage.kind, stage, api });
    }
  } else if (heldApi) {
    out.push({ logicalId, type, condition, props: heldApi.props, kind: heldApi.kind, api: heldApi });
  }
  return out;
}

/** Where an outcome is reported. */
interface Target {
  readonly node: CfnResource;
  readonly stackPath: string;
  readonly resourcePath: string;
  /** When the resource judged is one the Serverless transform creates from the SAM resource `node`. */
  readonly sam?: SamTarget;
}

/** What of a generated resource is reported on a SAM resource. */
interface SamTarget {
  /**
   * The logical id of the generated resource when it is not the SAM resource's own: findings on the resource (not on
   * one of its operations) name it in the id suffix (`ApiBaseline-StageWebAcl[ServerlessRestApiProdStage]`).
   */
  readonly generated?: string;
  /** Whether the operation with this label (undefined: an operation that is its own resource) belongs to the SAM resource. */
  readonly operations: (label: string | undefined) => boolean;
  /** Whether the resource itself (not only some of its operations) belongs to the SAM resource. */
  readonly whole: boolean;
}

/** True when `id` is acknowledged on `construct` or one of its scopes (as cdk-nag decides it). */
function isAcknowledged(construct: IConstruct, id: string): boolean {
  for (let c: IConstruct | undefined = construct; c; c = c.node.scope) {
    for (const entry of c.node.metadata) {
      if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY || !entry.data) continue;
      if (Object.keys(entry.data).some((k) => k.replace(/^annotation::/i, '') === id.replace(/ /g, '-'))) return true;
    }
  }
  return false;
}
