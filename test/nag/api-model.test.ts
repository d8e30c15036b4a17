import { CfnCondition, CfnParameter, Fn, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ApiBaselineChecks } from '../../src';
import { findings, testStack } from '../util';
import { STAGE_CONTROL_IDS } from './fixtures/stages';

const JSON_FORMAT = JSON.stringify({ requestId: '$context.requestId', status: '$context.status' });
const LOG_GROUP = 'arn:aws:logs:us-east-1:123456789012:log-group:access';
const WEB_ACL = 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/acl/1';

/** The errors a stage without any settings breaks, one per stage control. */
const STAGE_ERRORS = STAGE_CONTROL_IDS;

/** The finding ids reported on the resource at `path`, with their severity. */
function findingsAt(stack: Stack, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [id, f] of Object.entries(findings(new ApiBaselineChecks(), stack))) {
    if (f.paths.includes(path)) out[id] = f.severity;
  }
  return out;
}

/** A condition that is statically true or false, or that depends on a parameter. */
function condition(stack: Stack, id: string, holds: boolean | undefined): CfnCondition {
  const expression = holds === undefined
    ? Fn.conditionEquals(new CfnParameter(stack, `${id}Env`).valueAsString, 'prod')
    : Fn.conditionEquals('a', holds ? 'a' : 'b');
  return new CfnCondition(stack, id, { expression });
}

function openMethod(stack: Stack, id: string, props: Partial<apigw.CfnMethodProps> = {}): apigw.CfnMethod {
  return new apigw.CfnMethod(stack, id, {
    restApiId: 'abc', resourceId: 'root', httpMethod: 'GET', authorizationType: 'NONE', ...props,
  });
}

describe('stages of a deployment', () => {
  test('a deployment with StageName and an empty StageDescription is judged like a stage, on the deployment', () => {
    const stack = testStack();
    new apigw.CfnDeployment(stack, 'Deployment', { restApiId: 'abc', stageName: 'prod', stageDescription: { dataTraceEnabled: true } });
    const found = findingsAt(stack, 'Test/Deployment');
    for (const id of [...STAGE_ERRORS, 'ApiBaseline-StageDataTraceOff']) expect(found[id]).toBe('error');
  });

  test('a hardened StageDescription has none of the stage errors', () => {
    const stack = testStack();
    const rest = new apigw.CfnRestApi(stack, 'Rest', { name: 'orders' });
    new apigw.CfnDeployment(stack, 'Deployment', {
      restApiId: rest.ref,
      stageName: 'prod',
      stageDescription: {
        accessLogSetting: { destinationArn: LOG_GROUP, format: JSON_FORMAT },
        loggingLevel: 'ERROR',
        dataTraceEnabled: false,
        tracingEnabled: true,
        throttlingRateLimit: 100,
        throttlingBurstLimit: 200,
        methodSettings: [{ httpMethod: 'GET', resourcePath: '/~1items', throttlingRateLimit: 10, throttlingBurstLimit: 20 }],
      },
    });
    new wafv2.CfnWebACLAssociation(stack, 'Assoc', {
      webAclArn: WEB_ACL,
      resourceArn: Fn.sub('arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/prod', { Api: rest.ref }),
    });
    new cloudwatch.Metric({ namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensionsMap: { ApiName: 'orders', Stage: 'prod' } })
      .createAlarm(stack, 'Alarm', { threshold: 1, evaluationPeriods: 1 });
    const found = findingsAt(stack, 'Test/Deployment');
    expect(Object.keys(found).filter((id) => found[id] === 'error')).toEqual([]);
    expect(Object.keys(found)).toEqual([]);
  });

  test('a deployment without StageName is no stage', () => {
    const stack = testStack();
    new apigw.CfnDeployment(stack, 'Deployment', { restApiId: 'abc' });
    expect(findingsAt(stack, 'Test/Deployment')).toEqual({});
  });
});

