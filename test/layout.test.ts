import { readdirSync, readFileSync } from 'fs';
import { join, relative } from 'path';

const SRC = join(__dirname, '..', 'src');

/** Every TypeScript file below `dir`. */
function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []);
}

describe('source layout', () => {
  const sources = files(SRC);

  test('no file in src/ is longer than 450 lines', () => {
    const long = sources
      .map((f) => ({ file: relative(SRC, f), lines: readFileSync(f, 'utf8').split('\n').length }))
      .filter((f) => f.lines > 450);
    expect(sources.length).toBeGreaterThan(100);
    expect(long).toEqual([]);
  });

  test('src/private is a leaf: it imports only from itself and from packages', () => {
    const outward = sources
      .filter((f) => relative(SRC, f).startsWith('private/'))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/from '(\.[^']*)'/g)]
        .map((m) => m[1])
        .filter((spec) => !spec.startsWith('./'))
        .map((spec) => `${relative(SRC, f)} imports ${spec}`));
    expect(outward).toEqual([]);
  });
});
