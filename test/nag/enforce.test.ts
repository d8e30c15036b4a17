import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ApiBaseline, FailOn, REPORT_FILES, StandardPack } from '../../src';

/** Synthesizes `app` as a test does (the app throws the validation report) and returns the printed report. */
function synthOutput(app: App): string {
  const mute = [jest.spyOn(console, 'error').mockImplementation(() => undefined), jest.spyOn(console, 'log').mockImplementation(() => undefined)];
  try {
    app.synth();
    return '';
  } catch (e) {
    return (e as Error).message;
  } finally {
    mute.forEach((m) => m.mockRestore());
    process.exitCode = 0;
  }
}

function readReport(app: App): any {
  return JSON.parse(fs.readFileSync(path.join(app.outdir, REPORT_FILES[0]), 'utf8'));
}

function tmpOutdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'baseline-'));
}

function insecureApp(context: Record<string, string> = {}) {
  const app = new App({ outdir: tmpOutdir(), builtinCloudFormationValidation: false, context });
  const stack = new Stack(app, 'Insecure');
  const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false, deployOptions: { dataTraceEnabled: true } });
  api.root.addMethod('GET', new apigw.MockIntegration());
  return { app, stack, api };
}

describe('ApiBaseline.enforce', () => {
  test('fails synth of an insecure hand-written app with the baseline ids', () => {
    const { app } = insecureApp();
    const gate = ApiBaseline.enforce(app);
    const result = gate.check(app);
    expect(result.success).toBe(false);
    const ids = result.violations.map((v) => v.ruleName);
    expect(ids).toEqual(expect.arrayContaining(['ApiBaseline-StageDataTraceOff']));
    expect(ids.some((id) => id.startsWith('AwsSolutions-'))).toBe(true);
  });

  test('is idempotent: a second call returns the same gate and registers nothing new', () => {
    const { app } = insecureApp();
    const first = ApiBaseline.enforce(app);
    const second = ApiBaseline.enforce(app, { standardPacks: [StandardPack.NIST_800_53_R5] });
    expect(second).toBe(first);
    expect((app as any)._validationPlugins.filter((p: any) => p === first)).toHaveLength(1);
  });

  test('standard packs are chosen by the caller', () => {
    const { app } = insecureApp();
    const gate = ApiBaseline.enforce(app, {
      standardPacks: [StandardPack.NIST_800_53_R5, StandardPack.PCI_DSS_321, StandardPack.HIPAA_SECURITY, StandardPack.SERVERLESS],
    });
    expect(gate.packs.map((p) => p.readPackName)).toEqual(['ApiBaseline', 'NIST.800.53.R5', 'PCI.DSS.321', 'HIPAA.Security', 'Serverless']);
  });

  test('warnings fail synth only with failOn WARN', () => {
    const build = (failOn: FailOn, acknowledge: string[] = []) => {
      const app = new App({ outdir: tmpOutdir(), builtinCloudFormationValidation: false });
      const stack = new Stack(app, 'S');
      new apigw.CfnStage(stack, 'Stage', {
        restApiId: 'abc',
        methodSettings: [{ httpMethod: '*', resourcePath: '/*', dataTraceEnabled: { 'Fn::ImportValue': 'x' } as any }],
      });
      // only the warning stays open: every error finding of the stage is acknowledged
      for (const id of acknowledge) Validations.of(stack).acknowledge({ id, reason: 'not under test here' });
      return ApiBaseline.enforce(app, { failOn, standardPacks: [], report: false }).check(app);
    };
    const errors = build(FailOn.ERROR).violations.filter((v) => v.severity === 'error').map((v) => v.ruleName);
    const lenient = build(FailOn.ERROR, errors);
    const strict = build(FailOn.WARN, errors);
    expect(lenient.violations.map((v) => v.ruleName)).toEqual(['ApiBaseline-StageDataTraceOff[Unverifiable]']);
    expect(lenient.violations[0].severity).toBe('warning');
    expect(lenient.success).toBe(true);
    expect(strict.success).toBe(false);
  });

  test('turns on termination protection for stacks with an API, unless the stack opts out', () => {
    const app = new App({ outdir: tmpOutdir(), builtinCloudFormationValidation: false });
    const withApi = new Stack(app, 'WithApi');
    new apigw.RestApi(withApi, 'Api', { cloudWatchRole: false }).root.addMethod('GET', new apigw.MockIntegration());
    const optedOut = new Stack(app, 'OptedOut');
    new apigw.RestApi(optedOut, 'Api', { cloudWatchRole: false }).root.addMethod('GET', new apigw.MockIntegration());
    ApiBaseline.allowTermination(optedOut, 'ephemeral preview environment');
    const noApi = new Stack(app, 'NoApi');
    new apigw.CfnApiKey(noApi, 'Key');
    ApiBaseline.enforce(app, { standardPacks: [], report: false });
    const mute = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      app.synth(); // the gate fails these bare APIs; the aspects have run by then
    } catch {
      // expected: findings
    } finally {
      mute.mockRestore();
      process.exitCode = 0;
    }
    expect(withApi.terminationProtection).toBe(true);
    expect(optedOut.terminationProtection).toBe(false);
    expect(noApi.terminationProtection).toBe(false);
    expect(() => ApiBaseline.allowTermination(noApi, ' ')).toThrow(/"reason" must explain/);
  });

  test('synth writes the report files into the cloud assembly', () => {
    const { app } = insecureApp();
    ApiBaseline.enforce(app);
    const spy = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      app.synth();
    } catch {
      // a failing gate may surface as an exception, depending on the app mode
    } finally {
      spy.mockRestore();
      log.mockRestore();
    }
    for (const file of REPORT_FILES) {
      expect(fs.existsSync(path.join(app.outdir, file))).toBe(true);
    }
    const report = JSON.parse(fs.readFileSync(path.join(app.outdir, REPORT_FILES[0]), 'utf8'));
    expect(report.totals.errors).toBeGreaterThan(0);
    process.exitCode = 0;
  });
});