describe('labelled findings of OpenAPI operations', () => {
  function specApi(stack: Stack): apigw.CfnRestApi {
    const api = new apigw.SpecRestApi(stack, 'Api', {
      cloudWatchRole: false,
      apiDefinition: apigw.ApiDefinition.fromInline({
        openapi: '3.0.1',
        info: { title: 'orders', version: '1' },
        paths: {
          '/a': { get: { responses: { 200: { description: 'ok' } } } },
          '/b': { post: { responses: { 200: { description: 'ok' } } } },
        },
      }),
    });
    return api.node.defaultChild as apigw.CfnRestApi;
  }

  test('each operation without security is named, on the RestApi resource', () => {
    const stack = testStack();
    specApi(stack);
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found['ApiBaseline-MethodAuthorization[GET /a]']?.paths).toEqual(['Test/Api/Resource']);
    expect(found['ApiBaseline-MethodAuthorization[POST /b]']?.paths).toEqual(['Test/Api/Resource']);
    expect(found['ApiBaseline-MethodAuthorization[POST /b]']?.severity).toBe('error');
    expect(found['ApiBaseline-MethodAuthorization']).toBeUndefined();
  });

  test('acknowledging one labelled id leaves the other operation reported', () => {
    const stack = testStack();
    const l1 = specApi(stack);
    Validations.of(l1).acknowledge({ id: 'ApiBaseline-MethodAuthorization[GET /a]', reason: 'a public health check' });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found['ApiBaseline-MethodAuthorization[GET /a]']).toBeUndefined();
    expect(found['ApiBaseline-MethodAuthorization[POST /b]']?.paths).toEqual(['Test/Api/Resource']);
  });

  test('acknowledging the plain id on the RestApi covers every operation', () => {
    const stack = testStack();
    const l1 = specApi(stack);
    Validations.of(l1).acknowledge({ id: 'ApiBaseline-MethodAuthorization', reason: 'authorized by the backend' });
    const ids = Object.keys(findings(new ApiBaselineChecks(), stack));
    expect(ids.filter((id) => id.startsWith('ApiBaseline-MethodAuthorization'))).toEqual([]);
    // other rules still judge the operations
    expect(ids).toContain('ApiBaseline-MethodRequestValidator[POST /b]');
  });
});

describe('controls that cannot exist on an API', () => {
  const UNAVAILABLE_ON_HTTP = ['MethodRequestValidator', 'StageWebAcl', 'StageXRayTracing', 'StageExecutionLogging'];

  test('an HTTP API gets one warning per missing control, on its Api resource, naming the alternative', () => {
    const stack = testStack();
    new apigwv2.HttpApi(stack, 'Http');
    const found = findings(new ApiBaselineChecks(), stack);
    const unavailable = Object.keys(found).filter((id) => id.endsWith('[Unavailable]')).sort();
    expect(unavailable).toEqual(UNAVAILABLE_ON_HTTP.map((r) => `ApiBaseline-${r}[Unavailable]`).sort());
    for (const id of unavailable) {
      expect(found[id].severity).toBe('warning');
      expect(found[id].paths).toEqual(['Test/Http/Resource']);
    }
    expect(found['ApiBaseline-StageWebAcl[Unavailable]'].description).toMatch(/CloudFront|REST API/);
    // the controls are not judged as errors on the stage
    for (const rule of UNAVAILABLE_ON_HTTP) expect(found[`ApiBaseline-${rule}`]).toBeUndefined();
  });

  test('a WebSocket API keeps execution logging and loses the others', () => {
    const stack = testStack();
    new apigwv2.WebSocketApi(stack, 'Socket');
    const found = findings(new ApiBaselineChecks(), stack);
    const unavailable = Object.keys(found).filter((id) => id.endsWith('[Unavailable]')).sort();
    expect(unavailable).toEqual(['MethodRequestValidator', 'StageWebAcl', 'StageXRayTracing'].map((r) => `ApiBaseline-${r}[Unavailable]`).sort());
  });

  test('each warning can be acknowledged on the Api resource', () => {
    const stack = testStack();
    const api = new apigwv2.HttpApi(stack, 'Http');
    Validations.of(api.node.defaultChild!).acknowledge({ id: 'ApiBaseline-StageWebAcl[Unavailable]', reason: 'CloudFront with a web ACL in front' });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found['ApiBaseline-StageWebAcl[Unavailable]']).toBeUndefined();
    expect(found['ApiBaseline-StageXRayTracing[Unavailable]']?.paths).toEqual(['Test/Http/Resource']);
  });
});

