export * from './alert-topic';
export * from './api-alarms';
export * from './api-dashboard';
export * from './behaviour-filters';
