import { Lazy, Names, Stack, Token, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HttpApiAccessLogFormat } from './http-access-log-format';
import { HttpApiDomainOptions, HttpRouteOptions } from './http-route-options';
import { ApiCorsOptions, corsPreflightOptions } from '../api/cors';
import { parseRoute, routeError } from '../api/route-path';
import { ApiThrottle, validateThrottle } from '../api/usage-plans';
import { OAuthUserPool } from '../auth/oauth-user-pool';
import { ProtectedLogGroup } from '../encryption/protected-log-group';
import { ApiAlarms } from '../monitoring/api-alarms';
import { invalidProp } from '../private/validation';

/** Properties of a {@link SecureHttpApi}. */
export interface SecureHttpApiProps {
  /**
   * Name of the HTTP API (it also names the alarms and the dashboard).
   * @default - a name unique in the stack, derived from the construct path
   */
  readonly apiName?: string;
  /**
   * Description of the HTTP API.
   * @default - no description
   */
  readonly description?: string;
  /**
   * Name of the stage: `$default` (served at the root of the endpoint) or 1-128 letters, digits, `_` or `-`.
   * @default '$default'
   */
  readonly stageName?: string;
  /**
   * The user pool whose access tokens the JWT authorizer validates: the issuer is the pool, the audience its app
   * clients (`addMachineClient`, `addUserClient`); route scopes must be defined by its resource servers.
   * @default - a new `OAuthUserPool` (add resource servers and clients on `api.userPool`)
   */
  readonly userPool?: OAuthUserPool;
  /**
   * Default throttling of every route of the stage: steady rate 1-10000 per second, burst 1-5000. Routes may set
   * lower limits (`throttle` of `addRoute`), never higher ones.
   * @default { rateLimit: 100, burstLimit: 200 }
   */
  readonly throttle?: ApiThrottle;
  /**
   * Log group for the JSON access logs (see `HttpApiAccessLogFormat`).
   * @default - a new `ProtectedLogGroup` (KMS-encrypted, one year, retained, masked)
   */
  readonly accessLogGroup?: logs.ILogGroup;
  /**
   * A custom domain (TLS 1.2, the strictest policy HTTP API custom domains offer). When set, the default
   * execute-api endpoint is disabled.
   * @default - no custom domain; the execute-api endpoint serves the API
   */
  readonly domain?: HttpApiDomainOptions;
  /**
   * CORS for browsers, for the named https origins only (`*` needs `allowAnyOrigin`; never with credentials).
   * API Gateway answers the preflight requests itself.
   * @default - no CORS configuration: browsers on other origins cannot call the API
   */
  readonly cors?: ApiCorsOptions;
  /**
   * Explicit opt-out: no `ApiAlarms` are created for the stage.
   * @default false - anomaly alarms on requests, 4xx, 5xx and latency, and caller-behaviour alarms on the access log
   */
  readonly disableAlarms?: boolean;
  /**
   * Topic the alarms notify.
   * @default - a new KMS-encrypted `AlertTopic` created by the alarms
   */
  readonly alertTopic?: sns.ITopic;
}

const DEFAULT_THROTTLE: ApiThrottle = { rateLimit: 100, burstLimit: 200 };
const DEFAULT_STAGE = '$default';
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const MAPPING_KEY = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;
const AUTHORIZATION_HEADER = '$request.header.Authorization';

