import { Annotations, Duration, Names, NestedStack, RemovalPolicy, Stack, Tags, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { corsPreflightOptions } from './cors';
import { domainNameOptions } from './domain';
import { DynamoDbRoles } from './dynamodb-roles';
import {
  checkDynamoDbOptions, DynamoDbRouteOptions, DynamoDbValueSource, dynamoDbIntegrationResponses,
  dynamoDbMethodResponses, dynamoDbTemplates,
} from './dynamodb-route';
import { ApiEndpointType, buildResourcePolicy, resolveAllowedCidrs } from './endpoint';
import { addSecureGatewayResponses } from './gateway-responses';
import { methodRequestParameters, MethodRequests } from './method-requests';
import { acknowledgePublicRoute, resolveRouteAccess, userPoolScopes } from './route-access';
import { RouteAccessOptions, RouteOptions } from './route-options';
import { ParsedRoute, parseRoute, routeError } from './route-path';
import {
  CLOUDFORMATION_RESOURCE_LIMIT, DEFAULT_SHARDING_THRESHOLD, MIN_SHARDING_THRESHOLD, RoutePlacement,
} from './route-placement';
import { SecureRestApiProps } from './secure-rest-api-props';
import { hardenedStageOptions } from './stage-settings';
import { API_KEY_EXPIRY_TAG, ApiKeyOptions, checkApiKeyOptions, checkTier } from './usage-plans';
import { OAuthUserPool } from '../auth/oauth-user-pool';
import { ProtectedLogGroup } from '../encryption/protected-log-group';
import { ApiFirewall } from '../firewall/api-firewall';
import { ApiAlarms } from '../monitoring/api-alarms';
import { atConstructPath, checkEnumValue, checkIntegerRange, invalidProp, withConstructPath } from '../private/validation';

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

  private readonly routes = new Map<string, apigw.Method>();
  private readonly placement: RoutePlacement;
  private readonly requests: MethodRequests;
  private readonly dynamoDbRoles = new DynamoDbRoles(this);
  private readonly domainUrl?: string;
  private _authorizer?: apigw.CognitoUserPoolsAuthorizer;
  private apiKeys?: Construct;

  constructor(scope: Construct, id: string, props: SecureRestApiProps = {}) {
    super(scope, id);
    try {
      checkIntegerRange('maxStringLength', props.maxStringLength, 1, 1_000_000);
      const shardingThreshold = props.shardingThreshold ?? DEFAULT_SHARDING_THRESHOLD;
      checkIntegerRange('shardingThreshold', shardingThreshold, MIN_SHARDING_THRESHOLD, CLOUDFORMATION_RESOURCE_LIMIT);
      const plans = props.plans ?? {};
      for (const [name, tier] of Object.entries(plans)) checkTier(name, tier);
      const endpointType = props.endpointType ?? ApiEndpointType.REGIONAL;
      checkEnumValue('endpointType', endpointType, ApiEndpointType);
      const allowedCidrs = resolveAllowedCidrs(props.allowedCidrs, props.allowedIpRanges);
      const policy = buildResourcePolicy(endpointType, props.vpcEndpoints ?? [], allowedCidrs);
      if (props.domain && endpointType === ApiEndpointType.PRIVATE) {
        throw invalidProp('domain', props.domain.domainName, 'must not be set for a PRIVATE endpoint (regional custom domains only)');
      }
      const domainName = props.domain ? domainNameOptions(props.domain) : undefined;
      if (props.domain) {
        this.domainUrl = `https://${props.domain.domainName}/${props.domain.basePath ? `${props.domain.basePath}/` : ''}`;
      }
      const corsOptions = props.cors ? corsPreflightOptions(props.cors) : undefined;
      if (props.firewall && props.disableFirewall) {
        throw invalidProp('disableFirewall', true, 'must not be set together with "firewall"');
      }

      this.accessLogGroup = props.accessLogGroup ?? new ProtectedLogGroup(this, 'AccessLogs');
      this.userPool = props.userPool ?? new OAuthUserPool(this, 'UserPool');
      const deployOptions = hardenedStageOptions(props, this.accessLogGroup);

      const firstApi = CLOUDWATCH_ROLE_APIS.get(Stack.of(this));
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
        deployOptions,
      });
      this.stage = this.restApi.deploymentStage;
      this.placement = new RoutePlacement(this, this.restApi, shardingThreshold, corsOptions);
      this.requests = new MethodRequests(this.restApi, props.maxStringLength);
      this.shareCloudWatchRole(cloudWatchRole, firstApi);
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
    } catch (e) {
      throw withConstructPath(this, e);
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
    return this.placement.stacks;
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
    return atConstructPath(this, () => {
      const parsed = parseRoute(route);
      if (!options || !options.integration) {
        throw routeError(parsed.route, 'integration', undefined, 'must be set');
      }
      return this.defineMethod(parsed, options, options.integration, options.responses, options.operationName);
    });
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
    return atConstructPath(this, () => {
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
      const role = this.dynamoDbRoles.roleFor(options.table, templates.iamActions, templates.writes);
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
    });
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
    return atConstructPath(this, () => {
      checkApiKeyOptions(id, options, Object.keys(this.usagePlans));
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
    });
  }

  /**
   * The usage plan of a tier.
   * @param name the tier name, a key of `plans`
   */
  public usagePlan(name: string): apigw.UsagePlan {
    return atConstructPath(this, () => {
      const plan = this.usagePlans[name];
      if (!plan) {
        throw invalidProp('plan', name, `must be one of the plans (${Object.keys(this.usagePlans).join(', ') || 'none'})`);
      }
      return plan;
    });
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
    const access = resolveRouteAccess(route, options, {
      hasPlans: Object.keys(this.usagePlans).length > 0,
      ...userPoolScopes(this.userPool),
    });
    const authorizer = access.authorizationType === apigw.AuthorizationType.COGNITO ? this.authorizer : undefined;
    const requestParameters = methodRequestParameters(parsed, options.requestParameters);
    const model = this.requests.model(parsed, options.requestSchema, options.allowUnboundedSchema ?? false);
    const validator = this.requests.validator(parsed.method);

    const method = this.placement.addMethod(parsed, integration, (resource) => resource.addMethod(parsed.method, integration, {
      authorizationType: access.authorizationType,
      authorizer,
      authorizationScopes: access.scopes,
      apiKeyRequired: access.apiKeyRequired,
      requestParameters,
      requestValidator: validator,
      requestModels: model ? { 'application/json': model } : undefined,
      methodResponses: responses,
      operationName,
    }));
    this.routes.set(route, method);

    if (access.publicReason !== undefined) {
      acknowledgePublicRoute(method, access.publicReason, access.apiKeyRequired);
    }
    if (integration instanceof apigw.LambdaIntegration && (integration as any).scopePermissionToMethod === true) {
      Annotations.of(method).addWarningV2('cdk-api-baseline:lambdaPermissionPerMethod',
        `Route "${route}": this LambdaIntegration adds two Lambda permissions per route; use api.lambdaIntegration(fn) for one permission per function.`);
    }
    return method;
  }

  /**
   * The account-wide role API Gateway writes execution logs with is set up by the first API of a stack (and
   * retained); later APIs of the stack wait for its account setting instead of creating another.
   */
  private shareCloudWatchRole(createdHere: boolean, firstApi: apigw.RestApi | undefined): void {
    if (createdHere) {
      CLOUDWATCH_ROLE_APIS.set(Stack.of(this), this.restApi);
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
  }
}
