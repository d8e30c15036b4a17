import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { HttpAlbIntegration, HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { OAuthResourceServer, OAuthUserPool } from '../../src/auth';
import { HTTP_API_ACCESS_LOG_FORMAT, HttpApiAccessLogFormat, SecureHttpApi, SecureHttpApiProps } from '../../src/http-api';
import { ApiBaselineChecks } from '../../src/nag';
import { findings, templateOf, testStack } from '../util';

/** The controls HTTP APIs cannot have: the construct acknowledges them on the API, naming the alternative. */
const HTTP_UNAVAILABLE = [
  'ApiBaseline-MethodRequestValidator[Unavailable]',
  'ApiBaseline-StageExecutionLogging[Unavailable]',
  'ApiBaseline-StageWebAcl[Unavailable]',
  'ApiBaseline-StageXRayTracing[Unavailable]',
];

/** The acknowledgements (id → reason) recorded on a construct. */
function acknowledgementsOn(c: IConstruct): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of c.node.metadata.filter((e) => e.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)) {
    for (const [id, value] of Object.entries(m.data as Record<string, any>)) out[id.replace(/^Annotation::/, '')] = typeof value === 'string' ? value : value.reason;
  }
  return out;
}

interface Fixture { stack: Stack; api: SecureHttpApi; orders: OAuthResourceServer; fn: lambda.Function }

function fixture(props: SecureHttpApiProps = { disableAlarms: true }, withClient = true): Fixture {
  const stack = testStack();
  const api = new SecureHttpApi(stack, 'Api', props);
  const orders = api.userPool.addResourceServer('orders', { scopes: { read: 'Read orders', write: 'Write orders' } });
  if (withClient) api.userPool.addMachineClient('Fulfilment', { scopes: [orders.scope('read'), orders.scope('write')] });
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  });
  return { stack, api, orders, fn };
}

function withRoutes(props: SecureHttpApiProps = { disableAlarms: true }): Fixture {
  const f = fixture(props);
  f.api.addRoute('GET /orders/{id}', { integration: f.api.lambdaIntegration(f.fn), scopes: [f.orders.scope('read')] });
  f.api.addRoute('POST /orders', { integration: f.api.lambdaIntegration(f.fn), scopes: [f.orders.scope('write')] });
  return f;
}

function certificate(stack: Stack): acm.ICertificate {
  return acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
}