describe('ApiBaseline.acknowledge', () => {
  const ID = 'ApiBaseline-StageDataTraceOff';

  test('suppresses the finding until the expiry date', () => {
    const { app, api } = insecureApp({ 'cdk-api-baseline:today': '2027-03-31' });
    ApiBaseline.acknowledge(api.deploymentStage, { id: ID, reason: 'load test stage', expires: '2027-03-31', ticket: 'SEC-12' });
    const result = ApiBaseline.enforce(app, { standardPacks: [], report: false }).check(app);
    expect(result.violations.map((v) => v.ruleName)).not.toContain(ID);
  });

  test('after expiry the finding is back as an error naming the lapsed acknowledgement', () => {
    const { app, api } = insecureApp({ 'cdk-api-baseline:today': '2027-04-01' });
    ApiBaseline.acknowledge(api.deploymentStage, { id: ID, reason: 'load test stage', expires: '2027-03-31' });
    const result = ApiBaseline.enforce(app, { standardPacks: [], report: false }).check(app);
    const finding = result.violations.find((v) => v.ruleName === ID);
    expect(finding?.severity).toBe('error');
    expect(finding?.description).toMatch(/"load test stage" .* lapsed after 2027-03-31/);
    expect(result.success).toBe(false);
  });

  test.each([
    [{ id: ID, reason: '', expires: '2027-01-01' }, /"reason" must explain/],
    [{ id: ID, reason: '   ', expires: '2027-01-01' }, /"reason" must explain/],
    [{ id: '', reason: 'x', expires: '2027-01-01' }, /"id" must name/],
    [{ id: ID, reason: 'x', expires: '2027-02-30' }, /"expires" must be a calendar date .*got "2027-02-30"/],
    [{ id: ID, reason: 'x', expires: '31.03.2027' }, /"expires" must be a calendar date/],
    [{ id: ID, reason: 'x', expires: '2027-01-01', granted: '2027-01-01' }, /"expires" must lie after the grant date 2027-01-01/],
    [{ id: ID, reason: 'x', expires: '2027-01-01', granted: 'yesterday' }, /"granted" must be a calendar date/],
  ])('refuses %j', (options, message) => {
    const { api } = insecureApp();
    expect(() => ApiBaseline.acknowledge(api, options)).toThrow(message);
  });

  test('accepts an expiry one day after the grant date', () => {
    const { api } = insecureApp();
    expect(() => ApiBaseline.acknowledge(api, { id: ID, reason: 'x', expires: '2027-01-02', granted: '2027-01-01' })).not.toThrow();
  });
});

