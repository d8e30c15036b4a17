import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runCli } from '../../src/cli/main';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'templates');

describe('cdk-api-baseline check with logical ids named like Object.prototype members', () => {
  test('a template with such resources is refused with exit code 2, naming each of them', () => {
    const file = path.join(FIXTURES, 'prototype-ids.json');
    const { code, stdout, stderr } = runCli(['check', file]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(file);
    for (const id of ['constructor', '__proto__', 'toString']) expect(stderr).toContain(`"${id}"`);
    expect(stderr).not.toContain('"Api"');
    expect(stderr).not.toMatch(/passes/);
  });

  test('a template with nothing else is refused for its ids, not as "no Resources section"', () => {
    const { code, stderr } = runCli(['check', path.join(FIXTURES, 'prototype-only.json'), '--format', 'json']);
    expect(code).toBe(2);
    expect(stderr).toContain('"constructor"');
    expect(stderr).not.toMatch(/no Resources section/);
  });

  test('YAML templates are refused the same way', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-prototype-'));
    const file = path.join(dir, 'prototype.yaml');
    fs.writeFileSync(file, [
      'Resources:',
      '  Api:',
      '    Type: AWS::ApiGateway::RestApi',
      '    Properties: { Name: orders }',
      '  valueOf:',
      '    Type: AWS::ApiGateway::Method',
      '    Properties:',
      '      RestApiId: !Ref Api',
      '      ResourceId: !GetAtt Api.RootResourceId',
      '      HttpMethod: GET',
      '      AuthorizationType: NONE',
      '  __proto__:',
      '    Type: AWS::ApiGateway::Stage',
      '    Properties: { RestApiId: !Ref Api, DeploymentId: abc123, StageName: prod }',
      '',
    ].join('\n'));
    const { code, stderr } = runCli(['check', file]);
    expect(code).toBe(2);
    expect(stderr).toContain('"valueOf"');
    expect(stderr).toContain('"__proto__"');
  });

  test('ids that only look alike are checked as usual', () => {
    const { code, stdout, stderr } = runCli(['check', path.join(FIXTURES, 'prototype-like-ids.json'), '--format', 'json']);
    expect(stderr).toBe('');
    expect(code).toBe(1);
    const findings = JSON.parse(stdout).findings.map((f: any) => `${f.ruleId} ${f.resource}`);
    expect(findings).toContain('ApiBaseline-MethodAuthorization Constructor');
    expect(findings).toContain('ApiBaseline-StageJsonAccessLogging protoStage');
  });
});
