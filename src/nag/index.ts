export * from './api-baseline-checks';
export { ChecklistArea } from './rule';
