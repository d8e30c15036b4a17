/**
 * Measures the ApiBaseline pack on the API shapes it reads through its API model, against cdk-nag's AwsSolutions pack:
 * a REST API defined by an OpenAPI document (`SpecRestApi`) with N operations and an HTTP API (`HttpApi`) with N
 * routes, each with a JWT or Cognito authorizer, a stage with access logs, and mock / Lambda-free integrations. Both
 * packs are called the way the CDK validation framework calls them on synth: `validate()` with the synthesized
 * templates and the construct tree. One discarded warm-up run, then the median of RUNS runs; the packs take turns
 * at going first; the heap is collected before every timed step when Node runs with `--expose-gc`.
 *
 *   npm run bench                                                       # part of the bench task (500 operations)
 *   TS_NODE_PROJECT=bench/tsconfig.json node --expose-gc -r ts-node/register/transpile-only bench/shapes.ts 1000
 */
import { App, IPolicyValidationContext, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import { ApiBaselineChecks } from '../src/nag';

const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const RUNS = Number(process.env.RUNS ?? 3);
const ENV = { account: '123456789012', region: 'us-east-1' };
const ACCESS_LOG_FORMAT = '{"requestId":"$context.requestId","status":"$context.status"}';

function newApp(): App {
  return new App({
    builtinCloudFormationValidation: false,
    // 500 routes and their API pass CloudFormation's 500 resources: lift CDK's check for the measurement
    context: { 'aws:cdk:enable-path-metadata': true, '@aws-cdk/core:stackResourceLimit': 0 },
  });
}

/** A REST API whose `operations` operations (GET and POST on `/items<i>`) are defined in an inline OpenAPI document. */
function buildOpenApi(operations: number): { app: App; stack: Stack } {
  const app = newApp();
  const stack = new Stack(app, 'OpenApi', { env: ENV });
  const paths: { [path: string]: unknown } = {};
  const integration = { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' } };
  for (let i = 0; i < Math.ceil(operations / 2); i++) {
    paths[`/items${i}`] = {
      get: { 'security': [{ pool: ['items/read'] }], 'x-amazon-apigateway-integration': integration, 'responses': { 200: { description: 'ok' } } },
      post: {
        'security': [{ pool: ['items/write'] }],
        'requestBody': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Item' } } } },
        'x-amazon-apigateway-integration': integration,
        'responses': { 200: { description: 'ok' } },
      },
    };
  }
  new apigw.SpecRestApi(stack, 'Api', {
    cloudWatchRole: false,
    apiDefinition: apigw.ApiDefinition.fromInline({
      'openapi': '3.0.1',
      'info': { title: 'items', version: '1' },
      'x-amazon-apigateway-request-validators': { all: { validateRequestBody: true, validateRequestParameters: true } },
      'x-amazon-apigateway-request-validator': 'all',
      paths,
      'components': {
        schemas: { Item: { type: 'object', additionalProperties: false, properties: { name: { type: 'string', maxLength: 64 } } } },
        securitySchemes: {
          pool: {
            'type': 'apiKey',
            'name': 'Authorization',
            'in': 'header',
            'x-amazon-apigateway-authtype': 'cognito_user_pools',
            'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_x'] },
          },
        },
      },
    }),
    deployOptions: {
      tracingEnabled: true,
      loggingLevel: apigw.MethodLoggingLevel.ERROR,
      throttlingRateLimit: 100,
      throttlingBurstLimit: 200,
      accessLogDestination: new apigw.LogGroupLogDestination(new logs.LogGroup(stack, 'Logs')),
      accessLogFormat: apigw.AccessLogFormat.custom(ACCESS_LOG_FORMAT),
    },
  });
  return { app, stack };
}

