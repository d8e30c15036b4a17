/**
 * Measures `cdk-api-baseline check` over a directory of generated templates of mixed shapes (REST by methods, REST by
 * OpenAPI, HTTP, WebSocket, SAM; JSON and YAML) and over one template of about 2,000 resources, against `cfn-lint`
 * over the same files on the same machine, and prints a Markdown table. Both tools run as separate processes, the
 * way CI runs them; the CLI is compiled to JavaScript first (as published), so the TypeScript compiler is not
 * measured. Median of RUNS runs (default 3), after one warm-up run of each.
 *
 *   npm run bench                                   # part of the bench task: 200 templates
 *   TS_NODE_PROJECT=bench/tsconfig.json node -r ts-node/register/transpile-only bench/cli.ts 400
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const COUNT = Number(process.argv[2] ?? 200);
const RUNS = Number(process.env.RUNS ?? 3);
const BIG_RESOURCES = 2000;

const STAGE_LOGS = (api: string, i: number) => ({
  AccessLogSetting: { DestinationArn: `arn:aws:logs:us-east-1:123456789012:log-group:api-${i}`, Format: '{"requestId":"$context.requestId","status":"$context.status"}' },
  RestApiId: { Ref: api },
});

/** A REST API with `n` methods on one resource, a deployment and a stage (about n + 4 resources). */
function restMethods(i: number, n: number, prefix = ''): Record<string, unknown> {
  const r: Record<string, any> = {};
  r[`${prefix}Api`] = { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: `rest-${i}` } };
  r[`${prefix}Items`] = { Type: 'AWS::ApiGateway::Resource', Properties: { RestApiId: { Ref: `${prefix}Api` }, ParentId: { 'Fn::GetAtt': [`${prefix}Api`, 'RootResourceId'] }, PathPart: 'items' } };
  const methods: string[] = [];
  for (let m = 0; m < n; m++) {
    const id = `${prefix}Method${m}`;
    methods.push(id);
    r[id] = {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        RestApiId: { Ref: `${prefix}Api` },
        ResourceId: { Ref: `${prefix}Items` },
        HttpMethod: ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'][m % 5],
        AuthorizationType: m % 3 === 0 ? 'NONE' : 'AWS_IAM',
        Integration: { Type: 'MOCK' },
      },
    };
  }
  r[`${prefix}Deployment`] = { Type: 'AWS::ApiGateway::Deployment', DependsOn: methods, Properties: { RestApiId: { Ref: `${prefix}Api` } } };
  r[`${prefix}Stage`] = {
    Type: 'AWS::ApiGateway::Stage',
    Properties: { ...STAGE_LOGS(`${prefix}Api`, i), DeploymentId: { Ref: `${prefix}Deployment` }, StageName: 'prod', TracingEnabled: i % 2 === 0 },
  };
  return r;
}

function restOpenApi(i: number, n: number): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (let m = 0; m < n; m++) {
    paths[`/items${m}`] = {
      get: { 'security': m % 2 === 0 ? [{ cognito: [] }] : [], 'x-amazon-apigateway-integration': { type: 'mock' } },
    };
  }
  return {
    Api: {
      Type: 'AWS::ApiGateway::RestApi',
      Properties: {
        Body: {
          openapi: '3.0.1',
          info: { title: `openapi-${i}`, version: '1' },
          paths,
          components: { securitySchemes: { cognito: { 'type': 'apiKey', 'name': 'Authorization', 'in': 'header', 'x-amazon-apigateway-authtype': 'cognito_user_pools' } } },
        },
      },
    },
    Deployment: { Type: 'AWS::ApiGateway::Deployment', Properties: { RestApiId: { Ref: 'Api' }, StageName: 'prod' } },
  };
}

function http(i: number, n: number): Record<string, unknown> {
  const r: Record<string, any> = {
    Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: `http-${i}`, ProtocolType: 'HTTP' } },
    Integration: { Type: 'AWS::ApiGatewayV2::Integration', Properties: { ApiId: { Ref: 'Api' }, IntegrationType: 'HTTP_PROXY', IntegrationUri: 'https://example.com', IntegrationMethod: 'ANY', PayloadFormatVersion: '1.0' } },
    Stage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'Api' }, StageName: '$default', AutoDeploy: true } },
  };
  for (let m = 0; m < n; m++) {
    r[`Route${m}`] = {
      Type: 'AWS::ApiGatewayV2::Route',
      Properties: { ApiId: { Ref: 'Api' }, RouteKey: `GET /items${m}`, AuthorizationType: m % 2 ? 'NONE' : 'AWS_IAM', Target: { 'Fn::Sub': 'integrations/${Integration}' } },
    };
  }
  return r;
}

function websocket(i: number, n: number): Record<string, unknown> {
  const r: Record<string, any> = {
    Api: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: `ws-${i}`, ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' } },
    Stage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: 'Api' }, StageName: 'prod' } },
  };
  ['$connect', '$disconnect', ...Array.from({ length: n }, (_, m) => `action${m}`)].forEach((key, m) => {
    r[`Route${m}`] = { Type: 'AWS::ApiGatewayV2::Route', Properties: { ApiId: { Ref: 'Api' }, RouteKey: key, AuthorizationType: key === '$connect' ? 'AWS_IAM' : 'NONE' } };
  });
  return r;
}

