import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// eslint-disable-next-line @typescript-eslint/no-require-imports
import Ajv = require('ajv');
import { cli, FIXTURES, ROOT } from './spawn-cli';


/** The SARIF 2.1.0 schema (draft-04), committed with its license in test/fixtures/sarif. */
const validate = (() => {
  const ajv = new Ajv({ schemaId: 'id', allErrors: true, logger: false });
  ajv.addMetaSchema(JSON.parse(fs.readFileSync(require.resolve('ajv/lib/refs/json-schema-draft-04.json'), 'utf8')));
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(ROOT, 'test', 'fixtures', 'sarif', 'sarif-schema-2.1.0.json'), 'utf8')));
})();

function expectValidSarif(doc: unknown) {
  const ok = validate(doc);
  expect(validate.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
}

/** A directory inside the project (so paths are relative to the checkout) with a failing and a broken template. */
function workDir(): string {
  const dir = fs.mkdtempSync(path.join(ROOT, 'test', 'cli', 'tmp-sarif-'));
  fs.copyFileSync(path.join(FIXTURES, 'insecure-api.yaml'), path.join(dir, 'insecure.yaml'));
  fs.writeFileSync(path.join(dir, 'broken.json'), '{"Resources": [1]}');
  return dir;
}

describe('cdk-api-baseline check --format sarif', () => {
  let dir: string;
  beforeAll(() => {
    dir = workDir();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the schema rejects what it should (the validator is not a no-op)', () => {
    expect(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] })).toBe(false);
    expect(validate({ version: '2.0.0', runs: [] })).toBe(false);
  });

  test('one run: rules with help and a RULES.md link, results on the template line of the resource', () => {
    const { code, stdout } = cli('check', dir, '--format', 'sarif');
    expect(code).toBe(1);
    const sarif = JSON.parse(stdout);
    expectValidSarif(sarif);
    expect(sarif.runs).toHaveLength(1);
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('cdk-api-baseline');
    const rule = run.tool.driver.rules.find((r: any) => r.id === 'ApiBaseline-MethodAuthorization');
    expect(rule.helpUri).toMatch(/\/RULES\.md#apibaseline-methodauthorization$/);
    expect(rule.help.text).toMatch(/Fix: /);
    // the anchor the link points to is in RULES.md
    expect(fs.readFileSync(path.join(ROOT, 'RULES.md'), 'utf8')).toContain('<a id="apibaseline-methodauthorization"></a>');
    const standard = run.tool.driver.rules.find((r: any) => r.id.startsWith('AwsSolutions-'));
    expect(standard.helpUri).toMatch(/cdk-nag/);

    const relative = path.relative(ROOT, path.join(dir, 'insecure.yaml'));
    const method = run.results.find((r: any) => r.ruleId === 'ApiBaseline-MethodAuthorization');
    expect(method.level).toBe('error');
    expect(method.locations[0].physicalLocation.artifactLocation).toEqual({ uri: relative, uriBaseId: '%SRCROOT%' });
    const lines = fs.readFileSync(path.join(dir, 'insecure.yaml'), 'utf8').split('\n');
    const line = method.locations[0].physicalLocation.region.startLine;
    expect(lines[line - 1]).toBe('  Method:');
    expect(method.locations[0].logicalLocations[0].name).toBe('Method');
    expect(run.tool.driver.rules[method.ruleIndex].id).toBe('ApiBaseline-MethodAuthorization');
    // every result points at a rule of the run
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);

    // the broken template is a notification, and the run is still "successful" (something was judged)
    expect(run.invocations[0].executionSuccessful).toBe(true);
    expect(run.invocations[0].toolExecutionNotifications[0].message.text).toMatch(/broken\.json: "Resources" must be a map/);
  });

  test('a standard-pack finding of the same control is listed in the ApiBaseline result, not a result of its own', () => {
    const { stdout } = cli('check', dir, '--format', 'sarif', '--pack', 'aws-solutions', '--pack', 'nist-800-53-r5');
    const sarif = JSON.parse(stdout);
    expectValidSarif(sarif);
    const run = sarif.runs[0];
    const webAcl = run.results.find((r: any) => r.ruleId === 'ApiBaseline-StageWebAcl');
    expect(webAcl.properties.duplicates.map((d: any) => d.ruleId).sort()).toEqual(['AwsSolutions-APIG3', 'NIST.800.53.R5-APIGWAssociatedWithWAF']);
    expect(webAcl.message.text).toMatch(/Same control: (AwsSolutions-APIG3|NIST\.800\.53\.R5-APIGWAssociatedWithWAF), /);
    expect(run.results.filter((r: any) => r.ruleId === 'AwsSolutions-APIG3' || r.ruleId === 'NIST.800.53.R5-APIGWAssociatedWithWAF')).toEqual([]);
    expect(run.results.some((r: any) => r.ruleId === 'AwsSolutions-COG4')).toBe(true);
    // the rule help is in template terms
    const rule = run.tool.driver.rules.find((r: any) => r.id === 'ApiBaseline-StageXRayTracing');
    expect(rule.help.text).toContain('Fix: Set `TracingEnabled: true` on the `AWS::ApiGateway::Stage`.');
  });

  test('nothing could be judged: exit 2 and a valid document that carries the error', () => {
    const { code, stdout } = cli('check', path.join(dir, 'broken.json'), '--format', 'sarif');
    expect(code).toBe(2);
    const sarif = JSON.parse(stdout);
    expectValidSarif(sarif);
    expect(sarif.runs[0].invocations[0].executionSuccessful).toBe(false);
    expect(sarif.runs[0].results).toEqual([]);
  });

  test('a wrong argument: exit 2 and a valid document that carries the error', () => {
    const { code, stdout } = cli('check', dir, '--pack', 'toString', '--format', 'sarif');
    expect(code).toBe(2);
    const sarif = JSON.parse(stdout);
    expectValidSarif(sarif);
    expect(sarif.runs[0].invocations[0].toolExecutionNotifications[0].message.text).toMatch(/unknown pack "toString"/);
  });

  test('a template outside the working directory: an absolute file URI', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'sarif-'));
    fs.copyFileSync(path.join(FIXTURES, 'insecure-api.json'), path.join(out, 'api.template.json'));
    const { stdout } = cli('check', path.join(out, 'api.template.json'), '--format', 'sarif');
    const sarif = JSON.parse(stdout);
    expectValidSarif(sarif);
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toMatch(/^file:\/\/\/.*api\.template\.json$/);
  });
});

