import { createHash } from 'crypto';
import { Annotations, Duration, Names, NestedStack, RemovalPolicy, Stack, Tags, Token, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct, IConstruct } from 'constructs';
import { ApiAccessLogFormat } from './access-log-format';
import { ApiCorsOptions, corsPreflightOptions } from './cors';
import { ApiDomainOptions, domainNameOptions } from './domain';
import {
  checkDynamoDbOptions, DynamoDbRouteOptions, DynamoDbValueSource, dynamoDbIntegrationResponses,
  dynamoDbMethodResponses, dynamoDbTemplates,
} from './dynamodb-route';
import { ApiEndpointType, buildResourcePolicy } from './endpoint';
import { addSecureGatewayResponses } from './gateway-responses';
import { canonicalJson, tightenSchema } from './request-schema';
import { RouteAccessOptions, RouteOptions } from './route-options';
import { BODY_METHODS, ParsedRoute, parseRoute, routeError } from './route-path';
import {
  CLOUDFORMATION_RESOURCE_LIMIT, countCfnResources, countStackResources, DEFAULT_SHARDING_THRESHOLD, MIN_SHARDING_THRESHOLD, RouteShards,
} from './route-shards';
import {
  API_KEY_EXPIRY_TAG, ApiKeyOptions, ApiThrottle, UsagePlanTier, validateApiKeyOptions, validateThrottle, validateTier,
} from './usage-plans';
import { OAuthUserPool } from '../auth/oauth-user-pool';
import { ProtectedLogGroup } from '../encryption/protected-log-group';
import { ApiFirewall } from '../firewall/api-firewall';
import { ApiAlarms } from '../monitoring/api-alarms';
import { checkIntegerRange, invalidProp } from '../private/validation';

/** Response caching of a stage. Cached responses are encrypted. */
export interface ApiCacheOptions {
  /**
   * Size of the cache cluster in GB: 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118 or 237.
   * @default 0.5
   */
  readonly sizeGb?: number;
  /**
   * How long responses stay cached; 1 second to 1 hour. Cache keys are the method, the path and declared cache-key
   * parameters, not the caller: only cache responses that are the same for every caller.
   * @default Duration.minutes(5)
   */
  readonly ttl?: Duration;
}

