import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ApiBaseline, FailOn, REPORT_FILES, StandardPack } from '../../src';

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
