import { Lazy, Names, Stack, Validations } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { HttpApiAccessLogFormat } from './http-access-log-format';
import { HttpApiFrontDoor, HttpApiFrontDoorOptions } from './http-api-front-door';
import {
  ApiScopedLambdaIntegration, checkIntegrations, httpCors, JwtRouteAuthorizer, NO_FRONT_DOOR_REASON, routeId, routeKeyOf,
  routeThrottle, UNAVAILABLE_CONTROLS, checkDomain,
} from './http-api-parts';
import { HttpApiDomainOptions, HttpRouteOptions } from './http-route-options';
import { ApiCorsOptions } from '../api/cors';
import { checkPublicReason, checkScopesOrPublic, routeScopeNames, userPoolScopes } from '../api/route-access';
import { routeError } from '../api/route-path';
import { ApiThrottle, checkCompleteThrottle } from '../api/usage-plans';
import { OAuthUserPool } from '../auth/oauth-user-pool';
import { ProtectedLogGroup } from '../encryption/protected-log-group';
import { ApiAlarms } from '../monitoring/api-alarms';
import { atConstructPath, checkPattern, invalidProp, withConstructPath } from '../private/validation';

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
  /**
   * Puts a CloudFront distribution with a CLOUDFRONT-scope WAF web ACL in front of the API and locks the API to it
   * (see `HttpApiFrontDoor`): every route then gets a Lambda REQUEST authorizer that refuses requests without the
   * distribution's secret origin-verify header and verifies the access token and the route's scopes. The web ACL is
   * created when the stack is in us-east-1; elsewhere pass an existing one (`webAclArn`). Not allowed with `domain`
   * (set `frontDoor.domain` for a custom domain on the distribution).
   * @default - no front door: no web ACL protects the API (HTTP APIs cannot be associated with one), which the API
   * records as the acknowledged finding `ApiBaseline-StageWebAcl[Unavailable]`
   */
  readonly frontDoor?: HttpApiFrontDoorOptions;
}

const DEFAULT_THROTTLE: ApiThrottle = { rateLimit: 100, burstLimit: 200 };
const DEFAULT_STAGE = '$default';
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const AUTHORIZATION_HEADER = '$request.header.Authorization';

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
 * these is needed, use `SecureRestApi`. A firewall can only sit in front of an HTTP API: `frontDoor` builds a
 * CloudFront distribution with a CLOUDFRONT-scope web ACL and locks the API to it. The construct acknowledges the
 * rule pack's `[Unavailable]` findings for these controls on the API, with the limitation and the alternative as the
 * reason (the web ACL one only without a front door).
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
  /**
   * The CloudFront front door (distribution, web ACL, origin-verify secret and authorizer).
   * @default - none when `frontDoor` is not set
   */
  public readonly frontDoor?: HttpApiFrontDoor;

  private readonly throttle: ApiThrottle;
  private readonly routes = new Map<string, apigwv2.HttpRoute>();
  private readonly routeSettings: { [routeKey: string]: any } = {};
  private readonly lambdaIntegrations = new Map<string, HttpLambdaIntegration>();
  private readonly domainUrl?: string;
  private _authorizer?: apigwv2.HttpAuthorizer;
  private routeAuthorizer?: JwtRouteAuthorizer;

  constructor(scope: Construct, id: string, props: SecureHttpApiProps = {}) {
    super(scope, id);
    try {
      const stageName = props.stageName ?? DEFAULT_STAGE;
      if (stageName !== DEFAULT_STAGE) {
        checkPattern('stageName', stageName, STAGE_NAME, 'must be "$default" or 1-128 letters, digits, "_" or "-"');
      }
      this.throttle = props.throttle ?? DEFAULT_THROTTLE;
      checkCompleteThrottle('throttle', this.throttle);
      const cors = props.cors ? httpCors(props.cors) : undefined;
      const domain = props.domain;
      if (domain && props.frontDoor) {
        throw invalidProp('domain', domain.domainName, 'must not be set with "frontDoor": the distribution is the API\'s '
          + 'way in and reaches it on its execute-api endpoint; set "frontDoor.domain" for a custom domain');
      }
      if (domain) {
        checkDomain(domain);
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
          format: props.frontDoor ? HttpApiAccessLogFormat.frontDoorJson() : HttpApiAccessLogFormat.json(),
        },
        domainMapping: this.domainName ? { domainName: this.domainName, mappingKey: domain!.mappingKey } : undefined,
      });
      const cfnStage = this.stage.node.defaultChild as apigwv2.CfnStage;
      cfnStage.routeSettings = Lazy.any({
        produce: () => (Object.keys(this.routeSettings).length > 0 ? this.routeSettings : undefined),
      });

      for (const [ruleId, reason] of Object.entries(UNAVAILABLE_CONTROLS)) {
        Validations.of(this.httpApi).acknowledge({ id: ruleId, reason });
      }
      if (props.frontDoor) {
        this.frontDoor = new HttpApiFrontDoor(this, 'FrontDoor', {
          ...props.frontDoor,
          httpApi: this.httpApi,
          stageName,
          userPool: this.userPool,
        });
      } else {
        Validations.of(this.httpApi).acknowledge({ id: 'ApiBaseline-StageWebAcl[Unavailable]', reason: NO_FRONT_DOOR_REASON });
      }

      this.node.addValidation({
        validate: () => ((this._authorizer || this.frontDoor) && this.userPool.clients.length === 0
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
    } catch (e) {
      throw withConstructPath(this, e);
    }
  }

  /**
   * The API's URL: the front door's (CloudFront) URL when there is one, else the custom domain (and mapping key) when
   * one is set, the stage's execute-api URL otherwise.
   */
  public get url(): string {
    return this.frontDoor?.url ?? this.domainUrl ?? this.stage.url;
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
    return atConstructPath(this, () => {
      const routeKey = route === DEFAULT_STAGE ? apigwv2.HttpRouteKey.DEFAULT : routeKeyOf(route);
      const key = routeKey.key;
      if (!options || !options.integration) {
        throw routeError(key, 'integration', undefined, 'must be set');
      }
      if (this.routes.has(key)) {
        throw routeError(key, 'route', route, 'must be unique, but it was already added');
      }
      const access = this.resolveAccess(key, options);
      const throttle = routeThrottle(key, options.throttle, this.throttle);

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
    });
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
    if (publicReason !== undefined) checkPublicReason(route, publicReason);
    checkScopesOrPublic(route, scopes.length, publicReason);
    if (publicReason !== undefined) {
      if (this.frontDoor) {
        // a public route still needs the origin-verify header: only the access token is not required
        this.frontDoor.requireOnRoute(route);
        return { authorizer: this.frontDoor.routeAuthorizer, publicReason };
      }
      return { authorizer: new apigwv2.HttpNoneAuthorizer(), publicReason };
    }
    const names = routeScopeNames(route, scopes, userPoolScopes(this.userPool));
    if (this.frontDoor) {
      // Lambda authorizers take no authorization scopes: the front door's authorizer checks them
      this.frontDoor.requireOnRoute(route, names);
      return { authorizer: this.frontDoor.routeAuthorizer };
    }
    return { authorizer: this.jwtRouteAuthorizer(), scopes: names };
  }

}
