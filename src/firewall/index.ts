export * from './api-firewall';
export * from './pattern-rule';
export { FirewallScope } from './firewall-scope';
