import { join } from 'path';
import * as ts from 'typescript';
import { ApiBaselineChecks } from '../../src';
import { readmeExample as readmeExampleOf, typeCheckExample } from '../readme-examples';
import { findings } from '../util';

const readmeExample = () => readmeExampleOf('## SecureHttpApi');

describe('README SecureHttpApi example', () => {
  test('type-checks against the library', () => {
    const { source, checked, diagnostics } = typeCheckExample(readmeExample(), __dirname);
    expect(source).toContain('new SecureHttpApi(');
    expect(checked).toBe(source);
    expect(diagnostics).toEqual([]);
  });

  test('builds: the example synthesizes with zero findings from the pack on the API', () => {
    const source = readmeExample()
      .replace("from 'cdk-api-baseline'", "from '../../src'")
      .replace("code: lambda.Code.fromAsset('lambda/orders')", "code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 })')");
    const js = ts.transpileModule(`${source}\nexport { stack, api };`, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const mod: any = { exports: {} };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    new Function('require', 'module', 'exports', js)((m: string) => require(m.startsWith('.') ? join(__dirname, m) : m), mod, mod.exports);
    const found = findings(new ApiBaselineChecks(), mod.exports.stack);
    const onApi = Object.keys(found).filter((id) => found[id].paths.some((p: string) => p.startsWith('OrdersHttp/Api/'))).sort();
    expect(onApi).toEqual([]);
    expect(mod.exports.api.routeKeys).toEqual(['GET /orders', 'POST /orders', 'GET /orders/{id}', 'GET /health']);
  });
});

describe('README front door example', () => {
  const example = () => readmeExampleOf('### The CloudFront front door');

  test('type-checks against the library', () => {
    const { source, checked, diagnostics } = typeCheckExample(example(), __dirname);
    expect(source).toContain('frontDoor: {');
    expect(checked).toBe(source);
    expect(diagnostics).toEqual([]);
  });

  test('builds: a CLOUDFRONT web ACL, a distribution on the custom domain, zero findings from the pack', () => {
    const source = example().replace("from 'cdk-api-baseline'", "from '../../src'")
      .replace('// edgeApi.addRoute(...)', "edgeApi.addRoute('GET /orders', { integration: new (require('aws-cdk-lib/aws-apigatewayv2-integrations').HttpUrlIntegration)('U', 'https://backend.example.com'), scopes: [scopes.scope('read')] }); //");
    const js = ts.transpileModule(`${source}\nexport { edge, edgeApi };`, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } }).outputText;
    const mod: any = { exports: {} };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    new Function('require', 'module', 'exports', js)((m: string) => require(m.startsWith('.') ? join(__dirname, m) : m), mod, mod.exports);
    expect(mod.exports.edgeApi.frontDoor.firewall.scope).toBe('CLOUDFRONT');
    expect(mod.exports.edgeApi.url).toBe('https://orders.example.com/');
    expect(findings(new ApiBaselineChecks(), mod.exports.edge)).toEqual({});
  });
});
