export * from './api-firewall';
export * from './pattern-rule';
export * from './firewall-scope';