/** Properties of a {@link SecureRestApi}. */
export interface SecureRestApiProps {
  /**
   * Name of the REST API (also the `ApiName` dimension of its metrics).
   * @default - a name unique in the stack, derived from the construct path
   */
  readonly restApiName?: string;
  /**
   * Description of the REST API.
   * @default - no description
   */
  readonly description?: string;
  /**
   * Name of the deployment stage.
   * @default 'prod'
   */
  readonly stageName?: string;
  /**
   * The user pool whose access tokens the COGNITO authorizer validates; route scopes must be defined by its
   * resource servers.
   * @default - a new `OAuthUserPool` (add resource servers with `api.userPool.addResourceServer(...)`)
   */
  readonly userPool?: OAuthUserPool;
  /**
   * Stage-wide throttling (every method): steady rate 1-10000 per second, burst 1-5000.
   * @default { rateLimit: 100, burstLimit: 200 }
   */
  readonly throttle?: ApiThrottle;
  /**
   * Response caching of the stage (encrypted).
   * @default - no cache
   */
  readonly cache?: ApiCacheOptions;
  /**
   * Log group for the JSON access logs (see `ApiAccessLogFormat`).
   * @default - a new `ProtectedLogGroup` (KMS-encrypted, one year, retained, masked)
   */
  readonly accessLogGroup?: logs.ILogGroup;
  /**
   * Explicit opt-out of X-Ray tracing of the stage.
   * @default false - tracing is on
   */
  readonly disableTracing?: boolean;
  /**
   * A custom domain (TLS 1.2 or stronger). When set, the default execute-api endpoint is disabled.
   * @default - no custom domain; the execute-api endpoint serves the API
   */
  readonly domain?: ApiDomainOptions;
  /**
   * Endpoint type of the API.
   * @default ApiEndpointType.REGIONAL
   */
  readonly endpointType?: ApiEndpointType;
  /**
   * Interface VPC endpoints (for `execute-api`) a PRIVATE API accepts calls from; required for PRIVATE. The
   * resource policy denies calls from anywhere else.
   * @default - none (REGIONAL endpoint)
   */
  readonly vpcEndpoints?: ec2.IInterfaceVpcEndpoint[];
  /**
   * Source IP ranges (CIDR blocks) allowed to call the API; the resource policy denies every other address.
   * @default - any address (restrict with a firewall, the default)
   */
  readonly allowedIpRanges?: string[];
  /**
   * CORS preflight (OPTIONS) on every route's resource, for the named origins only.
   * @default - no CORS preflight
   */
  readonly cors?: ApiCorsOptions;
  /**
   * Usage-plan tiers by name, e.g. `{ free: {...}, partner: {...} }`. When set, methods require an API key by
   * default and `addApiKey` issues keys for a tier.
   * @default - no usage plans; methods do not require API keys
   */
  readonly plans?: { [name: string]: UsagePlanTier };
  /**
   * `maxLength` given to strings of request schemas that have none. Without it such strings are errors.
   * @default - strings without `maxLength` (or enum) are refused
   */
  readonly maxStringLength?: number;
  /**
   * Whether this API sets up the account-wide role API Gateway uses to write execution logs. It is created once
   * per stack (later APIs of the stack reuse it) and retained. Turn it off when another stack already sets it.
   * @default true
   */
  readonly cloudWatchRole?: boolean;
  /**
   * The firewall (WAF web ACL) to associate with the stage.
   * @default - a new `ApiFirewall` with the library's defaults, unless `disableFirewall` is set
   */
  readonly firewall?: ApiFirewall;
  /**
   * Explicit opt-out: no firewall is associated with the stage.
   * @default false
   */
  readonly disableFirewall?: boolean;
  /**
   * Explicit opt-out: no `ApiAlarms` are created for the stage.
   * @default false - anomaly alarms on requests, errors and latency, plus WAF and caller-behaviour alarms
   */
  readonly disableAlarms?: boolean;
  /**
   * Topic the alarms notify.
   * @default - a new KMS-encrypted `AlertTopic` created by the alarms
   */
  readonly alertTopic?: sns.ITopic;
  /**
   * Resources the API's stack may hold before new routes go to nested stacks (CloudFormation allows 500 per
   * stack). Each `addRoute` counts the stack's resources plus what the route adds (its new path resources, the
   * method, a CORS preflight, Lambda permissions); when that would pass the threshold, this route and every later
   * one are placed in nested stacks grouped by top-level path segment, each nested stack holding at most this many
   * resources. The first route always stays in the API's stack. Keep room (500 minus the threshold) for resources
   * added to the stack after the routes and for one nested-stack resource per shard. Integer, 20-500.
   * @default 450
   */
  readonly shardingThreshold?: number;
}

const DEFAULT_THROTTLE: ApiThrottle = { rateLimit: 100, burstLimit: 200 };
const CACHE_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];
const PARAMETER_NAME = /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.([A-Za-z0-9._-]+)$/;
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** The first API of each stack that set up the CloudWatch role; later APIs of the stack reuse it. */
const CLOUDWATCH_ROLE_APIS = new WeakMap<Stack, apigw.RestApi>();

/**
 * A hardened API Gateway REST API.
 *
 * Secure by default: a Cognito OAuth 2.0 authorizer with per-route scopes, a request validator on every method and
 * tightened JSON Schema models, usage plans with API keys, JSON access logs to a KMS-encrypted log group, execution
 * logs without payloads, X-Ray, stage throttling, a WAF firewall and anomaly alarms, and error responses without
 * internal detail. Routes are added as `'<METHOD> <path>'` strings:
 *
 * ```ts
 * api.addRoute('GET /orders/{id}', { integration, scopes: [orders.scope('read')] });
 * ```
 */
export class SecureRestApi extends Construct {
  /** The underlying REST API. */
  public readonly restApi: apigw.RestApi;
  /** The deployment stage. */
  public readonly stage: apigw.Stage;
  /** The log group of the JSON access logs. */
  public readonly accessLogGroup: logs.ILogGroup;
  /** The user pool whose access tokens the authorizer validates. */
  public readonly userPool: OAuthUserPool;
  /** The usage plans by tier name. */
  public readonly usagePlans: { [name: string]: apigw.UsagePlan } = {};
  /**
   * The firewall associated with the stage.
   * @default - none when `disableFirewall` is set
   */
  public readonly firewall?: ApiFirewall;
  /**
   * The alarms watching the stage.
   * @default - none when `disableAlarms` is set
   */
  public readonly alarms?: ApiAlarms;

