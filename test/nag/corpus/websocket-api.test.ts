import { CfnCondition, CfnParameter, Duration, Fn, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { WebSocketLambdaAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { WebSocketLambdaIntegration, WebSocketMockIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ApiBaselineChecks } from '../../../src';
import { errorIds as errorsOf, findings, ruleFindings, testStack } from '../../util';
import { inlineFunction } from '../fixtures/lambda';
import { alertTopic, serverErrorsAlarm, stageAccessLogs, v2Domain } from '../fixtures/stages';

const API_PATH = 'Test/Chat/Resource';
const STAGE_PATH = 'Test/Prod/Resource';

/** The one thing a variant changes in the hardened WebSocket API. */
interface WebSocketOptions {
  /** False leaves `$connect` without an authorizer. */
  readonly connectAuthorizer?: boolean;
  /** The stage-wide route settings (CloudFormation names), replacing the hardened ones. */
  readonly defaultRouteSettings?: any;
  /** Per-route settings (CloudFormation names). */
  readonly routeSettings?: any;
  readonly accessLogs?: boolean;
  readonly accessLogFormat?: AccessLogFormat;
  /** `ExecutionError` (default), `IntegrationError`, `ClientError`, or `none`. */
  readonly alarmMetric?: string;
  /** The `ApiId` dimension of the alarm, instead of the API's id. */
  readonly alarmApiId?: string;
  /** A condition to put the alarm under. */
  readonly alarmCondition?: (stack: Stack) => CfnCondition;
  readonly securityPolicy?: apigwv2.SecurityPolicy;
  readonly disableExecuteApiEndpoint?: boolean;
}

const HARDENED_ROUTE_SETTINGS = {
  LoggingLevel: 'ERROR',
  DataTraceEnabled: false,
  DetailedMetricsEnabled: true,
  ThrottlingRateLimit: 100,
  ThrottlingBurstLimit: 50,
};

const JSON_FORMAT = AccessLogFormat.custom(JSON.stringify({
  requestId: '$context.requestId',
  connectionId: '$context.connectionId',
  eventType: '$context.eventType',
  routeKey: '$context.routeKey',
  status: '$context.status',
  error: '$context.error.message',
}));

/** A hardened WebSocket API (aws-cdk-lib L2, stage settings on the L1) with one control changed by `o`. */
function hardenedWebSocketApi(stack: Stack, o: WebSocketOptions = {}) {
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
  const logGroup = stageAccessLogs(stack, key, [logs.DataIdentifier.IPADDRESS]);
  const fn = (id: string) => inlineFunction(stack, id, lambda.Runtime.NODEJS_24_X);
  const authorizer = new WebSocketLambdaAuthorizer('Authorizer', fn('AuthorizerFn'), {
    identitySource: ['route.request.header.Authorization'],
  });
  const api = new apigwv2.WebSocketApi(stack, 'Chat', {
    connectRouteOptions: {
      integration: new WebSocketLambdaIntegration('Connect', fn('ConnectFn')),
      authorizer: o.connectAuthorizer === false ? undefined : authorizer,
    },
    disconnectRouteOptions: { integration: new WebSocketMockIntegration('Disconnect') },
    defaultRouteOptions: { integration: new WebSocketMockIntegration('Default') },
  });
  api.addRoute('sendMessage', { integration: new WebSocketMockIntegration('SendMessage') });
  (api.node.defaultChild as apigwv2.CfnApi).disableExecuteApiEndpoint = o.disableExecuteApiEndpoint ?? true;
  const domain = v2Domain(stack, 'chat.example.com', o.securityPolicy);
  const stage = new apigwv2.WebSocketStage(stack, 'Prod', {
    webSocketApi: api,
    stageName: 'prod',
    autoDeploy: true,
    accessLogSettings: o.accessLogs === false ? undefined : {
      destination: new apigwv2.LogGroupLogDestination(logGroup),
      format: o.accessLogFormat ?? JSON_FORMAT,
    },
    domainMapping: { domainName: domain },
  });
  const cfnStage = stage.node.defaultChild as apigwv2.CfnStage;
  // execution logging, data trace and throttling of a WebSocket stage are L1 settings
  cfnStage.addPropertyOverride('DefaultRouteSettings', o.defaultRouteSettings ?? HARDENED_ROUTE_SETTINGS);
  cfnStage.addPropertyOverride('RouteSettings', o.routeSettings ?? {
    sendMessage: { LoggingLevel: 'INFO', DataTraceEnabled: false, ThrottlingRateLimit: 20, ThrottlingBurstLimit: 10 },
  });
  const topic = alertTopic(stack, key);
  const metricName = o.alarmMetric ?? 'ExecutionError';
  if (metricName !== 'none') {
    const alarm = serverErrorsAlarm(stack, new cloudwatch.Metric({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensionsMap: { ApiId: o.alarmApiId ?? api.apiId, Stage: stage.stageName },
      statistic: 'Sum',
      period: Duration.minutes(1),
    }), topic);
    if (o.alarmCondition) (alarm.node.defaultChild as cloudwatch.CfnAlarm).cfnOptions.condition = o.alarmCondition(stack);
  }
  return { api, stage };
}

describe('WebSocket API corpus', () => {
  test('the hardened WebSocket API has no error, and one warning per control WebSocket APIs cannot have', () => {
    const stack = testStack();
    hardenedWebSocketApi(stack);
    const all = findings(new ApiBaselineChecks(), stack);
    expect(errorsOf(all)).toEqual([]);
    for (const rule of ['MethodRequestValidator', 'StageWebAcl', 'StageXRayTracing']) {
      expect(all[`ApiBaseline-${rule}[Unavailable]`]).toEqual(expect.objectContaining({ severity: 'warning', paths: [API_PATH] }));
    }
    // WebSocket APIs have execution logs, so that control is judged, not reported unavailable
    expect(all['ApiBaseline-StageExecutionLogging[Unavailable]']).toBeUndefined();
  });

  test('routes other than $connect cannot carry an authorizer and are not findings', () => {
    const stack = testStack();
    hardenedWebSocketApi(stack);
    expect(Object.keys(ruleFindings('MethodAuthorization', stack))).toEqual([]);
  });

  test.each<[string, WebSocketOptions, string, string, string[]?]>([
    ['$connect without an authorizer', { connectAuthorizer: false }, 'ApiBaseline-MethodAuthorization[$connect]', 'Test/Chat/$connect-Route/Resource'],
    ['data trace on for every route', { defaultRouteSettings: { ...HARDENED_ROUTE_SETTINGS, DataTraceEnabled: true } }, 'ApiBaseline-StageDataTraceOff', STAGE_PATH],
    ['data trace on for one route', { routeSettings: { sendMessage: { DataTraceEnabled: true } } }, 'ApiBaseline-StageDataTraceOff', STAGE_PATH],
    ['execution logging OFF', { defaultRouteSettings: { ...HARDENED_ROUTE_SETTINGS, LoggingLevel: 'OFF' } }, 'ApiBaseline-StageExecutionLogging', STAGE_PATH],
    ['execution logging OFF for one route', { routeSettings: { sendMessage: { LoggingLevel: 'OFF' } } }, 'ApiBaseline-StageExecutionLogging', STAGE_PATH],
    ['no execution logging level', { defaultRouteSettings: { ...HARDENED_ROUTE_SETTINGS, LoggingLevel: undefined } }, 'ApiBaseline-StageExecutionLogging', STAGE_PATH],
    ['no access logs', { accessLogs: false }, 'ApiBaseline-StageJsonAccessLogging', STAGE_PATH],
    ['access logs that are not JSON', { accessLogFormat: AccessLogFormat.custom('$context.requestId $context.connectionId $context.status') }, 'ApiBaseline-StageJsonAccessLogging', STAGE_PATH],
    ['no throttling', { defaultRouteSettings: { LoggingLevel: 'ERROR', DataTraceEnabled: false } }, 'ApiBaseline-StageThrottling', STAGE_PATH],
    ['throttling turned off for one route', { routeSettings: { sendMessage: { ThrottlingRateLimit: -1, ThrottlingBurstLimit: -1 } } }, 'ApiBaseline-StageThrottling', STAGE_PATH,
      // unlimited is also more than the stage allows
      ['ApiBaseline-RouteThrottlingWithinStage']],
    ['a route throttled above the stage', { routeSettings: { sendMessage: { ThrottlingRateLimit: 5000, ThrottlingBurstLimit: 10 } } }, 'ApiBaseline-RouteThrottlingWithinStage', STAGE_PATH],
    ['no alarm', { alarmMetric: 'none' }, 'ApiBaseline-Stage5xxAlarm', STAGE_PATH],
    ['an alarm on client errors only', { alarmMetric: 'ClientError' }, 'ApiBaseline-Stage5xxAlarm', STAGE_PATH],
    ['an alarm on another API', { alarmApiId: 'a1b2c3d4e5' }, 'ApiBaseline-Stage5xxAlarm', STAGE_PATH],
    ['an alarm under a condition that is false', { alarmCondition: (s) => new CfnCondition(s, 'Never', { expression: Fn.conditionEquals('a', 'b') }) }, 'ApiBaseline-Stage5xxAlarm', STAGE_PATH],
    ['a domain with TLS 1.0', { securityPolicy: apigwv2.SecurityPolicy.TLS_1_0 }, 'ApiBaseline-DomainTls12', 'Test/Domain/Resource'],
    ['the default endpoint left enabled behind a domain', { disableExecuteApiEndpoint: false }, 'ApiBaseline-DomainDisablesDefaultEndpoint', API_PATH],
  ])('%s', (_name, options, id, path, alsoExpected = []) => {
    const stack = testStack();
    hardenedWebSocketApi(stack, options);
    const all = findings(new ApiBaselineChecks(), stack);
    expect(all[id]).toEqual(expect.objectContaining({ severity: 'error' }));
    expect(all[id].paths).toContain(path);
    // the variant breaks one control: the base's other controls still hold
    expect(errorsOf(all).filter((e) => e !== id)).toEqual(alsoExpected);
  });

  test('an IntegrationError alarm watches the stage as well', () => {
    const stack = testStack();
    hardenedWebSocketApi(stack, { alarmMetric: 'IntegrationError' });
    expect(errorsOf(findings(new ApiBaselineChecks(), stack))).toEqual([]);
  });

  test('an alarm under a condition that is true watches the stage', () => {
    const stack = testStack();
    hardenedWebSocketApi(stack, { alarmCondition: (s) => new CfnCondition(s, 'Always', { expression: Fn.conditionEquals('a', 'a') }) });
    expect(errorsOf(findings(new ApiBaselineChecks(), stack))).toEqual([]);
  });

  test('an alarm under a condition that cannot be decided is unverifiable, not a pass', () => {
    const stack = testStack();
    const env = new CfnParameter(stack, 'Env', { type: 'String' });
    hardenedWebSocketApi(stack, { alarmCondition: (s) => new CfnCondition(s, 'IsProd', { expression: Fn.conditionEquals(env.valueAsString, 'x') }) });
    const all = findings(new ApiBaselineChecks(), stack);
    expect(all['ApiBaseline-Stage5xxAlarm[Unverifiable]']).toEqual(expect.objectContaining({ severity: 'warning', paths: [STAGE_PATH] }));
    expect(all['ApiBaseline-Stage5xxAlarm']).toBeUndefined();
  });

  test('a stage setting from a parameter is judged for every allowed value', () => {
    const stack = testStack();
    const level = new CfnParameter(stack, 'LogLevel', { default: 'ERROR', allowedValues: ['ERROR', 'INFO', 'OFF'] });
    hardenedWebSocketApi(stack, { defaultRouteSettings: { ...HARDENED_ROUTE_SETTINGS, LoggingLevel: level.valueAsString } });
    const finding = findings(new ApiBaselineChecks(), stack)['ApiBaseline-StageExecutionLogging'];
    expect(finding).toEqual(expect.objectContaining({ severity: 'error', paths: [STAGE_PATH] }));
    expect(finding.description).toContain('parameter LogLevel = "OFF"');
  });
});
