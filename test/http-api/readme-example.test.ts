import { readFileSync } from 'fs';
import { join } from 'path';
import * as ts from 'typescript';
import { ApiBaselineChecks } from '../../src';
import { findings } from '../util';

/** The first TypeScript block of the README's SecureHttpApi section. */
function readmeExample(): string {
  const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## SecureHttpApi'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (!match) throw new Error('no TypeScript example in the SecureHttpApi section');
  return match[1];
}

describe('README SecureHttpApi example', () => {
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
    expect(source).toContain('new SecureHttpApi(');
    expect(program.getSourceFile(file)?.text).toBe(source);
    expect(diagnostics).toEqual([]);
  });

  test('builds: the example synthesizes with the pack reporting only the [Unavailable] warnings on the API', () => {
    const source = readmeExample()
      .replace("from 'cdk-api-baseline'", "from '../../src'")
      .replace("code: lambda.Code.fromAsset('lambda/orders')", "code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 })')");
    const js = ts.transpileModule(`${source}\nexport { stack, api };`, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const mod: any = { exports: {} };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    new Function('require', 'module', 'exports', js)((m: string) => require(m.startsWith('.') ? join(__dirname, m) : m), mod, mod.exports);
    const found = findings(new ApiBaselineChecks(), mod.exports.stack);
    const onApi = Object.keys(found).filter((id) => found[id].paths.some((p: string) => p.startsWith('OrdersHttp/Api/'))).sort();
    expect(onApi).toEqual([
      'ApiBaseline-MethodRequestValidator[Unavailable]',
      'ApiBaseline-StageExecutionLogging[Unavailable]',
      'ApiBaseline-StageWebAcl[Unavailable]',
      'ApiBaseline-StageXRayTracing[Unavailable]',
    ]);
    expect(mod.exports.api.routeKeys).toEqual(['GET /orders', 'POST /orders', 'GET /orders/{id}', 'GET /health']);
  });
});
