import { App, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { OAuthResourceServer } from '../../src/auth';
import { DataKey } from '../../src/encryption';
import { FirewallScope } from '../../src/firewall';
import { HTTP_API_FRONT_DOOR_ACCESS_LOG_FORMAT, HttpApiAccessLogFormat, SecureHttpApi, SecureHttpApiProps } from '../../src/http-api';
import { ApiBaselineChecks } from '../../src/nag';
import { findings, templateOf, testStack } from '../util';

interface Fixture { stack: Stack; api: SecureHttpApi; orders: OAuthResourceServer; fn: lambda.Function }

function fixture(props: SecureHttpApiProps = { frontDoor: {} }, stack: Stack = testStack()): Fixture {
  const api = new SecureHttpApi(stack, 'Api', props);
  const orders = api.userPool.addResourceServer('orders', { scopes: { read: 'Read orders', write: 'Write orders' } });
  api.userPool.addMachineClient('Fulfilment', { scopes: [orders.scope('read'), orders.scope('write')] });
  const fn = new lambda.Function(stack, 'Fn', {
    runtime: lambda.Runtime.NODEJS_24_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => ({ statusCode: 200 });'),
  });
  return { stack, api, orders, fn };
}

function withRoutes(props?: SecureHttpApiProps, stack?: Stack): Fixture {
  const f = fixture(props, stack);
  f.api.addRoute('GET /orders/{id}', { integration: f.api.lambdaIntegration(f.fn), scopes: [f.orders.scope('read')] });
  f.api.addRoute('DELETE /orders/{id}', { integration: f.api.lambdaIntegration(f.fn), scopes: [f.orders.scope('write'), f.orders.scope('read')] });
  f.api.addRoute('GET /health', { integration: f.api.lambdaIntegration(f.fn), publicRoute: 'load balancer health check' });
  return f;
}

function acknowledgedIds(c: IConstruct): string[] {
  return c.node.metadata
    .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((m) => Object.keys(m.data as object))
    .map((id) => id.replace(/^Annotation::/, ''));
}

const usEast1Cert = (stack: Stack) => acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
const WEB_ACL_ARN = 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/0f1e2d3c-aaaa-bbbb-cccc-000000000000';

describe('SecureHttpApi front door', () => {
  let f: Fixture;
  let t: Template;
  beforeAll(() => {
    f = withRoutes();
    t = templateOf(f.stack);
  });

  test('a CloudFront distribution: HTTPS only, TLS 1.2 to the execute-api origin, caching disabled, all viewer headers but Host', () => {
    const apiId = f.stack.getLogicalId(f.api.httpApi.node.defaultChild as any);
    const secretId = f.stack.getLogicalId(f.api.frontDoor!.originVerifySecret.node.defaultChild as any);
    t.resourceCountIs('AWS::CloudFront::Distribution', 1);
    t.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        DefaultCacheBehavior: Match.objectLike({
          ViewerProtocolPolicy: 'https-only',
          AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
          // CachingDisabled: with caching off, the AllViewerExceptHostHeader policy forwards Authorization too
          CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad',
          OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
        }),
        Origins: [Match.objectLike({
          DomainName: { 'Fn::Select': [2, { 'Fn::Split': ['/', { 'Fn::GetAtt': [apiId, 'ApiEndpoint'] }] }] },
          CustomOriginConfig: { OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] },
          OriginCustomHeaders: [{
            HeaderName: 'x-origin-verify',
            HeaderValue: { 'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secretId }, ':SecretString:::}}']] },
          }],
        })],
        WebACLId: { 'Fn::GetAtt': [f.stack.getLogicalId(f.api.frontDoor!.firewall!.webAcl), 'Arn'] },
      }),
    });
    // the stage is $default: no origin path
    expect(JSON.stringify(t.findResources('AWS::CloudFront::Distribution'))).not.toContain('OriginPath');
  });

  test('the web ACL is an ApiFirewall of CLOUDFRONT scope with CloudFront body inspection', () => {
    t.hasResourceProperties('AWS::WAFv2::WebACL', {
      Scope: 'CLOUDFRONT',
      AssociationConfig: { RequestBody: { CLOUDFRONT: { DefaultSizeInspectionLimit: 'KB_16' } } },
    });
    t.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    expect(f.api.frontDoor!.firewall!.scope).toBe(FirewallScope.CLOUDFRONT);
  });

  test('the origin-verify secret is generated and encrypted with a customer-managed key; the authorizer may read it', () => {
    t.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: { ExcludePunctuation: true, PasswordLength: 48 },
      KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiFrontDoorKey'), 'Arn'] },
    });
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true, Description: Match.stringLikeRegexp('origin-verify secret') });
    const policies = JSON.stringify(t.findResources('AWS::IAM::Policy'));
    expect(policies).toContain('secretsmanager:GetSecretValue');
    // the key's policy lets the authorizer role decrypt through Secrets Manager only
    const keyPolicy = JSON.stringify(Object.entries(t.findResources('AWS::KMS::Key')).find(([id]) => id.startsWith('ApiFrontDoorKey'))![1]);
    expect(keyPolicy).toContain('{"Action":"kms:Decrypt","Condition":{"StringEquals":{"kms:ViaService":"secretsmanager.us-east-1.amazonaws.com"}},'
      + '"Effect":"Allow","Principal":{"AWS":{"Fn::GetAtt":["ApiFrontDoorAuthorizerRole56801497","Arn"]}}');
  });

  test('every route, the public one too, has the REQUEST authorizer on the origin-verify header, without caching or scopes', () => {
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      IdentitySource: ['$request.header.x-origin-verify'],
      AuthorizerResultTtlInSeconds: 0,
      EnableSimpleResponses: true,
      AuthorizerPayloadFormatVersion: '2.0',
    });
    t.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    const routes = Object.values(t.findResources('AWS::ApiGatewayV2::Route'));
    expect(routes).toHaveLength(3);
    for (const r of routes) {
      expect(r.Properties.AuthorizationType).toBe('CUSTOM');
      expect(r.Properties.AuthorizationScopes).toBeUndefined();
    }
  });

  test('the authorizer gets the issuer, the app clients and the route → scopes map (null for a public route)', () => {
    const fn = Object.values(t.findResources('AWS::Lambda::Function')).find((r) => r.Properties.Environment?.Variables?.ROUTE_SCOPES)!;
    const vars = fn.Properties.Environment.Variables;
    expect(JSON.parse(vars.ROUTE_SCOPES)).toEqual({
      'GET /orders/{id}': ['orders/read'],
      'DELETE /orders/{id}': ['orders/write', 'orders/read'],
      'GET /health': null,
    });
    expect(vars.ORIGIN_VERIFY_HEADER).toBe('x-origin-verify');
    expect(vars.JWT_ISSUER).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [f.stack.getLogicalId(f.api.userPool.userPool.node.defaultChild as any), 'ProviderURL'] }]] });
    expect(vars.JWT_AUDIENCE).toEqual({ Ref: f.stack.getLogicalId(f.api.userPool.clients[0].node.defaultChild as any) });
    expect(vars.ORIGIN_VERIFY_SECRET_ARN).toEqual({ Ref: f.stack.getLogicalId(f.api.frontDoor!.originVerifySecret.node.defaultChild as any) });
    expect(fn.Properties.Runtime).toBe('nodejs24.x');
    expect(fn.Properties.LoggingConfig).toBeDefined();
  });

  test('the access log takes the caller\'s client id and subject from the authorizer\'s context, with the same fields', () => {
    const stage = Object.values(t.findResources('AWS::ApiGatewayV2::Stage'))[0];
    const format: string = stage.Properties.AccessLogSettings.Format;
    expect(format).toBe(HTTP_API_FRONT_DOOR_ACCESS_LOG_FORMAT);
    expect(format).toContain('"clientId":"$context.authorizer.clientId"');
    expect(format).toContain('"principalId":"$context.authorizer.sub"');
    expect(format).not.toContain('claims');
    const fields = (line: string) => Object.keys(JSON.parse(line.replace(/:\$context\.[A-Za-z_.]+/g, ':0')));
    expect(fields(format)).toEqual(HttpApiAccessLogFormat.FIELDS);
  });

  test('the URL is the distribution\'s', () => {
    expect(f.stack.resolve(f.api.url)).toEqual({
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [f.stack.getLogicalId(f.api.frontDoor!.distribution.node.defaultChild as any), 'DomainName'] }, '/']],
    });
  });

  test('ApiBaselineChecks: zero findings, and StageWebAcl is satisfied by the front door, not acknowledged', () => {
    expect(findings(new ApiBaselineChecks(), f.stack)).toEqual({});
    const all = f.stack.node.findAll().flatMap(acknowledgedIds);
    expect(all.filter((id) => id.includes('StageWebAcl'))).toEqual([]);
    expect(acknowledgedIds(f.api.httpApi).sort()).toEqual([
      'ApiBaseline-MethodRequestValidator[Unavailable]',
      'ApiBaseline-StageExecutionLogging[Unavailable]',
      'ApiBaseline-StageXRayTracing[Unavailable]',
    ]);
  });

  test('StageWebAcl judges the front door: a route added around the authorizer breaks it', () => {
    const g = withRoutes();
    new apigwv2.HttpRoute(g.stack, 'Sneaky', {
      httpApi: g.api.httpApi,
      routeKey: apigwv2.HttpRouteKey.with('/sneaky', apigwv2.HttpMethod.GET),
      integration: new HttpUrlIntegration('U', 'https://backend.example.com'),
    });
    const found = findings(new ApiBaselineChecks(), g.stack);
    expect(found['ApiBaseline-StageWebAcl']?.severity).toBe('error');
  });

  test('zero AwsSolutions findings on the API and its front door; the acknowledged ones carry their reasons', () => {
    const found = findings(new AwsSolutionsChecks(), f.stack);
    expect(Object.entries(found).filter(([, v]) => v.paths.some((p) => p.startsWith('Test/Api/')))).toEqual([]);
    const fd = f.api.frontDoor!;
    expect(acknowledgedIds(fd.distribution).sort()).toEqual(['AwsSolutions-CFR1', 'AwsSolutions-CFR3', 'AwsSolutions-CFR4']);
    expect(acknowledgedIds(fd.originVerifySecret)).toContain('AwsSolutions-SMG4');
  });

  test('stateful logical ids are pinned', () => {
    const ids = (type: string) => Object.keys(t.findResources(type)).sort();
    expect(ids('AWS::SecretsManager::Secret')).toEqual(['ApiFrontDoorOriginVerifySecret448DE22D']);
    expect(ids('AWS::KMS::Key')).toEqual(expect.arrayContaining(['ApiFrontDoorKey827F8543']));
    expect(ids('AWS::CloudFront::Distribution')).toEqual(['ApiFrontDoorDistributionCAA4F8C6']);
    expect(ids('AWS::WAFv2::WebACL')).toEqual(['ApiFrontDoorFirewallWebAcl70ACAEEB']);
    expect(ids('AWS::Logs::LogGroup')).toEqual(expect.arrayContaining(['ApiFrontDoorAuthorizerLogs8AB25545']));
  });
});

