import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isOptionsMethod, isWithoutAuthorization } from '../../helpers/api-methods';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/**
 * An OPTIONS method or route without authorization is answered by API Gateway (a MOCK integration, or an HTTP API's
 * CORS configuration), not by a backend: a CORS preflight handled in code is a warning that names the trade-off.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.WARN,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API4:2023 Unrestricted Resource Consumption',
  resourceTypes: [],
  subject: 'operation',
  info: 'The OPTIONS method or route has no authorization and is answered by a backend integration (a CORS preflight handled in code), not by a MOCK integration.',
  explanation:
    'Browsers send CORS preflights without credentials, so an OPTIONS method must stay open; answered by a MOCK integration (or by an HTTP API\'s CORS configuration), it never leaves API Gateway. Answered by a Lambda function or an HTTP backend, every anonymous OPTIONS request runs backend code: it costs an invocation, can be used to exhaust concurrency, reaches whatever the handler does besides writing CORS headers, and on a greedy path (`/{proxy+}`) opens every path to unauthenticated calls. The trade-off is a backend that decides the allowed origins itself (per tenant or from a database).',
  cfnFix: 'Answer preflights in API Gateway: an `OPTIONS` `AWS::ApiGateway::Method` with a `MOCK` integration that returns the CORS headers, `CorsConfiguration` on an HTTP API, or an OpenAPI `options` operation with `x-amazon-apigateway-integration: { type: mock }`. When the backend must answer, keep the handler to CORS headers only, throttle the method, and acknowledge this finding with the reason.',
  fix: 'Answer preflights in API Gateway: `defaultCorsPreflightOptions` or `resource.addCorsPreflight()` on a RestApi (a MOCK integration), `corsPreflight` on an HTTP API, or an OpenAPI `options` operation with `x-amazon-apigateway-integration: { type: mock }`. When the backend must answer, keep the handler to CORS headers only, throttle the method, and acknowledge this finding with the reason.',
  check: ({ props, kind, operation }) => {
    // WebSocket routes have no HTTP method; a method known only at deploy time is reported by MethodAuthorization
    if (kind === 'WEBSOCKET' || !isOptionsMethod(props)) return NagRuleCompliance.NOT_APPLICABLE;
    const type = props.AuthorizationType;
    if (type === undefined && operation?.unreadable !== undefined) return unverifiable(operation.unreadable);
    if (isIntrinsic(type)) return unverifiable('AuthorizationType is an intrinsic');
    if (!isWithoutAuthorization(props)) return NagRuleCompliance.NOT_APPLICABLE;
    const integration = props.Integration;
    if (isIntrinsic(integration) || isIntrinsic(integration?.Type)) {
      return unverifiable('Integration.Type is an intrinsic, so a MOCK preflight cannot be told apart');
    }
    if (integration === undefined || integration === null) {
      return operation?.unreadable !== undefined ? unverifiable(operation.unreadable) : NagRuleCompliance.NOT_APPLICABLE;
    }
    const integrationType = integration.Type;
    if (typeof integrationType === 'string' && integrationType.toUpperCase() === 'MOCK') return NagRuleCompliance.COMPLIANT;
    return NagRuleCompliance.NON_COMPLIANT;
  },
});
