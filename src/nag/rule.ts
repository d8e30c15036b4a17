import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ModelApi, ModelStage } from './model/api-model';
import { ApiKind, ModelOperation } from './model/types';
import { ResourceView, StackIndex } from './stack-index';

/** The five areas of the API security checklist. */
export enum ChecklistArea {
  /** OAuth 2.0, scopes, API keys, role-based access, access review. */
  AUTHENTICATION = 'Authentication & authorization',
  /** Customer-managed KMS keys, TLS, masking of sensitive data. */
  ENCRYPTION = 'Encryption & data protection',
  /** Request validators, strict models, WAF injection and size rules. */
  INPUT_VALIDATION = 'Input validation & sanitization',
  /** Access and execution logs, tracing, alarms, alerts. */
  MONITORING = 'Monitoring & threat detection',
  /** Scanning, runtimes, managed rule updates, change management. */
  VULNERABILITY = 'Vulnerability & patch management',
}

/** A rule could not decide because a value is only known at deploy time. */
export interface Unverifiable {
  readonly unverifiable: string;
}

/** What a rule says of one resource. */
export type RuleOutcome = NagRuleCompliance | Unverifiable;

/** Marks an outcome as "cannot be verified at synth", with the reason shown in the finding. */
export function unverifiable(reason: string): Unverifiable {
  return { unverifiable: reason };
}

/** True for the outcome of `unverifiable()` (also when a helper returns it in place of a value). */
export function isUnverifiable(outcome: unknown): outcome is Unverifiable {
  return typeof outcome === 'object' && outcome !== null && 'unverifiable' in outcome;
}

/** What an API rule judges: every operation, every stage or every API of the API model. */
export type RuleSubject = 'operation' | 'stage' | 'api';

/**
 * What an API rule is handed: the operation, stage or API in the property names of the REST resource
 * (`AWS::ApiGateway::Method`, `AWS::ApiGateway::Stage`, `AWS::ApiGateway::RestApi`), whatever shape defined it.
 * `logicalId` is the resource that holds the definition.
 */
export interface SubjectView extends ResourceView {
  /** The kind of API, when known. */
  readonly kind?: ApiKind;
  /** The operation or route named in the finding id suffix, when the holder defines more than one. */
  readonly label?: string;
  /** The operation judged (subject `operation`). */
  readonly operation?: ModelOperation;
  /** The stage judged (subject `stage`). */
  readonly stage?: ModelStage;
  /** The API of the subject, when it is an API of the stack. */
  readonly api?: ModelApi;
}

/** One rule of the ApiBaseline pack: its documentation and its check. */
export interface BaselineRule {
  /** The rule name (file name); the finding id is `ApiBaseline-<name>`. */
  readonly name: string;
  /** ERROR or WARN. */
  readonly level: NagMessageLevel;
  /** Checklist area the rule belongs to. */
  readonly area: ChecklistArea;
  /** The OWASP API Security Top 10 (2023) item it guards against, e.g. `API2:2023 Broken Authentication`. */
  readonly owasp: string;
  /** CloudFormation resource types the rule looks at directly; every other resource is not applicable. */
  readonly resourceTypes: string[];
  /**
   * For API rules: the part of the API model the rule judges. The rule is then handed one `SubjectView` per
   * operation, stage or API, whichever resource or OpenAPI document defines it.
   * @default - the rule judges the resources of `resourceTypes` only
   */
  readonly subject?: RuleSubject;
  /**
   * API kinds on which the control cannot exist, each with the alternative to name: the API gets one warning
   * `ApiBaseline-<Rule>[Unavailable]` instead of a silent pass.
   * @default - the control exists on every kind of API the rule judges
   */
  readonly unavailableOn?: { readonly [kind in ApiKind]?: string };
  /**
   * For an API of a kind in `unavailableOn`: whether it has the control another way after all (for example an HTTP
   * API behind a CloudFront distribution). When true, the API gets no `[Unavailable]` warning and its subjects are
   * judged by `check` like any other.
   * @default - an API of a kind in `unavailableOn` never has the control
   */
  readonly availableOn?: (api: ModelApi, index: StackIndex) => boolean;
  /**
   * The API shapes the rule applies to, for the rules table.
   * @default - derived from `subject` and `unavailableOn`
   */
  readonly shapes?: string;
  /** What is wrong when the rule fires (one sentence, shown as the finding). */
  readonly info: string;
  /** Why the rule exists. */
  readonly explanation: string;
  /** How to fix a finding, in CDK terms (construct props and methods): shown for CDK apps. */
  readonly fix: string;
  /**
   * How to fix a finding in a CloudFormation or SAM template (resource types and property names, no CDK constructs):
   * shown when the CLI judges templates.
   */
  readonly cfnFix: string;
  /** Decides one resource; `index` gives the other resources of its stack. */
  readonly check: (resource: SubjectView, index: StackIndex) => RuleOutcome;
}

/** Declares a rule; `name` is the rule's file name (`parse(__filename).name`). */
export function defineRule(rule: BaselineRule): BaselineRule {
  return Object.freeze({ ...rule, resourceTypes: [...rule.resourceTypes] });
}

/** Orders outcomes from best to worst: not applicable, compliant, unverifiable, non-compliant. */
export function outcomeRank(outcome: RuleOutcome): number {
  if (isUnverifiable(outcome)) return 2;
  if (outcome === NagRuleCompliance.NON_COMPLIANT) return 3;
  return outcome === NagRuleCompliance.COMPLIANT ? 1 : 0;
}

/** The worst of several outcomes (not applicable when there are none). */
export function worstOutcome(outcomes: Iterable<RuleOutcome>): RuleOutcome {
  let worst: RuleOutcome = NagRuleCompliance.NOT_APPLICABLE;
  for (const outcome of outcomes) if (outcomeRank(outcome) > outcomeRank(worst)) worst = outcome;
  return worst;
}
