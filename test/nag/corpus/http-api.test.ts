import { CfnParameter, Duration, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer, HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ApiBaselineChecks } from '../../../src';
import { errorIds as errorsOf, findings, testStack } from '../../util';
import { alertTopic, serverErrorsAlarm, stageAccessLogs, v2Domain } from '../fixtures/stages';

const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Orders';
const API_PATH = 'Test/Api/Resource';

/** The one thing a variant changes in the hardened HTTP API. */
interface HttpApiOptions {
  /** `none` leaves `GET /orders` without an authorizer. */
  readonly ordersAuthorizer?: 'jwt' | 'none';
  readonly readScopes?: string[];
  readonly writeScopes?: string[];
  readonly issuer?: string;
  readonly audience?: string[];
  readonly identitySource?: string[];
  readonly allowOrigins?: string[];
  readonly accessLogs?: boolean;
  readonly accessLogFormat?: AccessLogFormat;
  readonly maskAccessLogs?: boolean;
  readonly throttle?: boolean;
  readonly routeRateLimit?: number;
  /** `stage`: 5xx alarm on the stage; `none`; `clientErrors`: a 4xx alarm only; `otherApi`: 5xx of another API. */
  readonly alarm?: 'stage' | 'none' | 'clientErrors' | 'otherApi';
  readonly securityPolicy?: apigwv2.SecurityPolicy;
  readonly disableExecuteApiEndpoint?: boolean;
  /** Adds a `$default` catch-all route without an authorizer. */
  readonly catchAll?: boolean;
}

const JSON_FORMAT = AccessLogFormat.custom(JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  routeKey: '$context.routeKey',
  status: '$context.status',
  error: '$context.error.message',
  integrationError: '$context.integrationErrorMessage',
  authorizerError: '$context.authorizer.error',
}));

/** A hardened HTTP API (aws-cdk-lib L2) with one control changed by `o`. */
function hardenedHttpApi(stack: Stack, o: HttpApiOptions = {}) {
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const logGroup = stageAccessLogs(stack, key, o.maskAccessLogs === false ? [] : [logs.DataIdentifier.EMAILADDRESS, logs.DataIdentifier.IPADDRESS]);
  const api = new apigwv2.HttpApi(stack, 'Api', {
    createDefaultStage: false,
    disableExecuteApiEndpoint: o.disableExecuteApiEndpoint ?? true,
    corsPreflight: {
      allowOrigins: o.allowOrigins ?? ['https://app.example.com'],
      allowMethods: [apigwv2.CorsHttpMethod.GET, apigwv2.CorsHttpMethod.POST],
      allowHeaders: ['Authorization', 'Content-Type'],
      maxAge: Duration.hours(1),
    },
  });
  const jwt = new HttpJwtAuthorizer('Jwt', o.issuer ?? ISSUER, {
    // HttpJwtAuthorizer refuses an empty audience; an empty list is set on the L1 below
    jwtAudience: o.audience?.length ? o.audience : ['orders-client'],
    identitySource: o.identitySource,
  });
  const pool = cognito.UserPool.fromUserPoolId(stack, 'Pool', 'us-east-1_Orders');
  const client = cognito.UserPoolClient.fromUserPoolClientId(stack, 'Client', 'orders-client');
  const userPool = new HttpUserPoolAuthorizer('UserPool', pool, { userPoolClients: [client] });
  const backend = (id: string) => new HttpUrlIntegration(id, 'https://orders.internal.example.com/orders');
  api.addRoutes({
    path: '/orders',
    methods: [apigwv2.HttpMethod.GET],
    integration: backend('ListOrders'),
    authorizer: o.ordersAuthorizer === 'none' ? undefined : jwt,
    authorizationScopes: o.ordersAuthorizer === 'none' ? undefined : o.readScopes ?? ['orders/read'],
  });
  api.addRoutes({
    path: '/orders',
    methods: [apigwv2.HttpMethod.POST],
    integration: backend('CreateOrder'),
    authorizer: userPool,
    authorizationScopes: o.writeScopes ?? ['orders/write'],
  });
  if (o.audience?.length === 0) {
    (api.node.findChild('Jwt').node.defaultChild as apigwv2.CfnAuthorizer).addPropertyOverride('JwtConfiguration.Audience', []);
  }
  if (o.catchAll) {
    new apigwv2.HttpRoute(stack, 'CatchAll', {
      httpApi: api,
      routeKey: apigwv2.HttpRouteKey.DEFAULT,
      integration: backend('CatchAllIntegration'),
    });
  }
  const domain = v2Domain(stack, 'orders.example.com', o.securityPolicy);
  const stage = new apigwv2.HttpStage(stack, 'Prod', {
    httpApi: api,
    stageName: 'prod',
    autoDeploy: true,
    throttle: o.throttle === false ? undefined : { rateLimit: 100, burstLimit: 50 },
    accessLogSettings: o.accessLogs === false ? undefined : {
      destination: new apigwv2.LogGroupLogDestination(logGroup),
      format: o.accessLogFormat ?? JSON_FORMAT,
    },
    domainMapping: { domainName: domain },
  });
  // a route may be throttled harder than the stage, never looser (RouteSettings is untyped: CloudFormation names)
  (stage.node.defaultChild as apigwv2.CfnStage).routeSettings = {
    'POST /orders': { ThrottlingRateLimit: o.routeRateLimit ?? 10, ThrottlingBurstLimit: 5 },
  };
  const topic = alertTopic(stack, key);
  const alarm = o.alarm ?? 'stage';
  let metric: cloudwatch.Metric | undefined;
  if (alarm === 'stage') metric = stage.metricServerError({ period: Duration.minutes(1) });
  if (alarm === 'clientErrors') metric = stage.metricClientError({ period: Duration.minutes(1) });
  if (alarm === 'otherApi') {
    metric = new cloudwatch.Metric({ namespace: 'AWS/ApiGateway', metricName: '5xx', dimensionsMap: { ApiId: 'a1b2c3d4e5' } });
  }
  if (metric) serverErrorsAlarm(stack, metric, topic);
  return { api, stage, domain };
}

