import { Duration, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { invalidProp } from '../private/validation';

/** CORS settings of a `SecureRestApi` (preflight methods) or a `SecureHttpApi` (the API's CORS configuration). */
export interface ApiCorsOptions {
  /**
   * Origins allowed to call the API from a browser, e.g. `https://app.example.com`. `*` is refused unless
   * `allowAnyOrigin` is true.
   */
  readonly allowOrigins: string[];
  /**
   * Explicit opt-out that accepts `*` in `allowOrigins` (any web site may call the API from a browser).
   * @default false
   */
  readonly allowAnyOrigin?: boolean;
  /**
   * Methods allowed in cross-origin requests.
   * @default apigw.Cors.ALL_METHODS
   */
  readonly allowMethods?: string[];
  /**
   * Request headers allowed in cross-origin requests.
   * @default apigw.Cors.DEFAULT_HEADERS (Content-Type, Authorization, X-Api-Key, X-Amz-* headers)
   */
  readonly allowHeaders?: string[];
  /**
   * Whether browsers may send credentials (cookies, TLS client certificates).
   * @default false
   */
  readonly allowCredentials?: boolean;
  /**
   * How long browsers may cache the preflight answer.
   * @default Duration.minutes(10)
   */
  readonly maxAge?: Duration;
}

const ORIGIN = /^(https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?|http:\/\/(localhost|127\.0\.0\.1)(:\d{1,5})?)$/;

/** Validates the CORS options and turns them into aws-cdk-lib's preflight options. */
export function corsPreflightOptions(cors: ApiCorsOptions): apigw.CorsOptions {
  if (!Array.isArray(cors.allowOrigins) || cors.allowOrigins.length === 0) {
    throw invalidProp('cors.allowOrigins', cors.allowOrigins, 'must list at least one origin');
  }
  cors.allowOrigins.forEach((origin, i) => {
    if (Token.isUnresolved(origin)) return;
    if (origin === '*') {
      if (cors.allowAnyOrigin !== true) {
        throw invalidProp(`cors.allowOrigins[${i}]`, origin,
          'must name specific origins; "*" lets any web site call the API (set "allowAnyOrigin: true" to accept it)');
      }
      if (cors.allowCredentials === true) {
        throw invalidProp(`cors.allowOrigins[${i}]`, origin, 'must not be "*" when allowCredentials is true');
      }
      return;
    }
    if (!ORIGIN.test(origin)) {
      throw invalidProp(`cors.allowOrigins[${i}]`, origin,
        'must be an https origin without path (e.g. "https://app.example.com"), or http://localhost');
    }
  });
  if (cors.allowOrigins.includes('*') && cors.allowOrigins.length > 1) {
    throw invalidProp('cors.allowOrigins', cors.allowOrigins, 'must not mix "*" with other origins');
  }
  return {
    allowOrigins: cors.allowOrigins,
    allowMethods: cors.allowMethods ?? apigw.Cors.ALL_METHODS,
    allowHeaders: cors.allowHeaders ?? apigw.Cors.DEFAULT_HEADERS,
    allowCredentials: cors.allowCredentials ?? false,
    maxAge: cors.maxAge ?? Duration.minutes(10),
  };
}