  private readonly maxStringLength?: number;
  private readonly corsOptions?: apigw.CorsOptions;
  private readonly routes = new Map<string, apigw.Method>();
  private readonly models = new Map<string, apigw.Model>();
  private readonly pathParameterNames = new Map<string, string>();
  private readonly corsResources = new Set<string>();
  private readonly dynamoDbRoles = new Map<string, { role: iam.Role; actions: Set<string>; keyWrites?: boolean }>();
  private readonly domainUrl?: string;
  private _authorizer?: apigw.CognitoUserPoolsAuthorizer;
  private bodyValidator?: apigw.RequestValidator;
  private paramsValidator?: apigw.RequestValidator;
  private apiKeys?: Construct;
  private readonly shardingThreshold: number;
  /** Every API Gateway resource created for a route path, by path, in whichever stack it lives. */
  private readonly resourcesByPath = new Map<string, apigw.IResource>();
  private routeShards?: RouteShards;
  /** CloudFormation resources under the API's root resource in the API's stack (route resources and methods). */
  private rootRouteResources = 0;

  constructor(scope: Construct, id: string, props: SecureRestApiProps = {}) {
    super(scope, id);

    const stageName = props.stageName ?? 'prod';
    if (!Token.isUnresolved(stageName) && !STAGE_NAME.test(stageName)) {
      throw invalidProp('stageName', stageName, 'must be 1-128 letters, digits, "_" or "-"');
    }
    const throttle = props.throttle ?? DEFAULT_THROTTLE;
    validateThrottle('throttle', throttle);
    const cache = validateCache(props.cache);
    checkIntegerRange('maxStringLength', props.maxStringLength, 1, 1_000_000);
    this.maxStringLength = props.maxStringLength;
    this.shardingThreshold = props.shardingThreshold ?? DEFAULT_SHARDING_THRESHOLD;
    checkIntegerRange('shardingThreshold', this.shardingThreshold, MIN_SHARDING_THRESHOLD, CLOUDFORMATION_RESOURCE_LIMIT);
    const plans = props.plans ?? {};
    for (const [name, tier] of Object.entries(plans)) validateTier(name, tier);
    const endpointType = props.endpointType ?? ApiEndpointType.REGIONAL;
    if (!Object.values(ApiEndpointType).includes(endpointType)) {
      throw invalidProp('endpointType', endpointType, `must be one of ${Object.values(ApiEndpointType).join(', ')}`);
    }
    const policy = buildResourcePolicy(endpointType, props.vpcEndpoints ?? [], props.allowedIpRanges);
    if (props.domain && endpointType === ApiEndpointType.PRIVATE) {
      throw invalidProp('domain', props.domain.domainName, 'must not be set for a PRIVATE endpoint (regional custom domains only)');
    }
    const domainName = props.domain ? domainNameOptions(props.domain) : undefined;
    if (props.domain) {
      this.domainUrl = `https://${props.domain.domainName}/${props.domain.basePath ? `${props.domain.basePath}/` : ''}`;
    }
    this.corsOptions = props.cors ? corsPreflightOptions(props.cors) : undefined;
    if (props.firewall && props.disableFirewall) {
      throw invalidProp('disableFirewall', true, 'must not be set together with "firewall"');
    }

    this.accessLogGroup = props.accessLogGroup ?? new ProtectedLogGroup(this, 'AccessLogs');
    this.userPool = props.userPool ?? new OAuthUserPool(this, 'UserPool');

    const stack = Stack.of(this);
    const firstApi = CLOUDWATCH_ROLE_APIS.get(stack);
    const cloudWatchRole = (props.cloudWatchRole ?? true) && firstApi === undefined;

    this.restApi = new apigw.RestApi(this, 'Resource', {
      restApiName: props.restApiName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' }),
      description: props.description,
      endpointTypes: [endpointType === ApiEndpointType.PRIVATE ? apigw.EndpointType.PRIVATE : apigw.EndpointType.REGIONAL],
      policy,
      domainName,
      disableExecuteApiEndpoint: domainName !== undefined ? true : undefined,
      apiKeySourceType: apigw.ApiKeySourceType.HEADER,
      cloudWatchRole,
      cloudWatchRoleRemovalPolicy: cloudWatchRole ? RemovalPolicy.RETAIN : undefined,
      deploy: true,
      deployOptions: {
        stageName,
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogGroup),
        accessLogFormat: ApiAccessLogFormat.json(),
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        metricsEnabled: true,
        tracingEnabled: !(props.disableTracing ?? false),
        throttlingRateLimit: throttle.rateLimit,
        throttlingBurstLimit: throttle.burstLimit,
        cacheClusterEnabled: cache !== undefined,
        cacheClusterSize: cache?.size,
        cachingEnabled: cache !== undefined,
        cacheDataEncrypted: cache !== undefined ? true : undefined,
        cacheTtl: cache?.ttl,
      },
    });
    this.stage = this.restApi.deploymentStage;

