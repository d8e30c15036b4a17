export * from './api-baseline-checks';
export type { RuleEvaluation } from './rule-evaluation';
export { ChecklistArea } from './rule';
export * from './enforce';
export type { TimeBoxedAcknowledgementOptions, AcknowledgementRecord } from './acknowledgements';
export type { BaselineThresholds } from './thresholds';
