/**
 * Measures large APIs: a SecureRestApi with the library's defaults (firewall, alarms, user pool) against a plain
 * aws-cdk-lib RestApi with a Cognito authorizer and the same routes, for 50, 150, 500 and 1,000 routes (GET and POST
 * on `/area<i % 10>/items<i>`, mock integrations). Each app is built and synthesized (built-in CloudFormation
 * validation off, path metadata on as the CDK CLI sets it) three times and the median is printed as a Markdown
 * table, with the resources of the root stack and of the nested stacks, and the time of the ApiBaseline pack against
 * cdk-nag's AwsSolutions pack on the SecureRestApi app. Both packs are called the way the CDK validation framework
 * calls them on synth: `validate()` with the synthesized templates and the construct tree.
 *
 *   npm run bench                                   # this table, then bench/pack-scale.ts
 *   TS_NODE_PROJECT=bench/tsconfig.json node --expose-gc -r ts-node/register/transpile-only bench/routes.ts 200 2000
 *   RUNS=1 ...                                      # fewer runs
 *
 * With `--expose-gc` the heap is collected before every timed step, so that no step pays for the garbage of the
 * one before it, and the step starts once the collector's background threads have finished sweeping. The packs are also timed in CPU time of the process (user + system, all threads): on a shared
 * machine wall time includes the time the process waited for a core, which other work decides. The load average at
 * the start and the end of the run is printed with the table.
 *
 * Each route count is measured in a fresh Node process (after its own warm-up), as each `cdk synth` runs the packs
 * once in a process of its own: measured one after the other in one process, the later sizes ran on a heap and JIT
 * state left by the earlier ones, which made both packs slower at 1,000 routes, and this one more than AwsSolutions.
 */
import { execFileSync } from 'child_process';
import { readFileSync } from 'fs';
import { cpus, loadavg } from 'os';
import { join } from 'path';
import { App, IPolicyValidationContext, NestedStack, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import { SecureRestApi } from '../src/api';
import { ApiBaselineChecks } from '../src/nag';

const SIZES = process.argv.slice(2).map(Number).filter((n) => n > 0);
const RUNS = Number(process.env.RUNS ?? 3);
const LIMIT = 500;
const ENV = { account: '123456789012', region: 'us-east-1' };
const S = apigw.JsonSchemaType;
const SCHEMA: apigw.JsonSchema = {
  type: S.OBJECT,
  required: ['name'],
  properties: { name: { type: S.STRING, maxLength: 64 }, quantity: { type: S.INTEGER, minimum: 1, maximum: 99 } },
};

/** Route i: the path of its resource. */
const pathOf = (i: number) => `/area${i % 10}/items${i}`;

function newApp(): App {
  return new App({
    builtinCloudFormationValidation: false,
    context: {
      // The plain API is measured past 500 resources too: lift CDK's own resource-count check for the measurement.
      '@aws-cdk/core:stackResourceLimit': 0,
      // What `cdk synth` sets for every app.
      'aws:cdk:enable-path-metadata': true,
    },
  });
}

/** The context the CDK validation framework gives a validation plugin after synthesis. */
function validationContext(app: App, assembly: CloudAssembly): IPolicyValidationContext {
  const stackTemplates = assembly.stacksRecursively.map((s) => ({
    stackConstructPath: s.hierarchicalId, templatePath: s.templateFullPath, accountId: ENV.account, region: ENV.region,
  }));
  return { templatePaths: stackTemplates.map((s) => s.templatePath), stackTemplates, appConstruct: app };
}

const gc: (() => void) | undefined = (global as any).gc;

/** Blocks for `ms` milliseconds (the process uses no CPU meanwhile; its background threads go on). */
function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Collects the heap, then waits until the process is idle: a full collection leaves the sweeping of the heap to
 * background threads, whose CPU time (25-40 ms after building a 1,000-route app, whichever step comes next) would
 * otherwise be counted in the next timed step. At most one second of waiting.
 */
function collectGarbage(): void {
  if (!gc) return;
  gc();
  for (let i = 0; i < 100; i++) {
    const before = process.cpuUsage();
    sleep(10);
    const used = process.cpuUsage(before);
    if (used.user + used.system < 1000) return;
  }
}

/** A SecureRestApi with the defaults and `routes` routes (GET with a read scope, POST with a write scope and a body). */
function buildSecure(routes: number): { app: App; stack: Stack; api: SecureRestApi } {
  const app = newApp();
  const stack = new Stack(app, 'Secure', { env: ENV });
  const api = new SecureRestApi(stack, 'Api', { restApiName: 'bench' });
  const scopes = api.userPool.addResourceServer('items', { scopes: { read: 'Read items', write: 'Write items' } });
  for (let i = 0; i < routes; i++) {
    api.addRoute(`GET ${pathOf(i)}`, { integration: new apigw.MockIntegration(), scopes: [scopes.scope('read')] });
    api.addRoute(`POST ${pathOf(i)}`, {
      integration: new apigw.MockIntegration(), scopes: [scopes.scope('write')], requestSchema: SCHEMA,
    });
  }
  return { app, stack, api };
}

/** A plain RestApi with a Cognito authorizer, one validator and one model, and the same routes. */
function buildPlain(routes: number): { app: App; stack: Stack } {
  const app = newApp();
  const stack = new Stack(app, 'Plain', { env: ENV });
  const pool = new cognito.UserPool(stack, 'Pool');
  pool.addResourceServer('Items', {
    identifier: 'items',
    scopes: [new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'Read items' }),
      new cognito.ResourceServerScope({ scopeName: 'write', scopeDescription: 'Write items' })],
  });
  const api = new apigw.RestApi(stack, 'Api', { restApiName: 'bench' });
  const authorizer = new apigw.CognitoUserPoolsAuthorizer(stack, 'Authorizer', { cognitoUserPools: [pool] });
  const validator = api.addRequestValidator('Validator', { validateRequestBody: true, validateRequestParameters: true });
  const model = api.addModel('Item', { contentType: 'application/json', schema: SCHEMA });
  const method = (scope: string) => ({
    authorizer, authorizationType: apigw.AuthorizationType.COGNITO, authorizationScopes: [`items/${scope}`], requestValidator: validator,
  });
  for (let i = 0; i < routes; i++) {
    const resource = api.root.resourceForPath(pathOf(i));
    resource.addMethod('GET', new apigw.MockIntegration(), method('read'));
    resource.addMethod('POST', new apigw.MockIntegration(), { ...method('write'), requestModels: { 'application/json': model } });
  }
  return { app, stack };
}

