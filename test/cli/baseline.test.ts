import * as fs from 'fs';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { cli, FIXTURES, tmpDir } from './spawn-cli';
import { ApiBaseline } from '../../src';


/** The insecure fixture with one more unauthenticated method when `extra` is set. */
function insecureTemplate(dir: string, extra = false, metadata?: unknown): string {
  const template = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'insecure-api.json'), 'utf8'));
  if (extra) {
    template.Resources.Second = JSON.parse(JSON.stringify(template.Resources.Method));
    template.Resources.Second.Properties.HttpMethod = 'POST';
  }
  if (metadata !== undefined) template.Resources.Method.Metadata = { 'cdk-api-baseline': metadata };
  const file = path.join(dir, 'api.json');
  fs.writeFileSync(file, JSON.stringify(template, undefined, 2));
  return file;
}

describe('check --baseline', () => {
  test('findings in a report written by check --format json do not fail the run; new ones do', () => {
    const dir = tmpDir();
    const file = insecureTemplate(dir);
    const first = cli('check', file, '--format', 'json');
    expect(first.code).toBe(1);
    const report = path.join(dir, 'baseline.json');
    fs.writeFileSync(report, first.stdout);
    // every finding, the standard-pack duplicates listed under their ApiBaseline finding included
    const total = JSON.parse(first.stdout).findings.reduce((n: number, f: any) => n + 1 + (f.duplicates?.length ?? 0), 0);

    const same = cli('check', file, '--baseline', report);
    expect(same.stderr).toBe('');
    expect(same.code).toBe(0);
    expect(same.stdout).toMatch(new RegExp(`api\\.json: \\d+ errors, \\d+ warnings, ${total} baselined — passes`));
    expect(same.stdout).toContain(`${total} findings baselined by ${report}`);

    insecureTemplate(dir, true);
    const grown = cli('check', file, '--baseline', report, '--format', 'json');
    expect(grown.code).toBe(1);
    const out = JSON.parse(grown.stdout);
    const fresh = out.findings.filter((f: any) => !f.baselined);
    expect(fresh.length).toBeGreaterThan(0);
    expect(fresh.every((f: any) => f.resource === 'Second')).toBe(true);
    expect(out.totals.baselined).toBe(total);
  });

  test('a report of ApiBaseline.enforce is a baseline for the cloud assembly it was written into', () => {
    const outdir = path.join(tmpDir(), 'cdk.out');
    const app = new App({ outdir, context: { '@aws-cdk/core:failSynthOnValidationErrors': false } });
    const stack = new Stack(app, 'Orders');
    new apigw.RestApi(stack, 'Api').root.addMethod('GET', new apigw.MockIntegration());
    ApiBaseline.enforce(app, { terminationProtection: false });
    app.synth();
    const report = path.join(outdir, 'api-baseline-report.json');
    expect(fs.existsSync(report)).toBe(true);
    expect(cli('check', outdir).code).toBe(1);
    const { code, stdout } = cli('check', outdir, '--baseline', report);
    expect(stdout).toMatch(/[1-9]\d* findings baselined/);
    expect(stdout).not.toMatch(/^ERROR .*(?<!\[baselined\])$/m);
    expect(code).toBe(0);
  });

  test.each([
    ['not JSON', 'nope', /invalid JSON/],
    ['not a report', '{"hello": 1}', /not a cdk-api-baseline report/],
    ['a finding without ruleId', JSON.stringify({ tool: 'cdk-api-baseline', stacks: [{ findings: [{ path: 'a', severity: 'error' }] }] }), /malformed report: stacks\[0\]\.findings\[0\] needs "ruleId", "path" and "severity" strings/],
    ['findings not a list', JSON.stringify({ tool: 'cdk-api-baseline', stacks: [{ findings: {} }] }), /malformed report: stacks\[0\]\.findings must be a list/],
  ])('a malformed baseline (%s): exit 2, one line', (_name, content, message) => {
    const dir = tmpDir();
    const report = path.join(dir, 'baseline.json');
    fs.writeFileSync(report, content as string);
    const { code, stderr } = cli('check', insecureTemplate(dir), '--baseline', report);
    expect(code).toBe(2);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(message as RegExp);
  });
});

