/**
 * Measures the cost of the ApiBaseline rule pack against cdk-nag's AwsSolutions pack on stacks of 500, 1,000 and
 * 2,000+ plain aws-cdk-lib L1 resources (REST APIs with resources, methods, deployments and stages, log groups,
 * keys, alarms and web ACL associations), and prints a Markdown table.
 *
 * The packs are called with `validateScope` on the unsynthesized tree, so ApiBaselineChecks renders every resource
 * itself (its slower way; on synth it reads the templates, see bench/routes.ts).
 *
 *   npm run bench                              # bench/routes.ts, then this with 500, 1000 and 2000 resources
 *   npx ts-node bench/pack-scale.ts 4000 8000  # other sizes
 */
import { App, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { AwsSolutionsChecks, NagPack } from 'cdk-nag';
import { ApiBaselineChecks } from '../src';

/** Resources added per API: RestApi, Resource, 2 Methods, Deployment, Stage, LogGroup, Key, Alarm, association. */
const PER_API = 10;
const RUNS = 3;

/** An app with one stack of about `resources` L1 resources; returns the app and the exact resource count. */
function buildApp(resources: number): { app: App; count: number } {
  const app = new App({ builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Scale', { env: { account: '123456789012', region: 'us-east-1' } });
  const acl = new wafv2.CfnWebACL(stack, 'Acl', {
    defaultAction: { allow: {} },
    scope: 'REGIONAL',
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'acl', sampledRequestsEnabled: true },
  });
  const apis = Math.ceil((resources - 1) / PER_API);
  for (let i = 0; i < apis; i++) {
    const api = new apigw.CfnRestApi(stack, `Api${i}`, { name: `api-${i}` });
    const items = new apigw.CfnResource(stack, `Items${i}`, { restApiId: api.ref, parentId: api.attrRootResourceId, pathPart: 'items' });
    const methods = ['GET', 'POST'].map((httpMethod) => new apigw.CfnMethod(stack, `${httpMethod}${i}`, {
      restApiId: api.ref,
      resourceId: items.ref,
      httpMethod,
      authorizationType: 'AWS_IAM',
      integration: { type: 'MOCK' },
    }));
    const deployment = new apigw.CfnDeployment(stack, `Deployment${i}`, { restApiId: api.ref });
    methods.forEach((m) => deployment.addResourceDependency(m));
    const key = new kms.CfnKey(stack, `Key${i}`, { enableKeyRotation: true });
    const group = new logs.CfnLogGroup(stack, `AccessLogs${i}`, { kmsKeyId: key.attrArn, retentionInDays: 365 });
    const stage = new apigw.CfnStage(stack, `Stage${i}`, {
      restApiId: api.ref,
      deploymentId: deployment.ref,
      stageName: 'prod',
      tracingEnabled: true,
      accessLogSetting: { destinationArn: group.attrArn, format: '{"requestId":"$context.requestId","status":"$context.status"}' },
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', loggingLevel: 'ERROR', throttlingRateLimit: 100, throttlingBurstLimit: 200 }],
    });
    new cloudwatch.CfnAlarm(stack, `Errors${i}`, {
      namespace: 'AWS/ApiGateway',
      metricName: '5XXError',
      dimensions: [{ name: 'ApiName', value: `api-${i}` }, { name: 'Stage', value: stage.ref }],
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 1,
      period: 60,
      statistic: 'Sum',
      threshold: 1,
    });
    new wafv2.CfnWebACLAssociation(stack, `Association${i}`, {
      webAclArn: acl.attrArn,
      resourceArn: `arn:aws:apigateway:us-east-1::/restapis/${api.ref}/stages/${stage.ref}`,
    });
  }
  return { app, count: 1 + apis * PER_API };
}

/** Median wall time (ms) of `validateScope` by a fresh pack on a freshly built app, over RUNS runs. */
function median(resources: number, pack: () => NagPack): { count: number; ms: number } {
  const times: number[] = [];
  let count = 0;
  for (let run = 0; run < RUNS; run++) {
    const built = buildApp(resources);
    count = built.count;
    ((global as any).gc ?? (() => undefined))();
    const start = process.hrtime.bigint();
    pack().validateScope(built.app);
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { count, ms: times[Math.floor(times.length / 2)] };
}

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
// warm up the JIT and module caches so the first size is not penalised
median(200, () => new ApiBaselineChecks());
median(200, () => new AwsSolutionsChecks());

const rows: string[] = [
  '| resources | ApiBaselineChecks (ms) | per 1,000 resources | AwsSolutionsChecks (ms) | per 1,000 resources |',
  '|---:|---:|---:|---:|---:|',
];
for (const size of sizes.length > 0 ? sizes : [500, 1_000, 2_000]) {
  const baseline = median(size, () => new ApiBaselineChecks());
  const solutions = median(size, () => new AwsSolutionsChecks());
  const per = (ms: number) => (ms / baseline.count * 1_000).toFixed(0);
  rows.push(`| ${baseline.count} | ${baseline.ms.toFixed(0)} | ${per(baseline.ms)} | ${solutions.ms.toFixed(0)} | ${per(solutions.ms)} |`);
}
console.log(`Median of ${RUNS} runs of \`validateScope(app)\`, Node ${process.version}.\n`);
console.log(rows.join('\n'));
