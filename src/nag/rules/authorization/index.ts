export { default as MethodAuthorization } from './MethodAuthorization';
export { default as CognitoMethodScopes } from './CognitoMethodScopes';
export { default as UsagePlanMethodApiKey } from './UsagePlanMethodApiKey';
export { default as UsagePlanLimits } from './UsagePlanLimits';
export { default as ApiKeyNoLiteralValue } from './ApiKeyNoLiteralValue';
export { default as JwtAuthorizerIssuerAudience } from './JwtAuthorizerIssuerAudience';
export { default as JwtIdentitySourceNotQuery } from './JwtIdentitySourceNotQuery';
