export { default as MethodRequestValidator } from './MethodRequestValidator';
export { default as ModelClosedSchema } from './ModelClosedSchema';
export { default as CorsNoWildcardOrigin } from './CorsNoWildcardOrigin';
