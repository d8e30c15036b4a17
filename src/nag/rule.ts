import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
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

/** True for the outcome of `unverifiable()`. */
export function isUnverifiable(outcome: RuleOutcome): outcome is Unverifiable {
  return typeof outcome === 'object' && outcome !== null && 'unverifiable' in outcome;
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
  /** CloudFormation resource types the rule looks at; every other resource is not applicable. */
  readonly resourceTypes: string[];
  /** What is wrong when the rule fires (one sentence, shown as the finding). */
  readonly info: string;
  /** Why the rule exists. */
  readonly explanation: string;
  /** How to fix a finding. */
  readonly fix: string;
  /** Decides one resource; `index` gives the other resources of its stack. */
  readonly check: (resource: ResourceView, index: StackIndex) => RuleOutcome;
}

/** Declares a rule; `name` is the rule's file name (`parse(__filename).name`). */
export function defineRule(rule: BaselineRule): BaselineRule {
  return Object.freeze({ ...rule, resourceTypes: [...rule.resourceTypes] });
}
