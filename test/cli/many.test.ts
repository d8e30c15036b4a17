import * as fs from 'fs';
import * as path from 'path';
import { App, NestedStack, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { cli, CORPUS, FIXTURES, tmpDir } from './spawn-cli';


/** A directory with two templates (one failing, one clean), a YAML file and a JSON file that are not templates. */
function mixedDirectory(): string {
  const dir = tmpDir();
  fs.mkdirSync(path.join(dir, 'apis', 'deep'), { recursive: true });
  fs.copyFileSync(path.join(FIXTURES, 'insecure-api.yaml'), path.join(dir, 'apis', 'insecure.yaml'));
  fs.copyFileSync(path.join(CORPUS, 'rest-hardened.json'), path.join(dir, 'apis', 'deep', 'hardened.template'));
  fs.writeFileSync(path.join(dir, 'apis', 'config.yaml'), 'name: orders\nreplicas: 3\n');
  fs.writeFileSync(path.join(dir, 'package.json'), '{"name":"x"}');
  fs.writeFileSync(path.join(dir, 'README.md'), '# Resources: none');
  fs.mkdirSync(path.join(dir, 'node_modules', 'dep'), { recursive: true });
  fs.copyFileSync(path.join(FIXTURES, 'insecure-api.yaml'), path.join(dir, 'node_modules', 'dep', 'template.yaml'));
  return dir;
}

describe('cdk-api-baseline check over many templates', () => {
  test('a directory: every template judged with a verdict line, other files skipped and counted, one total', () => {
    const dir = mixedDirectory();
    const { code, stdout, stderr } = cli('check', dir);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(stdout).toMatch(/apis\/insecure\.yaml: \d+ errors, \d+ warnings — fails/);
    expect(stdout).toMatch(/apis\/deep\/hardened\.template: 0 errors, 0 warnings — passes/);
    expect(stdout).not.toContain('node_modules');
    expect(stdout).toMatch(/^total: 2 templates, 1 pass, 1 fail; 3 other files skipped; [1-9]\d* errors, \d+ warnings — fails$/m);
  });

  test('files and directories mixed on the command line; a template named twice is judged once', () => {
    const dir = mixedDirectory();
    const insecure = path.join(dir, 'apis', 'insecure.yaml');
    const { code, stdout } = cli('check', insecure, dir, path.join(CORPUS, 'http-hardened.json'));
    expect(code).toBe(1);
    expect(stdout.match(/insecure\.yaml: /g)).toHaveLength(1);
    expect(stdout).toMatch(/total: 3 templates, 2 pass, 1 fail/);
  });

  test('JSON output: one document with per-template verdicts and totals', () => {
    const dir = mixedDirectory();
    const { code, stdout } = cli('check', dir, '--format', 'json');
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    expect(out.totals).toMatchObject({ templates: 2, judged: 2, failing: 1, unreadable: 0, skippedFiles: 3 });
    expect(out.templates.map((t: any) => t.verdict).sort()).toEqual(['fails', 'passes']);
    expect(out.findings.every((f: any) => f.template.endsWith('insecure.yaml'))).toBe(true);
    // the totals count the standard-pack duplicates listed under their ApiBaseline finding too
    expect(out.errors).toBe(out.findings.flatMap((f: any) => [f, ...(f.duplicates ?? [])]).filter((f: any) => f.severity === 'error').length);
  });

  test('an unusable file among many is reported and fails the run; --skip-unreadable lets the others decide', () => {
    const dir = tmpDir();
    fs.copyFileSync(path.join(CORPUS, 'rest-hardened.json'), path.join(dir, 'good.json'));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"Resources": {"A": ');
    const strict = cli('check', dir);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/^cdk-api-baseline: .*broken\.json: invalid JSON/);
    expect(strict.stderr.trim().split('\n')).toHaveLength(1);
    expect(strict.stdout).toMatch(/good\.json: 0 errors, 0 warnings — passes/);
    expect(strict.stdout).toMatch(/total: 2 templates, 1 pass, 0 fail, 1 unusable; 0 other files skipped; 0 errors, 0 warnings — fails/);
    const lenient = cli('check', dir, '--skip-unreadable');
    expect(lenient.code).toBe(0);
    expect(lenient.stdout).toMatch(/1 unusable \(skipped: --skip-unreadable\).* — passes/);
  });

  test('nothing could be judged: exit 2', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"Resources": {"A": ');
    expect(cli('check', dir).code).toBe(2);
    expect(cli('check', dir, '--skip-unreadable').code).toBe(2);
    const empty = tmpDir();
    fs.writeFileSync(path.join(empty, 'notes.txt'), 'nothing here');
    const none = cli('check', empty);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no templates found/);
  });
});

