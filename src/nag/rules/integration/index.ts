export { default as IntegrationHttps } from './IntegrationHttps';
export { default as IntegrationFixedHost } from './IntegrationFixedHost';
export { default as LambdaPermissionSourceArn } from './LambdaPermissionSourceArn';
export { default as FunctionUrlAuth } from './FunctionUrlAuth';
export { default as SecretsInPlainText } from './SecretsInPlainText';
