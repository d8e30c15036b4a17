import { Duration, Stack, Validations } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import {
  API_ACCESS_LOG_FORMAT, ApiEndpointType, SecureRestApi, SecureRestApiProps, SECURITY_RESPONSE_HEADERS,
} from '../../src/api';
import { OAuthResourceServer, OAuthUserPool } from '../../src/auth';
import { ApiFirewall } from '../../src/firewall';
import { ApiBaselineChecks } from '../../src/nag';
import { findings, templateOf, testStack } from '../util';

const S = apigw.JsonSchemaType;
const mock = () => new apigw.MockIntegration();
const lean: SecureRestApiProps = { disableFirewall: true, disableAlarms: true };
const PLANS: SecureRestApiProps['plans'] = {
  free: { throttle: { rateLimit: 5, burstLimit: 10 }, quota: { limit: 1000, period: apigw.Period.DAY } },
  partner: { throttle: { rateLimit: 50, burstLimit: 100 }, quota: { limit: 100000, period: apigw.Period.MONTH } },
};
const ORDER_SCHEMA: apigw.JsonSchema = {
  type: S.OBJECT,
  required: ['item'],
  properties: { item: { type: S.STRING, maxLength: 64 }, quantity: { type: S.INTEGER, minimum: 1, maximum: 99 } },
};

interface Fixture { stack: Stack; api: SecureRestApi; orders: OAuthResourceServer }

function fixture(props: SecureRestApiProps = lean): Fixture {
  const stack = testStack();
  const api = new SecureRestApi(stack, 'Api', props);
  const orders = api.userPool.addResourceServer('orders', { scopes: { read: 'Read orders', write: 'Write orders' } });
  return { stack, api, orders };
}

/** A small API with a read and a write route. */
function withRoutes(props: SecureRestApiProps = lean): Fixture {
  const f = fixture(props);
  f.api.addRoute('GET /orders/{id}', { integration: mock(), scopes: [f.orders.scope('read')] });
  f.api.addRoute('POST /orders', { integration: mock(), scopes: [f.orders.scope('write')], requestSchema: ORDER_SCHEMA });
  return f;
}

