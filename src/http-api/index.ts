export * from './http-access-log-format';
export * from './http-route-options';
export * from './secure-http-api';
export * from './http-api-front-door';