/** The JWT authorizer of a `SecureHttpApi`, handed to routes (created once, under the API). */
class JwtRouteAuthorizer implements apigwv2.IHttpRouteAuthorizer {
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
class ApiScopedLambdaIntegration extends HttpLambdaIntegration {
  protected completeBind(): void {
    // the permission is added by SecureHttpApi.lambdaIntegration
  }
}

/**
 * A hardened API Gateway HTTP API (API Gateway v2).
 *
 * Secure by default: a JWT authorizer on an `OAuthUserPool` (issuer the pool, audience its app clients) with
 * per-route scopes, public routes only with a stated reason, JSON access logs without tokens to a KMS-encrypted log
 * group, stage throttling with per-route limits never above it, detailed metrics, auto-deploy, TLS 1.2 custom domains
 * that disable the execute-api endpoint, CORS only for named https origins, Lambda permissions scoped to the API,
 * HTTP integrations only over https or a VPC link, and anomaly alarms on the API's metrics and access log.
 *
 * What HTTP APIs cannot do, whatever the construct: they have no request validation or JSON Schema models (validate
 * in the integration), no usage plans or API keys, and a WAF web ACL cannot be associated with them. When any of
 * these is needed, use `SecureRestApi`. (A firewall can only sit in front of an HTTP API: a CloudFront distribution
 * with a CLOUDFRONT-scope web ACL, with the API locked to it; this construct does not build it, and the rule pack
 * accepts it only when every route needs the distribution's secret origin header, see the README.)
 *
 * ```ts
 * api.addRoute('GET /orders/{id}', { integration: api.lambdaIntegration(fn), scopes: [orders.scope('read')] });
 * ```
 */
export class SecureHttpApi extends Construct {
  /** The underlying HTTP API. */
  public readonly httpApi: apigwv2.HttpApi;
  /** The stage (auto-deployed). */
  public readonly stage: apigwv2.HttpStage;
  /** The log group of the JSON access logs. */
  public readonly accessLogGroup: logs.ILogGroup;
  /** The user pool whose access tokens the JWT authorizer validates. */
  public readonly userPool: OAuthUserPool;
  /**
   * The custom domain.
   * @default - none when `domain` is not set
   */
  public readonly domainName?: apigwv2.DomainName;
  /**
   * The alarms watching the stage.
   * @default - none when `disableAlarms` is set
   */
  public readonly alarms?: ApiAlarms;

  private readonly throttle: ApiThrottle;
  private readonly routes = new Map<string, apigwv2.HttpRoute>();
  private readonly routeSettings: { [routeKey: string]: any } = {};
  private readonly lambdaIntegrations = new Map<string, HttpLambdaIntegration>();
  private readonly domainUrl?: string;
  private _authorizer?: apigwv2.HttpAuthorizer;
  private routeAuthorizer?: JwtRouteAuthorizer;

  constructor(scope: Construct, id: string, props: SecureHttpApiProps = {}) {
    super(scope, id);

    const stageName = props.stageName ?? DEFAULT_STAGE;
    if (!Token.isUnresolved(stageName) && stageName !== DEFAULT_STAGE && !STAGE_NAME.test(stageName)) {
      throw invalidProp('stageName', stageName, 'must be "$default" or 1-128 letters, digits, "_" or "-"');
    }
    this.throttle = props.throttle ?? DEFAULT_THROTTLE;
    if (this.throttle.rateLimit === undefined || this.throttle.burstLimit === undefined) {
      throw invalidProp('throttle', this.throttle, 'must set both rateLimit and burstLimit');
    }
    validateThrottle('throttle', this.throttle);
    const cors = props.cors ? httpCors(props.cors) : undefined;
    const domain = props.domain;
    if (domain) {
      validateDomain(domain);
      this.domainUrl = `https://${domain.domainName}/${domain.mappingKey ? `${domain.mappingKey}/` : ''}`;
    }

    this.accessLogGroup = props.accessLogGroup ?? new ProtectedLogGroup(this, 'AccessLogs');
    this.userPool = props.userPool ?? new OAuthUserPool(this, 'UserPool');

    const apiName = props.apiName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    this.httpApi = new apigwv2.HttpApi(this, 'Resource', {
      apiName,
      description: props.description,
      createDefaultStage: false,
      corsPreflight: cors,
      disableExecuteApiEndpoint: domain !== undefined ? true : undefined,
    });

    if (domain) {
      this.domainName = new apigwv2.DomainName(this, 'Domain', {
        domainName: domain.domainName,
        certificate: domain.certificate,
        securityPolicy: apigwv2.SecurityPolicy.TLS_1_2,
      });
    }

    this.stage = new apigwv2.HttpStage(this, 'Stage', {
      httpApi: this.httpApi,
      stageName,
      autoDeploy: true,
      throttle: { rateLimit: this.throttle.rateLimit, burstLimit: this.throttle.burstLimit },
      detailedMetricsEnabled: true,
      accessLogSettings: {
        destination: new apigwv2.LogGroupLogDestination(this.accessLogGroup),
        format: HttpApiAccessLogFormat.json(),
      },
      domainMapping: this.domainName ? { domainName: this.domainName, mappingKey: domain!.mappingKey } : undefined,
    });
    const cfnStage = this.stage.node.defaultChild as apigwv2.CfnStage;
    cfnStage.routeSettings = Lazy.any({
      produce: () => (Object.keys(this.routeSettings).length > 0 ? this.routeSettings : undefined),
    });

    this.node.addValidation({
      validate: () => (this._authorizer && this.userPool.clients.length === 0
        ? [invalidProp('userPool', this.userPool.node.path,
          'must have at least one app client (addMachineClient or addUserClient): the JWT authorizer accepts tokens issued to its clients only').message]
        : []),
    });

    if (!(props.disableAlarms ?? false)) {
      this.alarms = new ApiAlarms(this, 'Alarms', {
        restApiName: apiName,
        httpApiId: this.httpApi.apiId,
        stageName: this.stage.stageName,
        accessLogGroup: this.accessLogGroup,
        alertTopic: props.alertTopic,
      });
    }
  }

