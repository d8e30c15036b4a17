import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, CfnResource, Stack, Validations } from 'aws-cdk-lib';
import * as sam from 'aws-cdk-lib/aws-sam';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { ApiBaselineChecks } from '../../../src';
import { runCli } from '../../../src/cli/main';
import { expandSam } from '../../../src/nag/model/sam';
import { withGlobals } from '../../../src/nag/model/sam-globals';
import { findings, testStack } from '../../util';
import { outcomeOf, synthesize } from '../synth-context';

const SAM = 'AWS::Serverless-2016-10-31';

/** The stock `sam init` hello-world template (Python, one Api event on the implicit API, outputs on generated ids). */
const HELLO_WORLD = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Description: sam-app
Globals:
  Function:
    Timeout: 3
Resources:
  HelloWorldFunction:
    Type: AWS::Serverless::Function
    Properties:
      CodeUri: hello_world/
      Handler: app.lambda_handler
      Runtime: python3.13
      Architectures:
        - x86_64
      Events:
        HelloWorld:
          Type: Api
          Properties:
            Path: /hello
            Method: get
Outputs:
  HelloWorldApi:
    Description: API Gateway endpoint URL for Prod stage for Hello World function
    Value: !Sub "https://\${ServerlessRestApi}.execute-api.\${AWS::Region}.amazonaws.com/Prod/hello/"
  HelloWorldFunction:
    Value: !GetAtt HelloWorldFunction.Arn
  HelloWorldFunctionIamRole:
    Value: !GetAtt HelloWorldFunctionRole.Arn
