import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isCorsPreflight, isOptionsMethod, isWithoutAuthorization } from '../../helpers/api-methods';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/**
 * Every API Gateway method except a CORS preflight (OPTIONS) has an authorization type other than NONE (IAM, a
 * Cognito user pool or a Lambda authorizer). An open OPTIONS method answered by a backend is judged by
 * `PreflightInCode`.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: [],
  subject: 'operation',
  info: 'The API Gateway method or route has no authorization (AuthorizationType is NONE or missing).',
  explanation:
    'A method without an authorizer can be called by anyone on the internet; only CORS preflight requests (OPTIONS) are sent by browsers without credentials, and PreflightInCode judges the OPTIONS methods answered by a backend.',
  cfnFix: 'Set `AuthorizationType` of the `AWS::ApiGateway::Method` to `COGNITO_USER_POOLS`, `AWS_IAM` or `CUSTOM` with an `AuthorizerId`; in an OpenAPI document, a `security` requirement on the operation (or globally) with an API Gateway authorizer; on an `AWS::ApiGatewayV2::Route` a JWT, Lambda (`CUSTOM`) or `AWS_IAM` authorization; on a WebSocket API the `$connect` route; in SAM, `Auth.DefaultAuthorizer` or the event\'s `Auth.Authorizer`.',
  fix: 'Give the method an authorizer (`authorizationType: COGNITO`, `IAM` or `CUSTOM`), e.g. with `defaultMethodOptions` on the RestApi; in an OpenAPI document, a `security` requirement on the operation (or globally) with an API Gateway authorizer; on an HTTP API route a JWT, Lambda or IAM authorizer; on a WebSocket API the `$connect` route.',
  check: ({ props, kind, operation }) => {
    if (isCorsPreflight(props)) return NagRuleCompliance.NOT_APPLICABLE;
    // a WebSocket API authorizes the connection; its other routes cannot carry an authorizer
    if (kind === 'WEBSOCKET' && props.RouteKey !== '$connect') return NagRuleCompliance.NOT_APPLICABLE;
    // browsers send preflights without credentials: an open OPTIONS method is a preflight (see PreflightInCode)
    if (isOptionsMethod(props) && (isWithoutAuthorization(props) || isIntrinsic(props.AuthorizationType))) {
      return NagRuleCompliance.NOT_APPLICABLE;
    }
    const type = props.AuthorizationType;
    if (type === undefined && operation?.unreadable !== undefined) return unverifiable(operation.unreadable);
    if (isIntrinsic(type)) return unverifiable('AuthorizationType is an intrinsic');
    if (isWithoutAuthorization(props)) {
      if (isIntrinsic(props.HttpMethod)) {
        return unverifiable('HttpMethod is an intrinsic, so a CORS preflight cannot be told apart');
      }
      return NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.COMPLIANT;
  },
});
