export * from './api-firewall';
export * from './pattern-rule';