describe('SecureRestApi defaults', () => {
  let f: Fixture;
  let t: Template;
  beforeAll(() => {
    f = withRoutes({});
    t = templateOf(f.stack);
  });

  test('a regional REST API with no resource policy, the execute-api endpoint on and a generated name', () => {
    t.hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['REGIONAL'] },
      ApiKeySourceType: 'HEADER',
      Name: Match.stringLikeRegexp('Api'),
      Policy: Match.absent(),
      DisableExecuteApiEndpoint: Match.absent(),
    });
  });

  test('stage "prod": JSON access log, ERROR execution logs without data trace, metrics, X-Ray, throttling, no cache', () => {
    t.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'prod',
      TracingEnabled: true,
      CacheClusterEnabled: false,
      AccessLogSetting: {
        Format: API_ACCESS_LOG_FORMAT,
        DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ApiAccessLogs'), 'Arn'] },
      },
      MethodSettings: [{
        HttpMethod: '*',
        ResourcePath: '/*',
        LoggingLevel: 'ERROR',
        DataTraceEnabled: false,
        MetricsEnabled: true,
        ThrottlingRateLimit: 100,
        ThrottlingBurstLimit: 200,
        CachingEnabled: false,
      }],
    });
  });

  test('access logs go to a KMS-encrypted, retained, masked log group kept one year', () => {
    t.hasResource('AWS::Logs::LogGroup', {
      DeletionPolicy: 'Retain',
      Properties: {
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('ApiAccessLogsKey'), 'Arn'] },
        RetentionInDays: 365,
        DataProtectionPolicy: Match.anyValue(),
      },
    });
    expect(f.api.accessLogGroup).toBeInstanceOf(logs.LogGroup);
  });

  test('the CloudWatch role is set up once and retained', () => {
    t.resourceCountIs('AWS::ApiGateway::Account', 1);
    t.hasResource('AWS::IAM::Role', {
      DeletionPolicy: 'Retain',
      Properties: { ManagedPolicyArns: [{ 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('AmazonAPIGatewayPushToCloudWatchLogs')])] }] },
    });
  });

  test('4XX and 5XX gateway responses carry security headers and the request id, no internal detail', () => {
    const headers = Object.fromEntries(Object.entries(SECURITY_RESPONSE_HEADERS).map(([k, v]) => [`gatewayresponse.header.${k}`, v]));
    expect(headers).toEqual({
      'gatewayresponse.header.Strict-Transport-Security': "'max-age=31536000; includeSubDomains'",
      'gatewayresponse.header.X-Content-Type-Options': "'nosniff'",
      'gatewayresponse.header.Cache-Control': "'no-store'",
    });
    t.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'DEFAULT_4XX',
      ResponseParameters: headers,
      ResponseTemplates: { 'application/json': '{"message":$context.error.messageString,"requestId":"$context.requestId"}' },
    });
    t.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseType: 'DEFAULT_5XX',
      ResponseParameters: headers,
      ResponseTemplates: { 'application/json': '{"message":"Internal server error","requestId":"$context.requestId"}' },
    });
  });

  test('one COGNITO authorizer on the API\'s own user pool; methods carry the route scopes', () => {
    t.resourceCountIs('AWS::Cognito::UserPool', 1);
    t.resourceCountIs('AWS::ApiGateway::Authorizer', 1);
    t.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      IdentitySource: 'method.request.header.Authorization',
      ProviderARNs: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('ApiUserPool'), 'Arn'] }],
    });
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizationScopes: ['orders/read'],
      ApiKeyRequired: false,
      RequestParameters: { 'method.request.path.id': true },
    });
    expect(f.api.authorizer).toBeInstanceOf(apigw.CognitoUserPoolsAuthorizer);
  });

  test('two shared validators: body+parameters for POST, parameters only for GET; the POST has the tightened model', () => {
    t.resourceCountIs('AWS::ApiGateway::RequestValidator', 2);
    const validators = t.findResources('AWS::ApiGateway::RequestValidator');
    const id = (body: boolean) => Object.keys(validators).find((k) => validators[k].Properties.ValidateRequestBody === body);
    t.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', RequestValidatorId: { Ref: id(false) } });
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      RequestValidatorId: { Ref: id(true) },
      RequestModels: { 'application/json': { Ref: Match.stringLikeRegexp('ApiModel') } },
    });
    expect(validators[id(true)!].Properties.ValidateRequestParameters).toBe(true);
    t.hasResourceProperties('AWS::ApiGateway::Model', {
      ContentType: 'application/json',
      Schema: { $schema: 'http://json-schema.org/draft-04/schema#', additionalProperties: false, type: 'object' },
    });
  });

  test('a firewall is associated with the stage and alarms watch it', () => {
    t.resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    expect(f.api.firewall).toBeInstanceOf(ApiFirewall);
    expect(f.api.alarms).toBeDefined();
    expect(Object.keys(t.findResources('AWS::CloudWatch::Alarm')).length).toBeGreaterThan(0);
  });

  test('only Resource and Method per route: adding a route adds exactly those', () => {
    const before = Object.keys(templateOf(withRoutes().stack).toJSON().Resources).length;
    const g = withRoutes();
    g.api.addRoute('GET /customers/{id}', { integration: mock(), scopes: [g.orders.scope('read')] });
    const after = Template.fromStack(g.stack).toJSON().Resources;
    const types = (r: any) => Object.values(r).map((x: any) => x.Type);
    expect(Object.keys(after).length - before).toBe(3);
    expect(types(after).filter((x) => x === 'AWS::ApiGateway::Resource').length).toBe(4);
  });

  test('the CloudWatch role carries the one AwsSolutions acknowledgement, with its reason', () => {
    const role = f.api.restApi.node.findChild('CloudWatchRole');
    const acks = role.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY).map((m) => m.data);
    expect(acks).toEqual([{
      'Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]':
        expect.stringMatching(/account-level role API Gateway uses to write execution logs/),
    }]);
  });

  test('zero findings from cdk-nag AwsSolutions', () => {
    expect(findings(new AwsSolutionsChecks(), f.stack)).toEqual({});
  });

  test('zero findings from ApiBaselineChecks', () => {
    expect(findings(new ApiBaselineChecks(), f.stack)).toEqual({});
  });

  test('routeKeys, url and metrics with the stage dimension', () => {
    expect(f.api.routeKeys).toEqual(['GET /orders/{id}', 'POST /orders']);
    expect(f.stack.resolve(f.api.url)).toBeDefined();
    for (const m of [f.api.metricCount(), f.api.metricClientError(), f.api.metricServerError(), f.api.metricLatency(),
      f.api.metricIntegrationLatency(), f.api.metricCacheHitCount(), f.api.metricCacheMissCount(), f.api.metric('Count')]) {
      expect(m.namespace).toBe('AWS/ApiGateway');
      expect(Object.keys(m.dimensions!).sort()).toEqual(['ApiName', 'Stage']);
      expect(m.dimensions!.Stage).toBe(f.api.stage.stageName);
    }
    expect(f.api.metricServerError().metricName).toBe('5XXError');
    expect(f.api.metricLatency().metricName).toBe('Latency');
  });
});

