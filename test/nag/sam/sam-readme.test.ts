import * as fs from 'fs';
import * as path from 'path';
import { runCli } from '../../../src/cli/main';

const ROOT = path.join(__dirname, '..', '..', '..');

describe('README: SAM templates', () => {
  test('the hello-world example prints what the README shows', () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const block = /\n\$ npx cdk-api-baseline check (examples\/sam\/hello-world\.yaml)\n([\s\S]*?)\n```/.exec(readme);
    expect(block).not.toBeNull();
    const cwd = process.cwd();
    process.chdir(ROOT);
    try {
      const { code, stdout } = runCli(['check', block![1]]);
      expect(code).toBe(1);
      expect(stdout.trimEnd()).toBe(block![2]);
    } finally {
      process.chdir(cwd);
    }
  });
});