describe('cdk-api-baseline check over a CDK cloud assembly', () => {
  let outdir: string;
  beforeAll(() => {
    outdir = path.join(tmpDir(), 'cdk.out');
    const app = new App({ outdir });
    const stack = new Stack(app, 'Orders');
    const api = new apigw.RestApi(stack, 'Api');
    api.root.addMethod('GET', new apigw.MockIntegration());
    const inner = new NestedStack(stack, 'Inner');
    const innerApi = new apigw.RestApi(inner, 'InnerApi');
    innerApi.root.addMethod('POST', new apigw.MockIntegration());
    app.synth();
  });

  test('every stack and nested stack is judged, findings carry the construct paths', () => {
    const { code, stdout, stderr } = cli('check', outdir, '--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const out = JSON.parse(stdout);
    expect(out.templates).toHaveLength(2);
    expect(out.templates[0].template).toMatch(/Orders\.template\.json \(Orders\)$/);
    expect(out.templates[1].template).toMatch(/\.nested\.template\.json \(nested stack InnerNestedStack/);
    const auth = out.findings.filter((f: any) => f.ruleId === 'ApiBaseline-MethodAuthorization').map((f: any) => f.path).sort();
    expect(auth).toEqual(['Orders/Api/Default/GET/Resource', 'Orders/Inner/InnerApi/Default/POST/Resource']);
    // manifest, tree and asset manifests are not templates
    expect(out.totals.skippedFiles).toBe(0);
  });

  test('a cloud assembly found while walking a directory is read as an assembly', () => {
    const { stdout } = cli('check', path.dirname(outdir));
    expect(stdout).toMatch(/ApiBaseline-MethodAuthorization\s+ApiGET\w+ \(Orders\/Api\/Default\/GET\/Resource\)/);
    expect(stdout).toMatch(/total: 2 templates, 0 pass, 2 fail; 0 other files skipped/);
  });
});

describe('nested stacks in plain templates', () => {
  test('a local TemplateURL is followed, a remote one is listed as not judged', () => {
    const dir = tmpDir();
    fs.copyFileSync(path.join(FIXTURES, 'insecure-api.yaml'), path.join(dir, 'child.yaml'));
    fs.writeFileSync(path.join(dir, 'parent.yaml'), [
      'Resources:',
      '  Local:',
      '    Type: AWS::CloudFormation::Stack',
      '    Properties: { TemplateURL: ./child.yaml }',
      '  Remote:',
      '    Type: AWS::CloudFormation::Stack',
      '    Properties: { TemplateURL: "https://bucket.s3.amazonaws.com/other.yaml" }',
      '',
    ].join('\n'));
    const { code, stdout } = cli('check', path.join(dir, 'parent.yaml'));
    expect(code).toBe(1);
    expect(stdout).toContain('NOT JUDGED  nested stack "Remote": its template (https://bucket.s3.amazonaws.com/other.yaml) is not a local file');
    expect(stdout).toMatch(/parent\.yaml: 0 errors, 0 warnings — passes what could be judged/);
    expect(stdout).toMatch(/child\.yaml \(nested stack Local\): \d+ errors, \d+ warnings — fails/);
  });

  test('a nested stack that includes itself is not followed forever', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'loop.yaml'), 'Resources:\n  Again:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: loop.yaml }\n');
    const { code, stdout } = cli('check', path.join(dir, 'loop.yaml'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/NOT JUDGED  nested stack "Again": .*loop\.yaml includes itself/);
  });
});