    if (cloudWatchRole) {
      CLOUDWATCH_ROLE_APIS.set(stack, this.restApi);
      const role = this.restApi.node.tryFindChild('CloudWatchRole');
      if (role) {
        Validations.of(role).acknowledge({
          id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
          reason: 'The account-level role API Gateway uses to write execution logs; AmazonAPIGatewayPushToCloudWatchLogs is the policy AWS defines for exactly this role and is limited to CloudWatch Logs actions.',
        });
      }
    } else if (firstApi !== undefined) {
      const account = firstApi.node.tryFindChild('Account');
      if (account) this.stage.node.addDependency(account);
    }

    addSecureGatewayResponses(this.restApi);

    for (const [name, tier] of Object.entries(plans)) {
      this.usagePlans[name] = this.restApi.addUsagePlan(`Plan${name}`, {
        name: `${this.restApi.restApiName}-${name}`,
        description: tier.description ?? `${name} tier of ${this.restApi.restApiName}`,
        throttle: { rateLimit: tier.throttle.rateLimit, burstLimit: tier.throttle.burstLimit },
        quota: { limit: tier.quota.limit, period: tier.quota.period },
        apiStages: [{ api: this.restApi, stage: this.stage }],
      });
    }

    if (!(props.disableFirewall ?? false)) {
      this.firewall = props.firewall ?? new ApiFirewall(this, 'Firewall');
      this.firewall.associate(this.stage);
    }
    if (!(props.disableAlarms ?? false)) {
      this.alarms = new ApiAlarms(this, 'Alarms', {
        restApiName: this.restApi.restApiName,
        stageName: this.stage.stageName,
        accessLogGroup: this.accessLogGroup,
        firewall: this.firewall,
        alertTopic: props.alertTopic,
      });
    }
  }

  /** The API's URL: the custom domain (and base path) when one is set, the stage's execute-api URL otherwise. */
  public get url(): string {
    return this.domainUrl ?? this.restApi.url;
  }

  /**
   * The COGNITO authorizer of the API (one per API), created with the first route that has scopes. It validates
   * access tokens from the `Authorization` header against the user pool.
   */
  public get authorizer(): apigw.CognitoUserPoolsAuthorizer {
    if (!this._authorizer) {
      this._authorizer = new apigw.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
        cognitoUserPools: [this.userPool.userPool],
        identitySource: apigw.IdentitySource.header('Authorization'),
        resultsCacheTtl: Duration.minutes(5),
      });
    }
    return this._authorizer;
  }

  /**
   * The nested stacks that hold routes once the API's stack reached `shardingThreshold`, in the order they were
   * opened (empty while every route fits in the API's stack).
   */
  public get shards(): NestedStack[] {
    return this.routeShards?.stacks ?? [];
  }

  /** The routes added so far (`'<METHOD> <path>'`), in order. */
  public get routeKeys(): string[] {
    return [...this.routes.keys()];
  }

  /**
   * Adds a route: the resources of its path (reused when they exist) and the method.
   *
   * The method gets the COGNITO authorizer with the route's scopes (or none, for a declared public route), a
   * request validator (body and parameters for methods with a body, parameters otherwise), the route's path
   * parameters as required parameters, and a model of the tightened `requestSchema`. Errors name the route.
   *
   * @param route `'<METHOD> <path>'`, e.g. `'POST /orders/{id}'`
   * @param options integration, scopes, schema and parameters of the route
   * @returns the method
   */
  public addRoute(route: string, options: RouteOptions): apigw.Method {
    const parsed = parseRoute(route);
    if (!options || !options.integration) {
      throw routeError(parsed.route, 'integration', undefined, 'must be set');
    }
    return this.defineMethod(parsed, options, options.integration, options.responses, options.operationName);
  }

  /**
   * Adds a route whose integration calls DynamoDB directly (no Lambda): `GetItem`, `PutItem` or `DeleteItem` on one
   * item. Every caller-supplied value is escaped in the request mapping template; the integration role may only
   * perform the route's action on the table (and use its KMS key). DynamoDB errors are answered without detail.
   *
   * @param route `'<METHOD> <path>'`, e.g. `'GET /orders/{id}'`
   * @param options table, action, key and attribute mapping, and the route's access options
   * @returns the method
   */
  public addDynamoDbRoute(route: string, options: DynamoDbRouteOptions): apigw.Method {
    const parsed = parseRoute(route);
    if (!options || !options.table) {
      throw routeError(parsed.route, 'table', undefined, 'must be set');
    }
    const problem = checkDynamoDbOptions(options, parsed.pathParameters);
    if (problem) throw routeError(parsed.route, problem.prop, problem.value, problem.rule);
    if (this.routes.has(parsed.route)) {
      throw routeError(parsed.route, 'route', route, 'must be unique, but it was already added');
    }

    const templates = dynamoDbTemplates(options.table.tableName, options);
    const role = this.dynamoDbRole(options.table, templates.iamActions, templates.writes);
    const integration = new apigw.AwsIntegration({
      service: 'dynamodb',
      action: options.action,
      options: {
        credentialsRole: role,
        passthroughBehavior: apigw.PassthroughBehavior.NEVER,
        requestTemplates: { 'application/json': templates.requestTemplate },
        integrationResponses: dynamoDbIntegrationResponses(templates.okTemplate),
      },
    });
    const queryParameters: { [name: string]: boolean } = {};
    for (const value of [...Object.values(options.key), ...Object.values(options.attributes ?? {})]) {
      if (value.source === DynamoDbValueSource.QUERY_STRING) {
        queryParameters[`method.request.querystring.${value.name}`] = true;
      }
    }
    const access: RouteAccessOptions = {
      ...options,
      requestParameters: { ...options.requestParameters, ...queryParameters },
    };
    return this.defineMethod(parsed, access, integration, dynamoDbMethodResponses(), undefined);
  }

  /**
   * A proxy integration for a Lambda function whose invoke permission is scoped to this API and shared by every
   * route of the function (one permission per function, however many routes use it).
   *
   * @param handler the function
   * @param options integration options (`proxy` defaults to true)
   */
  public lambdaIntegration(handler: lambda.IFunction, options: apigw.LambdaIntegrationOptions = {}): apigw.LambdaIntegration {
    return new apigw.LambdaIntegration(handler, { ...options, scopePermissionToMethod: false });
  }

  /**
   * Issues an API key for a usage-plan tier. API Gateway generates the value unless a literal is explicitly allowed.
   *
   * @param id construct id of the key
   * @param options the plan, and optional literal value, expiry and description
   * @returns the API key
   */
  public addApiKey(id: string, options: ApiKeyOptions): apigw.ApiKey {
    validateApiKeyOptions(id, options, Object.keys(this.usagePlans));
    this.apiKeys ??= new Construct(this, 'ApiKeys');
    const key = new apigw.ApiKey(this.apiKeys, id, {
      description: options.description ?? `${id} (${options.plan} plan)`,
      value: options.value,
      enabled: true,
    });
    this.usagePlans[options.plan].addApiKey(key);
    if (options.expires !== undefined) {
      Tags.of(key).add(API_KEY_EXPIRY_TAG, options.expires);
    }
    return key;
  }

  /**
   * The usage plan of a tier.
   * @param name the tier name, a key of `plans`
   */
  public usagePlan(name: string): apigw.UsagePlan {
    const plan = this.usagePlans[name];
    if (!plan) {
      throw invalidProp('plan', name, `must be one of the plans (${Object.keys(this.usagePlans).join(', ') || 'none'})`);
    }
    return plan;
  }

  /**
   * A metric of the stage (`AWS/ApiGateway`, dimensions `ApiName` and `Stage`).
   * @param metricName the metric name, e.g. `Count`
   */
  public metric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stage.metric(metricName, props);
  }

  /** Requests to the stage (sum over 5 minutes). */
  public metricCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stage.metricCount(props);
  }

  /** 4XX responses of the stage (sum over 5 minutes). */
  public metricClientError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stage.metricClientError(props);
  }

  /** 5XX responses of the stage (sum over 5 minutes). */
  public metricServerError(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stage.metricServerError(props);
  }

  /** Time between the request and the response, in milliseconds (average over 5 minutes). */
  public metricLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stage.metricLatency(props);
  }

  /** Time spent in the integration, in milliseconds (average over 5 minutes). */
  public metricIntegrationLatency(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stage.metricIntegrationLatency(props);
  }

  /** Requests served from the cache (sum over 5 minutes). */
  public metricCacheHitCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stage.metricCacheHitCount(props);
  }

  /** Requests the cache could not serve (sum over 5 minutes). */
  public metricCacheMissCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.stage.metricCacheMissCount(props);
  }

  private defineMethod(
    parsed: ParsedRoute,
    options: RouteAccessOptions,
    integration: apigw.Integration,
    responses: apigw.MethodResponse[] | undefined,
    operationName: string | undefined,
  ): apigw.Method {
    const route = parsed.route;
    if (this.routes.has(route)) {
      throw routeError(route, 'route', route, 'must be unique, but it was already added');
    }
    const access = this.resolveAccess(route, options);
    const requestParameters = this.requestParameters(parsed, options.requestParameters);
    if (options.requestSchema !== undefined && !BODY_METHODS.has(parsed.method)) {
      throw routeError(route, 'requestSchema', parsed.method, `must only be set for methods with a body (${[...BODY_METHODS].join(', ')})`);
    }
    const model = options.requestSchema !== undefined
      ? this.modelFor(route, options.requestSchema, options.allowUnboundedSchema ?? false)
      : undefined;
    const validator = BODY_METHODS.has(parsed.method) ? this.bodyAndParametersValidator() : this.parametersValidator();
    const { resource, shard } = this.resourceFor(parsed, integration);
    const apiChildrenBefore = shard ? this.routeShards!.apiChildren(shard) : 0;

    const method = resource.addMethod(parsed.method, integration, {
      authorizationType: access.authorizationType,
      authorizer: access.authorizer,
      authorizationScopes: access.scopes,
      apiKeyRequired: access.apiKeyRequired,
      requestParameters,
      requestValidator: validator,
      requestModels: model ? { 'application/json': model } : undefined,
      methodResponses: responses,
      operationName,
    });
    this.routes.set(route, method);

    if (access.publicReason !== undefined) {
      acknowledgePublic(method, access.publicReason, access.apiKeyRequired);
    }
    if (integration instanceof apigw.LambdaIntegration && (integration as any).scopePermissionToMethod === true) {
      Annotations.of(method).addWarningV2('cdk-api-baseline:lambdaPermissionPerMethod',
        `Route "${route}": this LambdaIntegration adds two Lambda permissions per route; use api.lambdaIntegration(fn) for one permission per function.`);
    }
    const preflight = this.corsOptions && !this.corsResources.has(resource.path)
      ? resource.addCorsPreflight(this.corsOptions)
      : undefined;
    this.corsResources.add(resource.path);
    if (!shard) {
      this.rootRouteResources += countCfnResources(method) + (preflight ? countCfnResources(preflight) : 0);
    } else {
      this.routeShards!.recordMethod(shard, method, apiChildrenBefore);
      if (preflight) this.routeShards!.recordMethod(shard, preflight, this.routeShards!.apiChildren(shard));
    }
    return method;
  }

  private resolveAccess(route: string, options: RouteAccessOptions): {
    authorizationType: apigw.AuthorizationType;
    authorizer?: apigw.IAuthorizer;
    scopes?: string[];
    apiKeyRequired: boolean;
    publicReason?: string;
  } {
    const hasPlans = Object.keys(this.usagePlans).length > 0;
    const scopes = options.scopes ?? [];
    const publicReason = options.publicRoute;
    if (publicReason !== undefined && (typeof publicReason !== 'string' || publicReason.trim() === '')) {
      throw routeError(route, 'publicRoute', publicReason, 'must be a non-empty reason why the route needs no OAuth token');
    }
    if (options.allowAnonymous === true && publicReason === undefined) {
      throw routeError(route, 'allowAnonymous', true, 'must only be set on a public route ("publicRoute")');
    }

    let result: { authorizationType: apigw.AuthorizationType; authorizer?: apigw.IAuthorizer; scopes?: string[]; publicReason?: string };
    let apiKeyRequired: boolean;
    if (scopes.length === 0) {
      if (publicReason === undefined) {
        throw routeError(route, 'scopes', [],
          'must list at least one OAuth scope, or the route must be declared public with "publicRoute: \'<reason>\'"');
      }
      apiKeyRequired = options.apiKeyRequired ?? hasPlans;
      if (!apiKeyRequired && options.allowAnonymous !== true) {
        throw routeError(route, 'apiKeyRequired', apiKeyRequired,
          'must be true for a public route (define "plans" on the API), unless "allowAnonymous: true" opens it to anyone');
      }
      result = { authorizationType: apigw.AuthorizationType.NONE, publicReason };
    } else {
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
      apiKeyRequired = options.apiKeyRequired ?? hasPlans;
      result = { authorizationType: apigw.AuthorizationType.COGNITO, authorizer: this.authorizer, scopes: names };
    }
    if (apiKeyRequired && !hasPlans) {
      throw routeError(route, 'apiKeyRequired', true, 'needs usage plans ("plans" on the API) so that API keys can be issued');
    }
    return { ...result, apiKeyRequired };
  }

  private requestParameters(parsed: ParsedRoute, declared: { [name: string]: boolean } | undefined): { [name: string]: boolean } {
    const out: { [name: string]: boolean } = {};
    for (const p of parsed.pathParameters) out[`method.request.path.${p}`] = true;
    for (const [name, required] of Object.entries(declared ?? {})) {
      const match = PARAMETER_NAME.exec(name);
      if (!match) {
        throw routeError(parsed.route, 'requestParameters', name,
          'must have names "method.request.<querystring|header|multivaluequerystring|multivalueheader|path>.<name>"');
      }
      if (typeof required !== 'boolean') {
        throw routeError(parsed.route, `requestParameters.${name}`, required, 'must be true (required) or false (optional)');
      }
      if (match[1] === 'path') {
        if (!parsed.pathParameters.includes(match[2])) {
          throw routeError(parsed.route, 'requestParameters', name, `must name a path parameter of the route (${parsed.pathParameters.join(', ') || 'none'})`);
        }
        continue;
      }
      out[name] = required;
    }
    return out;
  }

  private modelFor(route: string, schema: apigw.JsonSchema, allowUnbounded: boolean): apigw.Model {
    const tightened = tightenSchema(schema, { route, maxStringLength: this.maxStringLength, allowUnbounded });
    const key = canonicalJson(tightened);
    let model = this.models.get(key);
    if (!model) {
      const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
      model = this.restApi.addModel(`Model${hash}`, {
        contentType: 'application/json',
        description: `Request body of ${route}`,
        schema: tightened,
      });
      this.models.set(key, model);
    }
    return model;
  }

  private bodyAndParametersValidator(): apigw.RequestValidator {
    this.bodyValidator ??= this.restApi.addRequestValidator('BodyAndParametersValidator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    return this.bodyValidator;
  }

  private parametersValidator(): apigw.RequestValidator {
    this.paramsValidator ??= this.restApi.addRequestValidator('ParametersValidator', {
      validateRequestBody: false,
      validateRequestParameters: true,
    });
    return this.paramsValidator;
  }

  /**
   * The resource of the route's path: in the API's stack while the route fits under `shardingThreshold`, in a
   * nested stack (see `RouteShards`) from the first route that does not.
   */
  private resourceFor(parsed: ParsedRoute, integration: apigw.Integration): { resource: apigw.IResource; shard?: NestedStack } {
    this.checkPathParameters(parsed);
    const cors = this.corsOptions && !this.corsResources.has(parsed.path) ? 1 : 0;
    const methodCost = 1 + cors + lambdaPermissionCost(integration);
    if (!this.routeShards && this.routes.size > 0) {
      const newResources = parsed.segments.filter((_, i) => !this.resourcesByPath.has(pathOf(parsed.segments, i))).length;
      // The route resources under the root are counted as they are added (the rest of the stack is walked), so that
      // each check costs the size of the rest of the stack, not of all routes.
      const stackResources = countStackResources(Stack.of(this), this.restApi.root) + this.rootRouteResources;
      if (stackResources + newResources + methodCost > this.shardingThreshold) {
        this.routeShards = new RouteShards(this, this.restApi, this.shardingThreshold, this.resourcesByPath);
      }
    }
    if (this.routeShards) {
      return this.routeShards.place(parsed.segments, methodCost);
    }
    let resource: apigw.IResource = this.restApi.root;
    parsed.segments.forEach((segment, i) => {
      const path = pathOf(parsed.segments, i);
      let next = this.resourcesByPath.get(path);
      if (!next) {
        next = resource.addResource(segment);
        this.resourcesByPath.set(path, next);
        this.rootRouteResources++;
      }
      resource = next;
    });
    return { resource };
  }

  /** API Gateway allows one path parameter per level: all routes must name it the same. */
  private checkPathParameters(parsed: ParsedRoute): void {
    parsed.segments.forEach((segment, i) => {
      if (!segment.startsWith('{')) return;
      const parent = i === 0 ? '/' : pathOf(parsed.segments, i - 1);
      const existing = this.pathParameterNames.get(parent);
      if (existing !== undefined && existing !== segment) {
        throw routeError(parsed.route, 'path', parsed.path,
          `must use the same path parameter as other routes at ${parent === '/' ? '' : parent}/${existing} (API Gateway allows one per level)`);
      }
      this.pathParameterNames.set(parent, segment);
    });
  }

  private dynamoDbRole(table: dynamodb.ITable, actions: string[], writes: boolean): iam.Role {
    const key = table.node.path;
    let entry = this.dynamoDbRoles.get(key);
    if (!entry) {
      const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
      const role = new iam.Role(this, `DynamoDbRole${hash}`, {
        assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
        description: `Lets ${this.node.path} perform its routes' item operations on ${key}`,
      });
      entry = { role, actions: new Set() };
      this.dynamoDbRoles.set(key, entry);
    }
    const added = actions.filter((a) => !entry!.actions.has(a));
    if (added.length > 0) {
      added.forEach((a) => entry!.actions.add(a));
      entry.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: added, resources: [table.tableArn] }));
    }
    const tableKey = table.encryptionKey;
    if (tableKey && (entry.keyWrites === undefined || (writes && !entry.keyWrites))) {
      const keyActions = entry.keyWrites === undefined ? ['kms:Decrypt', 'kms:DescribeKey'] : [];
      if (writes) keyActions.push('kms:Encrypt', 'kms:GenerateDataKey');
      entry.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: keyActions, resources: [tableKey.keyArn] }));
      entry.keyWrites = writes;
    }
    return entry.role;
  }
}