describe('SecureHttpApi defaults', () => {
  let f: Fixture;
  let t: Template;
  beforeAll(() => {
    f = withRoutes({});
    t = templateOf(f.stack);
  });

  test('an HTTP API with a generated name, the execute-api endpoint on, no CORS and no default stage of its own', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', {
      ProtocolType: 'HTTP',
      Name: Match.stringLikeRegexp('Api'),
      DisableExecuteApiEndpoint: Match.absent(),
      CorsConfiguration: Match.absent(),
    });
    t.resourceCountIs('AWS::ApiGatewayV2::Stage', 1);
  });

  test('stage "$default": auto-deploy, JSON access log, detailed metrics and throttling 100/200', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('AccessLogs'), 'Arn'] }, Format: HTTP_API_ACCESS_LOG_FORMAT },
      DefaultRouteSettings: { DetailedMetricsEnabled: true, ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 },
      RouteSettings: Match.absent(),
    });
  });

  test('the access-log line is JSON with the request id, route key, status, latency and caller fields, and no token', () => {
    const line = JSON.parse(HTTP_API_ACCESS_LOG_FORMAT.replace(/:\$context\.[A-Za-z_.]+/g, ':0'));
    expect(Object.keys(line)).toEqual(HttpApiAccessLogFormat.FIELDS);
    for (const field of ['requestId', 'routeKey', 'status', 'latency', 'ip', 'userAgent', 'clientId', 'principalId']) {
      expect(HttpApiAccessLogFormat.FIELDS).toContain(field);
    }
    expect(HTTP_API_ACCESS_LOG_FORMAT).toMatch(/"status":\$context\.status,/);
    // no API keys on HTTP APIs: a constant keeps the top-callers rule (keyed by apiKeyId and ip) working
    expect(HTTP_API_ACCESS_LOG_FORMAT).toContain('"apiKeyId":"-",');
    expect(HTTP_API_ACCESS_LOG_FORMAT).toMatch(/"latency":\$context\.responseLatency,/);
    expect(HTTP_API_ACCESS_LOG_FORMAT).not.toMatch(/Authorization|header|token/i);
  });

  test('access logs go to a KMS-encrypted, retained, masked log group kept one year', () => {
    t.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: { RetentionInDays: 365, KmsKeyId: Match.anyValue(), DataProtectionPolicy: Match.anyValue() },
    });
  });

  test('one JWT authorizer: issuer the user pool, audience its clients, token from the Authorization header', () => {
    t.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: {
        Issuer: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.stringLikeRegexp('UserPool'), 'ProviderURL'] }]] },
        Audience: [{ Ref: Match.stringLikeRegexp('UserPoolFulfilment') }],
      },
    });
  });

  test('every route carries the JWT authorizer and its scopes', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'GET /orders/{id}', AuthorizationType: 'JWT', AuthorizationScopes: ['orders/read'], AuthorizerId: Match.anyValue(),
    });
    t.hasResourceProperties('AWS::ApiGatewayV2::Route', {
      RouteKey: 'POST /orders', AuthorizationType: 'JWT', AuthorizationScopes: ['orders/write'],
    });
    expect(f.api.routeKeys).toEqual(['GET /orders/{id}', 'POST /orders']);
  });

  test('lambdaIntegration: one integration and one invoke permission per function, scoped to the API', () => {
    t.resourceCountIs('AWS::ApiGatewayV2::Integration', 1);
    t.hasResourceProperties('AWS::ApiGatewayV2::Integration', { IntegrationType: 'AWS_PROXY', PayloadFormatVersion: '2.0' });
    const permissions = Object.values(t.findResources('AWS::Lambda::Permission'));
    expect(permissions).toHaveLength(1);
    const sourceArn = JSON.stringify(permissions[0].Properties.SourceArn);
    expect(sourceArn).toContain(':execute-api:');
    expect(sourceArn).toContain(`{"Ref":"${f.stack.getLogicalId(f.api.httpApi.node.defaultChild as any)}"}`);
    expect(permissions[0].Properties.Principal).toBe('apigateway.amazonaws.com');
    expect(permissions[0].Properties.SourceAccount).toBe('123456789012');
    expect(sourceArn).toMatch(/"\/\*"\]\]\}$/);
  });

  test('alarms watch the HTTP API metrics by ApiId and Stage (4xx, 5xx, latency, count) with anomaly models', () => {
    const dims = [{ Name: 'ApiId', Value: { Ref: Match.stringLikeRegexp('Api') } }, { Name: 'Stage', Value: '$default' }];
    for (const metric of ['Count', '4xx', '5xx', 'Latency']) {
      t.hasResourceProperties('AWS::CloudWatch::AnomalyDetector', {
        SingleMetricAnomalyDetector: { Namespace: 'AWS/ApiGateway', MetricName: metric, Dimensions: dims },
      });
    }
    const alarms = JSON.stringify(t.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).not.toContain('"ApiName"');
    expect(alarms).not.toMatch(/"MetricName":"[45]XXError"/);
    expect(f.api.alarms?.behaviour).toBeDefined();
    t.hasResourceProperties('AWS::Logs::MetricFilter', { FilterPattern: '{ $.status = 401 }' });
  });

  test('alarms notify a KMS-encrypted alert topic', () => {
    t.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    const alarm = f.api.alarms!.serverErrorAlarm.node.defaultChild as any;
    expect(f.stack.resolve(alarm.alarmActions)).toHaveLength(1);
  });

  test('ApiBaselineChecks reports zero findings: the controls HTTP APIs cannot have are acknowledged by the construct', () => {
    expect(findings(new ApiBaselineChecks(), f.stack)).toEqual({});
    const acks = acknowledgementsOn(f.api.httpApi);
    expect(Object.keys(acks).sort()).toEqual(HTTP_UNAVAILABLE);
    expect(acks['ApiBaseline-StageWebAcl[Unavailable]']).toMatch(/No WAF web ACL is in front of this HTTP API.*Set "frontDoor".*or use SecureRestApi/);
    expect(acks['ApiBaseline-MethodRequestValidator[Unavailable]']).toMatch(/no request validators.*the integration validates/);
    expect(acks['ApiBaseline-StageXRayTracing[Unavailable]']).toMatch(/cannot send traces to X-Ray.*Lambda active tracing/);
    expect(acks['ApiBaseline-StageExecutionLogging[Unavailable]']).toMatch(/no execution logs.*access log/);
  });

  test('without the acknowledgements the pack reports exactly these controls, as [Unavailable] warnings', () => {
    const g = withRoutes({});
    const meta: any[] = (g.api.httpApi.node as any)._metadata;
    for (let i = meta.length - 1; i >= 0; i--) if (meta[i].type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) meta.splice(i, 1);
    const found = findings(new ApiBaselineChecks(), g.stack);
    expect(Object.keys(found).sort()).toEqual(HTTP_UNAVAILABLE);
    for (const id of HTTP_UNAVAILABLE) expect(found[id].severity).toBe('warning');
  });

  test('zero findings from cdk-nag AwsSolutions on the API', () => {
    const found = findings(new AwsSolutionsChecks(), f.stack);
    expect(Object.entries(found).filter(([, v]) => v.paths.some((p) => p.startsWith('Test/Api/')))).toEqual([]);
  });

  test('url and metrics with the ApiId and Stage dimensions', () => {
    const apiId = f.stack.getLogicalId(f.api.httpApi.node.defaultChild as any);
    expect(f.stack.resolve(f.api.url)).toEqual({ 'Fn::Join': ['', ['https://', { Ref: apiId }, '.execute-api.us-east-1.', { Ref: 'AWS::URLSuffix' }, '/']] });
    const metric = f.api.metricServerError();
    expect(metric.metricName).toBe('5xx');
    expect(Object.keys(metric.dimensions!)).toEqual(['ApiId', 'Stage']);
    expect(f.api.metricClientError().metricName).toBe('4xx');
    expect(f.api.metricCount().statistic).toBe('Sum');
    expect(f.api.metricLatency().statistic).toBe('Average');
    expect(f.api.metricIntegrationLatency().metricName).toBe('IntegrationLatency');
  });
});