describe('acknowledgements in resource Metadata', () => {
  const ack = (entry: Record<string, unknown>) => ({ acknowledgements: [{ id: 'ApiBaseline-MethodAuthorization', reason: 'public health check', ...entry }] });

  test('one that holds suppresses the finding and is listed; without expires it holds too', () => {
    for (const entry of [{ expires: '2999-12-31', ticket: 'SEC-1' }, {}]) {
      const { stdout } = cli('check', insecureTemplate(tmpDir(), false, ack(entry)), '--format', 'json');
      const out = JSON.parse(stdout);
      expect(out.findings.map((f: any) => `${f.ruleId} ${f.resource}`)).not.toContain('ApiBaseline-MethodAuthorization Method');
      expect(out.templates[0].acknowledgements).toEqual([expect.objectContaining({ id: 'ApiBaseline-MethodAuthorization', resource: 'Method', lapsed: false })]);
      expect(out.stacks[0].acknowledgements[0].path).toMatch(/api\.json#Method$/);
    }
    const text = cli('check', insecureTemplate(tmpDir(), false, ack({ expires: '2999-12-31', ticket: 'SEC-1' }))).stdout;
    expect(text).toContain('ACK     ApiBaseline-MethodAuthorization  Method  public health check (until 2999-12-31) [SEC-1]');
  });

  test('a lapsed one brings the finding back as an error that names it', () => {
    const { code, stdout } = cli('check', insecureTemplate(tmpDir(), false, ack({ expires: '2020-01-31' })), '--format', 'json');
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    const finding = out.findings.find((f: any) => f.ruleId === 'ApiBaseline-MethodAuthorization');
    expect(finding.severity).toBe('error');
    expect(finding.description).toMatch(/acknowledgement "public health check" on .* lapsed after 2020-01-31/);
    expect(out.totals.lapsed).toBe(1);
  });

  test.each([
    ['not a map', 'yes', /Metadata "cdk-api-baseline": must be a map with "acknowledgements", got "yes"/],
    ['acknowledgements not a list', { acknowledgements: { id: 'x' } }, /"acknowledgements" must be a list/],
    ['an unknown setting', { acknowledgement: [] }, /unknown setting "acknowledgement" \(only "acknowledgements"\)/],
    ['no reason', { acknowledgements: [{ id: 'ApiBaseline-MethodAuthorization' }] }, /acknowledgement 1: "reason" must explain why the finding is accepted, got undefined/],
    ['no id', { acknowledgements: [{ reason: 'r' }] }, /acknowledgement 1: "id" must name the finding/],
    ['a malformed date', { acknowledgements: [{ id: 'ApiBaseline-MethodAuthorization', reason: 'r', expires: '31.12.2027' }] }, /acknowledgement 1: "expires" must be a calendar date in the form YYYY-MM-DD, got "31\.12\.2027"/],
    ['an impossible date', { acknowledgements: [{ id: 'ApiBaseline-MethodAuthorization', reason: 'r', expires: '2027-02-30' }] }, /"expires" must be a calendar date/],
    ['a date that is a number', { acknowledgements: [{ id: 'ApiBaseline-MethodAuthorization', reason: 'r', expires: 20270101 }] }, /"expires" must be a string \(YYYY-MM-DD; quote it in YAML\), got 20270101/],
    ['an unknown key', { acknowledgements: [{ id: 'ApiBaseline-MethodAuthorization', reason: 'r', until: '2027-01-01' }] }, /unknown key "until"/],
  ])('a malformed one (%s): exit 2 naming the resource', (_name, metadata, message) => {
    const { code, stdout, stderr } = cli('check', insecureTemplate(tmpDir(), false, metadata));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/api\.json: resource "Method": Metadata "cdk-api-baseline"/);
    expect(stderr).toMatch(message as RegExp);
    expect(stderr.trimEnd().split('\n')).toHaveLength(1);
  });
});