function validateCache(cache: ApiCacheOptions | undefined): { size: string; ttl: Duration } | undefined {
  if (cache === undefined) return undefined;
  const sizeGb = cache.sizeGb ?? 0.5;
  if (!Token.isUnresolved(sizeGb) && !CACHE_SIZES.includes(String(sizeGb))) {
    throw invalidProp('cache.sizeGb', sizeGb, `must be one of ${CACHE_SIZES.join(', ')}`);
  }
  const ttl = cache.ttl ?? Duration.minutes(5);
  if (!ttl.isUnresolved()) {
    const seconds = ttl.toSeconds();
    if (seconds < 1 || seconds > 3600) {
      throw invalidProp('cache.ttl', `${seconds} seconds`, 'must be between 1 and 3600 seconds');
    }
  }
  return { size: String(sizeGb), ttl };
}

/** The path of the first `i + 1` segments, e.g. `/orders/{id}`. */
function pathOf(segments: string[], i: number): string {
  return `/${segments.slice(0, i + 1).join('/')}`;
}

/** Lambda permissions a route's integration may add: one shared per function and API, or two per method. */
function lambdaPermissionCost(integration: apigw.Integration): number {
  if (!(integration instanceof apigw.LambdaIntegration)) return 0;
  return (integration as any).scopePermissionToMethod === true ? 2 : 1;
}

/** Records the reason of a public route as the acknowledgement of the findings that flag missing authorization. */
function acknowledgePublic(method: IConstruct, reason: string, apiKeyRequired: boolean): void {
  const text = `Public route: ${reason}`;
  const ids = ['AwsSolutions-APIG4', 'AwsSolutions-COG4', 'ApiBaseline-MethodAuthorization'];
  if (!apiKeyRequired) ids.push('ApiBaseline-UsagePlanMethodApiKey');
  for (const id of ids) Validations.of(method).acknowledge({ id, reason: text });
}
