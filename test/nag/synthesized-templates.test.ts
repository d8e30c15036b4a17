import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import {
  App, AppProps, CfnParameter, Duration, NestedStack, RemovalPolicy, Stack, Stage,
} from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { outcomeOf, synthesize } from './synth-context';
import { buildApp } from '../../examples/orders-app';
import { ApiBaselineGate, SecureRestApi } from '../../src';
import { readResources, resourcesOfCdkTemplate } from '../../src/nag/synthesized-templates';

const ENV = { account: '123456789012', region: 'us-east-1' };


/** A hand-written aws-cdk-lib app that breaks many rules, with a value only known at deploy time. */
function insecureApp(props: AppProps = {}): App {
  const app = new App({ builtinCloudFormationValidation: false, ...props });
  const stack = new Stack(app, 'Insecure', { env: ENV });
  const api = new apigw.RestApi(stack, 'Api', {
    defaultCorsPreflightOptions: { allowOrigins: apigw.Cors.ALL_ORIGINS },
    deployOptions: { dataTraceEnabled: true },
  });
  const model = api.addModel('Open', { contentType: 'application/json', schema: { type: apigw.JsonSchemaType.OBJECT } });
  const items = api.root.addResource('items');
  items.addMethod('GET', new apigw.MockIntegration());
  items.addMethod('POST', new apigw.MockIntegration(), { requestModels: { 'application/json': model }, apiKeyRequired: false });
  const plan = api.addUsagePlan('Plan');
  plan.addApiStage({ stage: api.deploymentStage });
  new apigw.CfnApiKey(stack, 'Key', { value: 'a-literal-key-value-in-the-template', enabled: true });
  const pool = new cognito.UserPool(stack, 'Pool', { removalPolicy: RemovalPolicy.DESTROY });
  pool.addClient('Client', { oAuth: { flows: { implicitCodeGrant: true }, callbackUrls: ['https://example.com'] } });
  new s3.CfnBucket(stack, 'Bucket');
  new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_DAY, removalPolicy: RemovalPolicy.DESTROY });
  new dynamodb.CfnTable(stack, 'Table', {
    keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
    attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }],
    billingMode: 'PAY_PER_REQUEST',
  });
  new sns.CfnTopic(stack, 'Topic');
  new lambda.CfnFunction(stack, 'Old', {
    runtime: 'nodejs16.x', handler: 'index.handler', role: 'arn:aws:iam::123456789012:role/r', code: { zipFile: 'x' },
  });
  new wafv2.CfnWebACL(stack, 'Acl', {
    defaultAction: { allow: {} },
    scope: 'REGIONAL',
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'acl', sampledRequestsEnabled: true },
  });
  new cloudwatch.Alarm(stack, 'Quiet', {
    metric: api.metricServerError({ period: Duration.minutes(1) }), threshold: 1, evaluationPeriods: 1,
  });
  new cognito.CfnUserPool(stack, 'ParamPool', { mfaConfiguration: new CfnParameter(stack, 'Mfa').valueAsString });
  return app;
}

/** A SecureRestApi whose routes spill into nested stacks, inside a Stage (a nested cloud assembly). */
function shardedApp(props: AppProps = {}): App {
  const app = new App({ builtinCloudFormationValidation: false, ...props });
  const stage = new Stage(app, 'Prod');
  const stack = new Stack(stage, 'Routes', { env: ENV });
  const api = new SecureRestApi(stack, 'Api', { disableFirewall: true, disableAlarms: true, shardingThreshold: 60 });
  const orders = api.userPool.addResourceServer('orders', { scopes: { read: 'Read', write: 'Write' } });
  for (let i = 0; i < 40; i++) {
    api.addRoute(`GET /g${i % 4}/items${i}/{id}`, { integration: new apigw.MockIntegration(), scopes: [orders.scope('read')] });
    api.addRoute(`POST /g${i % 4}/items${i}`, {
      integration: new apigw.MockIntegration(),
      scopes: [orders.scope('write')],
      requestSchema: { type: apigw.JsonSchemaType.OBJECT, properties: { name: { type: apigw.JsonSchemaType.STRING, maxLength: 9 } } },
    });
  }
  // a hand-written method in a nested stack that breaks rules
  const nested = new NestedStack(stack, 'Extra');
  new apigw.CfnMethod(nested, 'Open', {
    httpMethod: 'GET', authorizationType: 'NONE', restApiId: api.restApi.restApiId, resourceId: api.restApi.restApiRootResourceId,
  });
  return app;
}