describe('cdk-api-baseline check --format github', () => {
  test('one workflow-command annotation per finding, on the resource line; errors and summary', () => {
    const dir = workDir();
    try {
      const { code, stdout } = cli('check', dir, '--format', 'github');
      expect(code).toBe(1);
      const relative = path.relative(ROOT, path.join(dir, 'insecure.yaml'));
      const lines = stdout.trimEnd().split('\n');
      expect(lines).toContain(`::error file=${relative},line=6,title=ApiBaseline-MethodAuthorization::ApiBaseline-MethodAuthorization on Method: The API Gateway method or route has no authorization (AuthorizationType is NONE or missing). Fix: ${lines.find((l) => l.includes('title=ApiBaseline-MethodAuthorization::'))!.split(' Fix: ')[1]}`);
      expect(lines.some((l) => l.startsWith(`::error file=${path.relative(ROOT, path.join(dir, 'broken.json'))},title=cdk-api-baseline%3A not judged::`))).toBe(true);
      expect(lines.filter((l) => l.startsWith('::')).every((l) => /^::(error|warning|notice) /.test(l))).toBe(true);
      // the verdict lines and the total follow as plain text
      expect(stdout).toMatch(/insecure\.yaml: \d+ errors, \d+ warnings — fails/);
      expect(lines[lines.length - 1]).toMatch(/^total: 2 templates, 0 pass, 1 fail, 1 unusable/);
      // no line of a message breaks out of its annotation
      expect(lines.every((l) => l.startsWith('::') || /^(\S.*: \d+ errors|total: )/.test(l))).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
