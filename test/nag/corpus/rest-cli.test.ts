import * as path from 'path';
import { runCli } from '../../../src/cli/main';

/**
 * The REST API shape as plain CloudFormation, checked by `cdk-api-baseline check`: a hardened template (an OpenAPI
 * `Body`, a stage, web ACL, WAF logging, 5XX alarm and a TLS 1.2 custom domain) that passes, and templates that each
 * make one mistake.
 */

const CORPUS = path.join(__dirname, '..', '..', 'fixtures', 'templates', 'corpus');

interface CliFinding {
  readonly severity: string;
  readonly ruleId: string;
  readonly resource: string;
}

/** Runs `check` on a corpus template with JSON output. */
function check(name: string): { code: number; findings: CliFinding[]; stderr: string } {
  const { code, stdout, stderr } = runCli(['check', path.join(CORPUS, name), '--format', 'json']);
  return { code, stderr, findings: stdout === '' ? [] : JSON.parse(stdout).findings };
}

/** The ApiBaseline errors of a run, as `<rule id> on <resource>`, sorted. */
function baselineErrors(findings: CliFinding[]): string[] {
  return findings
    .filter((f) => f.severity === 'error' && f.ruleId.startsWith('ApiBaseline-'))
    .map((f) => `${f.ruleId} on ${f.resource}`)
    .sort();
}

describe('cdk-api-baseline check on REST API templates', () => {
  test('the hardened template passes: exit code 0, no finding', () => {
    const { code, findings, stderr } = check('rest-hardened.json');
    expect(stderr).toBe('');
    expect(findings.map((f) => `${f.severity} ${f.ruleId} on ${f.resource}`)).toEqual([]);
    expect(code).toBe(0);
  });

  test.each<[string, string[]]>([
    ['rest-openapi-no-security.json', ['ApiBaseline-MethodAuthorization[GET /pets] on Api']],
    ['rest-deployment-stage-no-logs.json', [
      'ApiBaseline-Stage5xxAlarm on LegacyDeployment',
      'ApiBaseline-StageExecutionLogging on LegacyDeployment',
      'ApiBaseline-StageJsonAccessLogging on LegacyDeployment',
      'ApiBaseline-StageThrottling on LegacyDeployment',
      'ApiBaseline-StageWebAcl on LegacyDeployment',
      'ApiBaseline-StageXRayTracing on LegacyDeployment',
    ]],
    ['rest-webacl-association-false-condition.json', ['ApiBaseline-StageWebAcl on Stage']],
  ])('%s: exit code 1 with the mistake named', (name, expected) => {
    const { code, findings } = check(name);
    expect(baselineErrors(findings)).toEqual(expected);
    expect(code).toBe(1);
  });

  test('the text report names the operation and the resource that holds it', () => {
    const { code, stdout } = runCli(['check', path.join(CORPUS, 'rest-openapi-no-security.json')]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/^ERROR\s+ApiBaseline-MethodAuthorization\[GET \/pets\]\s+Api\s/m);
    expect(stdout).toMatch(/rest-openapi-no-security\.json: 1 errors, 0 warnings — fails/);
  });

  // aws-cdk-lib's CfnInclude leaves out a resource whose logical id is an Object.prototype member, so the template
  // is refused (exit code 2, naming the id) rather than judged without it.
  test('an unauthenticated method with the logical id "constructor" is refused, never passed', () => {
    const { code, findings, stderr } = check('rest-method-constructor-no-auth.json');
    expect(code).toBe(2);
    expect(findings).toEqual([]);
    expect(stderr.split('\n')[0]).toMatch(/"constructor"/);
  });
});