const WITH_PATHS = { context: { 'aws:cdk:enable-path-metadata': true } };
const WITHOUT_LOGICAL_ID_METADATA = { context: { 'aws:cdk:disable-logicalId-metadata': true } };

describe('on synth the pack reads the synthesized templates', () => {
  const cases: Array<[string, () => App]> = [
    ['the example app', () => buildApp(new App({ builtinCloudFormationValidation: false }), { checks: false })],
    ['a hand-written insecure app (path metadata)', () => insecureApp(WITH_PATHS)],
    ['a hand-written insecure app (logical ids from the assembly manifest)', () => insecureApp()],
    ['a hand-written insecure app (logical ids resolved)', () => insecureApp(WITHOUT_LOGICAL_ID_METADATA)],
    ['a sharded API in a stage (path metadata)', () => shardedApp(WITH_PATHS)],
    ['a sharded API in a stage (logical ids from the assembly manifest)', () => shardedApp()],
  ];

  test.each(cases)('%s: the same outcomes and findings as rendering every resource', (_name, build) => {
    const app = build();
    const context = synthesize(app);
    const fromTemplates = outcomeOf((pack) => pack.validate(context));
    const rendered = outcomeOf((pack) => pack.validateScope(app));
    expect(fromTemplates.evaluations.length).toBeGreaterThan(20);
    expect(fromTemplates).toEqual(rendered);
  });

  test('the fixtures do break rules, so that equal findings mean something', () => {
    const insecure = outcomeOf((pack) => pack.validate(synthesize(insecureApp())));
    expect(insecure.violations.length).toBeGreaterThan(15);
    expect(insecure.violations.some((v) => v.includes('[Unverifiable]'))).toBe(true);
    const sharded = outcomeOf((pack) => pack.validate(synthesize(shardedApp())));
    expect(sharded.violations.some((v) => v.startsWith('ApiBaseline-MethodAuthorization ') && v.includes('Prod/Routes/Extra/Open'))).toBe(true);
  });

  test('what the pack judges is the template on disk', () => {
    const app = shardedApp(WITH_PATHS);
    const context = synthesize(app);
    const shard = (app.node.findChild('Prod').node.findChild('Routes').node.findChild('Api') as SecureRestApi).shards[0];
    const file = join(Stage.of(shard)!.outdir, shard.templateFile);
    const template = JSON.parse(readFileSync(file, 'utf8'));
    const [id] = Object.entries<any>(template.Resources).find(([, r]) => r.Type === 'AWS::ApiGateway::Method')!;
    template.Resources[id].Properties.AuthorizationType = 'NONE';
    writeFileSync(file, JSON.stringify(template));

    const fromTemplates = outcomeOf((pack) => pack.validate(context));
    const rendered = outcomeOf((pack) => pack.validateScope(app));
    const tampered = template.Resources[id].Metadata['aws:cdk:path'];
    expect(fromTemplates.violations.filter((v) => v.includes(` ${tampered} `)).map((v) => v.split(' ')[0]))
      .toContain('ApiBaseline-MethodAuthorization');
    expect(rendered.violations.some((v) => v.includes(` ${tampered} `))).toBe(false);
  });

  test('a stack whose template is missing is rendered instead', () => {
    const app = shardedApp(WITH_PATHS);
    const context = synthesize(app);
    const api = app.node.findChild('Prod').node.findChild('Routes').node.findChild('Api') as SecureRestApi;
    rmSync(join(Stage.of(api)!.outdir, api.shards[0].templateFile));
    expect(outcomeOf((pack) => pack.validate(context))).toEqual(outcomeOf((pack) => pack.validateScope(app)));
  });

  test('the gate of ApiBaseline.enforce hands the synthesized templates to the pack', () => {
    const app = shardedApp(WITH_PATHS);
    const context = synthesize(app);
    const api = app.node.findChild('Prod').node.findChild('Routes').node.findChild('Api') as SecureRestApi;
    const file = join(Stage.of(api)!.outdir, api.shards[0].templateFile);
    const template = JSON.parse(readFileSync(file, 'utf8'));
    for (const r of Object.values<any>(template.Resources)) {
      if (r.Type === 'AWS::ApiGateway::Method') r.Properties.AuthorizationType = 'NONE';
    }
    writeFileSync(file, JSON.stringify(template));
    const gate = new ApiBaselineGate({ standardPacks: [], report: false });
    const onSynth = gate.validate(context).violations.map((v) => v.ruleName);
    const direct = gate.check(app).violations.map((v) => v.ruleName);
    expect(onSynth.filter((id) => id === 'ApiBaseline-MethodAuthorization')).toHaveLength(1);
    expect(direct.filter((id) => id === 'ApiBaseline-MethodAuthorization')).toHaveLength(1);
    const count = (report: ReturnType<ApiBaselineGate['check']>) =>
      report.violations.find((v) => v.ruleName === 'ApiBaseline-MethodAuthorization')?.violatingResources.length ?? 0;
    expect(count(gate.validate(context))).toBeGreaterThan(count(gate.check(app)));
  });
});

