import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, FIXTURES } from './spawn-cli';


describe('cdk-api-baseline check', () => {
  test('YAML with short-form intrinsics: findings and exit code 1', () => {
    const { code, stdout, stderr } = cli('check', path.join(FIXTURES, 'insecure-api.yaml'));
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toMatch(/ERROR\s+ApiBaseline-MethodAuthorization\s+Method\s/);
    expect(stdout).toMatch(/ERROR\s+ApiBaseline-StageDataTraceOff\s+Stage\s/);
    expect(stdout).toMatch(/AwsSolutions-/);
    expect(stdout).toMatch(/insecure-api\.yaml: \d+ errors, \d+ warnings — fails/);
  });

  test('JSON output, baseline plus a chosen pack', () => {
    const { code, stdout } = cli('check', path.join(FIXTURES, 'insecure-api.yaml'), '--format', 'json', '--pack', 'nist-800-53-r5');
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    const ids = out.findings.map((f: any) => f.ruleId);
    expect(ids).toContain('ApiBaseline-MethodAuthorization');
    expect(ids.some((id: string) => id.startsWith('NIST.800.53.R5-'))).toBe(true);
    expect(ids.some((id: string) => id.startsWith('AwsSolutions-'))).toBe(false);
    // the totals count every finding, the standard-pack duplicates listed under their ApiBaseline finding too
    const all = out.findings.flatMap((f: any) => [f, ...(f.duplicates ?? [])]);
    expect(out.errors).toBe(all.filter((f: any) => f.severity === 'error').length);
  });

  test('JSON output lists a standard-pack finding of the same control under its ApiBaseline finding', () => {
    const { stdout } = cli('check', path.join(FIXTURES, 'insecure-api.yaml'), '--format', 'json', '--pack', 'aws-solutions', '--pack', 'nist-800-53-r5');
    const out = JSON.parse(stdout);
    const webAcl = out.findings.find((f: any) => f.ruleId === 'ApiBaseline-StageWebAcl' && f.resource === 'Stage');
    expect(webAcl.duplicates.map((d: any) => d.ruleId).sort()).toEqual(['AwsSolutions-APIG3', 'NIST.800.53.R5-APIGWAssociatedWithWAF']);
    expect(webAcl.duplicates[0]).toEqual({ ruleId: expect.any(String), severity: expect.stringMatching(/^(error|warning)$/), description: expect.any(String) });
    // not repeated as entries of their own, in the run's list nor in the template's
    expect(out.findings.filter((f: any) => f.ruleId === 'AwsSolutions-APIG3')).toEqual([]);
    expect(out.templates[0].findings.find((f: any) => f.ruleId === 'ApiBaseline-StageWebAcl').duplicates).toHaveLength(2);
    expect(out.templates[0].findings.filter((f: any) => f.ruleId === 'AwsSolutions-APIG3')).toEqual([]);
    // a standard finding with no ApiBaseline counterpart stays an entry
    expect(out.findings.some((f: any) => f.ruleId === 'AwsSolutions-COG4')).toBe(true);
    // the shape diff and --baseline read keeps every finding, so a baseline holds the duplicates too
    expect(out.stacks[0].findings.some((f: any) => f.ruleId === 'AwsSolutions-APIG3')).toBe(true);
  });

  test('fix hints for a template are in CloudFormation terms (CDK terms are for apps)', () => {
    const { stdout } = cli('check', path.join(FIXTURES, 'insecure-api.yaml'), '--format', 'json');
    const out = JSON.parse(stdout);
    const tracing = out.findings.find((f: any) => f.ruleId === 'ApiBaseline-StageXRayTracing');
    expect(tracing.fix).toBe('Set `TracingEnabled: true` on the `AWS::ApiGateway::Stage`.');
    const auth = out.findings.find((f: any) => f.ruleId === 'ApiBaseline-MethodAuthorization');
    expect(auth.fix).toMatch(/^Set `AuthorizationType` of the `AWS::ApiGateway::Method`/);
    expect(auth.fix).not.toMatch(/defaultMethodOptions/);
    const text = cli('check', path.join(FIXTURES, 'insecure-api.yaml')).stdout;
    expect(text).toContain('fix: Set `TracingEnabled: true` on the `AWS::ApiGateway::Stage`.');
    expect(text).not.toContain('tracingEnabled');
  });

  test('markdown output lists the findings as a table', () => {
    const { code, stdout } = cli('check', path.join(FIXTURES, 'insecure-api.json'), '--format', 'markdown');
    expect(code).toBe(1);
    expect(stdout).toMatch(/^# .*insecure-api\.json/);
    expect(stdout).toMatch(/\| error \| ApiBaseline-MethodAuthorization \(also AwsSolutions-APIG4\) \| Method \|/);
    expect(stdout).toMatch(/\| error \| ApiBaseline-MethodRequestValidator \| Method \|/);
  });

  test('markdown output folds a standard-pack duplicate into its ApiBaseline row', () => {
    const { stdout } = cli('check', path.join(FIXTURES, 'insecure-api.yaml'), '--format', 'markdown', '--pack', 'aws-solutions', '--pack', 'nist-800-53-r5');
    const row = stdout.split('\n').find((l) => l.includes('| ApiBaseline-StageWebAcl'));
    expect(row).toContain('(also AwsSolutions-APIG3, NIST.800.53.R5-APIGWAssociatedWithWAF)');
    expect(stdout.split('\n').filter((l) => /^\| \w+ \| AwsSolutions-APIG3 \|/.test(l))).toEqual([]);
  });

  test('a template with only warnings passes, and fails with --fail-on warn', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
    const file = path.join(dir, 'warn-only.json');
    fs.writeFileSync(file, JSON.stringify({
      Parameters: { Trace: { Type: 'String' } },
      Resources: {
        Stage: {
          Type: 'AWS::ApiGateway::Stage',
          Properties: {
            RestApiId: 'abc',
            DeploymentId: 'dep',
            MethodSettings: [{ HttpMethod: '*', ResourcePath: '/*', DataTraceEnabled: { Ref: 'Trace' } }],
          },
        },
      },
    }));
    const lenient = cli('check', file, '--format', 'json', '--pack', 'serverless');
    const ids = JSON.parse(lenient.stdout).findings.filter((f: any) => f.severity === 'error').map((f: any) => f.ruleId);
    // only the unverifiable warning is common to both runs; errors from other rules decide the exit code
    expect(JSON.parse(lenient.stdout).findings.map((f: any) => f.ruleId)).toContain('ApiBaseline-StageDataTraceOff[Unverifiable]');
    expect(lenient.code).toBe(ids.length > 0 ? 1 : 0);
    const strict = cli('check', file, '--pack', 'serverless', '--fail-on', 'warn');
    expect(strict.code).toBe(1);
  });

  test.each([
    ['missing file', [path.join(FIXTURES, 'does-not-exist.yaml')], /no such file/],
    ['invalid YAML', [path.join(FIXTURES, 'malformed.yaml')], /cannot read the template/],
    ['invalid JSON', [path.join(FIXTURES, 'malformed.json')], /invalid JSON/],
    ['not a template', [path.join(FIXTURES, 'not-a-template.yaml')], /not a CloudFormation template/],
    ['unknown pack', [path.join(FIXTURES, 'insecure-api.json'), '--pack', 'nope'], /unknown pack "nope"/],
    ['unknown format', [path.join(FIXTURES, 'insecure-api.json'), '--format', 'xml'], /unknown format "xml"/],
    ['no template', [], /check needs a template file/],
  ])('%s: exit code 2, one line, no stack trace', (_name, args, message) => {
    const { code, stdout, stderr } = cli('check', ...(args as string[]));
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe('cdk-api-baseline diff', () => {
  const report = (findings: any[], acknowledgements: any[] = []) => ({
    tool: 'cdk-api-baseline',
    stacks: [{ stack: 'App/S', findings, acknowledgements }],
  });
  const write = (name: string, content: unknown) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-'));
    const file = path.join(dir, name);
    fs.writeFileSync(file, JSON.stringify(content));
    return file;
  };

  test('shows added and removed findings and acknowledgements; exit 1 when findings were added', () => {
    const before = write('old.json', report([{ severity: 'error', ruleId: 'ApiBaseline-A', path: 'App/S/X' }]));
    const after = write('new.json', report(
      [{ severity: 'error', ruleId: 'ApiBaseline-B', path: 'App/S/Y' }],
      [{ id: 'ApiBaseline-C', path: 'App/S/Z', reason: 'accepted', expires: '2027-01-31', lapsed: false }],
    ));
    const { code, stdout } = cli('diff', before, after);
    expect(code).toBe(1);
    expect(stdout).toContain('+ finding: error ApiBaseline-B at App/S/Y');
    expect(stdout).toContain('- finding: error ApiBaseline-A at App/S/X');
    expect(stdout).toContain('+ acknowledgement: ApiBaseline-C at App/S/Z until 2027-01-31: accepted');
  });

  test('no change: exit 0', () => {
    const same = report([{ severity: 'error', ruleId: 'ApiBaseline-A', path: 'App/S/X' }]);
    const { code, stdout } = cli('diff', write('a.json', same), write('b.json', same));
    expect(code).toBe(0);
    expect(stdout).toContain('no change in security posture');
  });

  test('a file that is not a report: exit 2', () => {
    const { code, stderr } = cli('diff', write('a.json', { hello: 1 }), write('b.json', { hello: 2 }));
    expect(code).toBe(2);
    expect(stderr).toMatch(/not a cdk-api-baseline report/);
  });
});
