export * from './inspector-scanning';
export * from './access-analyzer';
export * from './access-review';