describe('reading a template one resource at a time', () => {
  const template = {
    Description: 'quotes " and \\ backslashes, an em dash — and } braces in strings',
    Parameters: { P: { Type: 'String' } },
    Resources: {
      First: { Type: 'AWS::SNS::Topic', Properties: { TopicName: 'a "quoted" }\n  } name — with text that looks like layout' } },
      Second: { Type: 'AWS::SQS::Queue', Properties: { Nested: { Deep: [{ A: 1 }, { B: [true, null] }] } }, DependsOn: ['First'] },
      Empty: { Type: 'AWS::CloudFormation::WaitConditionHandle' },
    },
    Outputs: { O: { Value: { Ref: 'First' } } },
  };
  const cdkLayout = Buffer.from(JSON.stringify(template, undefined, 1));

  test('the layout aws-cdk-lib writes gives the same resources as parsing the whole file', () => {
    const resources = resourcesOfCdkTemplate(cdkLayout);
    expect(resources).toBeDefined();
    expect(Object.fromEntries(resources!)).toEqual(template.Resources);
    expect([...resources!.keys()]).toEqual(['First', 'Second', 'Empty']);
  });

  test('every other layout is left to the whole-file parser', () => {
    expect(resourcesOfCdkTemplate(Buffer.from(JSON.stringify(template)))).toBeUndefined();
    expect(resourcesOfCdkTemplate(Buffer.from(JSON.stringify(template, undefined, 2)))).toBeUndefined();
    expect(resourcesOfCdkTemplate(Buffer.from(JSON.stringify({ Resources: {} }, undefined, 1)))).toBeUndefined();
    // an escaped logical id, and a resource cut short
    const escaped = Buffer.from(JSON.stringify({ Resources: { 'A\"B': { Type: 'T' } } }, undefined, 1));
    expect(resourcesOfCdkTemplate(escaped)).toBeUndefined();
    const text = cdkLayout.toString('utf8');
    const cut = text.replace('"Type": "AWS::SQS::Queue",', '"Type": "AWS::SQS::Queue"');
    expect(resourcesOfCdkTemplate(Buffer.from(cut))).toBeUndefined();
  });

  test('readResources parses any layout, and tells a missing file apart', () => {
    const dir = mkdtempSync(join(tmpdir(), 'templates-'));
    for (const [name, body] of [['cdk', cdkLayout], ['min', Buffer.from(JSON.stringify(template))]] as const) {
      writeFileSync(join(dir, `${name}.json`), body);
      expect(Object.fromEntries(readResources(join(dir, `${name}.json`))!)).toEqual(template.Resources);
    }
    expect(readResources(join(dir, 'absent.json'))).toBeUndefined();
    writeFileSync(join(dir, 'broken.json'), '{ "Resources": ');
    expect(() => readResources(join(dir, 'broken.json'))).toThrow();
  });
});