describe('SecureHttpApi front door options', () => {
  test('a named stage becomes the origin path', () => {
    const f = withRoutes({ stageName: 'v1', frontDoor: {} });
    templateOf(f.stack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ Origins: [Match.objectLike({ OriginPath: '/v1' })] }),
    });
  });

  test('a custom domain: aliases, the certificate, TLSv1.2_2021 with SNI, and no CFR4 acknowledgement', () => {
    const stack = testStack();
    const f = withRoutes({ frontDoor: { domain: { domainNames: ['api.example.com'], certificate: usEast1Cert(stack) } } }, stack);
    templateOf(stack).hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['api.example.com'],
        ViewerCertificate: { AcmCertificateArn: Match.anyValue(), MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      }),
    });
    expect(acknowledgedIds(f.api.frontDoor!.distribution)).not.toContain('AwsSolutions-CFR4');
    expect(Object.keys(findings(new AwsSolutionsChecks(), stack)).filter((id) => id.startsWith('AwsSolutions-CFR'))).toEqual([]);
    expect(f.api.url).toBe('https://api.example.com/');
  });

  test('an existing web ACL ARN in a stack outside us-east-1: no firewall is created, StageWebAcl passes', () => {
    const stack = testStack('Eu', { env: { account: '123456789012', region: 'eu-west-1' } });
    const f = withRoutes({ frontDoor: { webAclArn: WEB_ACL_ARN } }, stack);
    const t = templateOf(stack);
    t.resourceCountIs('AWS::WAFv2::WebACL', 0);
    t.hasResourceProperties('AWS::CloudFront::Distribution', { DistributionConfig: Match.objectLike({ WebACLId: WEB_ACL_ARN }) });
    expect(f.api.frontDoor!.firewall).toBeUndefined();
    expect(findings(new ApiBaselineChecks(), stack)).toEqual({});
  });

  test('firewall properties are passed on; a custom origin-verify header name is used everywhere', () => {
    const f = withRoutes({ frontDoor: { firewall: { rateLimit: 500 }, originVerifyHeaderName: 'x-front-secret-2' } });
    const t = templateOf(f.stack);
    expect(JSON.stringify(t.findResources('AWS::WAFv2::WebACL'))).toContain('"Limit":500');
    t.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', { IdentitySource: ['$request.header.x-front-secret-2'] });
    expect(JSON.stringify(t.findResources('AWS::CloudFront::Distribution'))).toContain('"HeaderName":"x-front-secret-2"');
    expect(findings(new ApiBaselineChecks(), f.stack)).toEqual({});
  });

  test('an environment-agnostic stack gets a template rule that refuses deployment outside us-east-1', () => {
    const stack = new Stack(new App({ builtinCloudFormationValidation: false }), 'Agnostic');
    withRoutes({ frontDoor: {} }, stack);
    const rules = templateOf(stack).toJSON().Rules;
    const rule: any = Object.values(rules)[0];
    expect(rule.Assertions[0].Assert).toEqual({ 'Fn::Equals': [{ Ref: 'AWS::Region' }, 'us-east-1'] });
    expect(rule.Assertions[0].AssertDescription).toMatch(/frontDoor.webAclArn/);
  });

  test('a given encryption key encrypts the secret (no key of its own)', () => {
    const stack = testStack();
    const key = new DataKey(stack, 'Shared');
    withRoutes({ frontDoor: { encryptionKey: key } }, stack);
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::SecretsManager::Secret', { KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as any), 'Arn'] } });
    expect(Object.keys(t.findResources('AWS::KMS::Key')).filter((id) => id.startsWith('ApiFrontDoorKey'))).toEqual([]);
  });
});

