import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { accessLogFields } from '../private/access-log-fields';

/**
 * The JSON access-log line every `SecureHttpApi` stage writes: one JSON object per request with the request id, the
 * route key, method and path, status, latency, and the caller's identity (source IP, user agent, OAuth client id and
 * subject from the validated access token), plus the authorizer and integration errors. No token or header value is
 * written. The field names match `ApiAccessLogFormat` where both kinds of API have the value, so the same metric
 * filters read both (`status` and `latency` are JSON numbers: `{ $.status >= 500 }`). HTTP APIs have no API keys:
 * `apiKeyId` is always `-`, which keeps the top-callers rule of `BehaviourFilters` (keyed by API key and IP) ranking
 * callers by IP.
 */
export const HTTP_API_ACCESS_LOG_FORMAT: string =
  '{"requestId":"$context.requestId",' +
  '"ip":"$context.identity.sourceIp",' +
  '"userAgent":"$context.identity.userAgent",' +
  '"apiKeyId":"-",' +
  '"clientId":"$context.authorizer.claims.client_id",' +
  '"principalId":"$context.authorizer.claims.sub",' +
  '"routeKey":"$context.routeKey",' +
  '"httpMethod":"$context.httpMethod",' +
  '"path":"$context.path",' +
  '"status":$context.status,' +
  '"protocol":"$context.protocol",' +
  '"responseLength":"$context.responseLength",' +
  '"latency":$context.responseLatency,' +
  '"integrationLatency":"$context.integrationLatency",' +
  '"integrationError":"$context.integrationErrorMessage",' +
  '"authorizerError":"$context.authorizer.error",' +
  '"errorMessage":"$context.error.message",' +
  '"requestTime":"$context.requestTime"}';

/**
 * The access-log line of a `SecureHttpApi` behind its CloudFront front door: the same fields, with `clientId` and
 * `principalId` from the context the origin-verify (Lambda) authorizer returns, since there is no JWT authorizer to
 * fill `$context.authorizer.claims`. Behind CloudFront, `ip` is the edge location's address; the viewer's address is
 * in the web ACL's logs.
 */
export const HTTP_API_FRONT_DOOR_ACCESS_LOG_FORMAT: string = HTTP_API_ACCESS_LOG_FORMAT
  .replace('$context.authorizer.claims.client_id', '$context.authorizer.clientId')
  .replace('$context.authorizer.claims.sub', '$context.authorizer.sub');

/** The access-log format of `SecureHttpApi` stages, for use by other HTTP API stages and by log consumers. */
export class HttpApiAccessLogFormat {
  /** The JSON access-log line (see `HTTP_API_ACCESS_LOG_FORMAT`). */
  public static readonly JSON_LINE: string = HTTP_API_ACCESS_LOG_FORMAT;

  /** The fields of an access-log line, in order. */
  public static readonly FIELDS: string[] = accessLogFields(HTTP_API_ACCESS_LOG_FORMAT);

  /** The JSON access-log line of a stage behind the front door (see `HTTP_API_FRONT_DOOR_ACCESS_LOG_FORMAT`). */
  public static readonly FRONT_DOOR_JSON_LINE: string = HTTP_API_FRONT_DOOR_ACCESS_LOG_FORMAT;

  /** The format as an access-log format, for `accessLogSettings.format` of an HTTP API stage. */
  public static json(): apigw.AccessLogFormat {
    return apigw.AccessLogFormat.custom(HTTP_API_ACCESS_LOG_FORMAT);
  }

  /**
   * The format of a stage whose routes use the front door's origin-verify authorizer: the caller's OAuth client id
   * and subject come from the authorizer's context.
   */
  public static frontDoorJson(): apigw.AccessLogFormat {
    return apigw.AccessLogFormat.custom(HTTP_API_FRONT_DOOR_ACCESS_LOG_FORMAT);
  }

  private constructor() {}
}
