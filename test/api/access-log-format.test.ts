import { API_ACCESS_LOG_FORMAT, ApiAccessLogFormat } from '../../src/api';

describe('ApiAccessLogFormat', () => {
  test('is the documented JSON line, with status and latency as numbers', () => {
    expect(API_ACCESS_LOG_FORMAT).toBe(
      '{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","userAgent":"$context.identity.userAgent",'
      + '"apiKeyId":"$context.identity.apiKeyId","clientId":"$context.authorizer.claims.client_id",'
      + '"principalId":"$context.authorizer.principalId","httpMethod":"$context.httpMethod",'
      + '"resourcePath":"$context.resourcePath","status":$context.status,"protocol":"$context.protocol",'
      + '"responseLength":"$context.responseLength","latency":$context.responseLatency,'
      + '"integrationLatency":"$context.integrationLatency","wafResponse":"$context.wafResponseCode",'
      + '"authorizerError":"$context.authorizer.error","errorMessage":"$context.error.message",'
      + '"requestTime":"$context.requestTime"}',
    );
    expect(ApiAccessLogFormat.JSON_LINE).toBe(API_ACCESS_LOG_FORMAT);
    expect(ApiAccessLogFormat.json().toString()).toBe(API_ACCESS_LOG_FORMAT);
  });

  test('a rendered line is valid JSON with numeric status and latency', () => {
    const line = API_ACCESS_LOG_FORMAT
      .replace('$context.status', '503')
      .replace('$context.responseLatency', '42')
      .replace(/\$context\.[A-Za-z.]+/g, 'x');
    const parsed = JSON.parse(line);
    expect(parsed.status).toBe(503);
    expect(parsed.latency).toBe(42);
    expect(Object.keys(parsed)).toEqual(ApiAccessLogFormat.FIELDS);
    expect(ApiAccessLogFormat.FIELDS).toEqual(expect.arrayContaining(['requestId', 'ip', 'apiKeyId', 'wafResponse', 'authorizerError']));
  });
});
