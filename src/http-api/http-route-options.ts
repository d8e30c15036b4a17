import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import type { ApiThrottle } from '../api/usage-plans';
import { OAuthScope } from '../auth/oauth-scope';

/** Options of `SecureHttpApi.addRoute`. */
export interface HttpRouteOptions {
  /**
   * The backend of the route: `api.lambdaIntegration(fn)` (one invoke permission per function, scoped to this API),
   * an `HttpUrlIntegration` to an `https://` URL, or a private integration through a VPC link (`HttpAlbIntegration`,
   * `HttpNlbIntegration`, `HttpServiceDiscoveryIntegration`). HTTP integrations over plain http are refused.
   */
  readonly integration: apigwv2.HttpRouteIntegration;
  /**
   * OAuth scopes the caller's access token must carry (any one of them), checked by the API's JWT authorizer. Every
   * scope must be defined by a resource server of the API's user pool.
   * @default - none; then the route must be declared public with `publicRoute`
   */
  readonly scopes?: OAuthScope[];
  /**
   * Declares the route public (no access token needed) and says why. Required for a route without scopes (the
   * `$default` catch-all route too); the reason is recorded as the acknowledgement of the route's authorization
   * findings. HTTP APIs have no API keys: a public route is open to anyone who can reach the API.
   * @default - the route is not public and needs scopes
   */
  readonly publicRoute?: string;
  /**
   * Throttling of this route; each limit must not exceed the stage's (`throttle` of the API).
   * @default - the stage's limits
   */
  readonly throttle?: ApiThrottle;
}

/** A custom domain for a `SecureHttpApi`. */
export interface HttpApiDomainOptions {
  /** The domain name, e.g. `api.example.com` (lower case). */
  readonly domainName: string;
  /** The ACM certificate for the domain, in the API's region. */
  readonly certificate: acm.ICertificate;
  /**
   * API mapping key (one or more path segments, e.g. `orders` or `v1/orders`) under which the stage is mapped.
   * @default - the stage is mapped at the root of the domain
   */
  readonly mappingKey?: string;
}
