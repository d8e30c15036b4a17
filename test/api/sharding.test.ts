import { App, CfnElement, CfnResource, NestedStack, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { SecureRestApi, SecureRestApiProps } from '../../src/api';
import { OAuthResourceServer } from '../../src/auth';
import { ApiBaselineChecks } from '../../src/nag';
import { findings, templateOf, testStack } from '../util';

const S = apigw.JsonSchemaType;
const lean: SecureRestApiProps = { disableFirewall: true, disableAlarms: true };
const ITEM_SCHEMA: apigw.JsonSchema = {
  type: S.OBJECT,
  properties: { name: { type: S.STRING, maxLength: 64 } },
};

interface Fixture { stack: Stack; api: SecureRestApi; orders: OAuthResourceServer }

function fixture(props: SecureRestApiProps): Fixture {
  const stack = testStack();
  const api = new SecureRestApi(stack, 'Api', props);
  const orders = api.userPool.addResourceServer('orders', { scopes: { read: 'Read', write: 'Write' } });
  return { stack, api, orders };
}

/**
 * Adds routes `from`..`to - 1`: route i is `GET /g<i % groups>/items<i>/{id}` and `POST /g<i % groups>/items<i>`
 * (3 resources and 2 methods per route, plus one resource per new group).
 */
function addRoutes(f: Fixture, from: number, to: number, groups = 4, readScope = 'read'): Map<string, apigw.Method> {
  const methods = new Map<string, apigw.Method>();
  for (let i = from; i < to; i++) {
    const base = `/g${i % groups}/items${i}`;
    methods.set(`GET ${base}/{id}`, f.api.addRoute(`GET ${base}/{id}`, {
      integration: new apigw.MockIntegration(), scopes: [f.orders.scope(readScope)],
    }));
    methods.set(`POST ${base}`, f.api.addRoute(`POST ${base}`, {
      integration: new apigw.MockIntegration(), scopes: [f.orders.scope('write')], requestSchema: ITEM_SCHEMA,
    }));
  }
  return methods;
}

function resourceCount(t: Template): number {
  return Object.keys(t.toJSON().Resources ?? {}).length;
}

function logicalId(c: CfnResource | CfnElement): string {
  return Stack.of(c).resolve((c as CfnElement).logicalId);
}

function deploymentId(t: Template): string {
  const ids = Object.keys(t.findResources('AWS::ApiGateway::Deployment'));
  expect(ids).toHaveLength(1);
  return ids[0];
}

describe('shardingThreshold validation', () => {
  const create = (shardingThreshold: number) => () => new SecureRestApi(testStack(), 'Api', { ...lean, shardingThreshold });
  test.each([19, 501, 100.5, 0])('%p is refused', (value) => {
    expect(create(value)).toThrow(new RegExp(`"shardingThreshold" must be an integer between 20 and 500, got ${value}`));
  });
  test.each([20, 500])('%p is accepted', (value) => {
    expect(create(value)).not.toThrow();
  });
});

describe('below the threshold', () => {
  test('the default threshold keeps 60 routes (120 methods, 246 resources) in the API stack without nested stacks', () => {
    const f = fixture(lean);
    addRoutes(f, 0, 60);
    expect(f.api.shards).toEqual([]);
    const t = templateOf(f.stack);
    t.resourceCountIs('AWS::CloudFormation::Stack', 0);
    t.resourceCountIs('AWS::ApiGateway::Method', 120);
    expect(resourceCount(t)).toBeLessThanOrEqual(450);
  });

  test('a route that fits exactly stays in the stack; the next one opens a shard', () => {
    const f = fixture({ ...lean, shardingThreshold: 40 });
    addRoutes(f, 0, 1);
    const base = templateOf(f.stack);
    // each further route adds 2 resources and 2 methods to an existing group
    const perRoute = 4;
    const room = Math.floor((40 - resourceCount(base)) / perRoute);
    const g = fixture({ ...lean, shardingThreshold: 40 });
    addRoutes(g, 0, 1 + room, 1);
    expect(g.api.shards).toEqual([]);
    expect(resourceCount(templateOf(g.stack))).toBeLessThanOrEqual(40);
    addRoutes(g, 1 + room, 2 + room, 1);
    expect(g.api.shards).toHaveLength(1);
  });
});

test('resources added to the stack between routes count towards the threshold', () => {
  const f = fixture({ ...lean, shardingThreshold: 60 });
  addRoutes(f, 0, 3);
  for (let i = 0; i < 20; i++) new sns.CfnTopic(f.stack, `Topic${i}`);
  addRoutes(f, 3, 4);
  expect(f.api.shards).toEqual([]);
  for (let i = 20; i < 40; i++) new sns.CfnTopic(f.stack, `Topic${i}`);
  const late = addRoutes(f, 4, 5);
  expect(f.api.shards).toHaveLength(1);
  for (const m of late.values()) expect(Stack.of(m)).toBe(f.api.shards[0]);
});

describe('above the threshold', () => {
  let f: Fixture;
  let root: Template;
  let shards: Template[];
  beforeAll(() => {
    f = fixture({ ...lean, shardingThreshold: 60 });
    addRoutes(f, 0, 50);
    // a top-level segment first seen in a shard hangs off the root resource
    f.api.addRoute('GET /late/{id}', { integration: new apigw.MockIntegration(), scopes: [f.orders.scope('read')] });
    root = templateOf(f.stack);
    shards = f.api.shards.map((s) => Template.fromStack(s));
  });

  test('routes past the threshold go to nested stacks, none of which passes the threshold', () => {
    expect(f.api.shards.length).toBeGreaterThanOrEqual(2);
    root.resourceCountIs('AWS::CloudFormation::Stack', f.api.shards.length);
    expect(resourceCount(root)).toBeLessThanOrEqual(60 + f.api.shards.length);
    for (const t of shards) expect(resourceCount(t)).toBeLessThanOrEqual(60);
    const methods = [root, ...shards].reduce((n, t) => n + Object.keys(t.findResources('AWS::ApiGateway::Method')).length, 0);
    expect(methods).toBe(101);
    expect(f.api.routeKeys).toHaveLength(101);
  });

  test('routes of a top-level segment placed after the threshold share a shard while it has room', () => {
    const g = fixture({ ...lean, shardingThreshold: 100 });
    addRoutes(g, 0, 25, 1); // fills the stack with /g0
    const before = g.api.shards.length;
    expect(before).toBe(1);
    const placed = new Map<string, Set<string>>();
    for (const [route, method] of addRoutes(g, 100, 112, 3)) {
      const group = route.split(' ')[1].split('/')[1];
      if (!placed.has(group)) placed.set(group, new Set());
      placed.get(group)!.add(Stack.of(method).node.path);
    }
    for (const stacks of placed.values()) expect(stacks.size).toBe(1);
  });

  test('the deployment depends on every shard', () => {
    const deployment = root.findResources('AWS::ApiGateway::Deployment')[deploymentId(root)];
    for (const shard of f.api.shards) {
      expect(deployment.DependsOn).toContain(logicalId(shard.nestedStackResource!));
    }
  });

  test('shards receive the rest API id, the root resource id, the authorizer, the validators and the models', () => {
    const nested = Object.values(root.findResources('AWS::CloudFormation::Stack'));
    const passed = nested.flatMap((r: any) => Object.values(r.Properties.Parameters ?? {}));
    const ofType = (type: string) => Object.keys(root.findResources(type));
    const api = ofType('AWS::ApiGateway::RestApi')[0];
    expect(passed).toContainEqual({ Ref: api });
    expect(passed).toContainEqual({ 'Fn::GetAtt': [api, 'RootResourceId'] });
    expect(passed).toContainEqual({ Ref: ofType('AWS::ApiGateway::Authorizer')[0] });
    for (const v of ofType('AWS::ApiGateway::RequestValidator')) expect(passed).toContainEqual({ Ref: v });
    expect(passed).toContainEqual({ Ref: ofType('AWS::ApiGateway::Model')[0] });

    // inside a shard the methods use those parameters
    const t = shards[shards.length - 1];
    const params = Object.keys(t.toJSON().Parameters ?? {});
    const param = (fragment: RegExp) => {
      const name = params.find((p) => fragment.test(p));
      expect(name).toBeDefined();
      return { Ref: name };
    };
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'POST',
      RestApiId: param(/ApiResource|Api[0-9A-F]{8}Ref$/),
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizerId: param(/Authorizer/),
      AuthorizationScopes: ['orders/write'],
      RequestValidatorId: param(/BodyAndParametersValidator/),
      RequestModels: { 'application/json': param(/Model/) },
    });
    t.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      RequestValidatorId: param(/ParametersValidator/),
      RequestParameters: { 'method.request.path.id': true },
    });
  });
});