describe('SecureRestApi options', () => {
  test('usage plans with throttle and quota; methods require API keys; keys get generated values and expiry tags', () => {
    const f = withRoutes({ ...lean, plans: PLANS });
    const key = f.api.addApiKey('acme', { plan: 'partner', expires: '2027-06-30' });
    f.api.addRoute('GET /health', { integration: mock(), scopes: [f.orders.scope('read')], apiKeyRequired: false });
    const t = templateOf(f.stack);
    t.resourceCountIs('AWS::ApiGateway::UsagePlan', 2);
    t.hasResourceProperties('AWS::ApiGateway::UsagePlan', {
      Throttle: { RateLimit: 50, BurstLimit: 100 },
      Quota: { Limit: 100000, Period: 'MONTH' },
      ApiStages: [{ ApiId: { Ref: Match.anyValue() }, Stage: { Ref: Match.anyValue() } }],
    });
    t.hasResourceProperties('AWS::ApiGateway::ApiKey', {
      Enabled: true,
      Value: Match.absent(),
      Tags: [{ Key: 'api-key-expires', Value: '2027-06-30' }],
    });
    t.resourceCountIs('AWS::ApiGateway::UsagePlanKey', 1);
    t.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST', ApiKeyRequired: true });
    t.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', ApiKeyRequired: false, ResourceId: { Ref: Match.stringLikeRegexp('health') } });
    expect(key).toBeInstanceOf(apigw.ApiKey);
    expect(f.api.usagePlan('free')).toBe(f.api.usagePlans.free);
  });

  test('a literal key value is accepted only when allowed (boundary: 20 characters)', () => {
    const f = fixture({ ...lean, plans: PLANS });
    expect(() => f.api.addApiKey('k', { plan: 'free', value: 'a'.repeat(20), allowLiteralValue: true })).not.toThrow();
    f.api.addRoute('GET /x', { integration: mock(), scopes: [f.orders.scope('read')] });
    templateOf(f.stack).hasResourceProperties('AWS::ApiGateway::ApiKey', { Value: 'a'.repeat(20) });
  });

  test('a public route has no authorizer but needs an API key; its reason acknowledges the authorization findings', () => {
    const f = fixture({ ...lean, plans: PLANS });
    f.api.addRoute('GET /status', { integration: mock(), publicRoute: 'status page for partners' });
    f.api.addRoute('GET /orders', { integration: mock(), scopes: [f.orders.scope('read')] });
    templateOf(f.stack).hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET', AuthorizationType: 'NONE', ApiKeyRequired: true, AuthorizationScopes: Match.absent(),
    });
    const aws = findings(new AwsSolutionsChecks(), f.stack);
    expect(Object.keys(aws).filter((id) => /APIG4|COG4/.test(id))).toEqual([]);
    const base = findings(new ApiBaselineChecks(), f.stack);
    expect(base['ApiBaseline-MethodAuthorization']).toBeUndefined();
    expect(base['ApiBaseline-UsagePlanMethodApiKey']).toBeUndefined();
  });

  test('an anonymous public route needs no API key', () => {
    const f = fixture();
    f.api.addRoute('GET /ping', { integration: mock(), publicRoute: 'load-balancer health check', allowAnonymous: true });
    templateOf(f.stack).hasResourceProperties('AWS::ApiGateway::Method', { AuthorizationType: 'NONE', ApiKeyRequired: false });
    expect(findings(new ApiBaselineChecks(), f.stack)['ApiBaseline-MethodAuthorization']).toBeUndefined();
  });

  test('routes with the same tightened schema share one model; a different schema gets its own', () => {
    const build = (third: boolean) => {
      const f = fixture();
      const reordered: apigw.JsonSchema = { properties: ORDER_SCHEMA.properties, required: ['item'], type: S.OBJECT };
      f.api.addRoute('POST /orders', { integration: mock(), scopes: [f.orders.scope('write')], requestSchema: ORDER_SCHEMA });
      f.api.addRoute('PUT /orders/{id}', { integration: mock(), scopes: [f.orders.scope('write')], requestSchema: reordered });
      if (third) {
        f.api.addRoute('PATCH /orders/{id}', {
          integration: mock(),
          scopes: [f.orders.scope('write')],
          requestSchema: { type: S.OBJECT, properties: { note: { type: S.STRING, maxLength: 10 } } },
        });
      }
      return templateOf(f.stack);
    };
    build(false).resourceCountIs('AWS::ApiGateway::Model', 1);
    const t = build(true);
    t.resourceCountIs('AWS::ApiGateway::Model', 2);
    t.resourceCountIs('AWS::ApiGateway::RequestValidator', 1);
  });

  test('maxStringLength bounds strings without maxLength; allowUnboundedSchema opts out', () => {
    const f = fixture({ ...lean, maxStringLength: 128 });
    f.api.addRoute('POST /notes', {
      integration: mock(),
      scopes: [f.orders.scope('write')],
      requestSchema: { type: S.OBJECT, properties: { text: { type: S.STRING } } },
    });
    f.api.addRoute('POST /blobs', {
      integration: mock(),
      scopes: [f.orders.scope('write')],
      allowUnboundedSchema: true,
      requestSchema: { type: S.OBJECT, properties: { parts: { type: S.ARRAY, items: { type: S.INTEGER } } } },
    });
    const t = templateOf(f.stack);
    t.hasResourceProperties('AWS::ApiGateway::Model', { Schema: { properties: { text: { type: 'string', maxLength: 128 } } } });
    t.hasResourceProperties('AWS::ApiGateway::Model', { Schema: { properties: { parts: { type: 'array', maxItems: Match.absent() } } } });
  });

  test('declared request parameters are added to the path parameters', () => {
    const f = fixture();
    f.api.addRoute('GET /orders/{id}/lines', {
      integration: mock(),
      scopes: [f.orders.scope('read')],
      requestParameters: { 'method.request.querystring.page': false, 'method.request.header.X-Tenant': true, 'method.request.path.id': true },
    });
    templateOf(f.stack).hasResourceProperties('AWS::ApiGateway::Method', {
      RequestParameters: { 'method.request.path.id': true, 'method.request.querystring.page': false, 'method.request.header.X-Tenant': true },
    });
  });

  test('custom throttle, encrypted cache with TTL, and tracing opt-out', () => {
    const f = withRoutes({
      ...lean, throttle: { rateLimit: 10000, burstLimit: 5000 }, cache: { sizeGb: 1.6, ttl: Duration.hours(1) }, disableTracing: true,
    });
    templateOf(f.stack).hasResourceProperties('AWS::ApiGateway::Stage', {
      TracingEnabled: false,
      CacheClusterEnabled: true,
      CacheClusterSize: '1.6',
      MethodSettings: [Match.objectLike({
        ThrottlingRateLimit: 10000, ThrottlingBurstLimit: 5000, CachingEnabled: true, CacheDataEncrypted: true, CacheTtlInSeconds: 3600,
      })],
    });
  });

  test('cache defaults: 0.5 GB, five minutes', () => {
    const f = withRoutes({ ...lean, cache: {} });
    templateOf(f.stack).hasResourceProperties('AWS::ApiGateway::Stage', {
      CacheClusterSize: '0.5', MethodSettings: [Match.objectLike({ CacheTtlInSeconds: 300, CacheDataEncrypted: true })],
    });
  });

  test('custom domain: TLS 1.2, base path, execute-api endpoint disabled; enhanced policies use STRICT mode', () => {
    const stack = testStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    const api = new SecureRestApi(stack, 'Api', { ...lean, domain: { domainName: 'api.example.com', certificate, basePath: 'v1/orders' } });
    api.addRoute('GET /x', { integration: mock(), publicRoute: 'test', allowAnonymous: true });
    const api2 = new SecureRestApi(stack, 'Api2', {
      ...lean, domain: { domainName: 'api2.example.com', certificate, securityPolicy: apigw.SecurityPolicy.TLS13_1_3_2025_09 },
    });
    api2.addRoute('GET /x', { integration: mock(), publicRoute: 'test', allowAnonymous: true });
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::ApiGateway::RestApi', { DisableExecuteApiEndpoint: true });
    t.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'api.example.com', SecurityPolicy: 'TLS_1_2', EndpointConfiguration: { Types: ['REGIONAL'] },
    });
    // a multi-level base path is mapped with an API mapping
    t.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', { ApiMappingKey: 'v1/orders' });
    t.hasResourceProperties('AWS::ApiGateway::DomainName', {
      DomainName: 'api2.example.com', SecurityPolicy: 'SecurityPolicy_TLS13_1_3_2025_09', EndpointAccessMode: 'STRICT',
    });
    expect(api.url).toBe('https://api.example.com/v1/orders/');
    expect(api2.url).toBe('https://api2.example.com/');
    const base = findings(new ApiBaselineChecks(), stack);
    expect(Object.keys(base).filter((id) => /Domain/.test(id))).toEqual([]);
  });

  test('private endpoint: only the given VPC endpoints may invoke', () => {
    const stack = testStack();
    const vpce = ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(stack, 'E', { vpcEndpointId: 'vpce-0123', port: 443 });
    const api = new SecureRestApi(stack, 'Api', { ...lean, endpointType: ApiEndpointType.PRIVATE, vpcEndpoints: [vpce] });
    api.addRoute('GET /x', { integration: mock(), publicRoute: 'test', allowAnonymous: true });
    templateOf(stack).hasResourceProperties('AWS::ApiGateway::RestApi', {
      EndpointConfiguration: { Types: ['PRIVATE'] },
      Policy: {
        Statement: [
          Match.objectLike({ Effect: 'Allow', Action: 'execute-api:Invoke', Principal: { AWS: '*' } }),
          Match.objectLike({ Effect: 'Deny', Condition: { StringNotEquals: { 'aws:SourceVpce': ['vpce-0123'] } } }),
        ],
      },
    });
  });

  test('IP allow-list: calls from other addresses are denied', () => {
    const f = withRoutes({ ...lean, allowedCidrs: ['203.0.113.0/24', '2001:db8::/32'] });
    templateOf(f.stack).hasResourceProperties('AWS::ApiGateway::RestApi', {
      Policy: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny', Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:db8::/32'] } },
        })]),
      },
    });
  });

  test('IP allow-list: the former name allowedIpRanges gives the same policy, and errors name it', () => {
    const policyOf = (props: SecureRestApiProps) => templateOf(withRoutes({ ...lean, ...props }).stack)
      .findResources('AWS::ApiGateway::RestApi');
    const current = Object.values(policyOf({ allowedCidrs: ['203.0.113.0/24'] }))[0].Properties.Policy;
    const former = Object.values(policyOf({ allowedIpRanges: ['203.0.113.0/24'] }))[0].Properties.Policy;
    expect(former).toEqual(current);
    expect(() => new SecureRestApi(testStack(), 'Api', { ...lean, allowedIpRanges: ['203.0.113.1/24'] }))
      .toThrow(/"allowedIpRanges\[0\]" must not set address bits after the prefix \(the block is "203.0.113.0\/24"\)/);
  });

  test('IP allow-list: allowedCidrs and allowedIpRanges together are refused', () => {
    expect(() => new SecureRestApi(testStack(), 'Api', { ...lean, allowedCidrs: ['203.0.113.0/24'], allowedIpRanges: ['198.51.100.0/24'] }))
      .toThrow(/"allowedIpRanges" must not be set together with "allowedCidrs"/);
  });

  test('validation errors name the construct path', () => {
    const stack = testStack();
    expect(() => new SecureRestApi(stack, 'Api', { ...lean, stageName: 'bad stage' }))
      .toThrow(`${stack.node.path}/Api: "stageName" must be 1-128 letters, digits, "_" or "-", got "bad stage"`);
    const api = new SecureRestApi(stack, 'Api2', lean);
    expect(() => api.usagePlan('gold')).toThrow(`${stack.node.path}/Api2: "plan" must be one of the plans (none), got "gold"`);
  });

  test('CORS preflight on route resources only, for the named origins', () => {
    const f = withRoutes({ ...lean, cors: { allowOrigins: ['https://app.example.com'] } });
    const t = templateOf(f.stack);
    const options = Object.values(t.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'OPTIONS' } }));
    expect(options.length).toBe(2);
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'OPTIONS',
      Integration: {
        IntegrationResponses: [Match.objectLike({
          ResponseParameters: Match.objectLike({ 'method.response.header.Access-Control-Allow-Origin': "'https://app.example.com'" }),
        })],
      },
    });
    const base = findings(new ApiBaselineChecks(), f.stack);
    expect(Object.keys(base).filter((id) => /Cors|Method|Validator/.test(id))).toEqual([]);
    expect(findings(new AwsSolutionsChecks(), f.stack)['AwsSolutions-APIG4']).toBeUndefined();
  });

  test('"*" is accepted with allowAnyOrigin', () => {
    expect(() => withRoutes({ ...lean, cors: { allowOrigins: ['*'], allowAnyOrigin: true } })).not.toThrow();
  });

  test('a given user pool, log group, firewall and alert topic are used instead of new ones', () => {
    const stack = testStack();
    const userPool = new OAuthUserPool(stack, 'Pool');
    const orders = userPool.addResourceServer('orders', { scopes: { read: 'Read' } });
    const accessLogGroup = new logs.LogGroup(stack, 'Logs');
    const firewall = new ApiFirewall(stack, 'Waf');
    const alertTopic = new sns.Topic(stack, 'Topic');
    const api = new SecureRestApi(stack, 'Api', { userPool, accessLogGroup, firewall, alertTopic });
    api.addRoute('GET /orders', { integration: mock(), scopes: [orders.scope('read')] });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::Cognito::UserPool', 1);
    t.resourceCountIs('AWS::WAFv2::WebACL', 1);
    t.resourceCountIs('AWS::SNS::Topic', 1);
    t.hasResourceProperties('AWS::ApiGateway::Stage', {
      AccessLogSetting: { DestinationArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Logs'), 'Arn'] } },
    });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: Match.stringLikeRegexp('^Topic') }] });
    expect(api.userPool).toBe(userPool);
    expect(api.firewall).toBe(firewall);
  });

  test('disableFirewall and disableAlarms opt out', () => {
    const t = templateOf(withRoutes(lean).stack);
    t.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    t.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });

  test('two APIs in a stack share one CloudWatch role; cloudWatchRole: false sets up none', () => {
    const stack = testStack();
    const pool = new OAuthUserPool(stack, 'Pool');
    pool.addResourceServer('orders', { scopes: { read: 'Read' } });
    const a = new SecureRestApi(stack, 'A', { ...lean, userPool: pool });
    const b = new SecureRestApi(stack, 'B', { ...lean, userPool: pool });
    for (const api of [a, b]) api.addRoute('GET /x', { integration: mock(), scopes: [pool.scope('orders/read')] });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::ApiGateway::Account', 1);
    const account = Object.keys(t.findResources('AWS::ApiGateway::Account'))[0];
    const stages = t.findResources('AWS::ApiGateway::Stage');
    expect(Object.values(stages).every((s: any) => (s.DependsOn ?? []).includes(account))).toBe(true);

    const f = withRoutes({ ...lean, cloudWatchRole: false });
    templateOf(f.stack).resourceCountIs('AWS::ApiGateway::Account', 0);
  });

  test('lambdaIntegration: one invoke permission per function, scoped to the API', () => {
    const f = fixture();
    const fn = new lambda.Function(f.stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>({})'),
    });
    const integration = f.api.lambdaIntegration(fn);
    f.api.addRoute('GET /orders', { integration, scopes: [f.orders.scope('read')] });
    f.api.addRoute('GET /orders/{id}', { integration, scopes: [f.orders.scope('read')] });
    f.api.addRoute('DELETE /orders/{id}', { integration: f.api.lambdaIntegration(fn), scopes: [f.orders.scope('write')] });
    const t = templateOf(f.stack);
    t.resourceCountIs('AWS::Lambda::Permission', 1);
    Annotations.fromStack(f.stack).hasNoWarning('*', Match.stringLikeRegexp('Lambda permissions per route'));
    t.hasResourceProperties('AWS::Lambda::Permission', {
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/\\*/\\*/\\*$|/\\*/\\*')])] },
    });
  });
});

