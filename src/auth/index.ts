export * from './oauth-scope';
export * from './oauth-resource-server';
export * from './oauth-client';
export * from './oauth-user-pool';
