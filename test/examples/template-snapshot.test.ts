import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildApp } from '../../examples/orders-app';

/**
 * The synthesized templates of the example app (both stacks, asset hashes included), pinned in
 * `template-snapshot.json`. A refactor of the constructs must leave them byte-for-byte the same; a deliberate change
 * of output is recorded by running this test with `UPDATE_TEMPLATE_SNAPSHOT=1`.
 */
const SNAPSHOT = path.join(__dirname, 'template-snapshot.json');

function synthTemplates(): Record<string, unknown> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'orders-snapshot-'));
  const assembly = buildApp(new App({ outdir, builtinCloudFormationValidation: false }), { checks: false }).synth();
  const templates: Record<string, unknown> = {};
  for (const stack of assembly.stacks) templates[stack.stackName] = stack.template;
  return templates;
}

test('the example app synthesizes the pinned templates', () => {
  const templates = synthTemplates();
  if (process.env.UPDATE_TEMPLATE_SNAPSHOT === '1') {
    fs.writeFileSync(SNAPSHOT, JSON.stringify(templates, undefined, 1) + '\n');
  }
  const pinned = JSON.parse(fs.readFileSync(SNAPSHOT, 'utf8'));
  expect(Object.keys(templates).sort()).toEqual(['OrdersApi', 'OrdersHttpApi']);
  expect(templates).toEqual(pinned);
});