describe('a body the pack cannot read', () => {
  test('BodyS3Location is unverifiable and named', () => {
    const stack = testStack();
    new apigw.CfnRestApi(stack, 'Rest', { name: 'orders', bodyS3Location: { bucket: 'b', key: 'k' } });
    const found = findings(new ApiBaselineChecks(), stack)['ApiBaseline-MethodAuthorization[Unverifiable]'];
    expect(found?.severity).toBe('warning');
    expect(found?.paths).toEqual(['Test/Rest']);
    expect(found?.description).toMatch(/BodyS3Location/);
  });

  test('an AWS::Include transform is unverifiable and named', () => {
    const stack = testStack();
    new apigw.CfnRestApi(stack, 'Rest', {
      name: 'orders',
      body: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } },
    });
    const found = findings(new ApiBaselineChecks(), stack)['ApiBaseline-MethodAuthorization[Unverifiable]'];
    expect(found?.paths).toEqual(['Test/Rest']);
    expect(found?.description).toMatch(/Fn::Transform/);
  });
});

describe('conditions', () => {
  function protectedStage(holds: boolean | undefined): Stack {
    const stack = testStack();
    const rest = new apigw.CfnRestApi(stack, 'Rest', { name: 'orders' });
    const prod = new apigw.CfnStage(stack, 'Prod', { restApiId: rest.ref, stageName: 'prod' });
    const assoc = new wafv2.CfnWebACLAssociation(stack, 'Assoc', {
      webAclArn: WEB_ACL,
      resourceArn: Fn.sub('arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage}', { Api: rest.ref, Stage: prod.ref }),
    });
    assoc.cfnOptions.condition = condition(stack, 'Created', holds);
    return stack;
  }

  test('a web ACL association under a false condition does not protect the stage', () => {
    expect(findingsAt(protectedStage(false), 'Test/Prod')['ApiBaseline-StageWebAcl']).toBe('error');
  });

  test('under a true condition it does', () => {
    const found = findingsAt(protectedStage(true), 'Test/Prod');
    expect(found['ApiBaseline-StageWebAcl']).toBeUndefined();
    expect(found['ApiBaseline-StageWebAcl[Unverifiable]']).toBeUndefined();
  });

  test('under an undecidable condition it is unverifiable', () => {
    const found = findingsAt(protectedStage(undefined), 'Test/Prod');
    expect(found['ApiBaseline-StageWebAcl']).toBeUndefined();
    expect(found['ApiBaseline-StageWebAcl[Unverifiable]']).toBe('warning');
  });

  test('an insecure method under a false condition is not judged; under a true one it is', () => {
    const stack = testStack();
    openMethod(stack, 'Never').cfnOptions.condition = condition(stack, 'IsNever', false);
    openMethod(stack, 'Always').cfnOptions.condition = condition(stack, 'IsAlways', true);
    expect(findings(new ApiBaselineChecks(), stack)['ApiBaseline-MethodAuthorization']?.paths).toEqual(['Test/Always']);
  });

  test('Fn::If with a decidable condition is resolved inside a property', () => {
    const stack = testStack();
    const yes = condition(stack, 'Yes', true);
    const no = condition(stack, 'No', false);
    openMethod(stack, 'Iam', { authorizationType: Fn.conditionIf(yes.logicalId, 'AWS_IAM', 'NONE').toString() });
    openMethod(stack, 'Open', { authorizationType: Fn.conditionIf(no.logicalId, 'AWS_IAM', 'NONE').toString() });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found['ApiBaseline-MethodAuthorization']?.paths).toEqual(['Test/Open']);
    expect(found['ApiBaseline-MethodAuthorization[Unverifiable]']).toBeUndefined();
  });
});

