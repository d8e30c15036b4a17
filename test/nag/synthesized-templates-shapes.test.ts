import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, AppProps, CfnCondition, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpUrlIntegration, WebSocketMockIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { outcomeOf, synthesize } from './synth-context';
import { readSections } from '../../src/nag/synthesized-templates';

const ENV = { account: '123456789012', region: 'us-east-1' };

/** An OpenAPI-defined REST API, an HTTP API and a WebSocket API, each with controls missing. */
function shapesApp(props: AppProps = {}): App {
  const app = new App({ builtinCloudFormationValidation: false, ...props });
  const stack = new Stack(app, 'Shapes', { env: ENV });

  new apigw.SpecRestApi(stack, 'Spec', {
    cloudWatchRole: false,
    deployOptions: { dataTraceEnabled: true },
    apiDefinition: apigw.ApiDefinition.fromInline({
      openapi: '3.0.1',
      info: { title: 'orders', version: '1' },
      paths: {
        '/orders': {
          get: { responses: { 200: { description: 'ok' } } },
          post: {
            security: [{ pool: ['orders/write'] }],
            requestBody: { content: { 'application/json': { schema: { type: 'object' } } } },
            responses: { 200: { description: 'ok' } },
          },
        },
      },
      components: {
        securitySchemes: {
          pool: {
            'type': 'apiKey',
            'name': 'Authorization',
            'in': 'header',
            'x-amazon-apigateway-authtype': 'cognito_user_pools',
            'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools', providerARNs: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/p'] },
          },
        },
      },
    }),
  });

  const http = new apigwv2.HttpApi(stack, 'Http', { corsPreflight: { allowOrigins: ['*'] } });
  http.addRoutes({ path: '/open', methods: [apigwv2.HttpMethod.GET], integration: new HttpUrlIntegration('Open', 'https://backend.example.com') });
  http.addRoutes({
    path: '/token',
    methods: [apigwv2.HttpMethod.GET],
    integration: new HttpUrlIntegration('Token', 'https://backend.example.com'),
    authorizer: new HttpJwtAuthorizer('Jwt', 'http://issuer.example.com', { jwtAudience: ['client'], identitySource: ['$request.querystring.token'] }),
  });
  const stage = http.addStage('Prod', { stageName: 'prod', throttle: { rateLimit: 10, burstLimit: 10 } });
  (stage.node.defaultChild as apigwv2.CfnStage).routeSettings = { 'GET /open': { ThrottlingRateLimit: 1000 } };

  const socket = new apigwv2.WebSocketApi(stack, 'Socket', {
    connectRouteOptions: { integration: new WebSocketMockIntegration('ConnectMock') },
    defaultRouteOptions: { integration: new WebSocketMockIntegration('FallbackMock') },
  });
  new apigwv2.WebSocketStage(stack, 'SocketStage', { webSocketApi: socket, stageName: 'prod', autoDeploy: true });

  // a stage of a deployment, a body read from S3, conditions and parameters
  const rest = new apigw.CfnRestApi(stack, 'Imported', { name: 'imported', bodyS3Location: { bucket: 'b', key: 'k' } });
  new apigw.CfnDeployment(stack, 'Deployment', { restApiId: rest.ref, stageName: 'v1', stageDescription: { tracingEnabled: false } });
  const never = new CfnCondition(stack, 'Never', { expression: Fn.conditionEquals('a', 'b') });
  const open = new apigw.CfnMethod(stack, 'Hidden', { restApiId: rest.ref, resourceId: rest.attrRootResourceId, httpMethod: 'GET', authorizationType: 'NONE' });
  open.cfnOptions.condition = never;
  const auth = new CfnParameter(stack, 'Auth', { type: 'String', default: 'AWS_IAM', allowedValues: ['AWS_IAM', 'NONE'] });
  new apigw.CfnMethod(stack, 'Chosen', { restApiId: rest.ref, resourceId: rest.attrRootResourceId, httpMethod: 'POST', authorizationType: auth.valueAsString });

  // the logical id __proto__ (aws-cdk-lib refuses to synthesize `constructor` or `toString`, and leaves `__proto__` out
  // of the template it writes): judged as rendered either way
  const methodStack = new Stack(app, 'Prototype', { env: ENV });
  new apigw.CfnMethod(methodStack, 'Method', { restApiId: 'abc', resourceId: 'root', httpMethod: 'GET', authorizationType: 'NONE' })
    .overrideLogicalId('__proto__');
  const stageStack = new Stack(app, 'PrototypeStage', { env: ENV });
  new apigw.CfnStage(stageStack, 'Stage', { restApiId: 'abc', stageName: 'prod' }).overrideLogicalId('__proto__');
  return app;
}