describe('SecureHttpApi options', () => {
  test('a public route has no authorizer; its reason acknowledges the authorization findings', () => {
    const f = fixture();
    f.api.addRoute('GET /health', { integration: f.api.lambdaIntegration(f.fn), publicRoute: 'load balancer health check' });
    templateOf(f.stack).hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'GET /health', AuthorizationType: 'NONE' });
    const found = findings(new ApiBaselineChecks(), f.stack);
    expect(found['ApiBaseline-MethodAuthorization[GET /health]']).toBeUndefined();
    expect(Object.keys(findings(new AwsSolutionsChecks(), f.stack)).filter((id) => /APIG4/.test(id))).toEqual([]);
  });

  test('the public reason is recorded on the route as the acknowledgement of its authorization findings', () => {
    const f = fixture();
    const route = f.api.addRoute('GET /health', { integration: f.api.lambdaIntegration(f.fn), publicRoute: 'health check' });
    const acks = route.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY);
    const text = JSON.stringify(acks.map((m) => m.data));
    expect(text).toContain('ApiBaseline-MethodAuthorization');
    expect(text).toContain('AwsSolutions-APIG4');
    expect(text).toContain('Public route: health check');
  });

  test('the $default catch-all route and a greedy route', () => {
    const f = fixture();
    f.api.addRoute('$default', { integration: f.api.lambdaIntegration(f.fn), scopes: [f.orders.scope('read')] });
    f.api.addRoute('ANY /files/{path+}', { integration: f.api.lambdaIntegration(f.fn), scopes: [f.orders.scope('write')] });
    const t = templateOf(f.stack);
    t.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: '$default', AuthorizationType: 'JWT', AuthorizationScopes: ['orders/read'] });
    t.hasResourceProperties('AWS::ApiGatewayV2::Route', { RouteKey: 'ANY /files/{path+}', AuthorizationType: 'JWT' });
    expect(f.api.routeKeys).toEqual(['$default', 'ANY /files/{path+}']);
  });

  test('per-route throttling below the stage limits goes to RouteSettings', () => {
    const f = fixture({ disableAlarms: true, throttle: { rateLimit: 50, burstLimit: 80 } });
    f.api.addRoute('POST /orders', {
      integration: f.api.lambdaIntegration(f.fn), scopes: [f.orders.scope('write')], throttle: { rateLimit: 5, burstLimit: 10 },
    });
    templateOf(f.stack).hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      DefaultRouteSettings: { ThrottlingRateLimit: 50, ThrottlingBurstLimit: 80, DetailedMetricsEnabled: true },
      RouteSettings: { 'POST /orders': { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10, DetailedMetricsEnabled: true } },
    });
    expect(findings(new ApiBaselineChecks(), f.stack)['ApiBaseline-RouteThrottlingWithinStage']).toBeUndefined();
  });

  test('custom domain: TLS 1.2, mapping key, execute-api endpoint disabled, url on the domain', () => {
    const stack = testStack();
    const api = new SecureHttpApi(stack, 'Api', {
      disableAlarms: true, domain: { domainName: 'api.example.com', certificate: certificate(stack), mappingKey: 'v1' },
    });
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: 'api.example.com',
      DomainNameConfigurations: [{ SecurityPolicy: 'TLS_1_2', EndpointType: 'REGIONAL', CertificateArn: Match.anyValue() }],
    });
    t.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { ApiMappingKey: 'v1' });
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', { DisableExecuteApiEndpoint: true });
    expect(api.url).toBe('https://api.example.com/v1/');
    expect(api.domainName).toBeDefined();
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found['ApiBaseline-DomainTls12']).toBeUndefined();
    expect(found['ApiBaseline-DomainDisablesDefaultEndpoint']).toBeUndefined();
  });

  test('CORS for the named origins only; credentials allowed with named origins', () => {
    const stack = testStack();
    new SecureHttpApi(stack, 'Api', {
      disableAlarms: true,
      cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['GET', 'POST'], allowCredentials: true, maxAge: Duration.minutes(5) },
    });
    templateOf(stack).hasResourceProperties('AWS::ApiGatewayV2::Api', {
      CorsConfiguration: {
        AllowOrigins: ['https://app.example.com'],
        AllowMethods: ['GET', 'POST'],
        AllowCredentials: true,
        MaxAge: 300,
        AllowHeaders: Match.arrayWith(['Authorization']),
      },
    });
    expect(findings(new ApiBaselineChecks(), stack)['ApiBaseline-CorsNoWildcardOrigin']).toBeUndefined();
  });

  test('"*" is accepted with allowAnyOrigin; ANY becomes "*" in AllowMethods', () => {
    const stack = testStack();
    expect(() => new SecureHttpApi(stack, 'Api', {
      disableAlarms: true, cors: { allowOrigins: ['*'], allowAnyOrigin: true, allowMethods: ['ANY'] },
    })).not.toThrow();
    templateOf(stack).hasResourceProperties('AWS::ApiGatewayV2::Api', { CorsConfiguration: { AllowOrigins: ['*'], AllowMethods: ['*'] } });
  });

  test('HTTP integrations: an https URL and a private integration through a VPC link are accepted', () => {
    const f = fixture();
    expect(() => f.api.addRoute('GET /catalog', {
      integration: new HttpUrlIntegration('Catalog', 'https://catalog.example.com/items'), scopes: [f.orders.scope('read')],
    })).not.toThrow();
    const vpc = new ec2.Vpc(f.stack, 'Vpc', { maxAzs: 2 });
    const alb = new elbv2.ApplicationLoadBalancer(f.stack, 'Alb', { vpc });
    const listener = alb.addListener('Listener', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(200) });
    expect(() => f.api.addRoute('GET /internal', {
      integration: new HttpAlbIntegration('Internal', listener), scopes: [f.orders.scope('read')],
    })).not.toThrow();
    templateOf(f.stack).hasResourceProperties('AWS::ApiGatewayV2::Integration', { ConnectionType: 'VPC_LINK' });
  });

  test('a given user pool, log group and alert topic are used instead of new ones', () => {
    const stack = testStack();
    const userPool = new OAuthUserPool(stack, 'Pool');
    const accessLogGroup = new logs.LogGroup(stack, 'Logs');
    const alertTopic = new sns.Topic(stack, 'Topic');
    const api = new SecureHttpApi(stack, 'Api', { userPool, accessLogGroup, alertTopic, stageName: 'live', apiName: 'orders', description: 'Orders' });
    expect(api.userPool).toBe(userPool);
    expect(api.accessLogGroup).toBe(accessLogGroup);
    expect(api.alarms!.alertTopic).toBe(alertTopic);
    const t = templateOf(stack);
    t.resourceCountIs('AWS::Cognito::UserPool', 1);
    t.hasResourceProperties('AWS::ApiGatewayV2::Api', { Name: 'orders', Description: 'Orders' });
    t.hasResourceProperties('AWS::ApiGatewayV2::Stage', { StageName: 'live' });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'orders-live-5XXErrorAnomaly' });
  });

  test('disableAlarms opts out', () => {
    const f = fixture({ disableAlarms: true });
    expect(f.api.alarms).toBeUndefined();
    templateOf(f.stack).resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  test('stateful logical ids are pinned: access-log group, its key and the user pool', () => {
    const f = withRoutes({});
    const ids = (type: string) => Object.keys(templateOf(f.stack).findResources(type)).sort();
    expect(ids('AWS::Logs::LogGroup')).toEqual(['ApiAccessLogs50B185DB']);
    expect(ids('AWS::Cognito::UserPool')).toEqual(['ApiUserPoolBFF7BBB4']);
    expect(ids('AWS::KMS::Key')).toEqual(expect.arrayContaining(['ApiAccessLogsKeyED08F0E0']));
  });
});