describe('HTTP API corpus', () => {
  test('the hardened HTTP API has no error, and one warning per control HTTP APIs cannot have', () => {
    const stack = testStack();
    hardenedHttpApi(stack);
    const all = findings(new ApiBaselineChecks(), stack);
    expect(errorsOf(all)).toEqual([]);
    for (const rule of ['MethodRequestValidator', 'StageWebAcl', 'StageXRayTracing', 'StageExecutionLogging']) {
      expect(all[`ApiBaseline-${rule}[Unavailable]`]).toEqual(expect.objectContaining({ severity: 'warning', paths: [API_PATH] }));
    }
  });

  test.each<[string, HttpApiOptions, string, string]>([
    ['a route without an authorizer', { ordersAuthorizer: 'none' }, 'ApiBaseline-MethodAuthorization[GET /orders]', 'Test/Api/GET--orders/Resource'],
    ['a JWT route without scopes', { readScopes: [] }, 'ApiBaseline-CognitoMethodScopes[GET /orders]', 'Test/Api/GET--orders/Resource'],
    ['a user-pool route without scopes', { writeScopes: [] }, 'ApiBaseline-CognitoMethodScopes[POST /orders]', 'Test/Api/POST--orders/Resource'],
    ['a JWT authorizer with an http issuer', { issuer: 'http://issuer.example.com' }, 'ApiBaseline-JwtAuthorizerIssuerAudience', 'Test/Api/Jwt/Resource'],
    ['a JWT authorizer with an empty audience', { audience: [] }, 'ApiBaseline-JwtAuthorizerIssuerAudience', 'Test/Api/Jwt/Resource'],
    ['a JWT read from the query string', { identitySource: ['$request.querystring.token'] }, 'ApiBaseline-JwtIdentitySourceNotQuery', 'Test/Api/Jwt/Resource'],
    ['CORS for every origin', { allowOrigins: ['*'] }, 'ApiBaseline-CorsNoWildcardOrigin', API_PATH],
    ['a stage without access logs', { accessLogs: false }, 'ApiBaseline-StageJsonAccessLogging', 'Test/Prod/Resource'],
    ['access logs that are not JSON', { accessLogFormat: AccessLogFormat.custom('$context.requestId $context.status') }, 'ApiBaseline-StageJsonAccessLogging', 'Test/Prod/Resource'],
    ['JSON access logs without the status', { accessLogFormat: AccessLogFormat.custom('{"requestId":"$context.requestId"}') }, 'ApiBaseline-StageJsonAccessLogging', 'Test/Prod/Resource'],
    ['no default throttling', { throttle: false }, 'ApiBaseline-StageThrottling', 'Test/Prod/Resource'],
    ['a route throttled above the stage', { routeRateLimit: 1000 }, 'ApiBaseline-RouteThrottlingWithinStage', 'Test/Prod/Resource'],
    ['no 5xx alarm', { alarm: 'none' }, 'ApiBaseline-Stage5xxAlarm', 'Test/Prod/Resource'],
    ['an alarm on 4xx only', { alarm: 'clientErrors' }, 'ApiBaseline-Stage5xxAlarm', 'Test/Prod/Resource'],
    ['a 5xx alarm on another API', { alarm: 'otherApi' }, 'ApiBaseline-Stage5xxAlarm', 'Test/Prod/Resource'],
    ['a domain with TLS 1.0', { securityPolicy: apigwv2.SecurityPolicy.TLS_1_0 }, 'ApiBaseline-DomainTls12', 'Test/Domain/Resource'],
    ['the default endpoint left enabled behind a domain', { disableExecuteApiEndpoint: false }, 'ApiBaseline-DomainDisablesDefaultEndpoint', API_PATH],
    ['a $default catch-all route without an authorizer', { catchAll: true }, 'ApiBaseline-MethodAuthorization[$default]', 'Test/CatchAll/Resource'],
  ])('%s', (_name, options, id, path) => {
    const stack = testStack();
    hardenedHttpApi(stack, options);
    const all = findings(new ApiBaselineChecks(), stack);
    expect(all[id]).toEqual(expect.objectContaining({ severity: 'error' }));
    expect(all[id].paths).toContain(path);
    // the variant breaks one control: every other error of the base stays away
    expect(errorsOf(all).filter((e) => e !== id)).toEqual([]);
  });

  test('an access log group that does not mask sensitive data is a warning', () => {
    const stack = testStack();
    hardenedHttpApi(stack, { maskAccessLogs: false });
    const all = findings(new ApiBaselineChecks(), stack);
    expect(all['ApiBaseline-AccessLogDataProtection']).toEqual(expect.objectContaining({ severity: 'warning', paths: ['Test/AccessLogs/Resource'] }));
    expect(errorsOf(all)).toEqual([]);
  });

  test('quick create: a $default route without authorization and a $default stage without logs, throttling or alarm', () => {
    const stack = testStack();
    new apigwv2.CfnApi(stack, 'Quick', {
      name: 'quick',
      protocolType: 'HTTP',
      target: 'arn:aws:lambda:us-east-1:123456789012:function:orders',
    });
    const all = findings(new ApiBaselineChecks(), stack);
    expect(all['ApiBaseline-MethodAuthorization[$default]']).toEqual(expect.objectContaining({ severity: 'error', paths: ['Test/Quick'] }));
    for (const rule of ['StageJsonAccessLogging', 'StageThrottling', 'Stage5xxAlarm']) {
      expect(all[`ApiBaseline-${rule}`]).toEqual(expect.objectContaining({ severity: 'error', paths: ['Test/Quick'] }));
    }
    expect(all['ApiBaseline-StageWebAcl[Unavailable]']?.severity).toBe('warning');
  });

  test('OpenAPI body: the operation without security is reported by name, the secured one is not', () => {
    const stack = testStack();
    new apigwv2.CfnApi(stack, 'Pets', {
      body: {
        openapi: '3.0.1',
        info: { title: 'pets', version: '1' },
        components: {
          securitySchemes: {
            jwt: {
              'type': 'oauth2',
              'flows': {},
              'x-amazon-apigateway-authorizer': {
                type: 'jwt',
                identitySource: '$request.header.Authorization',
                jwtConfiguration: { issuer: ISSUER, audience: ['pets-client'] },
              },
            },
          },
        },
        paths: {
          '/pets': {
            get: { 'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'GET', uri: 'https://pets.example.com', payloadFormatVersion: '1.0' } },
            post: {
              'security': [{ jwt: ['pets/write'] }],
              'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'POST', uri: 'https://pets.example.com', payloadFormatVersion: '1.0' },
            },
          },
        },
      },
    });
    const all = findings(new ApiBaselineChecks(), stack);
    expect(all['ApiBaseline-MethodAuthorization[GET /pets]']).toEqual(expect.objectContaining({ severity: 'error', paths: ['Test/Pets'] }));
    expect(all['ApiBaseline-MethodAuthorization[POST /pets]']).toBeUndefined();
    expect(all['ApiBaseline-CognitoMethodScopes[POST /pets]']).toBeUndefined();
    expect(all['ApiBaseline-JwtAuthorizerIssuerAudience']).toBeUndefined();
  });

  test('an issuer parameter that allows an http:// value is an error naming the value', () => {
    const stack = testStack();
    const issuer = new CfnParameter(stack, 'Issuer', {
      default: ISSUER,
      allowedValues: [ISSUER, 'http://issuer.example.com'],
    });
    hardenedHttpApi(stack, { issuer: issuer.valueAsString });
    const finding = findings(new ApiBaselineChecks(), stack)['ApiBaseline-JwtAuthorizerIssuerAudience'];
    expect(finding).toEqual(expect.objectContaining({ severity: 'error', paths: ['Test/Api/Jwt/Resource'] }));
    expect(finding.description).toContain('parameter Issuer = "http://issuer.example.com"');
  });

  test('an issuer parameter whose values are all https is not a finding', () => {
    const stack = testStack();
    const issuer = new CfnParameter(stack, 'Issuer', { default: ISSUER, allowedValues: [ISSUER, 'https://login.example.com'] });
    hardenedHttpApi(stack, { issuer: issuer.valueAsString });
    const all = findings(new ApiBaselineChecks(), stack);
    expect(all['ApiBaseline-JwtAuthorizerIssuerAudience']).toBeUndefined();
    expect(errorsOf(all)).toEqual([]);
  });
});
