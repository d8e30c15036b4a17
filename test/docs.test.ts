import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { ApiBaselineChecks } from '../src';

const ROOT = join(__dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

/** The repository paths a page names in code spans (`src/...`, `test/...`), placeholders left out. */
function namedPaths(text: string): string[] {
  const paths = [...text.matchAll(/`((?:src|test|scripts|examples|bench|docs)\/[^`\s]*)`/g)].map((m) => m[1]);
  return [...new Set(paths.filter((p) => !/[<>*{}]/.test(p)))];
}

describe.each(['CONTRIBUTING.md', 'docs/VERIFICATION.md', 'README.md'])('%s', (page) => {
  test('every file and folder it names exists', () => {
    const paths = namedPaths(read(page));
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.filter((p) => !existsSync(join(ROOT, p)))).toEqual([]);
  });
});

describe('figures in the documentation', () => {
  test('the README gives the number of rules of the pack', () => {
    const stated = [...read('README.md').matchAll(/The pack has (\d+) rules/g)].map((m) => Number(m[1]));
    expect(stated).toEqual([ApiBaselineChecks.RULE_IDS.length]);
  });

  test('docs/VERIFICATION.md gives the number of pinned stateful resources of both example stacks', () => {
    const pinned = ['stateful-ids.json', 'stateful-ids-http.json']
      .map((f) => (JSON.parse(read(`test/examples/${f}`)) as string[]).length);
    const stated = /(\d+) stateful resources pinned/.exec(read('docs/VERIFICATION.md'));
    expect(Number(stated?.[1])).toBe(pinned[0] + pinned[1]);
  });
});
