export * from './data-key';
export * from './encrypted-bucket';
export * from './encrypted-table';
export * from './protected-log-group';
