/**
 * The JSON access-log format of a `SecureRestApi` stage, verbatim, and a helper that renders lines of it the way API
 * Gateway does (context variables without a value become `-`; `status` and `latency` are numbers).
 */
export const ACCESS_LOG_FORMAT = '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","userAgent":"$context.identity.userAgent","apiKeyId":"$context.identity.apiKeyId","clientId":"$context.authorizer.claims.client_id","principalId":"$context.authorizer.principalId","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","status":$context.status,"protocol":"$context.protocol","responseLength":"$context.responseLength","latency":$context.responseLatency,"integrationLatency":"$context.integrationLatency","wafResponse":"$context.wafResponseCode","authorizerError":"$context.authorizer.error","errorMessage":"$context.error.message","requestTime":"$context.requestTime"}';

/** Values of the context variables of one request; anything not given is rendered as `-`. */
export type RequestContext = { [variable: string]: string | number };

const DEFAULTS: RequestContext = {
  'requestId': 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
  'identity.sourceIp': '203.0.113.7',
  'identity.userAgent': 'curl/8.5.0',
  'httpMethod': 'GET',
  'resourcePath': '/orders/{id}',
  'status': 200,
  'protocol': 'HTTP/1.1',
  'responseLength': '42',
  'responseLatency': 35,
  'integrationLatency': '30',
  'requestTime': '27/Nov/2026:20:00:00 +0000',
};

/** Renders one access-log line for a request. */
export function accessLogLine(context: RequestContext = {}): string {
  const values = { ...DEFAULTS, ...context };
  return ACCESS_LOG_FORMAT.replace(/\$context\.([A-Za-z0-9_.]+)/g, (_, variable: string) => {
    const value = values[variable];
    if (value === undefined) return '-';
    return typeof value === 'number' ? String(value) : JSON.stringify(value).slice(1, -1);
  });
}

/** The top-level field names of the access-log format, read from a rendered line. */
export function accessLogFields(): string[] {
  return Object.keys(JSON.parse(accessLogLine()));
}
