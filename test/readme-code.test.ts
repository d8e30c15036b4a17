import { join } from 'path';
import * as lib from '../src';
import { readmeBlocks, typeCheckSources, withLocalImports } from './readme-examples';

/**
 * What a README snippet without imports may use: the names of aws-cdk-lib it needs, every export of the library,
 * and the constructs the sections around it have created. A snippet runs in a stack's constructor (`this`).
 */
function asModule(snippet: string): string {
  const used = Object.keys(lib).filter((name) => new RegExp(`\\b${name}\\b`).test(snippet));
  return [
    "import { App, Duration, Stack, Validations } from 'aws-cdk-lib';",
    "import { IConstruct } from 'constructs';",
    `import { ${[...new Set([...used, 'DataKey', 'OAuthUserPool'])].join(', ')} } from 'cdk-api-baseline';`,
    'declare const app: App;',
    'declare const construct: IConstruct;',
    'declare const stage: IConstruct;',
    'declare const dataKey: DataKey;',
    'declare const auth: OAuthUserPool;',
    'export class Snippet extends Stack {',
    '  constructor() {',
    "    super(app, 'Snippet');",
    snippet,
    '  }',
    '}',
  ].join('\n');
}

describe('README', () => {
  const blocks = readmeBlocks();
  const files: Record<string, string> = {};
  for (const block of blocks) {
    const source = /^import /m.test(block.code) ? block.code : asModule(block.code);
    files[join(__dirname, `readme-line-${block.line}.virtual.ts`)] = withLocalImports(source);
  }
  const results = typeCheckSources(files);

  test('has TypeScript examples, whole programs and snippets', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(10);
    expect(blocks.some((b) => !/^import /m.test(b.code))).toBe(true);
  });

  test.each(blocks.map((b) => [b.line]))('the TypeScript block at line %i type-checks against the library', (line) => {
    const result = results[join(__dirname, `readme-line-${line}.virtual.ts`)];
    expect(result.checked).toBeDefined();
    expect(result.diagnostics).toEqual([]);
  });
});