/** Seconds taken by `fn`, and its result. */
function timed<T>(fn: () => T): [number, T] {
  collectGarbage();
  const start = process.hrtime.bigint();
  const result = fn();
  return [Number(process.hrtime.bigint() - start) / 1e9, result];
}

/** Wall seconds and CPU seconds (user + system, every thread of the process) taken by `fn`. */
function timedWithCpu(fn: () => unknown): { wall: number; cpu: number } {
  collectGarbage();
  const cpuStart = process.cpuUsage();
  const start = process.hrtime.bigint();
  fn();
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6 };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Row {
  routes: number;
  runs: number;
  root: number;
  shards: number[];
  secure: number;
  plain: number;
  plainResources: number;
  baseline: number;
  awsSolutions: number;
  baselineCpu: number;
  awsSolutionsCpu: number;
}

function measure(routes: number): Row {
  const secure: number[] = [];
  const plain: number[] = [];
  const baseline: number[] = [];
  const awsSolutions: number[] = [];
  const baselineCpu: number[] = [];
  const awsSolutionsCpu: number[] = [];
  let root = 0;
  let shards: number[] = [];
  let plainResources = 0;
  // an extra first run warms up the code paths of this size and is not counted
  for (let run = -1; run < RUNS; run++) {
    const [s, built] = timed(() => {
      const b = buildSecure(routes);
      return { ...b, assembly: b.app.synth() };
    });
    if (run >= 0) secure.push(s);
    root = Object.keys(built.assembly.getStackByName(built.stack.stackName).template.Resources).length;
    shards = built.api.shards.map((n: NestedStack) =>
      Object.keys(JSON.parse(readFileSync(join(built.assembly.directory, n.templateFile), 'utf8')).Resources).length);
    const context = validationContext(built.app, built.assembly);
    // the packs take turns at going first
    const packTime = (pack: NagPack) => timedWithCpu(() => pack.validate(context));
    let baselineSeconds: { wall: number; cpu: number };
    let awsSolutionsSeconds: { wall: number; cpu: number };
    if (run % 2 === 0) {
      baselineSeconds = packTime(new ApiBaselineChecks());
      awsSolutionsSeconds = packTime(new AwsSolutionsChecks());
    } else {
      awsSolutionsSeconds = packTime(new AwsSolutionsChecks());
      baselineSeconds = packTime(new ApiBaselineChecks());
    }
    if (run >= 0) {
      baseline.push(baselineSeconds.wall);
      awsSolutions.push(awsSolutionsSeconds.wall);
      baselineCpu.push(baselineSeconds.cpu);
      awsSolutionsCpu.push(awsSolutionsSeconds.cpu);
    }

    const [p, plainBuilt] = timed(() => {
      const b = buildPlain(routes);
      return { ...b, assembly: b.app.synth() };
    });
    if (run >= 0) plain.push(p);
    plainResources = Object.keys(plainBuilt.assembly.getStackByName(plainBuilt.stack.stackName).template.Resources).length;
  }
  return {
    routes,
    runs: RUNS,
    root,
    shards,
    plainResources,
    secure: median(secure),
    plain: median(plain),
    baseline: median(baseline),
    awsSolutions: median(awsSolutions),
    baselineCpu: median(baselineCpu),
    awsSolutionsCpu: median(awsSolutionsCpu),
  };
}

