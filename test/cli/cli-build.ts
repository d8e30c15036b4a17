import * as fs from 'fs';
import * as path from 'path';
import { transformSync } from 'esbuild';

/** The repository's root. */
const ROOT = path.join(__dirname, '..', '..');

/** Where the CLI tests find the CLI as JavaScript: the layout of `lib/`, under a git-ignored folder. */
export const CLI_BUILD = path.join(ROOT, '.cache', 'cli-under-test');

/** The entry point of the CLI in `CLI_BUILD`. */
export const CLI_MAIN = path.join(CLI_BUILD, 'src', 'cli', 'main.js');

/** Every TypeScript source file below `dir`. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sources(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/**
 * Translates `src/` to CommonJS once, file by file (module paths and `__filename` stay as in `lib/`), so every
 * spawned CLI process starts from JavaScript instead of compiling the sources again. The type-checked build of the
 * same sources is `lib/` (jsii); this copy only saves the tests a TypeScript compiler per process.
 */
export function buildCliForTests(): string {
  fs.rmSync(CLI_BUILD, { recursive: true, force: true });
  for (const file of sources(path.join(ROOT, 'src'))) {
    const out = path.join(CLI_BUILD, path.relative(ROOT, file)).replace(/\.ts$/, '.js');
    const { code } = transformSync(fs.readFileSync(file, 'utf8'), {
      loader: 'ts',
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcefile: file,
      sourcemap: 'inline',
    });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, code);
  }
  // the CLI reads its version from the package manifest two folders above src/cli
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(CLI_BUILD, 'package.json'));
  return CLI_MAIN;
}
