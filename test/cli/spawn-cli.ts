import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CLI_MAIN } from './cli-build';

/** The repository's root. */
export const ROOT = path.join(__dirname, '..', '..');
/** The CloudFormation templates the CLI tests read. */
export const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'templates');
/** The corpus of API shapes. */
export const CORPUS = path.join(FIXTURES, 'corpus');

/**
 * Spawns the CLI as a separate process, as `npx cdk-api-baseline ...` runs it: node on the JavaScript of `src/`
 * (translated once per test run by the jest global setup, `test/global-setup.ts`).
 */
export function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [CLI_MAIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A new temporary folder. */
export function tmpDir(prefix = 'cli-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
