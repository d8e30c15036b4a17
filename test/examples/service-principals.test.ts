/**
 * Every AWS service that may publish to a topic or use a key of the example app is limited to this account: each
 * Allow statement of a topic policy or key policy whose principal is a service carries a condition that names this
 * account (or a resource of it), so EventBridge, CloudWatch or SNS acting for another account cannot use it.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { buildApp } from '../../examples/orders-app';
import { AccessAnalyzer, InspectorScanning } from '../../src';

/** Condition keys that tie a service principal's request to an account or to a resource of it. */
const ACCOUNT_KEYS = new Set(['aws:sourceaccount', 'aws:sourceowner', 'kms:calleraccount']);
const ARN_KEYS = new Set(['aws:sourcearn']);
const ACCOUNT_ID = /^\d{12}$/;

/** A statement of a resource policy that lets a service in without limiting it to an account. */
interface Unlimited {
  readonly template: string;
  readonly resource: string;
  readonly services: string[];
  readonly sid?: string;
}

/** An account value names this account: `Ref AWS::AccountId` or a literal account id. */
function isThisAccount(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every(isThisAccount);
  return (typeof value === 'string' && ACCOUNT_ID.test(value)) || JSON.stringify(value) === '{"Ref":"AWS::AccountId"}';
}

/** An ARN value names this account (`:<account>:`) or a resource of the template (`Fn::GetAtt`, `Ref`). */
function isArnOfThisAccount(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0 && value.every(isArnOfThisAccount);
  const text = JSON.stringify(value ?? null);
  return /:\d{12}:/.test(text) || /:"?,?\{"Ref":"AWS::AccountId"\},?"?:/.test(text)
    || text.startsWith('{"Fn::GetAtt"') || /^\{"Ref":"(?!AWS::)/.test(text);
}

/** Whether a statement's condition limits it to this account. `...IfExists` operators do not: the key may be absent. */
function limitsToAccount(condition: Record<string, Record<string, unknown>> | undefined): boolean {
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    if (/IfExists$/.test(operator) || /^(ForAnyValue|Not)|Not[A-Z]/.test(operator) || operator === 'Null') continue;
    for (const [key, value] of Object.entries(entries)) {
      const name = key.toLowerCase();
      if (ACCOUNT_KEYS.has(name) && isThisAccount(value)) return true;
      if ((ARN_KEYS.has(name) || name.startsWith('kms:encryptioncontext:')) && isArnOfThisAccount(value)) return true;
    }
  }
  return false;
}

/** Walks the topic policies and key policies of CloudFormation templates. */
function unlimitedServiceStatements(templates: Record<string, any>): Unlimited[] {
  const out: Unlimited[] = [];
  for (const [file, template] of Object.entries(templates)) {
    for (const [id, resource] of Object.entries<any>(template.Resources ?? {})) {
      const document = resource.Type === 'AWS::SNS::TopicPolicy' ? resource.Properties?.PolicyDocument
        : resource.Type === 'AWS::KMS::Key' ? resource.Properties?.KeyPolicy
          : undefined;
      if (document === undefined) continue;
      const statements = Array.isArray(document.Statement) ? document.Statement : [document.Statement];
      for (const statement of statements) {
        if (statement.Effect !== 'Allow') continue;
        const service = statement.Principal?.Service;
        if (service === undefined) continue;
        if (!limitsToAccount(statement.Condition)) {
          out.push({ template: file, resource: id, services: [service].flat().map((s) => JSON.stringify(s)), sid: statement.Sid });
        }
      }
    }
  }
  return out;
}

/** Every template an assembly directory holds, nested stacks included. */
function templatesIn(outdir: string): Record<string, any> {
  const out: Record<string, any> = {};
  for (const file of fs.readdirSync(outdir)) {
    if (file.endsWith('.template.json')) out[file] = JSON.parse(fs.readFileSync(path.join(outdir, file), 'utf8'));
  }
  return out;
}

function synthStack(build: (stack: Stack) => void): Record<string, any> {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'principals-'));
  const app = new App({ outdir, builtinCloudFormationValidation: false });
  build(new Stack(app, 'Test', { env: { account: '123456789012', region: 'us-east-1' } }));
  app.synth();
  return templatesIn(outdir);
}