describe('sharded API with the default firewall, alarms and user pool', () => {
  let f: Fixture;
  beforeAll(() => {
    f = fixture({ shardingThreshold: 120 });
    addRoutes(f, 0, 40);
  });

  test('is sharded and gets zero AwsSolutions findings', () => {
    expect(f.api.shards.length).toBeGreaterThanOrEqual(1);
    expect(findings(new AwsSolutionsChecks(), f.stack)).toEqual({});
  });

  test('gets zero ApiBaselineChecks findings: references passed into shards are followed to the parent', () => {
    // in a shard, RequestValidatorId, AuthorizerId and the model are nested-stack parameters; the pack follows
    // them through the parent's AWS::CloudFormation::Stack resource to the validator, authorizer and model
    expect(findings(new ApiBaselineChecks(), f.stack)).toEqual({});
  });

  test('and after synthesis, when those references have become nested-stack parameters', () => {
    (f.stack.node.root as App).synth();
    expect(findings(new ApiBaselineChecks(), f.stack)).toEqual({});
  });
});

describe('stable logical ids', () => {
  /** Every route's stack and method logical id, after synthesizing. */
  function placements(routes: number, groups: number): Map<string, string> {
    const f = fixture({ ...lean, shardingThreshold: 60 });
    const methods = addRoutes(f, 0, routes, groups);
    templateOf(f.stack);
    const out = new Map<string, string>();
    for (const [route, method] of methods) {
      const cfn = method.node.defaultChild as CfnResource;
      out.set(route, `${Stack.of(cfn).node.path} ${logicalId(cfn)} ${logicalId(method.resource.node.defaultChild as CfnResource)}`);
    }
    return out;
  }

  test('adding routes keeps the shard and the logical ids of every earlier route', () => {
    const before = placements(40, 4);
    const after = placements(70, 4);
    expect(new Set([...before.values()].map((v) => v.split(' ')[0])).size).toBeGreaterThanOrEqual(2);
    for (const [route, placement] of before) expect(after.get(route)).toBe(placement);
  });

  test('adding routes under new top-level segments keeps earlier routes too', () => {
    const f = fixture({ ...lean, shardingThreshold: 60 });
    const first = addRoutes(f, 0, 30, 3);
    const ids = () => [...first.values()].map((m) => `${Stack.of(m).node.path}:${logicalId(m.node.defaultChild as CfnResource)}`);
    const before = ids();
    addRoutes(f, 100, 130, 7);
    expect(ids()).toEqual(before);
  });
});