/** Module loading and JIT warm-up, not reported. */
function warmUp(): void {
  const warm = buildSecure(20);
  const warmContext = validationContext(warm.app, warm.app.synth());
  new ApiBaselineChecks().validate(warmContext);
  new AwsSolutionsChecks().validate(warmContext);
  buildPlain(20).app.synth();
}

/** Set in the child process that measures one route count. */
const CHILD = 'BENCH_ROUTES_CHILD';

/** The row of `routes`, measured in a fresh Node process with the same flags. */
function measureInChild(routes: number): Row {
  const out = execFileSync(process.execPath, [...process.execArgv, process.argv[1], String(routes)], {
    env: { ...process.env, [CHILD]: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(out.trim().split('\n').pop()!);
}

function main(): void {
  if (process.env[CHILD]) {
    warmUp();
    console.log(JSON.stringify(measure(SIZES[0])));
    return;
  }
  const sizes = SIZES.length > 0 ? SIZES : [50, 150, 500, 1000];
  const loadAtStart = loadavg()[0];
  warmUp();
  const fixed = measure(1);
  const rows = sizes.map((n) => {
    const row = measureInChild(n);
    process.stderr.write(`${n} routes measured\n`);
    return row;
  });
  const f = (x: number) => x.toFixed(2);
  const ms = (seconds: number) => (seconds * 1000).toFixed(0);
  console.log(`Routes = paths with GET and POST (mock integrations); median of ${RUNS} runs; node ${process.version}`
    + `${gc ? '' : ' (without --expose-gc: timings include garbage collection left by earlier steps)'}`
    + `; ${cpus().length} cores, load average ${loadAtStart.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end.`);
  console.log();
  console.log('| routes | runs | SecureRestApi resources: root / each shard | plain RestApi resources | SecureRestApi synth s | plain synth s | ratio | ApiBaselineChecks ms | AwsSolutions ms | ratio | ApiBaselineChecks CPU ms | AwsSolutions CPU ms | CPU ratio |');
  console.log('|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const shardText = r.shards.length === 0 ? 'no shards' : `${r.shards.join(', ')} (max ${Math.max(...r.shards)})`;
    const plainText = r.plainResources > LIMIT ? `${r.plainResources}, over 500 — cannot deploy` : `${r.plainResources}, within 500`;
    console.log(`| ${r.routes} | ${r.runs} | ${r.root} / ${shardText} | ${plainText} | ${f(r.secure)} | ${f(r.plain)} | ${f(r.secure / r.plain)} | `
      + `${ms(r.baseline)} | ${ms(r.awsSolutions)} | ${f(r.baseline / r.awsSolutions)} | `
      + `${ms(r.baselineCpu)} | ${ms(r.awsSolutionsCpu)} | ${f(r.baselineCpu / r.awsSolutionsCpu)} |`);
  }
  console.log();
  console.log(`Fixed overhead (1 route): SecureRestApi ${fixed.root} resources, ${f(fixed.secure)} s; `
    + `plain RestApi ${fixed.plainResources} resources, ${f(fixed.plain)} s.`);
}

main();
