import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ApiBaseline, REPORT_FILES } from '../../src';

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
  const app = mixedApp(outdir);
  ApiBaseline.enforce(app, { standardPacks: [] });
  const mute = [jest.spyOn(console, 'error').mockImplementation(() => undefined), jest.spyOn(console, 'log').mockImplementation(() => undefined)];
  try {
    app.synth();
  } catch {
    // the insecure app fails the gate; the report is written all the same
  } finally {
    mute.forEach((m) => m.mockRestore());
    process.exitCode = 0;
  }
  const read = (f: string) => fs.readFileSync(path.join(outdir, f), 'utf8');
  return { json: read(REPORT_FILES[0]), md: read(REPORT_FILES[1]), html: read(REPORT_FILES[2]), outdir };
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
    expect(orders.apis).toEqual([{ api: 'Orders/Api', findings: expect.any(Number) }]);
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
