import * as path from 'path';
import { runCli } from '../../../src/cli/main';

const CORPUS = path.join(__dirname, '..', '..', 'fixtures', 'templates', 'corpus');

/** The `<severity> <rule id> <resource>` triples of a text report (the id and the resource end at two spaces). */
function lines(stdout: string): string[] {
  return stdout.split('\n')
    .map((l) => /^(ERROR|WARNING)\s+(.+?) {2}(\S+) {2}/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => `${m[1]} ${m[2]} ${m[3]}`);
}

function baselineErrors(stdout: string): string[] {
  return lines(stdout).filter((l) => l.startsWith('ERROR ApiBaseline-'));
}

const HTTP_UNAVAILABLE = ['MethodRequestValidator', 'StageExecutionLogging', 'StageWebAcl', 'StageXRayTracing'];
const WEBSOCKET_UNAVAILABLE = ['MethodRequestValidator', 'StageWebAcl', 'StageXRayTracing'];

describe('cdk-api-baseline check on plain CloudFormation HTTP and WebSocket APIs', () => {
  test('the hardened HTTP API passes with the default pack, warning once per control HTTP APIs cannot have', () => {
    const { code, stdout, stderr } = runCli(['check', path.join(CORPUS, 'http-hardened.json')]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(lines(stdout).filter((l) => l.startsWith('ERROR'))).toEqual([]);
    for (const rule of HTTP_UNAVAILABLE) expect(lines(stdout)).toContain(`WARNING ApiBaseline-${rule}[Unavailable] Api`);
    expect(stdout).toMatch(/http-hardened\.json: 0 errors, 4 warnings — passes/);
  });

  test('the hardened WebSocket API has no baseline error; AwsSolutions asks for authorizers on routes that cannot have one', () => {
    const file = path.join(CORPUS, 'websocket-hardened.json');
    const solutions = runCli(['check', file]);
    expect(baselineErrors(solutions.stdout)).toEqual([]);
    expect(lines(solutions.stdout).filter((l) => l.startsWith('ERROR'))).toEqual(['ERROR AwsSolutions-APIG4 MessageRoute']);
    expect(solutions.code).toBe(1);

    const { code, stdout } = runCli(['check', file, '--pack', 'serverless']);
    expect(code).toBe(0);
    for (const rule of WEBSOCKET_UNAVAILABLE) expect(lines(stdout)).toContain(`WARNING ApiBaseline-${rule}[Unavailable] Api`);
    expect(lines(stdout)).not.toContain('WARNING ApiBaseline-StageExecutionLogging[Unavailable] Api');
  });

  test.each([
    ['http-route-without-authorizer.json', 'ApiBaseline-MethodAuthorization[GET /orders] ListOrders'],
    ['http-cors-any-origin.json', 'ApiBaseline-CorsNoWildcardOrigin Api'],
    ['http-token-in-query.json', 'ApiBaseline-JwtIdentitySourceNotQuery Authorizer'],
    ['http-issuer-parameter.json', 'ApiBaseline-JwtAuthorizerIssuerAudience Authorizer'],
    ['http-no-access-logs.json', 'ApiBaseline-StageJsonAccessLogging Stage'],
    ['websocket-connect-without-authorizer.json', 'ApiBaseline-MethodAuthorization[$connect] ConnectRoute'],
    ['websocket-data-trace.json', 'ApiBaseline-StageDataTraceOff Stage'],
    ['websocket-alarm-never-created.json', 'ApiBaseline-Stage5xxAlarm Stage'],
    ['websocket-tls10-domain.json', 'ApiBaseline-DomainTls12 Domain'],
  ])('%s: exit code 1 and exactly one baseline error', (file, expected) => {
    const { code, stdout, stderr } = runCli(['check', path.join(CORPUS, file), '--pack', 'serverless']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(baselineErrors(stdout)).toEqual([`ERROR ${expected}`]);
    expect(stdout).toMatch(/— fails \(fail on error\)/);
  });

  test('a parameter value that breaks the control is named in the finding', () => {
    const { stdout } = runCli(['check', path.join(CORPUS, 'http-issuer-parameter.json'), '--pack', 'serverless', '--format', 'json']);
    const finding = JSON.parse(stdout).findings.find((f: any) => f.ruleId === 'ApiBaseline-JwtAuthorizerIssuerAudience');
    expect(finding).toEqual(expect.objectContaining({ severity: 'error', resource: 'Authorizer' }));
    expect(finding.description).toContain('parameter Issuer = "http://issuer.example.com"');
  });
});
