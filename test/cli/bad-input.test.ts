import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, ROOT } from './spawn-cli';
import { MAX_NESTING_DEPTH, MAX_TEMPLATE_BYTES } from '../../src/cli/load-template';

const GOOD = path.join(ROOT, 'test', 'fixtures', 'templates', 'corpus', 'rest-hardened.json');

const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-bad-'));
function file(name: string, content: string): string {
  const p = path.join(DIR, name);
  fs.writeFileSync(p, content);
  return p;
}

const deepJson = (levels: number) => `{"Resources":{"A":{"Type":"AWS::SNS::Topic","Properties":{"Tags":${'['.repeat(levels)}1${']'.repeat(levels)}}}}}`;
const deepYamlBlock = (levels: number) => ['Resources:', '  A:', '    Type: AWS::SNS::Topic', '    Properties:',
  ...Array.from({ length: levels }, (_, i) => `${' '.repeat(6 + i)}k${i}:`), `${' '.repeat(6 + levels)}v: 1`, ''].join('\n');

describe('cdk-api-baseline check: unusable input gives exit 2 and one line, no stack trace', () => {
  const cases: Array<[string, () => string[], RegExp]> = [
    ['an empty file', () => [file('empty.yaml', '  \n\n')], /empty\.yaml: empty file$/],
    ['an empty JSON file', () => [file('empty.json', '')], /empty\.json: empty file$/],
    ['Resources as a list', () => [file('list.json', '{"Resources": [{"Type": "AWS::SNS::Topic"}]}')], /"Resources" must be a map of logical ids to resources, got a list/],
    ['Resources as a string (YAML)', () => [file('string.yaml', 'Resources: none\n')], /"Resources" must be a map of logical ids to resources, got string "none"/],
    ['a non-string Type', () => [file('type.json', '{"Resources": {"Topic": {"Type": 42}}}')], /resource "Topic": "Type" must be a resource type name \(a string\), got 42/],
    ['a Type that is a map (YAML)', () => [file('type.yaml', 'Resources:\n  Topic:\n    Type: { Ref: T }\n')], /resource "Topic": "Type" must be a resource type name \(a string\), got \{"Ref":"T"\}/],
    ['a resource without Type', () => [file('notype.json', '{"Resources": {"Topic": {"Properties": {}}}}')], /resource "Topic": "Type" must be a resource type name \(a string\), got none/],
    ['a resource that is not a map', () => [file('scalar.json', '{"Resources": {"Topic": "AWS::SNS::Topic"}}')], /resource "Topic" must be a map with a "Type", got string/],
    ['--pack __proto__', () => [GOOD, '--pack', '__proto__'], /unknown pack "__proto__" \(one of aws-solutions,/],
    ['--pack toString', () => [GOOD, '--pack', 'toString'], /unknown pack "toString"/],
    ['--pack constructor', () => [GOOD, '--pack', 'constructor'], /unknown pack "constructor"/],
    ['--pack with an unknown name', () => [GOOD, '--pack', 'cis'], /unknown pack "cis"/],
    ['JSON nested too deeply', () => [file('deep.json', deepJson(MAX_NESTING_DEPTH + 5))], new RegExp(`deep\\.json: nested deeper than ${MAX_NESTING_DEPTH} levels`)],
    ['JSON nested far too deeply (would exhaust the stack)', () => [file('deeper.json', deepJson(200_000))], /deeper\.json: nested deeper than/],
    ['YAML flow lists nested too deeply', () => [file('deep-flow.yaml', `Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      Tags: ${'['.repeat(MAX_NESTING_DEPTH + 5)}1${']'.repeat(MAX_NESTING_DEPTH + 5)}\n`)], /deep-flow\.yaml: nested deeper than/],
    ['YAML blocks nested too deeply', () => [file('deep-block.yaml', deepYamlBlock(MAX_NESTING_DEPTH + 5))], /deep-block\.yaml: nested deeper than/],
    ['Fn::ForEach', () => [file('foreach.json', JSON.stringify({
      Resources: { 'Fn::ForEach::Topics': ['Name', ['A', 'B'], { 'Topic${Name}': { Type: 'AWS::SNS::Topic' } }] },
    }))], /"Fn::ForEach::Topics" needs the AWS::LanguageExtensions transform, which is not supported/],
    ['the language-extensions transform', () => [file('langext.yaml', 'Transform: AWS::LanguageExtensions\nResources:\n  T:\n    Type: AWS::SNS::Topic\n')], /the AWS::LanguageExtensions transform \(Fn::ForEach, Fn::Length, \.\.\.\) is not supported/],
    ['the language-extensions transform among others', () => [file('langext2.json', JSON.stringify({
      Transform: ['AWS::LanguageExtensions', 'AWS::Serverless-2016-10-31'], Resources: { T: { Type: 'AWS::SNS::Topic' } },
    }))], /AWS::LanguageExtensions transform .* is not supported/],
  ];

  test.each(cases)('%s', (_name, args, message) => {
    const { code, stdout, stderr } = cli('check', ...args());
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^cdk-api-baseline: /);
    expect(lines[0]).toMatch(message);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test('a template larger than the size limit is refused from its size, before it is read', () => {
    const big = path.join(DIR, 'big.json');
    // a sparse file: refused by its size on disk, so the test does not depend on how long reading 8 MB takes
    fs.writeFileSync(big, '{"Resources": {}');
    fs.truncateSync(big, MAX_TEMPLATE_BYTES + 1);
    const { code, stderr } = cli('check', big);
    expect(code).toBe(2);
    expect(stderr.trimEnd()).toBe(`cdk-api-baseline: ${big}: ${MAX_TEMPLATE_BYTES + 1} bytes is more than the ${MAX_TEMPLATE_BYTES}-byte limit for a template (CloudFormation accepts at most 1 MB); not read`);
  });

  test('a template just below the depth limit is judged', () => {
    const { code, stderr } = cli('check', file('deep-ok.json', deepJson(MAX_NESTING_DEPTH - 6)), '--pack', 'serverless');
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  test('a SAM template is not mistaken for language extensions', () => {
    const { stderr } = cli('check', file('sam.yaml', 'Transform: AWS::Serverless-2016-10-31\nResources:\n  T:\n    Type: AWS::SNS::Topic\n'));
    expect(stderr).not.toMatch(/LanguageExtensions/);
  });

  test('with --format json an unusable template still gives a valid document that carries the error', () => {
    const { code, stdout } = cli('check', file('empty2.json', ''), '--format', 'json');
    expect(code).toBe(2);
    const doc = JSON.parse(stdout);
    expect(doc.exitCode).toBe(2);
    expect(doc.templates[0]).toMatchObject({ verdict: 'not judged', error: 'empty file' });
    expect(doc.error).toBe('nothing could be judged');
  });

  test('with --format json a wrong argument still gives a valid document that carries the error', () => {
    const { code, stdout, stderr } = cli('check', GOOD, '--pack', '__proto__', '--format', 'json');
    expect(code).toBe(2);
    expect(stderr).toMatch(/unknown pack "__proto__"/);
    expect(JSON.parse(stdout)).toMatchObject({ tool: 'cdk-api-baseline', exitCode: 2, error: expect.stringMatching(/unknown pack "__proto__"/), findings: [] });
  });
});