describe('acknowledging with the id the validation output prints', () => {
  // The ids and paths exactly as aws-cdk-lib prints them for the insecure app ("Acknowledge with '<id>'").
  const printed = (() => {
    const { app } = insecureApp();
    ApiBaseline.enforce(app);
    const output = synthOutput(app);
    const out: Array<{ id: string; path: string }> = [];
    const block = /^\s+(\S+) \S+\n(?:.*\n)*?\s+Acknowledge with '([^']+)'/gm;
    for (let m = block.exec(output); m; m = block.exec(output)) out.push({ path: m[1], id: m[2] });
    return out;
  })();

  test('the output suggests the plugin-qualified form', () => {
    expect(printed.map((p) => p.id)).toEqual(expect.arrayContaining([
      'cdk-api-baseline::ApiBaseline-StageDataTraceOff',
      expect.stringMatching(/^cdk-api-baseline::AwsSolutions-/),
    ]));
    expect(printed.find((p) => p.id === 'cdk-api-baseline::ApiBaseline-StageDataTraceOff')?.path)
      .toBe('Insecure/Api/DeploymentStage.prod/Resource');
  });

  test('Validations.acknowledge with every copied id: synth passes and the report agrees (no errors, acknowledged)', () => {
    const { app, stack } = insecureApp();
    for (const p of printed) Validations.of(stack).acknowledge({ id: p.id, reason: 'accepted for this test' });
    const gate = ApiBaseline.enforce(app);
    expect(gate.check(app).success).toBe(true);
    expect(synthOutput(app)).toBe('');
    const report = readReport(app);
    expect(report.totals.errors).toBe(0);
    const insecure = report.stacks.find((s: any) => s.stack === 'Insecure');
    expect(insecure.matrix.find((c: any) => c.ruleId === 'ApiBaseline-StageDataTraceOff').status).toBe('acknowledged');
    expect(insecure.acknowledgements.map((a: any) => a.id)).toContain('ApiBaseline-StageDataTraceOff');
    expect(fs.readFileSync(path.join(app.outdir, REPORT_FILES[2]), 'utf8')).toMatch(/The app passes the baseline: 0 errors/);
  });

  test('one copied id acknowledges that finding only, on the construct it is given and below', () => {
    const { app, api } = insecureApp();
    Validations.of(api.deploymentStage).acknowledge({ id: 'cdk-api-baseline::ApiBaseline-StageDataTraceOff', reason: 'x' });
    const ids = ApiBaseline.enforce(app, { standardPacks: [], report: false }).check(app).violations.map((v) => v.ruleName);
    expect(ids).not.toContain('ApiBaseline-StageDataTraceOff');
    expect(ids).toContain('ApiBaseline-StageThrottling');
    expect(ids).toContain('ApiBaseline-MethodAuthorization');
  });

  test('ApiBaseline.acknowledge with a copied id keeps its expiry: holds until the date, then fails gate and report', () => {
    const id = 'cdk-api-baseline::ApiBaseline-StageDataTraceOff';
    const build = (today: string) => {
      const { app, stack, api } = insecureApp({ 'cdk-api-baseline:today': today });
      for (const p of printed) {
        if (p.id !== id) Validations.of(stack).acknowledge({ id: p.id, reason: 'not under test here' });
      }
      ApiBaseline.acknowledge(api.deploymentStage, { id, reason: 'load test stage', expires: '2027-03-31' });
      ApiBaseline.enforce(app);
      return { app, output: synthOutput(app) };
    };

    const holding = build('2027-03-31');
    expect(holding.output).toBe('');
    const held = readReport(holding.app);
    expect(held.totals).toMatchObject({ errors: 0, lapsed: 0 });
    const cell = held.stacks[0].matrix.find((c: any) => c.ruleId === 'ApiBaseline-StageDataTraceOff');
    expect(cell).toEqual(expect.objectContaining({ status: 'acknowledged', until: '2027-03-31' }));
    expect(held.stacks[0].acknowledgements).toContainEqual(expect.objectContaining({ id: 'ApiBaseline-StageDataTraceOff', expires: '2027-03-31', lapsed: false }));

    const lapsed = build('2027-04-01');
    expect(lapsed.output).toMatch(/lapsed after 2027-03-31/);
    const report = readReport(lapsed.app);
    expect(report.totals).toMatchObject({ errors: 1, lapsed: 1 });
    expect(report.stacks[0].findings).toEqual([expect.objectContaining({
      ruleId: 'ApiBaseline-StageDataTraceOff', severity: 'error', lapsedAcknowledgement: 'ApiBaseline-StageDataTraceOff until 2027-03-31',
    })]);
  });
});

describe('several apps in one process', () => {
  /** Runs the two-app entry point the way the CDK CLI runs an app (it reads the report and fails the command). */
  function runLikeTheCli(order: string) {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'two-apps-'));
    const result = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, '..', 'fixtures', 'apps', 'two-apps.ts'), order], {
      cwd: path.join(__dirname, '..', '..'),
      env: {
        ...process.env,
        NODE_ENV: '',
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ '@aws-cdk/core:failSynthOnValidationErrors': false }),
      },
      encoding: 'utf8',
      timeout: 300_000,
    });
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'validation-report.json'), 'utf8'));
    const failed = report.pluginReports.some((r: any) => r.pluginName === 'cdk-api-baseline' && r.conclusion === 'failure');
    return { status: result.status, stderr: result.stderr, reportFails: failed, outdir };
  }

  test('a failing app whose report a later clean app replaces still fails synth', () => {
    const run = runLikeTheCli('failing-first');
    expect(run.stderr).toMatch(/cdk-api-baseline: 9 errors/);
    expect(run.reportFails).toBe(false); // the clean app's report is the one left for the CLI
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`an app synthesized into ${fs.realpathSync(run.outdir)} failed the baseline`);
  });

  test('when the failing app writes the last report, the CLI fails on the report and the process exits normally', () => {
    const run = runLikeTheCli('failing-last');
    expect(run.reportFails).toBe(true);
    expect(run.status).toBe(0);
    expect(run.stderr).not.toContain('replaced its validation report');
  });

  test('each app with its own gate fails synth on its own errors (in-process synth)', () => {
    const first = insecureApp();
    const second = insecureApp();
    ApiBaseline.enforce(first.app, { standardPacks: [] });
    ApiBaseline.enforce(second.app, { standardPacks: [] });
    expect(synthOutput(first.app)).toMatch(/ApiBaseline-StageDataTraceOff/);
    expect(synthOutput(second.app)).toMatch(/ApiBaseline-StageDataTraceOff/);
  });
});
