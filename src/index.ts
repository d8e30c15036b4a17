export * from './nag';
export * as rules from './nag/rules';