describe('SecureHttpApi front door validation', () => {
  const euStack = () => testStack('Eu', { env: { account: '123456789012', region: 'eu-west-1' } });

  test('outside us-east-1 without a web ACL ARN: the error names the prop and the rule', () => {
    expect(() => fixture({ frontDoor: {} }, euStack()))
      .toThrow(/"frontDoor.webAclArn" must be set when the stack is not in us-east-1 \(this stack is in eu-west-1\): AWS WAF creates CLOUDFRONT-scope web ACLs in us-east-1 only/);
    expect(() => fixture({ frontDoor: { webAclArn: WEB_ACL_ARN } }, euStack())).not.toThrow();
  });

  test.each([
    ['a REGIONAL web ACL', 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/api/0f1e'],
    ['not an ARN', 'edge-acl'],
  ])('a web ACL ARN that is %s is refused', (_name, arn) => {
    expect(() => fixture({ frontDoor: { webAclArn: arn } })).toThrow(/"frontDoor.webAclArn" must be the ARN of a CLOUDFRONT-scope web ACL/);
  });

  test('webAclArn and firewall together are refused', () => {
    expect(() => fixture({ frontDoor: { webAclArn: WEB_ACL_ARN, firewall: {} } })).toThrow(/"frontDoor.firewall" must not be set with "frontDoor.webAclArn"/);
  });

  test('a REGIONAL firewall scope is refused', () => {
    expect(() => fixture({ frontDoor: { firewall: { scope: FirewallScope.REGIONAL } } })).toThrow(/"frontDoor.firewall.scope" must be CLOUDFRONT/);
    expect(() => fixture({ frontDoor: { firewall: { scope: FirewallScope.CLOUDFRONT } } })).not.toThrow();
  });

  test.each(['X-Origin-Verify', 'origin-verify', 'x-amz-secret', 'x-amzn-secret', 'x-forwarded-secret', 'x-edge', 'x-a_b'])('the header name %s is refused', (name) => {
    expect(() => fixture({ frontDoor: { originVerifyHeaderName: name } })).toThrow(/"frontDoor.originVerifyHeaderName" must be lower case, start with "x-"/);
  });

  test('the header name boundary: x-front-secret passes, x-edge-secret (a CloudFront header) does not', () => {
    expect(() => fixture({ frontDoor: { originVerifyHeaderName: 'x-front-secret' } })).not.toThrow();
    expect(() => fixture({ frontDoor: { originVerifyHeaderName: 'x-edge-secret' } })).toThrow(/originVerifyHeaderName/);
  });

  test('an API custom domain with a front door is refused', () => {
    const stack = testStack();
    const certificate = usEast1Cert(stack);
    expect(() => fixture({ domain: { domainName: 'api.example.com', certificate }, frontDoor: {} }, stack))
      .toThrow(/"domain" must not be set with "frontDoor".*set "frontDoor.domain"/);
  });

  test('a front door domain needs names and a certificate', () => {
    const stack = testStack();
    expect(() => fixture({ frontDoor: { domain: { domainNames: [], certificate: usEast1Cert(stack) } } }, stack))
      .toThrow(/"frontDoor.domain.domainNames" must list at least one domain name/);
    expect(() => fixture({ frontDoor: { domain: { domainNames: ['api.example.com'], certificate: undefined as any } } }))
      .toThrow(/"frontDoor.domain.certificate" must be set/);
  });

  test('a user pool without app clients is refused at synth, as for the JWT authorizer', () => {
    const stack = testStack();
    const api = new SecureHttpApi(stack, 'Api', { frontDoor: {} });
    const orders = api.userPool.addResourceServer('orders', { scopes: { read: 'Read' } });
    api.addRoute('GET /a', { integration: new HttpUrlIntegration('U', 'https://backend.example.com'), scopes: [orders.scope('read')] });
    expect(() => templateOf(stack)).toThrow(/"userPool" must have at least one app client/);
  });

  test('a route → scopes map too large for the Lambda environment is refused at synth', () => {
    const f = fixture();
    for (let i = 0; i < 120; i++) {
      f.api.addRoute(`GET /orders/resource-number-${i}`, { integration: f.api.lambdaIntegration(f.fn), scopes: [f.orders.scope('read')] });
    }
    expect(() => templateOf(f.stack)).toThrow(/"routes" must fit in 3000 characters/);
  });
});

describe('SecureHttpApi: zero findings from ApiBaselineChecks on every default configuration', () => {
  const route = (f: Fixture) => f.api.addRoute('GET /orders/{id}', { integration: f.api.lambdaIntegration(f.fn), scopes: [f.orders.scope('read')] });
  test.each<[string, (stack: Stack) => SecureHttpApiProps, (f: Fixture) => void]>([
    ['no props, one route', () => ({}), route],
    ['no routes at all', () => ({}), () => undefined],
    ['a public route', () => ({}), (f) => f.api.addRoute('GET /health', { integration: f.api.lambdaIntegration(f.fn), publicRoute: 'health check' })],
    ['the $default route', () => ({}), (f) => f.api.addRoute('$default', { integration: f.api.lambdaIntegration(f.fn), scopes: [f.orders.scope('read')] })],
    ['a named stage', () => ({ stageName: 'v1' }), route],
    ['a custom domain', (s) => ({ domain: { domainName: 'api.example.com', certificate: usEast1Cert(s) } }), route],
    ['CORS for a named origin', () => ({ cors: { allowOrigins: ['https://app.example.com'] } }), route],
    ['the front door', () => ({ frontDoor: {} }), route],
    ['the front door with a public route', () => ({ frontDoor: {} }), (f) => f.api.addRoute('GET /health', { integration: f.api.lambdaIntegration(f.fn), publicRoute: 'health check' })],
  ])('%s', (_name, props, addRoutes) => {
    const stack = testStack();
    const f = fixture(props(stack), stack);
    addRoutes(f);
    expect(findings(new ApiBaselineChecks(), stack)).toEqual({});
  });
});
