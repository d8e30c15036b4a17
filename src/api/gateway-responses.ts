import * as apigw from 'aws-cdk-lib/aws-apigateway';

/**
 * Security headers on every error response API Gateway generates (values are quoted literals, as API Gateway
 * response parameters expect).
 */
export const SECURITY_RESPONSE_HEADERS: { [name: string]: string } = {
  'Strict-Transport-Security': "'max-age=31536000; includeSubDomains'",
  'X-Content-Type-Options': "'nosniff'",
  'Cache-Control': "'no-store'",
};

/**
 * Body of 4XX responses: API Gateway's own short message (e.g. "Unauthorized", "Invalid request body") and the
 * request id for support; no validation details or integration output.
 */
export const CLIENT_ERROR_TEMPLATE = '{"message":$context.error.messageString,"requestId":"$context.requestId"}';

/** Body of 5XX responses: a fixed message and the request id; nothing from the integration. */
export const SERVER_ERROR_TEMPLATE = '{"message":"Internal server error","requestId":"$context.requestId"}';

/** Replaces the default 4XX and 5XX gateway responses of `api` with bodies free of internal detail. */
export function addSecureGatewayResponses(api: apigw.RestApi): void {
  api.addGatewayResponse('Default4xx', {
    type: apigw.ResponseType.DEFAULT_4XX,
    responseHeaders: SECURITY_RESPONSE_HEADERS,
    templates: { 'application/json': CLIENT_ERROR_TEMPLATE },
  });
  api.addGatewayResponse('Default5xx', {
    type: apigw.ResponseType.DEFAULT_5XX,
    responseHeaders: SECURITY_RESPONSE_HEADERS,
    templates: { 'application/json': SERVER_ERROR_TEMPLATE },
  });
}