function sam(i: number, n: number): Record<string, unknown> {
  const events: Record<string, unknown> = {};
  for (let m = 0; m < n; m++) events[`Get${m}`] = { Type: 'Api', Properties: { Path: `/items${m}`, Method: 'get', RestApiId: { Ref: 'Api' } } };
  return {
    Api: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'prod', TracingEnabled: true } },
    Handler: {
      Type: 'AWS::Serverless::Function',
      Properties: { Runtime: 'nodejs20.x', Handler: 'index.handler', InlineCode: `exports.handler = async () => ({ statusCode: ${200 + (i % 3)} });`, Events: events },
    },
  };
}

const SHAPES = [restMethods, restOpenApi, http, websocket, sam];

/** Writes `count` templates of the five shapes (every other one as YAML text) into a new directory. */
function writeTemplates(count: number): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-cli-'));
  for (let i = 0; i < count; i++) {
    const shape = SHAPES[i % SHAPES.length];
    const template: Record<string, unknown> = { AWSTemplateFormatVersion: '2010-09-09', Description: `bench template ${i}`, Resources: shape(i, 1 + (i % 7)) };
    if (shape === sam) template.Transform = 'AWS::Serverless-2016-10-31';
    const yaml = i % 2 === 1;
    fs.writeFileSync(path.join(dir, `t${String(i).padStart(4, '0')}-${shape.name}.${yaml ? 'yaml' : 'json'}`), JSON.stringify(template, undefined, yaml ? 2 : 1));
  }
  return dir;
}

/** One template of about `resources` resources: REST APIs of 5 methods plus their resource, deployment and stage. */
function writeBigTemplate(resources: number): { file: string; count: number } {
  const all: Record<string, unknown> = {};
  for (let i = 0; Object.keys(all).length < resources; i++) Object.assign(all, restMethods(i, 5, `R${i}`));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-big-')), 'big.json');
  fs.writeFileSync(file, JSON.stringify({ AWSTemplateFormatVersion: '2010-09-09', Resources: all }, undefined, 1));
  return { file, count: Object.keys(all).length };
}

/** Compiles src/ to JavaScript under bench/results/lib, so the CLI runs as it does when installed. */
function compileCli(): string {
  const out = path.join(ROOT, 'bench', 'results', 'lib');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.json'), '--outDir', out, '--noEmit', 'false', '--declaration', 'false'], { stdio: 'inherit' });
  return path.join(out, 'cli', 'main.js');
}

function time(command: string, args: string[]): { ms: number; code: number | null } {
  const start = process.hrtime.bigint();
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024, cwd: ROOT });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.error) throw r.error;
  return { ms, code: r.status };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(command: string, args: string[]): number {
  time(command, args);
  return median(Array.from({ length: RUNS }, () => time(command, args).ms));
}

function files(dir: string): string[] {
  return fs.readdirSync(dir).sort().map((f) => path.join(dir, f));
}

function main(): void {
  const cli = compileCli();
  const dir = writeTemplates(COUNT);
  const big = writeBigTemplate(BIG_RESOURCES);
  const check = (target: string) => measure(process.execPath, [cli, 'check', target, '--format', 'json', '--pack', 'aws-solutions']);
  // cfn-lint exits non-zero on findings; it is given every file of the directory
  const lint = (targets: string[]) => measure('cfn-lint', ['--format', 'json', '--', ...targets]);
  const rows: Array<[string, number, number, number]> = [];
  rows.push([`${COUNT} templates (REST methods, REST OpenAPI, HTTP, WebSocket, SAM; JSON and YAML)`, COUNT, check(dir), lint(files(dir))]);
  rows.push([`1 template of ${big.count} resources`, 1, check(big.file), lint([big.file])]);
  // what the run judged: every generated template must be judged, none unusable
  const out = JSON.parse(spawnSync(process.execPath, [cli, 'check', dir, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1024 * 1024 * 1024 }).stdout);
  const t = out.totals;
  if (t.judged !== COUNT || t.unreadable !== 0) throw new Error(`expected ${COUNT} templates judged, got ${JSON.stringify(t)}`);
  const cores = os.cpus().length;
  console.log(`\n| input | cdk-api-baseline check | templates/s | cfn-lint ${cfnLintVersion()} | ours / cfn-lint |`);
  console.log('|---|---|---|---|---|');
  for (const [input, n, ours, theirs] of rows) {
    console.log(`| ${input} | ${(ours / 1000).toFixed(1)} s | ${(n / (ours / 1000)).toFixed(1)} | ${(theirs / 1000).toFixed(1)} s | ${(ours / theirs).toFixed(2)} |`);
  }
  console.log(`\n${cores} cores, Node ${process.version}, median of ${RUNS} runs after a warm-up run; AwsSolutions + ApiBaseline packs; `
    + `${t.judged} templates judged (${out.inventory.length} APIs, ${out.inventory.filter((a: any) => !a.judged).length} not judged), ${t.errors} errors, ${t.warnings} warnings.`);
  if (process.env.KEEP) console.log(`templates kept in ${dir}`);
  else fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.dirname(big.file), { recursive: true, force: true });
}

function cfnLintVersion(): string {
  const r = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' });
  return (r.stdout || r.stderr).trim().replace(/^cfn-lint\s*/, '');
}

main();
