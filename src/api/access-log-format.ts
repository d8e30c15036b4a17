import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { accessLogFields } from '../private/access-log-fields';

/**
 * The JSON access-log line every `SecureRestApi` stage writes: one JSON object per request with the request id,
 * caller identity (source IP, user agent, API key id, OAuth client id, principal), method, resource path, status,
 * latency, WAF response code, authorizer error and error message. `status` and `latency` are JSON numbers so
 * CloudWatch Logs metric filters can compare them (`{ $.status >= 500 }`).
 */
export const API_ACCESS_LOG_FORMAT: string =
  '{"requestId":"$context.requestId",' +
  '"ip":"$context.identity.sourceIp",' +
  '"userAgent":"$context.identity.userAgent",' +
  '"apiKeyId":"$context.identity.apiKeyId",' +
  '"clientId":"$context.authorizer.claims.client_id",' +
  '"principalId":"$context.authorizer.principalId",' +
  '"httpMethod":"$context.httpMethod",' +
  '"resourcePath":"$context.resourcePath",' +
  '"status":$context.status,' +
  '"protocol":"$context.protocol",' +
  '"responseLength":"$context.responseLength",' +
  '"latency":$context.responseLatency,' +
  '"integrationLatency":"$context.integrationLatency",' +
  '"wafResponse":"$context.wafResponseCode",' +
  '"authorizerError":"$context.authorizer.error",' +
  '"errorMessage":"$context.error.message",' +
  '"requestTime":"$context.requestTime"}';

/** The access-log format of `SecureRestApi` stages, for use by other stages and by log consumers. */
export class ApiAccessLogFormat {
  /** The JSON access-log line (see `API_ACCESS_LOG_FORMAT`). */
  public static readonly JSON_LINE: string = API_ACCESS_LOG_FORMAT;

  /** The fields of an access-log line, in order. */
  public static readonly FIELDS: string[] = accessLogFields(API_ACCESS_LOG_FORMAT);

  /** The format as an API Gateway access-log format, for `deployOptions.accessLogFormat`. */
  public static json(): apigw.AccessLogFormat {
    return apigw.AccessLogFormat.custom(API_ACCESS_LOG_FORMAT);
  }

  private constructor() {}
}