`;

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sam-expansion-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, body: string | object): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, typeof body === 'string' ? body : JSON.stringify(body));
  return p;
}

function check(name: string, body: string | object, ...args: string[]) {
  const result = runCli(['check', file(name, body), ...args]);
  const json = args.includes('json') ? JSON.parse(result.stdout || '{}') : undefined;
  return { ...result, json, ids: (json?.findings ?? []).map((f: any) => `${f.ruleId} ${f.resource}`) as string[] };
}

function template(resources: object, extra: object = {}): object {
  return { Transform: SAM, ...extra, Resources: resources };
}

const fn = (props: object = {}) => ({
  Type: 'AWS::Serverless::Function',
  Properties: { InlineCode: 'x', Handler: 'index.handler', Runtime: 'nodejs22.x', ...props },
});

describe('SAM templates in the CLI', () => {
  test('the stock hello-world template is judged: its API findings are on the function, not exit 2', () => {
    const { code, ids, stderr, json } = check('hello.yaml', HELLO_WORLD, '--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(ids).toContain('ApiBaseline-MethodAuthorization[GET /hello] HelloWorldFunction');
    // the implicit API's Prod stage and the "Stage" stage of its deployment are both judged
    expect(ids).toContain('ApiBaseline-StageWebAcl[ServerlessRestApiProdStage] HelloWorldFunction');
    expect(ids).toContain('ApiBaseline-StageWebAcl[ServerlessRestApiDeployment] HelloWorldFunction');
    expect(json.templates[0].apis).toEqual([expect.objectContaining({
      resource: 'ServerlessRestApi (from HelloWorldFunction)', shape: 'REST (SAM)', stages: ['Prod', 'Stage'], publicOperations: ['GET /hello'], judged: true,
    })]);
  });

  test('the text output counts the APIs by kind and says "passes" only when every API was judged', () => {
    const hardened = template({ Fn: fn({ Runtime: 'nodejs24.x' }) });
    const clean = check('plain.json', hardened);
    expect(clean.stdout).toMatch(/— passes \(fail on error\)/);
    expect(check('api.yaml', HELLO_WORLD).stdout).toMatch(/\nAPIs: 1 judged \(1 REST\)\n/);
    const withApp = check('app.json', template({
      Fn: fn({ Runtime: 'nodejs24.x' }),
      Nested: { Type: 'AWS::Serverless::Application', Properties: { Location: 'https://example.com/t.yaml' } },
    }));
    expect(withApp.stdout).toMatch(/NOT JUDGED {2}API Nested: the AWS::Serverless::Application nests another template/);
    expect(withApp.stdout).toMatch(/— passes what could be judged/);
    expect(withApp.stdout).not.toMatch(/— passes \(/);
  });

  test('references to generated resources (Ref, GetAtt, Sub, DependsOn) are read without an error', () => {
    const { code, stderr, ids } = check('refs.json', template({
      Fn: fn({ Events: { Get: { Type: 'Api', Properties: { Path: '/a', Method: 'get' } } } }),
      Assoc: {
        Type: 'AWS::WAFv2::WebACLAssociation',
        DependsOn: ['ServerlessRestApiProdStage', 'FnRole'],
        Properties: {
          ResourceArn: { 'Fn::Sub': 'arn:aws:apigateway:${AWS::Region}::/restapis/${ServerlessRestApi}/stages/Prod' },
          WebACLArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/a/b',
        },
      },
    }, { Outputs: { Api: { Value: { Ref: 'ServerlessRestApi' } }, Role: { Value: { 'Fn::GetAtt': ['FnRole', 'Arn'] } } } }), '--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(1);
    // the association names the implicit API's Prod stage: that stage is protected, the deployment's "Stage" stage is not
    expect(ids).not.toContain('ApiBaseline-StageWebAcl[ServerlessRestApiProdStage] Fn');
    expect(ids).toContain('ApiBaseline-StageWebAcl[ServerlessRestApiDeployment] Fn');
  });

  test('references to a state machine\'s role, a GraphQL API key, a function alias and an API stage are read', () => {
    const { code, stderr, json } = check('more-refs.json', template({
      Machine: { Type: 'AWS::Serverless::StateMachine', Properties: { Definition: { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } } } },
      Gql: { Type: 'AWS::Serverless::GraphQLApi', Properties: { ApiKeys: { MyKey: {} }, Auth: { Type: 'API_KEY' } } },
      Fn: fn({ Runtime: 'nodejs24.x', AutoPublishAlias: 'live' }),
      Api: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'prod' } },
      Topic: {
        Type: 'AWS::SNS::Topic',
        Properties: {
          Tags: [
            { Key: 'role', Value: { 'Fn::GetAtt': ['MachineRole', 'Arn'] } },
            { Key: 'key', Value: { 'Fn::GetAtt': ['GqlMyKey', 'ApiKey'] } },
            { Key: 'alias', Value: { Ref: 'Fn.Alias' } },
            { Key: 'stage', Value: { Ref: 'Api.Stage' } },
          ],
        },
      },
    }), '--format', 'json');
    expect(stderr).toBe('');
    expect(code).toBe(1);
    expect(json.templates[0].apis).toContainEqual(expect.objectContaining({
      resource: 'Gql', judged: false, notJudgedReason: expect.stringMatching(/AppSync GraphQL API, which this pack does not judge/),
    }));
  });

  test('what cannot be expanded is named in [Unverifiable] findings and in the not-judged list', () => {
    const { json, code } = check('unexpanded.json', template({
      Fn: fn({ FutureSetting: true, Events: { Odd: { Type: 'SomethingNew', Properties: {} } } }),
      Gql: { Type: 'AWS::Serverless::GraphQLApi', Properties: {} },
      S3Api: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'prod', DefinitionUri: 's3://bucket/api.yaml' } },
    }), '--format', 'json');
    expect(code).toBe(1);
    const reasons = json.findings.filter((f: any) => f.ruleId.endsWith('[Unverifiable]')).map((f: any) => `${f.resource}: ${f.description}`).join('\n');
    expect(reasons).toMatch(/Fn: .*(FutureSetting|SomethingNew)/);
    const notJudged = json.templates[0].apis.filter((a: any) => !a.judged).map((a: any) => ({ resource: a.resource, reason: a.notJudgedReason }));
    expect(notJudged).toEqual(expect.arrayContaining([
      { resource: 'S3Api', reason: expect.stringMatching(/BodyS3Location/) },
      { resource: 'Gql', reason: expect.stringMatching(/AppSync GraphQL API/) },
      {
        resource: 'Fn',
        reason: 'the property FutureSetting of AWS::Serverless::Function is not expanded by this pack; the event Odd has type "SomethingNew", which this pack does not expand',
      },
    ]));
  });

  test('a SAM resource under a condition known to be false is not judged', () => {
    const { ids } = check('condition.json', template({
      Fn: { ...fn({ Runtime: 'nodejs14.x' }), Condition: 'Never' },
    }, { Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } } }), '--format', 'json');
    expect(ids.filter((id) => id.startsWith('ApiBaseline-'))).toEqual([]);
  });

  test('Globals apply to explicit and implicit APIs and to functions, and a resource overrides them', () => {
    const { ids } = check('globals.json', template({
      Fn: fn({
        Events: {
          Implicit: { Type: 'Api', Properties: { Path: '/a', Method: 'get' } },
          Explicit: { Type: 'Api', Properties: { RestApiId: { Ref: 'Api' }, Path: '/b', Method: 'get' } },
        },
      }),
      Api: { Type: 'AWS::Serverless::Api', Properties: { StageName: 'live', TracingEnabled: false } },
    }, { Globals: { Function: { Runtime: 'nodejs14.x' }, Api: { TracingEnabled: true } } }), '--format', 'json');
    // the function's own Runtime wins over Globals.Function
    expect(ids).not.toContain('ApiBaseline-LambdaSupportedRuntime Fn');
    expect(ids).not.toContain('ApiBaseline-StageXRayTracing[ServerlessRestApiProdStage] Fn');
    expect(ids).toContain('ApiBaseline-StageXRayTracing[ApiliveStage] Api');
  });
});

describe('SAM resources in CDK apps', () => {
  function samApp(stack: Stack) {
    stack.addTransform(SAM);
    const f = new sam.CfnFunction(stack, 'Fn', {
      runtime: 'nodejs22.x',
      handler: 'index.handler',
      inlineCode: 'x',
      events: { Get: { type: 'Api', properties: { path: '/pets', method: 'get' } as sam.CfnFunction.ApiEventProperty } },
    });
    return f;
  }

  test('an aws-sam L1 function is judged through its expansion, reported on the function', () => {
    const stack = testStack();
    samApp(stack);
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found['ApiBaseline-MethodAuthorization[GET /pets]']?.paths).toEqual(['Test/Fn']);
    expect(found['ApiBaseline-StageJsonAccessLogging[ServerlessRestApiProdStage]']?.paths).toEqual(['Test/Fn']);
  });

  test('the plain id acknowledged on the SAM resource covers its operations and generated resources', () => {
    const stack = testStack();
    const f = samApp(stack);
    Validations.of(f).acknowledge(
      { id: 'ApiBaseline-MethodAuthorization', reason: 'A public read-only endpoint, reviewed.' },
      { id: 'ApiBaseline-StageJsonAccessLogging[ServerlessRestApiProdStage]', reason: 'Logged by the front door.' },
    );
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found['ApiBaseline-MethodAuthorization[GET /pets]']).toBeUndefined();
    expect(found['ApiBaseline-StageJsonAccessLogging[ServerlessRestApiProdStage]']).toBeUndefined();
    expect(found['ApiBaseline-StageXRayTracing[ServerlessRestApiProdStage]']?.paths).toEqual(['Test/Fn']);
  });

  test('on synth the pack reads the SAM resources and Globals from the template, as validateScope renders them', () => {
    const build = () => {
      const app = new App({ builtinCloudFormationValidation: false });
      const stack = new Stack(app, 'Sam', { env: { account: '123456789012', region: 'us-east-1' } });
      new CfnInclude(stack, 'Include', {
        templateFile: file('include.json', template({
          Fn: { Type: 'AWS::Serverless::Function', Properties: { InlineCode: 'x', Handler: 'index.handler', Events: { Get: { Type: 'Api', Properties: { Path: '/pets', Method: 'get' } } } } },
        }, { Globals: { Function: { Runtime: 'nodejs14.x' }, Api: { TracingEnabled: true } } })),
      });
      return app;
    };
    const rendered = outcomeOf((pack) => pack.validateScope(build()));
    const app = build();
    const context = synthesize(app);
    const synthesized = outcomeOf((pack) => pack.validate(context));
    expect(synthesized).toEqual(rendered);
    expect(rendered.violations.join('\n')).toMatch(/ApiBaseline-LambdaSupportedRuntime error Sam\/Include\/Fn /);
    expect(rendered.violations.join('\n')).not.toMatch(/StageXRayTracing\[ServerlessRestApiProdStage\]/);
  });

  test('a plain resource with the logical id of a generated one wins over it', () => {
    const stack = testStack();
    samApp(stack);
    new CfnResource(stack, 'Mine', { type: 'AWS::SNS::Topic' }).overrideLogicalId('ServerlessRestApi');
    const found = findings(new ApiBaselineChecks(), stack);
    // the implicit API is not created under a taken id, so none of its operations or stages is judged
    expect(Object.keys(found).filter((k) => k.includes('GET /pets'))).toEqual([]);
  });
});

describe('Globals merging', () => {
  test('maps merge key by key, lists append, other values and intrinsics are the resource\'s', () => {
    const globals = {
      Function: {
        Environment: { Variables: { A: '1', B: '2' } },
        Layers: ['g'],
        Timeout: 3,
        Tags: { 'Fn::If': ['C', { a: 1 }, { b: 2 }] },
      },
    };
    const merged = withGlobals('AWS::Serverless::Function', {
      Environment: { Variables: { B: 'local', C: '3' } },
      Layers: ['l'],
      Timeout: 10,
      Tags: { own: 'yes' },
    }, globals);
    expect(merged).toEqual({
      Environment: { Variables: { A: '1', B: 'local', C: '3' } },
      Layers: ['g', 'l'],
      Timeout: 10,
      Tags: { own: 'yes' },
    });
    expect(withGlobals('AWS::Serverless::Api', { StageName: 'p' }, globals)).toEqual({ StageName: 'p' });
    expect(withGlobals('AWS::Serverless::Function', undefined, 'not a map')).toEqual({});
  });
});

describe('expandSam', () => {
  test('events build the implicit APIs, with the operation of each event traced to its function', () => {
    const { generated, unexpanded } = expandSam([
      { logicalId: 'A', type: 'AWS::Serverless::Function', props: fn({ Events: { E: { Type: 'Api', Properties: { Path: '/a/{id}', Method: 'any' } } } }).Properties },
      { logicalId: 'B', type: 'AWS::Serverless::Function', props: fn({ Events: { H: { Type: 'HttpApi' } } }).Properties },
    ], undefined, () => false);
    expect(unexpanded.size).toBe(0);
    const rest = generated.find((g) => g.logicalId === 'ServerlessRestApi');
    expect(rest?.origin).toBe('A');
    expect([...rest!.operationOrigins!]).toEqual([['ANY /a/{id}', 'A']]);
    const http = generated.find((g) => g.logicalId === 'ServerlessHttpApi');
    expect(http?.origin).toBe('B');
    expect(generated.find((g) => g.logicalId === 'ServerlessHttpApiApiGatewayDefaultStage')?.props.StageName).toBe('$default');
    const permission = generated.find((g) => g.logicalId === 'AEPermissionProd');
    expect(permission?.props.SourceArn['Fn::Sub'][0]).toMatch(/\/\*\/a\/\*$/);
  });

  test('an event naming an API that is not a SAM API of the template is not expanded, and says so', () => {
    const { unexpanded } = expandSam([
      { logicalId: 'A', type: 'AWS::Serverless::Function', props: fn({ Events: { E: { Type: 'Api', Properties: { RestApiId: { Ref: 'Plain' }, Path: '/a', Method: 'get' } } } }).Properties },
    ], undefined, () => true);
    expect(unexpanded.get('A')).toEqual(['the event E names RestApiId an intrinsic (Ref), which is not an AWS::Serverless::Api of this template']);
  });
});