  /** The API's URL: the custom domain (and mapping key) when one is set, the stage's execute-api URL otherwise. */
  public get url(): string {
    return this.domainUrl ?? this.stage.url;
  }

  /**
   * The JWT authorizer of the API (one per API), created with the first route that has scopes. It validates access
   * tokens from the `Authorization` header: issuer the user pool, audience its app clients.
   */
  public get authorizer(): apigwv2.HttpAuthorizer {
    if (!this._authorizer) {
      const pool = this.userPool.userPool;
      this._authorizer = new apigwv2.HttpAuthorizer(this, 'Authorizer', {
        httpApi: this.httpApi,
        type: apigwv2.HttpAuthorizerType.JWT,
        identitySource: [AUTHORIZATION_HEADER],
        jwtIssuer: `https://${pool.userPoolProviderUrl}`,
        jwtAudience: Lazy.list({ produce: () => this.userPool.clients.map((c) => c.userPoolClientId) }),
      });
    }
    return this._authorizer;
  }

  private jwtRouteAuthorizer(): JwtRouteAuthorizer {
    if (!this.routeAuthorizer) this.routeAuthorizer = new JwtRouteAuthorizer(this.authorizer);
    return this.routeAuthorizer;
  }

  /** The routes added so far (`'<METHOD> <path>'` or `$default`), in order. */
  public get routeKeys(): string[] {
    return [...this.routes.keys()];
  }

  /**
   * Adds a route. It gets the JWT authorizer with the route's scopes (or none, for a declared public route) and,
   * when given, its own throttling.
   *
   * @param route `'<METHOD> <path>'` (e.g. `'GET /orders/{id}'`, `'ANY /{proxy+}'`) or `'$default'` (the catch-all)
   * @param options integration, scopes, public reason and throttling of the route
   * @returns the route
   */
  public addRoute(route: string, options: HttpRouteOptions): apigwv2.HttpRoute {
    const routeKey = route === DEFAULT_STAGE ? apigwv2.HttpRouteKey.DEFAULT : routeKeyOf(route);
    const key = routeKey.key;
    if (!options || !options.integration) {
      throw routeError(key, 'integration', undefined, 'must be set');
    }
    if (this.routes.has(key)) {
      throw routeError(key, 'route', route, 'must be unique, but it was already added');
    }
    const access = this.resolveAccess(key, options);
    const throttle = this.routeThrottle(key, options.throttle);

    const httpRoute = new apigwv2.HttpRoute(this.httpApi, routeId(key), {
      httpApi: this.httpApi,
      routeKey,
      integration: options.integration,
      authorizer: access.authorizer,
      authorizationScopes: access.scopes,
    });
    checkIntegrations(key, httpRoute);
    this.routes.set(key, httpRoute);
    if (throttle) {
      this.routeSettings[key] = {
        ThrottlingRateLimit: throttle.rateLimit,
        ThrottlingBurstLimit: throttle.burstLimit,
        DetailedMetricsEnabled: true,
      };
    }
    if (access.publicReason !== undefined) {
      const reason = `Public route: ${access.publicReason}`;
      for (const id of ['AwsSolutions-APIG4', 'ApiBaseline-MethodAuthorization']) {
        Validations.of(httpRoute).acknowledge({ id, reason });
      }
    }
    return httpRoute;
  }

