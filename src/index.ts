export * from './nag';
export * as rules from './nag/rules';
export * from './encryption';
export * from './monitoring';
export * from './auth';
export * from './firewall';
export * from './api';
export * from './http-api';
export * from './scanning';