/** An HTTP API with `routes` routes (GET and POST on `/items<i>`), each with a JWT authorizer and a scope. */
function buildHttpApi(routes: number): { app: App; stack: Stack } {
  const app = newApp();
  const stack = new Stack(app, 'HttpApi', { env: ENV });
  const authorizer = new HttpJwtAuthorizer('Jwt', 'https://issuer.example.com', { jwtAudience: ['items-client'] });
  const api = new apigwv2.HttpApi(stack, 'Api', { defaultAuthorizer: authorizer, createDefaultStage: false });
  const integration = new HttpUrlIntegration('Backend', 'https://backend.example.com');
  for (let i = 0; i < Math.ceil(routes / 2); i++) {
    for (const method of [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.POST]) {
      new apigwv2.HttpRoute(stack, `Route${method}${i}`, {
        httpApi: api,
        routeKey: apigwv2.HttpRouteKey.with(`/items${i}`, method),
        authorizer,
        authorizationScopes: [method === apigwv2.HttpMethod.GET ? 'items/read' : 'items/write'],
        integration,
      });
    }
  }
  const logGroup = new logs.LogGroup(stack, 'Logs');
  new apigwv2.CfnStage(stack, 'Stage', {
    apiId: api.apiId,
    stageName: '$default',
    autoDeploy: true,
    accessLogSettings: { destinationArn: logGroup.logGroupArn, format: ACCESS_LOG_FORMAT },
    defaultRouteSettings: { throttlingRateLimit: 100, throttlingBurstLimit: 200 },
  });
  return { app, stack };
}

/** The context the CDK validation framework gives a validation plugin after synthesis. */
function validationContext(app: App, assembly: CloudAssembly): IPolicyValidationContext {
  const stackTemplates = assembly.stacksRecursively.map((s) => ({
    stackConstructPath: s.hierarchicalId, templatePath: s.templateFullPath, accountId: ENV.account, region: ENV.region,
  }));
  return { templatePaths: stackTemplates.map((s) => s.templatePath), stackTemplates, appConstruct: app };
}

function collectGarbage(): void {
  ((global as any).gc ?? (() => undefined))();
}

function timed(fn: () => unknown): number {
  collectGarbage();
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Row { shape: string; size: number; resources: number; baseline: number; awsSolutions: number; findings: number }

function measure(shape: string, size: number, build: (n: number) => { app: App; stack: Stack }): Row {
  const baseline: number[] = [];
  const awsSolutions: number[] = [];
  let resources = 0;
  let findings = 0;
  for (let run = -1; run < RUNS; run++) {
    const built = build(size);
    const assembly = built.app.synth();
    resources = Object.keys(assembly.getStackByName(built.stack.stackName).template.Resources).length;
    const context = validationContext(built.app, assembly);
    const pack = new ApiBaselineChecks();
    const time = (p: NagPack) => timed(() => p.validate(context));
    let b: number;
    let a: number;
    if (run % 2 === 0) {
      b = time(pack);
      a = time(new AwsSolutionsChecks());
    } else {
      a = time(new AwsSolutionsChecks());
      b = time(pack);
    }
    findings = pack.lastEvaluations().filter((e) => /\[(GET|POST) /.test(e.ruleId)).length;
    if (run >= 0) {
      baseline.push(b);
      awsSolutions.push(a);
    }
  }
  return { shape, size, resources, baseline: median(baseline), awsSolutions: median(awsSolutions), findings };
}

function main(): void {
  const sizes = SIZES.length > 0 ? SIZES : [500];
  // warm-up (module loading, JIT), not reported
  measure('warm-up', 20, buildOpenApi);
  measure('warm-up', 20, buildHttpApi);
  const rows: Row[] = [];
  for (const size of sizes) {
    rows.push(measure('REST API by OpenAPI (SpecRestApi)', size, buildOpenApi));
    rows.push(measure('HTTP API by routes (HttpApi)', size, buildHttpApi));
  }
  console.log(`Median of ${RUNS} runs of \`validate()\` on the synthesized app; node ${process.version}`
    + `${(global as any).gc ? '' : ' (without --expose-gc)'}.`);
  console.log();
  console.log('| shape | operations / routes | resources | operation outcomes judged (not-applicable ones left out) | ApiBaselineChecks ms | AwsSolutions ms | ratio |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(`| ${r.shape} | ${r.size} | ${r.resources} | ${r.findings} | ${r.baseline.toFixed(0)} | ${r.awsSolutions.toFixed(0)} | ${(r.baseline / r.awsSolutions).toFixed(2)} |`);
  }
}

main();