describe('text output', () => {
  test('fix hints per finding; a standard-pack finding of the same control is folded under the ApiBaseline one', () => {
    const { stdout } = cli('check', path.join(FIXTURES, 'insecure-api.yaml'), '--pack', 'aws-solutions', '--pack', 'nist-800-53-r5');
    const lines = stdout.split('\n');
    const i = lines.findIndex((l) => /^ERROR\s+ApiBaseline-StageWebAcl\s+Stage\s/.test(l));
    expect(i).toBeGreaterThanOrEqual(0);
    expect(lines[i + 1]).toMatch(/^\s+fix: Create an `AWS::WAFv2::WebACLAssociation`/);
    const block = lines.slice(i + 2, lines.findIndex((l, j) => j > i && /^\S/.test(l)));
    expect(block).toEqual(expect.arrayContaining([
      expect.stringMatching(/same control: AwsSolutions-APIG3/),
      expect.stringMatching(/same control: NIST\.800\.53\.R5-APIGWAssociatedWithWAF/),
    ]));
    // folded findings are not repeated on lines of their own
    expect(stdout).not.toMatch(/^\w+\s+AwsSolutions-APIG3\s/m);
    // a standard finding with no ApiBaseline counterpart stays on its own line
    expect(stdout).toMatch(/^ERROR\s+AwsSolutions-COG4\s+Method\s/m);
  });
});

describe('diff', () => {
  const write = (content: unknown) => {
    const file = path.join(tmpDir(), 'r.json');
    fs.writeFileSync(file, JSON.stringify(content));
    return file;
  };
  const report = (packs: string[], findings: any[], acknowledgements: any[] = []) =>
    ({ tool: 'cdk-api-baseline', packs, stacks: [{ stack: 'S', findings, acknowledgements }] });
  const error = { severity: 'error', ruleId: 'ApiBaseline-StageWebAcl', path: 'App/S/Api/Stage/Resource' };

  test('a removed pack is a regression', () => {
    const { code, stdout } = cli('diff', write(report(['ApiBaseline', 'AwsSolutions'], [])), write(report(['ApiBaseline'], [])));
    expect(code).toBe(1);
    expect(stdout).toContain('! regression: pack removed: AwsSolutions');
  });

  test('an error that is newly acknowledged is a regression', () => {
    const ack = { id: 'ApiBaseline-StageWebAcl', path: 'App/S/Api', reason: 'WAF next quarter', expires: '2027-06-30', lapsed: false };
    const { code, stdout } = cli('diff', write(report(['ApiBaseline'], [error])), write(report(['ApiBaseline'], [], [ack])));
    expect(code).toBe(1);
    expect(stdout).toContain('! regression: error newly acknowledged: ApiBaseline-StageWebAcl at App/S/Api/Stage/Resource');
  });

  test('an acknowledgement that lapsed is a regression', () => {
    const ack = { id: 'ApiBaseline-StageWebAcl', path: 'App/S/Api', reason: 'r', expires: '2026-01-31' };
    const { code, stdout } = cli('diff', write(report(['ApiBaseline'], [], [{ ...ack, lapsed: false }])), write(report(['ApiBaseline'], [], [{ ...ack, lapsed: true }])));
    expect(code).toBe(1);
    expect(stdout).toMatch(/! regression: acknowledgement lapsed: ApiBaseline-StageWebAcl at App\/S\/Api until 2026-01-31 \(lapsed\)/);
  });

  test('a malformed report is refused with a clear error', () => {
    const good = write(report(['ApiBaseline'], [error]));
    const bad = write({ tool: 'cdk-api-baseline', stacks: [{ findings: [{ ruleId: 'X' }] }] });
    const { code, stdout, stderr } = cli('diff', good, bad);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/malformed report: stacks\[0\]\.findings\[0\] needs "ruleId", "path" and "severity" strings/);
  });

  test('two check --format json runs diff cleanly', () => {
    const a = cli('check', path.join(FIXTURES, 'insecure-api.json'), '--format', 'json').stdout;
    const { code, stdout } = cli('diff', write(JSON.parse(a)), write(JSON.parse(a)));
    expect(code).toBe(0);
    expect(stdout).toContain('no change in security posture');
  });
});
