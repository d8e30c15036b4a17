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

/** A TypeScript block of the README: its first line number and its text. */
export interface ReadmeBlock {
  readonly line: number;
  readonly code: string;
}

/** Every TypeScript block of the README, in order. */
export function readmeBlocks(): ReadmeBlock[] {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => ({
    line: readme.slice(0, m.index).split('\n').length,
    code: m[1],
  }));
}

/** Points a README example's `cdk-api-baseline` import at the library's sources. */
export function withLocalImports(example: string): string {
  return example.replace(/from 'cdk-api-baseline'/g, `from '${join(ROOT, 'src')}'`);
}

/**
 * Type-checks sources against the library in one program, as virtual files (name → text): each file's compiler
 * diagnostics, and the text the compiler read for it.
 */
export function typeCheckSources(files: Record<string, string>): Record<string, { checked?: string; diagnostics: string[] }> {
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
    name in files ? ts.createSourceFile(name, files[name], lang) : getSourceFile(name, lang, ...rest);
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => name in files || fileExists(name);
  const program = ts.createProgram(Object.keys(files), options, host);
  const out: Record<string, { checked?: string; diagnostics: string[] }> = {};
  for (const name of Object.keys(files)) {
    const sourceFile = program.getSourceFile(name);
    out[name] = {
      checked: sourceFile?.text,
      diagnostics: ts.getPreEmitDiagnostics(program, sourceFile).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')),
    };
  }
  return out;
}

/**
 * Type-checks a README example against the library's sources (its `cdk-api-baseline` import pointed at `src`), as a
 * virtual file next to `dir`: the source it checked and the compiler's diagnostics for it.
 */
export function typeCheckExample(example: string, dir: string): { source: string; checked?: string; diagnostics: string[] } {
  const file = join(dir, 'readme-example.virtual.ts');
  const source = withLocalImports(example);
  return { source, ...typeCheckSources({ [file]: source })[file] };
}