describe('parameters', () => {
  function param(stack: Stack, id: string, props: { default?: string; allowedValues?: string[] }): string {
    return new CfnParameter(stack, id, { type: 'String', ...props }).valueAsString;
  }

  test('a breaking allowed value gives the error, naming the parameter and the value', () => {
    const stack = testStack();
    new apigw.CfnStage(stack, 'Stage', {
      restApiId: 'abc',
      tracingEnabled: param(stack, 'Tracing', { default: 'true', allowedValues: ['true', 'false'] }) as any,
      accessLogSetting: {
        destinationArn: param(stack, 'LogDestination', { default: LOG_GROUP, allowedValues: [LOG_GROUP, ''] }),
        format: JSON_FORMAT,
      },
    });
    openMethod(stack, 'Method', { authorizationType: param(stack, 'Auth', { default: 'AWS_IAM', allowedValues: ['AWS_IAM', 'NONE'] }) });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found['ApiBaseline-StageXRayTracing']?.severity).toBe('error');
    expect(found['ApiBaseline-StageXRayTracing']?.description).toContain('parameter Tracing = "false"');
    expect(found['ApiBaseline-MethodAuthorization']?.description).toContain('parameter Auth = "NONE"');
    expect(found['ApiBaseline-StageJsonAccessLogging']?.description).toContain('parameter LogDestination = ""');
  });

  test('a breaking default alone is enough', () => {
    const stack = testStack();
    openMethod(stack, 'Method', { authorizationType: param(stack, 'Auth', { default: 'NONE' }) });
    expect(findings(new ApiBaselineChecks(), stack)['ApiBaseline-MethodAuthorization']?.description).toContain('parameter Auth = "NONE"');
  });

  test('when every allowed value is safe there is no finding', () => {
    const stack = testStack();
    new apigw.CfnStage(stack, 'Stage', {
      restApiId: 'abc',
      tracingEnabled: param(stack, 'Tracing', { default: 'true', allowedValues: ['true'] }) as any,
      accessLogSetting: { destinationArn: param(stack, 'LogDestination', { default: LOG_GROUP, allowedValues: [LOG_GROUP] }), format: JSON_FORMAT },
    });
    openMethod(stack, 'Method', { authorizationType: param(stack, 'Auth', { default: 'AWS_IAM', allowedValues: ['AWS_IAM', 'CUSTOM'] }) });
    const ids = Object.keys(findings(new ApiBaselineChecks(), stack));
    for (const rule of ['StageXRayTracing', 'StageJsonAccessLogging', 'MethodAuthorization']) {
      expect(ids.filter((id) => id.startsWith(`ApiBaseline-${rule}`))).toEqual([]);
    }
  });

  test('a parameter without default or allowed values is unverifiable', () => {
    const stack = testStack();
    new apigw.CfnStage(stack, 'Stage', { restApiId: 'abc', tracingEnabled: param(stack, 'Tracing', {}) as any });
    openMethod(stack, 'Method', { authorizationType: param(stack, 'Auth', {}) });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found['ApiBaseline-StageXRayTracing']).toBeUndefined();
    expect(found['ApiBaseline-StageXRayTracing[Unverifiable]']?.severity).toBe('warning');
    expect(found['ApiBaseline-MethodAuthorization']).toBeUndefined();
    expect(found['ApiBaseline-MethodAuthorization[Unverifiable]']?.paths).toEqual(['Test/Method']);
  });
});

describe('logical ids named like Object.prototype members', () => {
  const IDS = ['constructor', 'toString', '__proto__', 'valueOf', 'hasOwnProperty'];

  test.each(IDS)('an unauthenticated method and an unlogged stage with the id %s are reported', (logicalId) => {
    const methods = testStack('Methods');
    openMethod(methods, 'Method').overrideLogicalId(logicalId);
    expect(findings(new ApiBaselineChecks(), methods)['ApiBaseline-MethodAuthorization']?.paths).toEqual(['Methods/Method']);

    const stages = testStack('Stages');
    new apigw.CfnStage(stages, 'Stage', { restApiId: 'abc', stageName: 'prod' }).overrideLogicalId(logicalId);
    const found = findings(new ApiBaselineChecks(), stages);
    expect(found['ApiBaseline-StageJsonAccessLogging']?.paths).toEqual(['Stages/Stage']);
    expect(found['ApiBaseline-StageXRayTracing']?.paths).toEqual(['Stages/Stage']);
  });
});

describe('[Unavailable] warnings of HTTP and WebSocket APIs in one stack', () => {
  test('the warning names the alternative of each kind of API', () => {
    const stack = testStack();
    new apigwv2.CfnApi(stack, 'Http', { name: 'http', protocolType: 'HTTP' });
    new apigwv2.CfnApi(stack, 'Ws', { name: 'ws', protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' });
    const found = findings(new ApiBaselineChecks(), stack)['ApiBaseline-StageXRayTracing[Unavailable]'];
    expect(found?.paths.sort()).toEqual(['Test/Http', 'Test/Ws']);
    expect(found?.description).toContain('HTTP APIs cannot send traces');
    expect(found?.description).toContain('WebSocket APIs cannot send traces');
  });
});