  /**
   * A Lambda proxy integration (payload format 2.0) whose invoke permission is scoped to this API and shared by every
   * route of the function (one permission per function, however many routes use it). The same integration is
   * returned for the same function.
   *
   * @param handler the function
   */
  public lambdaIntegration(handler: lambda.IFunction): HttpLambdaIntegration {
    const key = handler.node.path;
    let integration = this.lambdaIntegrations.get(key);
    if (!integration) {
      const id = Names.nodeUniqueId(handler.node);
      const stack = Stack.of(this);
      handler.addPermission(`Invoke${id}`, {
        scope: this,
        principal: new iam.ServicePrincipal('apigateway.amazonaws.com'),
        sourceArn: stack.formatArn({ service: 'execute-api', resource: this.httpApi.apiId, resourceName: '*' }),
        sourceAccount: stack.account,
      });
      integration = new ApiScopedLambdaIntegration(`Lambda${id}`, handler);
      this.lambdaIntegrations.set(key, integration);
    }
    return integration;
  }

  /**
   * A metric of the stage (`AWS/ApiGateway`, dimensions `ApiId` and `Stage`).
   * @param metricName the metric name, e.g. `Count`, `4xx`, `5xx`, `Latency`
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return ApiAlarms.httpMetricFor(this.httpApi.apiId, this.stage.stageName, metricName, props);
  }

  /** Requests to the stage (sum over 5 minutes). */
  public metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Count', props);
  }

