import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from '../../examples/orders-app';
import { ApiBaselineChecks } from '../../src';
import { findings } from '../util';

const STATEFUL = new Set([
  'AWS::KMS::Key', 'AWS::DynamoDB::Table', 'AWS::S3::Bucket', 'AWS::Logs::LogGroup', 'AWS::Cognito::UserPool',
]);
const PINNED_IDS = path.join(__dirname, 'stateful-ids.json');
const PINNED_HTTP_IDS = path.join(__dirname, 'stateful-ids-http.json');

function statefulIds(stack: Stack): string[] {
  return stack.node.findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && STATEFUL.has(c.cfnResourceType))
    .map((c) => `${c.cfnResourceType} ${Stack.of(c).resolve(c.logicalId)}`)
    .sort();
}

function synth(): { app: App; templates: Record<string, string> } {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'orders-'));
  const app = buildApp(new App({ outdir, builtinCloudFormationValidation: false }), { checks: false });
  const assembly = app.synth();
  const templates: Record<string, string> = {};
  for (const stack of assembly.stacks) templates[stack.templateFile] = fs.readFileSync(path.join(outdir, stack.templateFile), 'utf8');
  return { app, templates };
}

describe('example app', () => {
  const first = synth();
  const stack = first.app.node.findAll().find((c): c is Stack => Stack.isStack(c))!;
  const httpStack = first.app.node.findChild('OrdersHttpApi') as Stack;

  test('the app has the REST stack and the HTTP API stack', () => {
    expect(first.app.node.children.filter((c) => Stack.isStack(c)).map((c) => c.node.id)).toEqual(['OrdersApi', 'OrdersHttpApi']);
    expect(Object.keys(first.templates).sort()).toEqual(['OrdersApi.template.json', 'OrdersHttpApi.template.json']);
  });

  test('the HTTP API stack: zero findings from the project pack and from AwsSolutions', () => {
    expect(findings(new ApiBaselineChecks(), httpStack)).toEqual({});
    expect(Object.keys(findings(new AwsSolutionsChecks(), httpStack))).toEqual([]);
  });

  test('stable stateful ids of the HTTP API stack', () => {
    const pinned: string[] = JSON.parse(fs.readFileSync(PINNED_HTTP_IDS, 'utf8'));
    expect(statefulIds(httpStack)).toEqual(pinned);
  });

  test('the project pack reports zero findings on it (no acknowledgements needed)', () => {
    expect(findings(new ApiBaselineChecks(), first.app)).toEqual({});
  });

  test('cdk-nag AwsSolutions reports zero unacknowledged findings', () => {
    expect(Object.keys(findings(new AwsSolutionsChecks(), first.app))).toEqual([]);
  });

  test('determinism: two synths produce byte-identical templates', () => {
    const second = synth();
    expect(Object.keys(second.templates).sort()).toEqual(Object.keys(first.templates).sort());
    for (const [file, text] of Object.entries(first.templates)) {
      expect(second.templates[file]).toBe(text);
    }
  });

  test('stable stateful ids: keys, tables, buckets, log groups and user pools keep their logical ids', () => {
    const ids = stack.node.findAll()
      .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && STATEFUL.has(c.cfnResourceType))
      .map((c) => `${c.cfnResourceType} ${Stack.of(c).resolve(c.logicalId)}`)
      .sort();
    const pinned: string[] = JSON.parse(fs.readFileSync(PINNED_IDS, 'utf8'));
    // a refactor that changes one of these ids would replace the resource and lose its data
    expect(ids).toEqual(pinned);
  });
});
