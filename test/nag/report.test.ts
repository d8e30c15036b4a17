import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sam from 'aws-cdk-lib/aws-sam';
import { ApiBaseline, REPORT_FILES } from '../../src';
import { ComplianceReport, fixHint, renderHtml, templateFixHint } from '../../src/nag/report';

/** Synthesizes `app` through the gate and returns its report files as text (the gate fails; the reports are written all the same). */
function reportFilesOf(app: App, outdir: string) {
  ApiBaseline.enforce(app, { standardPacks: [] });
  const mute = [jest.spyOn(console, 'error').mockImplementation(() => undefined), jest.spyOn(console, 'log').mockImplementation(() => undefined)];
  try {
    app.synth();
  } catch {
    // findings fail the gate
  } finally {
    mute.forEach((m) => m.mockRestore());
    process.exitCode = 0;
  }
  const read = (f: string) => fs.readFileSync(path.join(outdir, f), 'utf8');
  return { json: read(REPORT_FILES[0]), md: read(REPORT_FILES[1]), html: read(REPORT_FILES[2]) };
}

/** The JSON report (parsed) and the HTML report of `app`. */
function reportsOf(app: App, outdir: string) {
  const files = reportFilesOf(app, outdir);
  return { json: JSON.parse(files.json), html: files.html };
}

/** A mixed app: an insecure API with one current and one lapsed acknowledgement, and a stack without an API. */
function mixedApp(outdir: string) {
  const app = new App({ outdir, builtinCloudFormationValidation: false, context: { 'cdk-api-baseline:today': '2027-01-15' } });
  const apiStack = new Stack(app, 'Orders');
  const api = new apigw.RestApi(apiStack, 'Api', { cloudWatchRole: false, deployOptions: { dataTraceEnabled: true, tracingEnabled: true } });
  api.root.addMethod('GET', new apigw.MockIntegration());
  ApiBaseline.acknowledge(api.deploymentStage, {
    id: 'ApiBaseline-StageDataTraceOff', reason: 'payload debugging during migration', expires: '2027-03-31', ticket: 'SEC-7', by: 'platform team',
  });
  ApiBaseline.acknowledge(api.deploymentStage, {
    id: 'ApiBaseline-StageThrottling', reason: 'throttling set by the edge proxy', expires: '2027-01-01',
  });
  const keys = new Stack(app, 'Keys');
  new kms.Key(keys, 'Key', { enableKeyRotation: false });
  return app;
}

function synthReport() {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-'));
  return { ...reportFilesOf(mixedApp(outdir), outdir), outdir };
}

describe('compliance report', () => {
  const first = synthReport();
  const report = JSON.parse(first.json);
  const orders = report.stacks.find((s: any) => s.stack === 'Orders');
  const keys = report.stacks.find((s: any) => s.stack === 'Keys');
  const cell = (s: any, id: string) => s.matrix.find((c: any) => c.ruleId === id);

  test('per stack: areas × rules matrix with pass, fail, acknowledged-until and not applicable', () => {
    expect(cell(orders, 'ApiBaseline-StageDataTraceOff')).toMatchObject({ status: 'acknowledged', until: '2027-03-31' });
    expect(cell(orders, 'ApiBaseline-StageThrottling').status).toBe('fail');
    expect(cell(orders, 'ApiBaseline-StageXRayTracing').status).toBe('pass');
    expect(cell(keys, 'ApiBaseline-StageXRayTracing').status).toBe('not applicable');
    expect(new Set(orders.matrix.map((c: any) => c.area)).size).toBeGreaterThanOrEqual(3);
  });

  test('per API: the REST APIs of each stack with their finding counts', () => {
    expect(orders.apis).toEqual([{ api: 'Orders/Api', kind: 'REST', findings: expect.any(Number) }]);
    expect(orders.apis[0].findings).toBeGreaterThan(0);
    expect(keys.apis).toEqual([]);
  });

  test('findings carry fix hints; a lapsed acknowledgement turns its finding into a named error', () => {
    const throttling = orders.findings.find((f: any) => f.ruleId === 'ApiBaseline-StageThrottling');
    expect(throttling.severity).toBe('error');
    expect(throttling.lapsedAcknowledgement).toBe('ApiBaseline-StageThrottling until 2027-01-01');
    expect(throttling.fix).toEqual(expect.any(String));
    expect(orders.findings.find((f: any) => f.ruleId === 'ApiBaseline-StageDataTraceOff')).toBeUndefined();
  });

  test('acknowledgements with who, why and until; totals', () => {
    expect(orders.acknowledgements).toEqual(expect.arrayContaining([
      expect.objectContaining({ id: 'ApiBaseline-StageDataTraceOff', reason: 'payload debugging during migration', expires: '2027-03-31', ticket: 'SEC-7', by: 'platform team', lapsed: false }),
      expect.objectContaining({ id: 'ApiBaseline-StageThrottling', expires: '2027-01-01', lapsed: true }),
    ]));
    expect(report.totals).toMatchObject({ stacks: 2, acknowledged: 1, lapsed: 1 });
    expect(report.totals.errors).toBe(report.stacks.flatMap((s: any) => s.findings).filter((f: any) => f.severity === 'error').length);
  });

  test('stable: a second synth of the same app gives byte-identical reports', () => {
    const second = synthReport();
    expect(second.json).toBe(first.json);
    expect(second.md).toBe(first.md);
    expect(second.html).toBe(first.html);
  });

  test('markdown and HTML carry the same verdicts; HTML has no external assets', () => {
    expect(first.md).toMatch(/\| Monitoring & threat detection \| ApiBaseline-StageDataTraceOff \| acknowledged until 2027-03-31 \|/);
    expect(first.md).toMatch(/ApiBaseline-StageThrottling`.*until 2027-01-01, LAPSED/);
    expect(first.html).toMatch(/^<!DOCTYPE html>/);
    expect(first.html).not.toMatch(/<script|<link|src=|url\(/i);
  });

  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p));
  (chromium ? test : test.skip)('HTML renders in headless Chromium with the verdict, matrix and acknowledgements', () => {
    const file = path.join(first.outdir, REPORT_FILES[2]);
    const dom = execFileSync(chromium!, [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--user-data-dir=${fs.mkdtempSync(path.join(os.tmpdir(), 'chromium-'))}`,
      '--dump-dom', `file://${file}`,
    ], { encoding: 'utf8', timeout: 60_000, stdio: ['ignore', 'pipe', 'ignore'] });
    const text = dom.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(text).toMatch(/The app fails the baseline: \d+ errors/);
    expect(text).toContain('Stack Orders');
    expect(text).toContain('payload debugging during migration');
    expect(text).toMatch(/2027-01-01 \(lapsed\)/);
  });
});

