import { readFileSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';

/** The first TypeScript block of the README's SecureRestApi section. */
function readmeExample(): string {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## SecureRestApi'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('no TypeScript example in the SecureRestApi section');
  return match[1];
}

describe('README SecureRestApi example', () => {
  test('type-checks against the library', () => {
    const root = join(__dirname, '..', '..');
    const file = join(__dirname, 'readme-example.virtual.ts');
    const source = readmeExample().replace("from 'cdk-api-baseline'", `from '${join(root, 'src')}'`);
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.CommonJS,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      types: ['node'],
    };
    const host = ts.createCompilerHost(options);
    const getSourceFile = host.getSourceFile.bind(host);
    host.getSourceFile = (name, lang, ...rest) =>
      name === file ? ts.createSourceFile(name, source, lang) : getSourceFile(name, lang, ...rest);
    const fileExists = host.fileExists.bind(host);
    host.fileExists = (name) => name === file || fileExists(name);
    const program = ts.createProgram([file], options, host);
    const diagnostics = ts.getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName === file)
      .map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(source).toContain('new SecureRestApi(');
    expect(program.getSourceFile(file)?.text).toBe(source);
    expect(diagnostics).toEqual([]);
  });
});