describe('service principals in topic and key policies', () => {
  test('the example app: every service principal of every topic policy and key policy is limited to this account', () => {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'orders-principals-'));
    buildApp(new App({ outdir, builtinCloudFormationValidation: false }), { checks: false }).synth();
    const templates = templatesIn(outdir);
    const documents = Object.values(templates).flatMap((t: any) => Object.values<any>(t.Resources ?? {}))
      .filter((r) => r.Type === 'AWS::SNS::TopicPolicy' || r.Type === 'AWS::KMS::Key');
    // the walk sees the topics and keys of the app (alerts, security alerts and the keys of logs and data)
    expect(documents.filter((r) => r.Type === 'AWS::SNS::TopicPolicy').length).toBeGreaterThanOrEqual(2);
    expect(documents.filter((r) => r.Type === 'AWS::KMS::Key').length).toBeGreaterThanOrEqual(2);
    expect(unlimitedServiceStatements(templates)).toEqual([]);
  });

  test('the walk catches the unconditioned grants targets.SnsTopic adds for EventBridge', () => {
    const templates = synthStack((stack) => {
      const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
      const topic = new sns.Topic(stack, 'Topic', { masterKey: key });
      new events.Rule(stack, 'Rule', { eventPattern: { source: ['aws.inspector2'] } }).addTarget(new targets.SnsTopic(topic));
    });
    const found = unlimitedServiceStatements(templates);
    expect(found.map((f) => f.resource).sort()).toEqual([expect.stringMatching(/^Key/), expect.stringMatching(/^TopicPolicy/)]);
    expect(found.every((f) => f.services.includes('"events.amazonaws.com"'))).toBe(true);
  });

  test('a condition that does not name this account does not count', () => {
    const statement = (Condition: unknown) => ({ Effect: 'Allow', Principal: { Service: 'events.amazonaws.com' }, Condition });
    const policy = (Condition: unknown) => ({
      't.json': { Resources: { P: { Type: 'AWS::SNS::TopicPolicy', Properties: { PolicyDocument: { Statement: [statement(Condition)] } } } } },
    });
    expect(unlimitedServiceStatements(policy({ StringLike: { 'aws:SourceAccount': '*' } }))).toHaveLength(1);
    expect(unlimitedServiceStatements(policy({ StringEqualsIfExists: { 'aws:SourceAccount': '123456789012' } }))).toHaveLength(1);
    expect(unlimitedServiceStatements(policy({ StringNotEquals: { 'aws:SourceAccount': '123456789012' } }))).toHaveLength(1);
    expect(unlimitedServiceStatements(policy({ Bool: { 'aws:SecureTransport': 'true' } }))).toHaveLength(1);
    expect(unlimitedServiceStatements(policy({ StringEquals: { 'aws:SourceAccount': '123456789012' } }))).toHaveLength(0);
    expect(unlimitedServiceStatements(policy({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }))).toHaveLength(0);
    expect(unlimitedServiceStatements(policy({ ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': ['Rule', 'Arn'] } } }))).toHaveLength(0);
    expect(unlimitedServiceStatements(policy({ ArnLike: { 'aws:SourceArn': 'arn:aws:events:*:*:rule/*' } }))).toHaveLength(1);
    expect(unlimitedServiceStatements(policy({ StringEquals: { 'aws:SourceAccount': { Ref: 'SomeParameter' } } }))).toHaveLength(1);
  });

  test.each([
    ['InspectorScanning', (stack: Stack, topic: sns.ITopic) => new InspectorScanning(stack, 'Scan', { alertTopic: topic }).findingsRule],
    ['AccessAnalyzer', (stack: Stack, topic: sns.ITopic) => new AccessAnalyzer(stack, 'Analyzer', { alertTopic: topic }).findingsRule],
  ])('%s with a plain encrypted topic: EventBridge may publish for its rule of this account only', (_name, build) => {
    let ruleId = '';
    const templates = synthStack((stack) => {
      const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
      const topic = new sns.Topic(stack, 'Topic', { masterKey: key });
      ruleId = stack.resolve((build(stack, topic).node.defaultChild as events.CfnRule).logicalId);
    });
    expect(unlimitedServiceStatements(templates)).toEqual([]);
    const resources = Object.values<any>(templates['Test.template.json'].Resources);
    const topicPolicy = resources.find((r) => r.Type === 'AWS::SNS::TopicPolicy');
    expect(topicPolicy.Properties.PolicyDocument.Statement).toContainEqual({
      Sid: expect.any(String),
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: { Ref: expect.stringMatching(/^Topic/) },
      Condition: {
        StringEquals: { 'aws:SourceAccount': '123456789012' },
        ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [ruleId, 'Arn'] } },
      },
    });
    const key = resources.find((r) => r.Type === 'AWS::KMS::Key');
    expect(key.Properties.KeyPolicy.Statement).toContainEqual({
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
    });
  });
});