const WITH_PATHS = { context: { 'aws:cdk:enable-path-metadata': true } };
const WITHOUT_LOGICAL_ID_METADATA = { context: { 'aws:cdk:disable-logicalId-metadata': true } };

describe('every API shape is judged the same on synth and when rendered', () => {
  const cases: Array<[string, () => App]> = [
    ['path metadata', () => shapesApp(WITH_PATHS)],
    ['logical ids from the assembly manifest', () => shapesApp()],
    ['logical ids resolved', () => shapesApp(WITHOUT_LOGICAL_ID_METADATA)],
  ];

  test.each(cases)('%s: the same outcomes and findings as rendering every resource', (_name, build) => {
    const app = build();
    const context = synthesize(app);
    const fromTemplates = outcomeOf((pack) => pack.validate(context));
    const rendered = outcomeOf((pack) => pack.validateScope(app));
    expect(fromTemplates.evaluations.length).toBeGreaterThan(50);
    expect(fromTemplates).toEqual(rendered);
  });

  test('the app breaks controls of every shape, so that equal findings mean something', () => {
    const { violations } = outcomeOf((pack) => pack.validate(synthesize(shapesApp())));
    const has = (id: string, path: string) => violations.some((v) => v.startsWith(`${id} `) && v.includes(` ${path} `));
    expect(has('ApiBaseline-MethodAuthorization[GET /orders]', 'Shapes/Spec/Resource')).toBe(true);
    expect(has('ApiBaseline-MethodAuthorization[POST /orders]', 'Shapes/Spec/Resource')).toBe(false);
    expect(has('ApiBaseline-StageDataTraceOff', 'Shapes/Spec/DeploymentStage.prod/Resource')).toBe(true);
    expect(has('ApiBaseline-MethodAuthorization[GET /open]', 'Shapes/Http/GET--open/Resource')).toBe(true);
    expect(has('ApiBaseline-JwtAuthorizerIssuerAudience', 'Shapes/Http/Jwt/Resource')).toBe(true);
    expect(has('ApiBaseline-JwtIdentitySourceNotQuery', 'Shapes/Http/Jwt/Resource')).toBe(true);
    expect(has('ApiBaseline-RouteThrottlingWithinStage', 'Shapes/Http/Prod/Resource')).toBe(true);
    expect(has('ApiBaseline-CorsNoWildcardOrigin', 'Shapes/Http/Resource')).toBe(true);
    expect(has('ApiBaseline-StageWebAcl[Unavailable]', 'Shapes/Http/Resource')).toBe(true);
    expect(has('ApiBaseline-MethodAuthorization[$connect]', 'Shapes/Socket/$connect-Route/Resource')).toBe(true);
    expect(has('ApiBaseline-StageXRayTracing[Unavailable]', 'Shapes/Socket/Resource')).toBe(true);
    expect(has('ApiBaseline-StageXRayTracing', 'Shapes/Deployment')).toBe(true);
    expect(has('ApiBaseline-MethodAuthorization[Unverifiable]', 'Shapes/Imported')).toBe(true);
    expect(has('ApiBaseline-MethodAuthorization', 'Shapes/Hidden')).toBe(false);
    expect(violations.some((v) => v.startsWith('ApiBaseline-MethodAuthorization ') && v.includes(' Shapes/Chosen ')
      && v.includes('parameter Auth = "NONE"'))).toBe(true);
    expect(has('ApiBaseline-MethodAuthorization', 'Prototype/Method')).toBe(true);
    expect(has('ApiBaseline-StageJsonAccessLogging', 'PrototypeStage/Stage')).toBe(true);
  });
});

describe('reading the sections of a synthesized template', () => {
  test('Parameters and Conditions written after Resources are read', () => {
    const template = {
      Resources: { Method: { Type: 'AWS::ApiGateway::Method', Condition: 'Never', Properties: { AuthorizationType: { Ref: 'Auth' } } } },
      Conditions: { Never: { 'Fn::Equals': ['a', 'b'] } },
      Parameters: { Auth: { Type: 'String', Default: 'NONE' } },
      Outputs: { Out: { Value: '}\n }' } },
    };
    const file = join(mkdtempSync(join(tmpdir(), 'sections-')), 'cdk.json');
    writeFileSync(file, JSON.stringify(template, undefined, 1));
    const sections = readSections(file)!;
    expect(Object.fromEntries(sections.resources)).toEqual(template.Resources);
    expect(Object.fromEntries(sections.conditions)).toEqual(template.Conditions);
    expect(Object.fromEntries(sections.parameters)).toEqual(template.Parameters);
  });
});