describe('placement details', () => {
  test('a segment that fills its shard continues in the next one, which imports its resource from the first', () => {
    const f = fixture({ ...lean, shardingThreshold: 40 });
    addRoutes(f, 0, 8, 1);
    const late = [];
    for (let i = 0; i < 30; i++) {
      late.push(f.api.addRoute(`GET /late/x${i}`, { integration: new apigw.MockIntegration(), scopes: [f.orders.scope('read')] }));
    }
    const [first, second] = f.api.shards;
    expect(Stack.of(late[0])).toBe(first);
    expect(Stack.of(late[29])).toBe(second);
    const root = templateOf(f.stack);
    const params = Object.values(root.toJSON().Resources[logicalId(second.nestedStackResource!)].Properties.Parameters);
    const fromFirst = params.filter((v: any) => v['Fn::GetAtt']?.[0] === logicalId(first.nestedStackResource!)
      && String(v['Fn::GetAtt'][1]).startsWith('Outputs.'));
    expect(fromFirst).toHaveLength(1);
    // the imported /late resource is the parent of the second shard's resources
    Template.fromStack(second).hasResourceProperties('AWS::ApiGateway::Resource', {
      PathPart: 'x29', ParentId: { Ref: Match.stringLikeRegexp('Resource') },
    });
  });

  test('a route on the root path after the threshold is placed on the imported root resource of a shard', () => {
    const f = fixture({ ...lean, shardingThreshold: 40 });
    addRoutes(f, 0, 10);
    const method = f.api.addRoute('GET /', { integration: new apigw.MockIntegration(), scopes: [f.orders.scope('read')] });
    const shard = Stack.of(method);
    expect(f.api.shards).toContain(shard);
    const t = Template.fromStack(shard as NestedStack);
    const rootParam = Object.keys(t.toJSON().Parameters).find((p) => /RootResourceId/.test(p));
    t.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', ResourceId: { Ref: rootParam } });
  });
});