describe('SecureHttpApi validation', () => {
  const build = (props: SecureHttpApiProps) => () => new SecureHttpApi(testStack(), 'Api', { disableAlarms: true, ...props });

  test('stageName', () => {
    expect(build({ stageName: 'prod stage' })).toThrow(/"stageName" must be "\$default" or 1-128 letters, digits, "_" or "-", got "prod stage"/);
    expect(build({ stageName: 'x'.repeat(129) })).toThrow(/"stageName"/);
    expect(build({ stageName: 'x'.repeat(128) })).not.toThrow();
    expect(build({ stageName: '$default' })).not.toThrow();
  });

  test('stage throttle', () => {
    expect(build({ throttle: { rateLimit: 0, burstLimit: 10 } })).toThrow(/"throttle.rateLimit" must be between 1 and 10000, got 0/);
    expect(build({ throttle: { rateLimit: 10, burstLimit: 5001 } })).toThrow(/"throttle.burstLimit" must be an integer between 1 and 5000, got 5001/);
    expect(build({ throttle: { rateLimit: 10 } as any })).toThrow(/"throttle" must set both rateLimit and burstLimit/);
    expect(build({ throttle: { rateLimit: 10_000, burstLimit: 5000 } })).not.toThrow();
    expect(build({ throttle: { rateLimit: 1, burstLimit: 1 } })).not.toThrow();
  });

  test('domain', () => {
    const stack = testStack();
    const cert = certificate(stack);
    const api = (domain: any, id: string) => () => new SecureHttpApi(stack, id, { disableAlarms: true, domain });
    expect(api({ domainName: 'API.example.com', certificate: cert }, 'A')).toThrow(/"domain.domainName" must be a lower-case DNS name/);
    expect(api({ domainName: 'api.example.com' }, 'B')).toThrow(/"domain.certificate" must be set/);
    expect(api({ domainName: 'api.example.com', certificate: cert, mappingKey: '/v1' }, 'C')).toThrow(/"domain.mappingKey" must be one or more segments/);
    expect(api({ domainName: 'api.example.com', certificate: cert, mappingKey: 'v1/orders' }, 'D')).not.toThrow();
  });

  test('CORS', () => {
    expect(build({ cors: { allowOrigins: ['*'] } })).toThrow(/"cors.allowOrigins\[0\]" must name specific origins/);
    expect(build({ cors: { allowOrigins: ['*'], allowAnyOrigin: true, allowCredentials: true } })).toThrow(/"cors.allowOrigins\[0\]" must not be "\*" when allowCredentials is true/);
    expect(build({ cors: { allowOrigins: ['http://app.example.com'] } })).toThrow(/"cors.allowOrigins\[0\]" must be an https origin/);
    expect(build({ cors: { allowOrigins: [] } })).toThrow(/"cors.allowOrigins" must list at least one origin/);
    expect(build({ cors: { allowOrigins: ['https://app.example.com'], allowMethods: ['TRACE'] } })).toThrow(/"cors.allowMethods\[0\]" must be one of/);
    expect(build({ cors: { allowOrigins: ['https://app.example.com', 'http://localhost:3000'] } })).not.toThrow();
  });

  test('a JWT route on a user pool without app clients is refused at synth (empty audience)', () => {
    const f = fixture({ disableAlarms: true }, false);
    f.api.addRoute('GET /orders', { integration: f.api.lambdaIntegration(f.fn), scopes: [f.orders.scope('read')] });
    expect(() => templateOf(f.stack)).toThrow(/"userPool" must have at least one app client/);
  });

  describe('routes', () => {
    let f: Fixture;
    beforeEach(() => { f = fixture(); });
    const add = (route: string, options: any) => () => f.api.addRoute(route, { integration: f.api.lambdaIntegration(f.fn), ...options });

    test('a route without scopes must be declared public, with a reason; $default too', () => {
      expect(add('GET /orders', {})).toThrow(/Route "GET \/orders": "scopes" must list at least one OAuth scope, or the route must be declared public/);
      expect(add('$default', {})).toThrow(/Route "\$default": "scopes" must list at least one OAuth scope/);
      expect(add('ANY /{proxy+}', {})).toThrow(/Route "ANY \/\{proxy\+\}": "scopes" must list/);
      expect(add('GET /orders', { publicRoute: ' ' })).toThrow(/"publicRoute" must be a non-empty reason/);
      expect(add('GET /orders', { publicRoute: 'catalogue', scopes: [f.orders.scope('read')] })).toThrow(/"publicRoute" must not be set on a route with scopes/);
      expect(add('GET /status', { publicRoute: 'status page' })).not.toThrow();
      expect(add('$default', { publicRoute: 'static fallback' })).not.toThrow();
    });

    test('scopes must be defined by the user pool', () => {
      const other = new OAuthUserPool(f.stack, 'Other').addResourceServer('billing', { scopes: { read: 'r' } });
      expect(add('GET /orders', { scopes: [other.scope('read')] })).toThrow(/"scopes\[0\]" must be defined by a resource server of the user pool \(orders\/read, orders\/write\), got "billing\/read"/);
      expect(add('GET /orders', { scopes: ['orders/read'] })).toThrow(/"scopes\[0\]" must be an OAuthScope/);
    });

    test('route strings are parsed as for SecureRestApi; OPTIONS and duplicates are refused', () => {
      expect(add('FETCH /orders', { scopes: [f.orders.scope('read')] })).toThrow(/"method" must be one of/);
      expect(add('GET orders', { scopes: [f.orders.scope('read')] })).toThrow(/"path" must start with "\/"/);
      expect(add('OPTIONS /orders', { scopes: [f.orders.scope('read')] })).toThrow(/"method" must not be OPTIONS/);
      expect(add('GET /orders/', { scopes: [f.orders.scope('read')] })).toThrow(/must not end with "\/"/);
      expect(add('get /orders', { scopes: [f.orders.scope('read')] })).not.toThrow();
      expect(add('GET /orders', { scopes: [f.orders.scope('read')] })).toThrow(/Route "GET \/orders": "route" must be unique/);
      expect(() => f.api.addRoute('GET /x', {} as any)).toThrow(/Route "GET \/x": "integration" must be set/);
    });

    test('route throttling must not exceed the stage (boundary: equal)', () => {
      const read = [f.orders.scope('read')];
      expect(add('GET /a', { scopes: read, throttle: { rateLimit: 101, burstLimit: 10 } })).toThrow(/Route "GET \/a": "throttle.rateLimit" must not exceed the stage's throttle.rateLimit \(100\), got 101/);
      expect(add('GET /b', { scopes: read, throttle: { rateLimit: 10, burstLimit: 201 } })).toThrow(/"throttle.burstLimit" must not exceed the stage's throttle.burstLimit \(200\), got 201/);
      expect(add('GET /c', { scopes: read, throttle: { rateLimit: 0, burstLimit: 10 } })).toThrow(/Route "GET \/c": "throttle.rateLimit" must be between 1 and 10000/);
      expect(add('GET /d', { scopes: read, throttle: { burstLimit: 10 } })).toThrow(/"throttle" must set both rateLimit and burstLimit/);
      expect(add('GET /e', { scopes: read, throttle: { rateLimit: 100, burstLimit: 200 } })).not.toThrow();
    });

    test('HTTP integrations over plain http are refused', () => {
      expect(() => f.api.addRoute('GET /legacy', {
        integration: new HttpUrlIntegration('Legacy', 'http://legacy.example.com/items'), scopes: [f.orders.scope('read')],
      })).toThrow(/Route "GET \/legacy": "integration" must call an https:\/\/ URL \(or go through a VPC link\)/);
    });
  });
});
