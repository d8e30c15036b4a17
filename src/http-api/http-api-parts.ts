import { Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { HttpApiDomainOptions } from './http-route-options';
import { ApiCorsOptions, corsPreflightOptions } from '../api/cors';
import { checkBasePath, checkCertificate, checkDomainName } from '../api/domain';
import { atRoute, parseRoute, routeError } from '../api/route-path';
import { ApiThrottle, checkCompleteThrottle } from '../api/usage-plans';
import { isHttpsUrl } from '../private/url-validation';
import { invalidProp } from '../private/validation';

// The parts of a SecureHttpApi that do not depend on its state: route keys, integrations, CORS and domain checks.

const DEFAULT_ROUTE = '$default';

/** Controls HTTP APIs cannot have, each with the alternative the construct provides (acknowledged on the API). */
export const UNAVAILABLE_CONTROLS: { [ruleId: string]: string } = {
  'ApiBaseline-MethodRequestValidator[Unavailable]': 'HTTP APIs have no request validators or JSON Schema models (an API '
    + 'Gateway limitation): the integration validates every request itself. Use SecureRestApi for validation at the gateway.',
  'ApiBaseline-StageXRayTracing[Unavailable]': 'HTTP API stages cannot send traces to X-Ray (an API Gateway limitation): '
    + 'trace in the integration (Lambda active tracing) and correlate with the requestId of the JSON access log.',
  'ApiBaseline-StageExecutionLogging[Unavailable]': 'HTTP APIs have no execution logs (an API Gateway limitation): the '
    + 'JSON access log of the stage carries the authorizer and integration errors instead.',
};
export const NO_FRONT_DOOR_REASON = 'No WAF web ACL is in front of this HTTP API: a web ACL cannot be associated with an HTTP '
  + 'API. Set "frontDoor" for a CloudFront distribution with a CLOUDFRONT-scope web ACL that the API is locked to, or '
  + 'use SecureRestApi.';


/** The JWT authorizer of a `SecureHttpApi`, handed to routes (created once, under the API). */
export class JwtRouteAuthorizer implements apigwv2.IHttpRouteAuthorizer {
  public readonly authorizationType = 'JWT';
  constructor(private readonly authorizer: apigwv2.HttpAuthorizer) {}
  public bind(): apigwv2.HttpRouteAuthorizerConfig {
    return { authorizerId: this.authorizer.authorizerId, authorizationType: 'JWT' };
  }
}

/**
 * A Lambda proxy integration whose invoke permission is made once by the API (scoped to the API's ARN and account)
 * instead of once per route.
 */
export class ApiScopedLambdaIntegration extends HttpLambdaIntegration {
  protected completeBind(): void {
    // the permission is added by SecureHttpApi.lambdaIntegration
  }
}

/** The route key of `'<METHOD> <path>'`, validated by the same rules as `SecureRestApi` routes. */
export function routeKeyOf(route: string): apigwv2.HttpRouteKey {
  const parsed = parseRoute(route);
  const method = parsed.method as keyof typeof apigwv2.HttpMethod;
  return apigwv2.HttpRouteKey.with(parsed.path, apigwv2.HttpMethod[method]);
}

/** A construct id for a route key (`GET /orders/{id}` → `GET--orders--{id}`), stable across synths. */
export function routeId(routeKey: string): string {
  return routeKey === DEFAULT_ROUTE ? 'DefaultRoute' : routeKey.replace(/ /g, '').replace(/\//g, '--');
}

/** Refuses HTTP integrations over plain http or to a URL that is not https; private integrations (VPC link) pass. */
export function checkIntegrations(route: string, httpRoute: apigwv2.HttpRoute): void {
  for (const child of httpRoute.node.findAll()) {
    if (!(child instanceof apigwv2.CfnIntegration)) continue;
    if (child.integrationType !== apigwv2.HttpIntegrationType.HTTP_PROXY) continue;
    if (child.connectionType === apigwv2.HttpConnectionType.VPC_LINK) continue;
    const uri = child.integrationUri;
    if (uri === undefined || Token.isUnresolved(uri)) continue;
    if (!isHttpsUrl(uri)) {
      throw routeError(route, 'integration', uri, 'must call an https:// URL (or go through a VPC link): plain http sends requests and tokens unencrypted');
    }
  }
}

/** Validates the CORS options (as for `SecureRestApi`) and turns them into HTTP API CORS settings. */
export function httpCors(cors: ApiCorsOptions): apigwv2.CorsPreflightOptions {
  const options = corsPreflightOptions(cors);
  const methods = (options.allowMethods ?? apigw.Cors.ALL_METHODS).map((m, i) => {
    const name = m.toUpperCase() === 'ANY' || m === '*' ? 'ANY' : m.toUpperCase();
    const method = (apigwv2.CorsHttpMethod as any)[name] as apigwv2.CorsHttpMethod | undefined;
    if (method === undefined) {
      throw invalidProp(`cors.allowMethods[${i}]`, m, `must be one of ${Object.keys(apigwv2.CorsHttpMethod).join(', ')}`);
    }
    return method;
  });
  return {
    allowOrigins: options.allowOrigins,
    allowMethods: methods,
    allowHeaders: options.allowHeaders,
    allowCredentials: options.allowCredentials,
    maxAge: options.maxAge,
  };
}

/** Throws unless the custom domain of an HTTP API has a DNS name, a certificate and a valid mapping key. */
export function checkDomain(domain: HttpApiDomainOptions): void {
  checkDomainName('domain.domainName', domain.domainName);
  checkCertificate('domain.certificate', domain.certificate);
  checkBasePath('domain.mappingKey', domain.mappingKey);
}

/** Validates a route's throttling against the stage's: a route may be throttled harder, never more loosely. */
export function routeThrottle(route: string, throttle: ApiThrottle | undefined, stage: ApiThrottle): ApiThrottle | undefined {
  if (throttle === undefined) return undefined;
  atRoute(route, () => checkCompleteThrottle('throttle', throttle));
  const limits: [keyof ApiThrottle, number | undefined][] = [
    ['rateLimit', stage.rateLimit], ['burstLimit', stage.burstLimit],
  ];
  for (const [name, stageLimit] of limits) {
    const value = throttle[name];
    if (value === undefined || stageLimit === undefined || Token.isUnresolved(value) || Token.isUnresolved(stageLimit)) continue;
    if (value > stageLimit) {
      throw routeError(route, `throttle.${name}`, value, `must not exceed the stage's throttle.${name} (${stageLimit})`);
    }
  }
  return throttle;
}
