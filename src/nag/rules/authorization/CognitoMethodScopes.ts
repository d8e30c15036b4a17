import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Methods authorized by a Cognito user pool name at least one OAuth scope. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API5:2023 Broken Function Level Authorization',
  resourceTypes: [],
  subject: 'operation',
  info: 'The Cognito- or JWT-authorized API Gateway method or route names no OAuth scope (AuthorizationScopes is empty).',
  explanation:
    'Without scopes the method accepts the ID token of any user of the pool, and any access token of any client, so every authenticated caller can use every function; scopes give per-method, least-privilege access.',
  cfnFix: 'Set `AuthorizationScopes` on the `AWS::ApiGateway::Method` or `AWS::ApiGatewayV2::Route` (e.g. `["orders/read"]`) to scopes of a Cognito resource server; in an OpenAPI document list the scopes in the operation\'s `security` requirement.',
  fix: 'Set `authorizationScopes` on the method or route (e.g. `["orders/read"]`) to scopes of a Cognito resource server; in an OpenAPI document list the scopes in the operation\'s `security` requirement.',
  check: ({ props }) => {
    const type = props.AuthorizationType;
    if (isIntrinsic(type)) return unverifiable('AuthorizationType is an intrinsic');
    if (type !== 'COGNITO_USER_POOLS' && type !== 'JWT') return NagRuleCompliance.NOT_APPLICABLE;
    const scopes = props.AuthorizationScopes;
    if (isIntrinsic(scopes)) return unverifiable('AuthorizationScopes is an intrinsic');
    if (!Array.isArray(scopes) || scopes.length === 0) return NagRuleCompliance.NON_COMPLIANT;
    let named = false;
    for (const s of scopes) {
      if (isIntrinsic(s)) return unverifiable('an authorization scope is an intrinsic');
      if (typeof s === 'string' && s.trim() !== '') named = true;
    }
    return named ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
