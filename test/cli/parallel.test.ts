import * as fs from 'fs';
import * as path from 'path';
import { cli, CORPUS, FIXTURES, tmpDir } from './spawn-cli';
import { jobsFor, TEMPLATES_PER_WORKER } from '../../src/cli/parallel';

describe('check over worker threads', () => {
  /** Four templates (one with a local nested stack that another template also names) and a file that is not usable. */
  function directory(): string {
    const dir = tmpDir('cli-jobs-');
    for (const f of ['rest-hardened.json', 'http-no-access-logs.json', 'websocket-data-trace.json']) fs.copyFileSync(path.join(CORPUS, f), path.join(dir, f));
    fs.mkdirSync(path.join(dir, 'nested'));
    fs.copyFileSync(path.join(FIXTURES, 'insecure-api.yaml'), path.join(dir, 'nested', 'child.yaml'));
    fs.writeFileSync(path.join(dir, 'parent.yaml'), 'Resources:\n  Child:\n    Type: AWS::CloudFormation::Stack\n    Properties: { TemplateURL: ./nested/child.yaml }\n');
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"Resources": []}');
    return dir;
  }

  test('two threads give the same output, order and exit code as one', () => {
    const dir = directory();
    const one = cli('check', dir, '--jobs', '1', '--format', 'json');
    const two = cli('check', dir, '--jobs', '2', '--format', 'json');
    expect(two.stderr).toBe(one.stderr);
    expect(two.code).toBe(one.code);
    expect(two.code).toBe(1);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    expect(a.threads).toBe(1);
    // the second run really judged on two threads (a thread that cannot start falls back to one, and says so)
    expect(b.threads).toBe(2);
    expect({ ...b, threads: 1 }).toEqual(a);
    // the nested stack, reached from the parent and listed in the directory too, is judged once
    expect(b.templates.filter((t: any) => t.file.endsWith('child.yaml'))).toHaveLength(1);
    expect(b.templates).toHaveLength(6);
  });

  test('text output is the same on two threads', () => {
    const dir = directory();
    expect(cli('check', dir, '--jobs', '2').stdout).toBe(cli('check', dir).stdout);
  });

  test.each(['0', '65', 'two', '1.5'])('--jobs %s: exit 2 with a one-line error', (jobs) => {
    const { code, stdout, stderr } = cli('check', path.join(CORPUS, 'rest-hardened.json'), '--jobs', jobs);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(`cdk-api-baseline: --jobs must be a whole number from 1 to 64, got "${jobs}"\n`);
  });

  test('threads by default: one per core less one, only with templates enough, never on two cores', () => {
    expect(jobsFor(1000, undefined, 2)).toBe(1);
    expect(jobsFor(1000, undefined, 8)).toBe(7);
    expect(jobsFor(3 * TEMPLATES_PER_WORKER, undefined, 8)).toBe(3);
    expect(jobsFor(TEMPLATES_PER_WORKER - 1, undefined, 8)).toBe(1);
    // --jobs is taken as given, but never more threads than templates
    expect(jobsFor(3, 8, 2)).toBe(3);
    expect(jobsFor(30, 2, 64)).toBe(2);
  });
});