describe('redeployment', () => {
  function deploymentOf(readScope: string, extra = 0): string {
    const f = fixture({ ...lean, shardingThreshold: 40 });
    addRoutes(f, 0, 20);
    const changed = addRoutes(f, 50, 52 + extra, 4, readScope);
    for (const m of changed.values()) expect(Stack.of(m)).not.toBe(f.stack);
    return deploymentId(templateOf(f.stack));
  }

  test('the deployment logical id is stable when nothing changes', () => {
    expect(deploymentOf('read')).toBe(deploymentOf('read'));
  });

  test('changing a route of a shard gives the deployment a new logical id', () => {
    expect(deploymentOf('write')).not.toBe(deploymentOf('read'));
  });

  test('adding a route to a shard gives the deployment a new logical id', () => {
    expect(deploymentOf('read', 1)).not.toBe(deploymentOf('read'));
  });
});

describe('integrations in shards', () => {
  test('api.lambdaIntegration adds one permission per function and shard, scoped to the API', () => {
    const f = fixture({ ...lean, shardingThreshold: 40 });
    const fn = new lambda.Function(f.stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>({})'),
    });
    addRoutes(f, 0, 10);
    const integration = f.api.lambdaIntegration(fn);
    for (let i = 0; i < 6; i++) {
      f.api.addRoute(`GET /lambda/r${i}`, { integration, scopes: [f.orders.scope('read')] });
    }
    expect(f.api.shards).toHaveLength(1);
    const shard = Template.fromStack(f.api.shards[0] as NestedStack);
    shard.resourceCountIs('AWS::Lambda::Permission', 1);
    shard.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      FunctionName: { Ref: Match.stringLikeRegexp('Fn') },
      SourceArn: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('/\\*/\\*/\\*$|/\\*/\\*')])] },
    });
  });

  test('CORS preflight is added once per path in shards as well', () => {
    const f = fixture({ ...lean, shardingThreshold: 40, cors: { allowOrigins: ['https://app.example.com'] } });
    addRoutes(f, 0, 12);
    expect(f.api.shards.length).toBeGreaterThanOrEqual(1);
    const all = [templateOf(f.stack), ...f.api.shards.map((s) => Template.fromStack(s))];
    const options = all.reduce((n, t) => n + Object.keys(t.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'OPTIONS' } })).length, 0);
    expect(options).toBe(24);
  });
});
