export * from './api-baseline-checks';
export { ChecklistArea } from './rule';
export * from './enforce';
export { TimeBoxedAcknowledgementOptions, AcknowledgementRecord } from './acknowledgements';