describe('HTML report: what to fix first', () => {
  const finding = (ruleId: string, pathName: string, severity = 'error') => ({
    ruleId, pack: ruleId.split('-')[0], severity, path: pathName, description: `${ruleId} broken`, fix: fixHint(ruleId),
  });
  const report: ComplianceReport = {
    tool: 'cdk-api-baseline',
    packs: ['ApiBaseline', 'AwsSolutions'],
    failOn: 'error',
    totals: { stacks: 1, errors: 4, warnings: 1, acknowledged: 0, lapsed: 0 },
    stacks: [{
      stack: 'Orders',
      apis: [{ api: 'Orders/Api', findings: 4 }],
      matrix: [
        { area: 'Input validation & sanitization', ruleId: 'ApiBaseline-StageWebAcl', status: 'fail' },
        { area: 'Encryption & data protection', ruleId: 'ApiBaseline-StageCacheEncrypted', status: 'not applicable' },
      ],
      findings: [
        finding('ApiBaseline-StageWebAcl', 'Orders/Api/DeploymentStage.prod/Resource'),
        finding('ApiBaseline-StageWebAcl', 'Orders/Api2Stage/Resource'),
        finding('AwsSolutions-APIG3', 'Orders/Api/DeploymentStage.prod/Resource', 'warning'),
        finding('ApiBaseline-StageXRayTracing', 'Orders/Api/DeploymentStage.prod/Resource', 'warning'),
        finding('ApiBaseline-MethodAuthorization[GET /pets]', 'Orders/Api/Default/GET/Resource'),
      ],
      acknowledgements: [],
    }],
  };
  const html = renderHtml(report);

  test('findings grouped by API, then rule: errors first, the fix once and rendered, duplicates folded', () => {
    const fix = html.indexOf('what to fix first');
    expect(fix).toBeGreaterThan(0);
    expect(fix).toBeLessThan(html.indexOf('<h3>Rules</h3>'));
    expect(html.indexOf('API <code>Orders/Api</code>')).toBeLessThan(html.indexOf('Other resources'));
    // the WAF fix is shown once per group (the API's stage and the stage outside it), as HTML, not Markdown
    expect(html.match(/<em>Fix:<\/em> Create an <code>AWS::WAFv2::WebACLAssociation<\/code>/g)).toHaveLength(2);
    expect(html).not.toMatch(/Fix:<\/em>[^<]*`/);
    expect(html).toContain('<code>Orders/Api/DeploymentStage.prod/Resource</code> <span class="area">same control: AwsSolutions-APIG3</span>');
    expect(html).not.toContain('<code>AwsSolutions-APIG3</code>');
    // the error rules of the API come before its warning rule
    const api = html.slice(html.indexOf('API <code>Orders/Api</code>'), html.indexOf('Other resources'));
    expect(api.indexOf('ApiBaseline-MethodAuthorization')).toBeLessThan(api.indexOf('ApiBaseline-StageXRayTracing'));
    expect(api).toContain('<code>Orders/Api/Default/GET/Resource</code> <code>[GET /pets]</code>');
  });

  test('rules that do not apply are collapsed under the matrix', () => {
    expect(html).toMatch(/<details><summary>1 rules not applicable to this stack<\/summary>.*ApiBaseline-StageCacheEncrypted.*<\/details>/s);
    const open = html.slice(html.indexOf('<h3>Rules</h3>'), html.indexOf('<details>'));
    expect(open).toContain('ApiBaseline-StageWebAcl');
    expect(open).not.toContain('ApiBaseline-StageCacheEncrypted');
  });
});

describe('HTML report: every kind of API', () => {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-kinds-'));
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  const stack = new Stack(app, 'Apis');
  // an HTTP API and a WebSocket API written as L1 resources: their routes are not under the API's construct
  const http = new apigwv2.CfnApi(stack, 'Http', { name: 'http', protocolType: 'HTTP' });
  new apigwv2.CfnRoute(stack, 'HttpRoute', { apiId: http.ref, routeKey: 'GET /pets', authorizationType: 'NONE' });
  new apigwv2.CfnStage(stack, 'HttpStage', { apiId: http.ref, stageName: '$default' });
  const ws = new apigwv2.CfnApi(stack, 'Socket', { name: 'ws', protocolType: 'WEBSOCKET', routeSelectionExpression: '$request.body.action' });
  new apigwv2.CfnRoute(stack, 'Connect', { apiId: ws.ref, routeKey: '$connect', authorizationType: 'NONE' });
  // a SAM function whose event creates the implicit REST API
  stack.addTransform('AWS::Serverless-2016-10-31');
  new sam.CfnFunction(stack, 'Fn', {
    runtime: 'nodejs24.x',
    handler: 'index.handler',
    inlineCode: 'exports.handler = async () => ({})',
    events: { Get: { type: 'Api', properties: { path: '/orders', method: 'get' } } },
  });
  const { json, html } = reportsOf(app, outdir);
  const apis = json.stacks[0].apis;

  test('the report lists REST, HTTP and WebSocket APIs, SAM-generated ones included', () => {
    expect(apis).toEqual(expect.arrayContaining([
      expect.objectContaining({ api: 'Apis/Http', kind: 'HTTP' }),
      expect.objectContaining({ api: 'Apis/Socket', kind: 'WEBSOCKET' }),
      expect.objectContaining({ api: 'Apis/Fn (ServerlessRestApi)', kind: 'REST' }),
    ]));
    for (const a of apis) expect(a.findings).toBeGreaterThan(0);
  });

  test('findings on routes and stages are grouped under their API, with the fix once per rule', () => {
    const route = json.stacks[0].findings.find((f: any) => f.ruleId.startsWith('ApiBaseline-MethodAuthorization') && f.path === 'Apis/HttpRoute');
    expect(route.api).toBe('Apis/Http');
    const section = html.slice(html.indexOf('HTTP API <code>Apis/Http</code>'));
    expect(section.length).toBeLessThan(html.length);
    const httpGroup = section.slice(0, section.indexOf('<h4>', 1));
    expect(httpGroup).toContain('<code>Apis/HttpRoute</code>');
    expect(httpGroup).toContain('<code>Apis/HttpStage</code>');
    expect(html).toContain('WebSocket API <code>Apis/Socket</code>');
    expect(html).toContain('REST API <code>Apis/Fn (ServerlessRestApi)</code>');
    // within one API, a rule and its fix appear once
    expect(httpGroup.match(/<code>ApiBaseline-MethodAuthorization<\/code>/g)).toHaveLength(1);
    // what to fix comes before the matrix
    expect(html.indexOf('what to fix first')).toBeLessThan(html.indexOf('<h3>Rules</h3>'));
  });
});

describe('fix hints', () => {
  test('a finding gets its rule\'s fix in CDK terms, or in CloudFormation terms for templates, whatever its suffix', () => {
    expect(fixHint('ApiBaseline-StageXRayTracing[Unverifiable]')).toBe(fixHint('ApiBaseline-StageXRayTracing'));
    expect(fixHint('ApiBaseline-StageXRayTracing')).toMatch(/tracingEnabled/);
    expect(templateFixHint('ApiBaseline-StageXRayTracing')).toMatch(/TracingEnabled: true/);
    expect(fixHint('AwsSolutions-APIG6')).toBeUndefined();
  });

  test('an [Unavailable] finding gets the alternative, never the fix its API cannot take', () => {
    for (const hint of [fixHint, templateFixHint]) {
      const fix = hint('ApiBaseline-StageXRayTracing[Unavailable]');
      expect(fix).toMatch(/HTTP APIs cannot send traces to X-Ray/);
      expect(fix).not.toMatch(/TracingEnabled: true|tracingEnabled/);
    }
  });
});

