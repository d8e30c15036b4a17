import { CfnResource, IPolicyValidationContext, PolicyValidationPluginReport, Stack } from 'aws-cdk-lib';
import { NagMessageLevel, NagPack, NagPackProps, NagRuleCompliance } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { BaselineRule, isUnverifiable, RuleOutcome } from './rule';
import { ALL_RULES } from './rules/all';
import { StackIndex } from './stack-index';
import { SynthesizedTemplates } from './synthesized-templates';

/** What one rule said of one resource during the last validation. */
export interface RuleEvaluation {
  /** The finding id, `ApiBaseline-<RuleName>`. */
  readonly ruleId: string;
  /** Construct path of the stack holding the resource. */
  readonly stackPath: string;
  /** Construct path of the resource. */
  readonly resourcePath: string;
  /** `Compliant`, `Non-Compliant` or `Unverifiable`. */
  readonly outcome: string;
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

  /** The pack name shown in validation reports. */
  public readonly name: string = 'ApiBaseline';
  /** The ids of every rule of the pack. */
  public readonly ruleIds?: string[] = ApiBaselineChecks.RULE_IDS;
  private readonly indexes = new Map<Stack, StackIndex>();
  private templates?: SynthesizedTemplates;
  private readonly rulesByType = new Map<string, BaselineRule[]>();
  private readonly ruleIdOf = new Map<BaselineRule, string>();
  private evaluations: RuleEvaluation[] = [];

  constructor(scope?: IConstruct, props?: NagPackProps) {
    super(scope, props);
    this.packName = 'ApiBaseline';
    for (const rule of ALL_RULES) {
      this.ruleIdOf.set(rule, `ApiBaseline-${rule.name}`);
      for (const type of rule.resourceTypes) {
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
   * Every rule outcome of the last `validateScope` run, acknowledged findings included (the report uses it to tell
   * pass, fail, acknowledged and not applicable apart).
   */
  public lastEvaluations(): RuleEvaluation[] {
    return [...this.evaluations];
  }

  /** The index of `stack`, built on first use in this validation run. */
  private indexOf(stack: Stack): StackIndex {
    let index = this.indexes.get(stack);
    if (!index) {
      index = StackIndex.build(stack, (other) => this.indexOf(other), this.templates?.of(stack));
      this.indexes.set(stack, index);
    }
    return index;
  }

  protected checkResource(node: CfnResource): void {
    const rules = this.rulesByType.get(node.cfnResourceType);
    if (!rules) return;
    const stack = Stack.of(node);
    const index = this.indexOf(stack);
    const view = index.view(node);
    const renderError = view ? undefined : index.renderError(node);
    if (!view && renderError === undefined) return;
    const stackPath = index.stackPath;
    const resourcePath = index.pathOf(node);
    for (const rule of rules) {
      let outcome: RuleOutcome;
      try {
        outcome = view ? rule.check(view, index) : { unverifiable: `the resource cannot be rendered: ${renderError}` };
      } catch (e) {
        outcome = { unverifiable: (e as Error).message };
      }
      this.evaluations.push({
        ruleId: this.ruleIdOf.get(rule)!,
        stackPath,
        resourcePath,
        outcome: isUnverifiable(outcome) ? 'Unverifiable' : outcome,
      });
      // cdk-nag records nothing for compliant and not-applicable outcomes
      if (outcome === NagRuleCompliance.COMPLIANT || outcome === NagRuleCompliance.NOT_APPLICABLE) continue;
      if (isUnverifiable(outcome)) {
        this.applyRule({
          ruleSuffixOverride: `${rule.name}[Unverifiable]`,
          info: `${rule.info} This cannot be verified at synth: ${outcome.unverifiable}`,
          explanation: rule.explanation,
          level: NagMessageLevel.WARN,
          node,
          rule: () => NagRuleCompliance.NON_COMPLIANT,
        });
      } else {
        const result = outcome;
        this.applyRule({
          ruleSuffixOverride: rule.name,
          info: rule.info,
          explanation: `${rule.explanation} Fix: ${rule.fix}`,
          level: rule.level,
          node,
          rule: () => result,
        });
      }
    }
  }
}
