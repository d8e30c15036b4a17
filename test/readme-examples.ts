import { readFileSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';

const ROOT = join(__dirname, '..');

/** The first TypeScript block of the README section that starts with `heading` (e.g. `## SecureRestApi`). */
export function readmeExample(heading: string): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf(heading));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error(`no TypeScript example in the ${heading} section`);
  return match[1];
}

/**
 * Type-checks a README example against the library's sources (its `cdk-api-baseline` import pointed at `src`), as a
 * virtual file next to `dir`: the source it checked and the compiler's diagnostics for it.
 */
export function typeCheckExample(example: string, dir: string): { source: string; checked?: string; diagnostics: string[] } {
  const file = join(dir, 'readme-example.virtual.ts');
  const source = example.replace("from 'cdk-api-baseline'", `from '${join(ROOT, 'src')}'`);
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
  return { source, checked: program.getSourceFile(file)?.text, diagnostics };
}