test('a method-scoped LambdaIntegration gets a warning naming the route', () => {
  const f = fixture();
  const fn = new lambda.Function(f.stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>({})'),
  });
  f.api.addRoute('GET /orders', { integration: new apigw.LambdaIntegration(fn), scopes: [f.orders.scope('read')] });
  Annotations.fromStack(f.stack).hasWarning('*', Match.stringLikeRegexp('Route "GET /orders": this LambdaIntegration adds two Lambda permissions per route'));
});

describe('SecureRestApi validation', () => {
  const create = (props: SecureRestApiProps) => () => new SecureRestApi(testStack(), 'Api', { ...lean, ...props });
  const certificate = () => acm.Certificate.fromCertificateArn(new Stack(), 'C', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');

  test.each<[string, SecureRestApiProps, RegExp]>([
    ['rate below 1', { throttle: { rateLimit: -5, burstLimit: 10 } }, /"throttle.rateLimit" must be between 1 and 10000, got -5/],
    ['rate above 10000', { throttle: { rateLimit: 10001, burstLimit: 10 } }, /"throttle.rateLimit" must be between 1 and 10000, got 10001/],
    ['burst 0', { throttle: { rateLimit: 5, burstLimit: 0 } }, /"throttle.burstLimit" must be an integer between 1 and 5000, got 0/],
    ['burst above 5000', { throttle: { rateLimit: 5, burstLimit: 5001 } }, /"throttle.burstLimit" must be an integer between 1 and 5000, got 5001/],
    ['cache size', { cache: { sizeGb: 2 } }, /"cache.sizeGb" must be one of 0.5, 1.6/],
    ['cache TTL above an hour', { cache: { ttl: Duration.seconds(3601) } }, /"cache.ttl" must be between 1 and 3600 seconds, got "3601 seconds"/],
    ['cache TTL 0', { cache: { ttl: Duration.seconds(0) } }, /"cache.ttl" must be between 1 and 3600 seconds, got "0 seconds"/],
    ['stage name', { stageName: 'prod stage' }, /"stageName" must be 1-128 letters, digits, "_" or "-", got "prod stage"/],
    ['maxStringLength 0', { maxStringLength: 0 }, /"maxStringLength" must be an integer between 1 and 1000000, got 0/],
    ['plan without quota', { plans: { free: { throttle: { rateLimit: 1, burstLimit: 1 } } as any } }, /"plans.free.quota" must be set/],
    ['plan without throttle', { plans: { free: { quota: { limit: 1, period: apigw.Period.DAY } } as any } }, /"plans.free.throttle" must be set/],
    ['plan with half a throttle', { plans: { free: { throttle: { rateLimit: 1 }, quota: { limit: 1, period: apigw.Period.DAY } } as any } }, /"plans.free.throttle" must set both rateLimit and burstLimit/],
    ['plan rate', { plans: { free: { throttle: { rateLimit: 0, burstLimit: 1 }, quota: { limit: 1, period: apigw.Period.DAY } } } }, /"plans.free.throttle.rateLimit" must be between 1 and 10000, got 0/],
    ['plan quota 0', { plans: { free: { throttle: { rateLimit: 1, burstLimit: 1 }, quota: { limit: 0, period: apigw.Period.DAY } } } }, /"plans.free.quota.limit" must be an integer between 1 and 2147483647, got 0/],
    ['plan name', { plans: { 'free tier': PLANS!.free } }, /"plans" must have names of 1-64 letters, digits, "_" or "-", got "free tier"/],
    ['PRIVATE without VPC endpoints', { endpointType: ApiEndpointType.PRIVATE }, /"vpcEndpoints" must list at least one interface VPC endpoint for a PRIVATE endpoint/],
    ['unknown endpoint type', { endpointType: 'EDGE' as any }, /"endpointType" must be one of REGIONAL, PRIVATE, got "EDGE"/],
    ['bad CIDR', { allowedCidrs: ['10.0.0.300/8'] }, /"allowedCidrs\[0\]" must be an IPv4 or IPv6 CIDR block .*got "10.0.0.300\/8"/],
    ['CIDR without prefix', { allowedCidrs: ['10.0.0.1'] }, /"allowedCidrs\[0\]" must be an IPv4 or IPv6 CIDR block/],
    ['CIDR prefix too long', { allowedCidrs: ['10.0.0.0/33'] }, /"allowedCidrs\[0\]" must be an IPv4 CIDR block with a prefix of \/1-\/32/],
    ['every address', { allowedCidrs: ['0.0.0.0/0'] }, /"allowedCidrs\[0\]" must not allow every address/],
    ['empty IP list', { allowedCidrs: [] }, /"allowedCidrs" must list at least one CIDR block/],
    ['TLS 1.0', { domain: { domainName: 'api.example.com', certificate: certificate(), securityPolicy: apigw.SecurityPolicy.TLS_1_0 } }, /"domain.securityPolicy" must be TLS 1.2 or stronger .*got "TLS_1_0"/],
    ['edge policy', { domain: { domainName: 'api.example.com', certificate: certificate(), securityPolicy: apigw.SecurityPolicy.TLS12_2018_EDGE } }, /"domain.securityPolicy" must be TLS 1.2 or stronger/],
    ['domain name', { domain: { domainName: 'API.example.com', certificate: certificate() } }, /"domain.domainName" must be a lower-case DNS name/],
    ['base path', { domain: { domainName: 'api.example.com', certificate: certificate(), basePath: '/v1/' } }, /"domain.basePath" must be one or more segments/],
    ['CORS "*"', { cors: { allowOrigins: ['*'] } }, /"cors.allowOrigins\[0\]" must name specific origins; "\*" lets any web site call the API \(set "allowAnyOrigin: true" to accept it\), got "\*"/],
    ['CORS http origin', { cors: { allowOrigins: ['http://app.example.com'] } }, /"cors.allowOrigins\[0\]" must be an https origin without path/],
    ['CORS origin with a path', { cors: { allowOrigins: ['https://app.example.com/x'] } }, /"cors.allowOrigins\[0\]" must be an https origin without path/],
    ['CORS without origins', { cors: { allowOrigins: [] } }, /"cors.allowOrigins" must list at least one origin/],
    ['CORS "*" with credentials', { cors: { allowOrigins: ['*'], allowAnyOrigin: true, allowCredentials: true } }, /must not be "\*" when allowCredentials is true/],
    ['firewall and disableFirewall', { firewall: {} as any, disableFirewall: true }, /"disableFirewall" must not be set together with "firewall"/],
  ])('refuses %s', (_name, props, message) => {
    expect(create(props)).toThrow(message);
  });

  test('VPC endpoints on a regional API, and a domain on a private API, are refused', () => {
    const stack = testStack();
    const vpce = ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(stack, 'E', { vpcEndpointId: 'vpce-1', port: 443 });
    expect(() => new SecureRestApi(stack, 'A', { ...lean, vpcEndpoints: [vpce] }))
      .toThrow(/"vpcEndpoints" must only be set with endpointType PRIVATE/);
    expect(() => new SecureRestApi(stack, 'B', {
      ...lean,
      endpointType: ApiEndpointType.PRIVATE,
      vpcEndpoints: [vpce],
      domain: { domainName: 'api.example.com', certificate: certificate() },
    })).toThrow(/"domain" must not be set for a PRIVATE endpoint/);
  });

  test('boundaries are accepted', () => {
    expect(create({ throttle: { rateLimit: 1, burstLimit: 1 } })).not.toThrow();
    expect(create({ throttle: { rateLimit: 10000, burstLimit: 5000 } })).not.toThrow();
    expect(create({ cache: { ttl: Duration.seconds(1), sizeGb: 237 } })).not.toThrow();
    expect(create({ allowedCidrs: ['10.0.0.1/32', '::1/128'] })).not.toThrow();
    expect(create({ maxStringLength: 1 })).not.toThrow();
    expect(create({ cors: { allowOrigins: ['http://localhost:3000', 'https://a.example.com:8443'] } })).not.toThrow();
  });

  describe('routes', () => {
    let f: Fixture;
    beforeEach(() => {
      f = fixture({ ...lean, plans: PLANS });
      f.api.addRoute('GET /orders/{id}', { integration: mock(), scopes: [f.orders.scope('read')] });
    });
    const read = () => f.orders.scope('read');

    test.each<[string, string, () => any, RegExp]>([
      ['a duplicate route', 'get /orders/{id}', () => ({ integration: mock(), scopes: [read()] }),
        /Route "GET \/orders\/\{id\}": "route" must be unique, but it was already added/],
      ['no scopes and no public reason', 'GET /orders', () => ({ integration: mock() }),
        /Route "GET \/orders": "scopes" must list at least one OAuth scope, or the route must be declared public/],
      ['an unknown scope', 'GET /orders', () => ({ integration: mock(), scopes: [f.orders.scope('read'), { scopeName: 'orders/admin' }] }),
        /Route "GET \/orders": "scopes\[1\]" must be defined by a resource server of the user pool \(orders\/read, orders\/write\), got "orders\/admin"/],
      ['a scope that is not a scope', 'GET /orders', () => ({ integration: mock(), scopes: ['orders/read'] }),
        /Route "GET \/orders": "scopes\[0\]" must be an OAuthScope/],
      ['a blank public reason', 'GET /status', () => ({ integration: mock(), publicRoute: '  ' }),
        /Route "GET \/status": "publicRoute" must be a non-empty reason/],
      ['a public reason with scopes', 'GET /status', () => ({ integration: mock(), publicRoute: 'x', scopes: [read()] }),
        /Route "GET \/status": "publicRoute" must not be set on a route with scopes/],
      ['allowAnonymous on a protected route', 'GET /status', () => ({ integration: mock(), scopes: [read()], allowAnonymous: true }),
        /Route "GET \/status": "allowAnonymous" must only be set on a public route/],
      ['a public route without API key', 'GET /status', () => ({ integration: mock(), publicRoute: 'x', apiKeyRequired: false }),
        /Route "GET \/status": "apiKeyRequired" must be true for a public route .*unless "allowAnonymous: true"/],
      ['a schema on GET', 'GET /orders', () => ({ integration: mock(), scopes: [read()], requestSchema: ORDER_SCHEMA }),
        /Route "GET \/orders": "requestSchema" must only be set for methods with a body/],
      ['an unbounded schema', 'POST /orders', () => ({ integration: mock(), scopes: [read()], requestSchema: { type: S.OBJECT, properties: { n: { type: S.STRING } } } }),
        /Route "POST \/orders": "requestSchema.properties.n.maxLength" must be set/],
      ['an invalid pattern', 'POST /orders', () => ({ integration: mock(), scopes: [read()], requestSchema: { type: S.STRING, maxLength: 3, pattern: '[' } }),
        /Route "POST \/orders": "requestSchema.pattern" must be a valid regular expression/],
      ['a malformed parameter name', 'GET /orders', () => ({ integration: mock(), scopes: [read()], requestParameters: { 'querystring.page': true } }),
        /Route "GET \/orders": "requestParameters" must have names "method.request/],
      ['a path parameter not in the route', 'GET /orders', () => ({ integration: mock(), scopes: [read()], requestParameters: { 'method.request.path.id': true } }),
        /Route "GET \/orders": "requestParameters" must name a path parameter of the route \(none\)/],
      ['a non-boolean parameter flag', 'GET /orders', () => ({ integration: mock(), scopes: [read()], requestParameters: { 'method.request.querystring.a': 'yes' } }),
        /Route "GET \/orders": "requestParameters.method.request.querystring.a" must be true \(required\) or false/],
      ['a second path parameter name at one level', 'DELETE /orders/{orderId}', () => ({ integration: mock(), scopes: [read()] }),
        /Route "DELETE \/orders\/\{orderId\}": "path" must use the same path parameter as other routes at \/orders\/\{id\}/],
      ['no integration', 'GET /orders', () => ({ scopes: [read()] }), /Route "GET \/orders": "integration" must be set/],
      ['a malformed method', 'FETCH /orders', () => ({ integration: mock(), scopes: [read()] }), /Route "FETCH \/orders": "method" must be one of/],
    ])('refuses %s', (_name, route, options, message) => {
      expect(() => f.api.addRoute(route, options())).toThrow(message);
    });

    test('apiKeyRequired without plans is refused', () => {
      const g = fixture();
      expect(() => g.api.addRoute('GET /x', { integration: mock(), scopes: [g.orders.scope('read')], apiKeyRequired: true }))
        .toThrow(/Route "GET \/x": "apiKeyRequired" needs usage plans \("plans" on the API\)/);
      expect(() => g.api.addRoute('GET /y', { integration: mock(), publicRoute: 'probe' }))
        .toThrow(/Route "GET \/y": "apiKeyRequired" must be true for a public route/);
    });

    test('the same path with another method, and a sibling literal, are accepted', () => {
      expect(() => f.api.addRoute('DELETE /orders/{id}', { integration: mock(), scopes: [f.orders.scope('write')] })).not.toThrow();
      expect(() => f.api.addRoute('GET /orders/latest', { integration: mock(), scopes: [read()] })).not.toThrow();
    });
  });

  test.each<[string, any, RegExp]>([
    ['an unknown plan', { plan: 'gold' }, /"addApiKey\(k\).plan" must be one of the plans \(free, partner\), got "gold"/],
    ['a literal value', { plan: 'free', value: 'x'.repeat(30) }, /"addApiKey\(k\).value" must not be set: a literal key is stored in the template/],
    ['a short literal value', { plan: 'free', value: 'short', allowLiteralValue: true }, /"addApiKey\(k\).value" must be 20-128 characters long/],
    ['a malformed expiry', { plan: 'free', expires: '30/06/2027' }, /"addApiKey\(k\).expires" must be an ISO 8601 date/],
    ['an impossible expiry', { plan: 'free', expires: '2027-13-01' }, /"addApiKey\(k\).expires" must be an ISO 8601 date/],
  ])('addApiKey refuses %s', (_name, options, message) => {
    const f = fixture({ ...lean, plans: PLANS });
    expect(() => f.api.addApiKey('k', options)).toThrow(message);
  });

  test('addApiKey without plans, and usagePlan of an unknown tier, are refused', () => {
    const f = fixture();
    expect(() => f.api.addApiKey('k', { plan: 'free' })).toThrow(/"addApiKey\(k\).plan" must name a plan, but the API has no "plans"/);
    expect(() => f.api.usagePlan('free')).toThrow(/"plan" must be one of the plans \(none\), got "free"/);
  });
});