  /** 4xx responses of the stage (sum over 5 minutes). */
  public metricClientError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('4xx', props);
  }

  /** 5xx responses of the stage (sum over 5 minutes). */
  public metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('5xx', props);
  }

  /** Time between the request and the response, in milliseconds (average over 5 minutes). */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('Latency', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  /** Time spent in the integration, in milliseconds (average over 5 minutes). */
  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('IntegrationLatency', { statistic: cloudwatch.Stats.AVERAGE, ...props });
  }

  private resolveAccess(route: string, options: HttpRouteOptions): {
    authorizer: apigwv2.IHttpRouteAuthorizer;
    scopes?: string[];
    publicReason?: string;
  } {
    const scopes = options.scopes ?? [];
    const publicReason = options.publicRoute;
    if (publicReason !== undefined && (typeof publicReason !== 'string' || publicReason.trim() === '')) {
      throw routeError(route, 'publicRoute', publicReason, 'must be a non-empty reason why the route needs no access token');
    }
    if (scopes.length === 0) {
      if (publicReason === undefined) {
        throw routeError(route, 'scopes', [],
          'must list at least one OAuth scope, or the route must be declared public with "publicRoute: \'<reason>\'"');
      }
      return { authorizer: new apigwv2.HttpNoneAuthorizer(), publicReason };
    }
    if (publicReason !== undefined) {
      throw routeError(route, 'publicRoute', publicReason, 'must not be set on a route with scopes');
    }
    const names: string[] = [];
    scopes.forEach((scope, i) => {
      const name = scope && typeof scope.scopeName === 'string' ? scope.scopeName : undefined;
      if (name === undefined) {
        throw routeError(route, `scopes[${i}]`, scope, 'must be an OAuthScope');
      }
      if (!Token.isUnresolved(name) && !this.userPool.hasScope(name)) {
        const known = this.userPool.resourceServers.flatMap((s) => s.scopes.map((x) => x.scopeName));
        throw routeError(route, `scopes[${i}]`, name,
          `must be defined by a resource server of the user pool (${known.length ? known.join(', ') : 'it defines none'})`);
      }
      if (!names.includes(name)) names.push(name);
    });
    return { authorizer: this.jwtRouteAuthorizer(), scopes: names };
  }

  /** Validates a route's throttling against the stage's: a route may be throttled harder, never more loosely. */
  private routeThrottle(route: string, throttle: ApiThrottle | undefined): ApiThrottle | undefined {
    if (throttle === undefined) return undefined;
    if (throttle.rateLimit === undefined || throttle.burstLimit === undefined) {
      throw routeError(route, 'throttle', throttle, 'must set both rateLimit and burstLimit');
    }
    try {
      validateThrottle('throttle', throttle);
    } catch (e) {
      throw new Error(`Route "${route}": ${(e as Error).message}`);
    }
    const limits: [keyof ApiThrottle, number | undefined][] = [
      ['rateLimit', this.throttle.rateLimit], ['burstLimit', this.throttle.burstLimit],
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
}

/** The route key of `'<METHOD> <path>'`, validated by the same rules as `SecureRestApi` routes. */
function routeKeyOf(route: string): apigwv2.HttpRouteKey {
  const parsed = parseRoute(route);
  const method = parsed.method as keyof typeof apigwv2.HttpMethod;
  return apigwv2.HttpRouteKey.with(parsed.path, apigwv2.HttpMethod[method]);
}

/** A construct id for a route key (`GET /orders/{id}` → `GET--orders--{id}`), stable across synths. */
function routeId(routeKey: string): string {
  return routeKey === DEFAULT_STAGE ? 'DefaultRoute' : routeKey.replace(/ /g, '').replace(/\//g, '--');
}

/** Refuses HTTP integrations over plain http or to a URL that is not https; private integrations (VPC link) pass. */
function checkIntegrations(route: string, httpRoute: apigwv2.HttpRoute): void {
  for (const child of httpRoute.node.findAll()) {
    if (!(child instanceof apigwv2.CfnIntegration)) continue;
    if (child.integrationType !== apigwv2.HttpIntegrationType.HTTP_PROXY) continue;
    if (child.connectionType === apigwv2.HttpConnectionType.VPC_LINK) continue;
    const uri = child.integrationUri;
    if (uri === undefined || Token.isUnresolved(uri)) continue;
    if (!/^https:\/\/[^/\s]+/i.test(uri)) {
      throw routeError(route, 'integration', uri, 'must call an https:// URL (or go through a VPC link): plain http sends requests and tokens unencrypted');
    }
  }
}

/** Validates the CORS options (as for `SecureRestApi`) and turns them into HTTP API CORS settings. */
function httpCors(cors: ApiCorsOptions): apigwv2.CorsPreflightOptions {
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

function validateDomain(domain: HttpApiDomainOptions): void {
  if (!Token.isUnresolved(domain.domainName) && !DOMAIN_NAME.test(domain.domainName)) {
    throw invalidProp('domain.domainName', domain.domainName, 'must be a lower-case DNS name such as "api.example.com"');
  }
  if (!domain.certificate) {
    throw invalidProp('domain.certificate', undefined, 'must be set (an ACM certificate for the domain)');
  }
  if (domain.mappingKey !== undefined && !Token.isUnresolved(domain.mappingKey) && !MAPPING_KEY.test(domain.mappingKey)) {
    throw invalidProp('domain.mappingKey', domain.mappingKey,
      'must be one or more segments of letters, digits, ".", "_" or "-" separated by "/", without leading or trailing "/"');
  }
}

