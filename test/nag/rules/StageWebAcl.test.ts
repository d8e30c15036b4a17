import { Aws, CfnCondition, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ruleFindings, testStack } from '../../util';
import { restApiWithStage } from '../fixtures/stages';

const RULE = 'StageWebAcl';
const ID = `ApiBaseline-${RULE}`;

function acl(stack: Stack) {
  const existing = stack.node.tryFindChild('Acl') as wafv2.CfnWebACL | undefined;
  return existing ?? new wafv2.CfnWebACL(stack, 'Acl', {
    defaultAction: { allow: {} },
    scope: 'REGIONAL',
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'acl', sampledRequestsEnabled: true },
  });
}

function associate(stack: Stack, id: string, resourceArn: string) {
  return new wafv2.CfnWebACLAssociation(stack, id, { resourceArn, webAclArn: acl(stack).attrArn });
}

describe('StageWebAcl', () => {
  test('Noncompliance 1: no association at all', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api');
    expect(ruleFindings(RULE, stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: the association protects the other API only', () => {
    const stack = testStack();
    const protectedApi = restApiWithStage(stack, 'Protected');
    restApiWithStage(stack, 'Open');
    associate(stack, 'Assoc', protectedApi.deploymentStage.stageArn);
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Open/DeploymentStage.prod/Resource']);
  });

  test('Noncompliance 3: L1 stages, association for another stage name of the same API', () => {
    const stack = testStack();
    const rest = new apigw.CfnRestApi(stack, 'Rest', { name: 'rest' });
    new apigw.CfnStage(stack, 'Prod', { restApiId: rest.ref, stageName: 'prod' });
    new apigw.CfnStage(stack, 'Beta', { restApiId: rest.ref, stageName: 'beta' });
    associate(stack, 'Assoc', Fn.sub('arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Rest}/stages/prod'));
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Beta']);
  });

  test('Noncompliance 4: a literal ARN of an API outside the stack does not count', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api');
    associate(stack, 'Assoc', 'arn:aws:apigateway:us-east-1::/restapis/zzz999/stages/prod');
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeDefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    const l2 = restApiWithStage(stack, 'Api');
    associate(stack, 'L2Assoc', l2.deploymentStage.stageArn);
    const rest = new apigw.CfnRestApi(stack, 'Rest', { name: 'rest' });
    const named = new apigw.CfnStage(stack, 'Named', { restApiId: rest.ref, stageName: 'v1' });
    new apigw.CfnStage(stack, 'Literal', { restApiId: 'abc123', stageName: 'live' });
    const web = acl(stack);
    new wafv2.CfnWebACLAssociation(stack, 'SubAssoc', {
      webAclArn: web.attrArn,
      resourceArn: Fn.sub('arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage}', { Api: rest.ref, Stage: named.ref }),
    });
    new wafv2.CfnWebACLAssociation(stack, 'LiteralAssoc', {
      webAclArn: web.attrArn,
      resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/abc123/stages/live',
    });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an association ARN from a parameter gives a warning, not a throw', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api');
    associate(stack, 'Assoc', new CfnParameter(stack, 'StageArn').valueAsString);
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });

  test('Unresolvable: an imported API id in the ARN gives a warning only to stages nothing else protects', () => {
    const stack = testStack();
    const covered = restApiWithStage(stack, 'Covered');
    restApiWithStage(stack, 'Other');
    associate(stack, 'Assoc', covered.deploymentStage.stageArn);
    new wafv2.CfnWebACLAssociation(stack, 'Imported', {
      webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/x/1',
      resourceArn: Fn.join('', ['arn:aws:apigateway:us-east-1::/restapis/', Fn.importValue('ApiId'), '/stages/prod']),
    });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.paths).toEqual(['Test/Other/DeploymentStage.prod/Resource']);
  });
});

/**
 * An HTTP API cannot be associated with a web ACL. It counts as protected when its only way in is a CloudFront
 * distribution with a CLOUDFRONT-scope web ACL: an https-only origin on the API's endpoint that adds a secret header,
 * and a REQUEST authorizer needing that header on every route. Built from L1 resources only.
 */
describe('StageWebAcl on an HTTP API behind CloudFront', () => {
  const UNAVAILABLE = `${ID}[Unavailable]`;

  interface FrontDoorOptions {
    webAclId?: (stack: Stack) => string | undefined;
    protocol?: string;
    header?: string | undefined;
    identitySource?: string[];
    authorizerType?: string;
    openRoute?: boolean;
    jwtRoute?: boolean;
    domain?: (api: apigwv2.CfnApi) => string;
  }

  function frontDoor(options: FrontDoorOptions = {}) {
    const stack = testStack();
    const httpApi = new apigwv2.CfnApi(stack, 'Http', { name: 'orders', protocolType: 'HTTP' });
    new apigwv2.CfnStage(stack, 'Stage', { apiId: httpApi.ref, stageName: '$default', autoDeploy: true });
    const verify = new apigwv2.CfnAuthorizer(stack, 'Verify', {
      apiId: httpApi.ref,
      name: 'verify',
      authorizerType: options.authorizerType ?? 'REQUEST',
      identitySource: options.identitySource ?? ['$request.header.X-Origin-Verify', '$request.header.Authorization'],
      authorizerUri: 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:verify/invocations',
      authorizerPayloadFormatVersion: '2.0',
    });
    const integration = new apigwv2.CfnIntegration(stack, 'Backend', { apiId: httpApi.ref, integrationType: 'HTTP_PROXY', integrationUri: 'https://backend.example.com', integrationMethod: 'ANY', payloadFormatVersion: '1.0' });
    const target = `integrations/${integration.ref}`;
    new apigwv2.CfnRoute(stack, 'GetOrders', { apiId: httpApi.ref, routeKey: 'GET /orders', authorizationType: 'CUSTOM', authorizerId: verify.ref, target });
    new apigwv2.CfnRoute(stack, 'Default', { apiId: httpApi.ref, routeKey: '$default', authorizationType: 'CUSTOM', authorizerId: verify.ref, target });
    if (options.openRoute) new apigwv2.CfnRoute(stack, 'Open', { apiId: httpApi.ref, routeKey: 'GET /open', authorizationType: 'NONE', target });
    if (options.jwtRoute) {
      const jwt = new apigwv2.CfnAuthorizer(stack, 'Jwt', {
        apiId: httpApi.ref,
        name: 'jwt',
        authorizerType: 'JWT',
        identitySource: ['$request.header.X-Origin-Verify'],
        jwtConfiguration: { issuer: 'https://issuer.example.com', audience: ['client'] },
      });
      new apigwv2.CfnRoute(stack, 'JwtRoute', { apiId: httpApi.ref, routeKey: 'GET /jwt', authorizationType: 'JWT', authorizerId: jwt.ref, target });
    }
    const webAcl = new wafv2.CfnWebACL(stack, 'EdgeAcl', {
      defaultAction: { allow: {} },
      scope: 'CLOUDFRONT',
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'edge', sampledRequestsEnabled: true },
    });
    const webAclId = options.webAclId ? options.webAclId(stack) : webAcl.attrArn;
    const header = 'header' in options ? options.header : 'X-Origin-Verify';
    new cloudfront.CfnDistribution(stack, 'Cdn', {
      distributionConfig: {
        enabled: true,
        webAclId,
        origins: [{
          id: 'api',
          domainName: options.domain ? options.domain(httpApi) : Fn.join('', [httpApi.ref, '.execute-api.', Aws.REGION, '.', Aws.URL_SUFFIX]),
          customOriginConfig: { originProtocolPolicy: options.protocol ?? 'https-only', originSslProtocols: ['TLSv1.2'] },
          originCustomHeaders: header ? [{ headerName: header, headerValue: '{{resolve:secretsmanager:origin-verify:SecretString}}' }] : undefined,
        }],
        defaultCacheBehavior: { targetOriginId: 'api', viewerProtocolPolicy: 'https-only', forwardedValues: { queryString: true } },
      },
    });
    return stack;
  }

  test('Compliance: the front door (web ACL by reference, Select/Split of the endpoint, literal global web ACL ARN)', () => {
    for (const stack of [
      frontDoor(),
      frontDoor({ domain: (a) => Fn.select(2, Fn.split('/', a.attrApiEndpoint)) }),
      frontDoor({ webAclId: () => 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/0123abcd' }),
      frontDoor({ identitySource: ['$request.header.x-origin-verify'] }),
    ]) {
      const found = ruleFindings(RULE, stack);
      expect(found[ID]).toBeUndefined();
      expect(found[UNAVAILABLE]).toBeUndefined();
      expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
    }
  });

  test('an HTTP API without any distribution keeps its [Unavailable] warning', () => {
    const stack = testStack();
    const httpApi = new apigwv2.CfnApi(stack, 'Http', { name: 'orders', protocolType: 'HTTP' });
    new apigwv2.CfnStage(stack, 'Stage', { apiId: httpApi.ref, stageName: '$default' });
    const found = ruleFindings(RULE, stack);
    expect(found[UNAVAILABLE]?.severity).toBe('warning');
    expect(found[ID]).toBeUndefined();
  });

  test.each<[string, FrontDoorOptions]>([
    ['Noncompliance 1: the distribution has no web ACL', { webAclId: () => undefined }],
    ['Noncompliance 2: the web ACL is REGIONAL', { webAclId: (s) => acl(s).attrArn }],
    ['Noncompliance 3: a literal ARN of a regional web ACL', { webAclId: () => 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/x/1' }],
    ['Noncompliance 4: the origin also speaks plain http', { protocol: 'match-viewer' }],
    ['Noncompliance 5: the origin adds no secret header', { header: undefined }],
    ['Noncompliance 6: a route without authorization goes around the distribution', { openRoute: true }],
    ['Noncompliance 7: a JWT route (a token alone, no origin secret) goes around it', { jwtRoute: true }],
    ['Noncompliance 8: the authorizer does not need the origin header', { identitySource: ['$request.header.Authorization'] }],
    ['Noncompliance 9: the origin header is read by a JWT authorizer', { authorizerType: 'JWT' }],
    ['Noncompliance 10: the origin adds another header than the authorizer needs', { header: 'X-Other' }],
  ])('%s', (_name, options) => {
    const found = ruleFindings(RULE, frontDoor(options));
    expect(found[ID]?.severity).toBe('error');
    expect(found[ID]?.paths).toEqual(['Test/Stage']);
    expect(found[UNAVAILABLE]).toBeUndefined();
  });

  test('Unresolvable: a distribution under a condition that cannot be decided gives a warning', () => {
    const stack = frontDoor();
    const condition = new CfnCondition(stack, 'WithCdn', { expression: Fn.conditionEquals(new CfnParameter(stack, 'CdnEnabled'), 'yes') });
    (stack.node.findChild('Cdn') as cloudfront.CfnDistribution).cfnOptions.condition = condition;
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });

  test('Unresolvable: a web ACL id from a parameter gives a warning, not a throw', () => {
    const found = ruleFindings(RULE, frontDoor({ webAclId: (s) => new CfnParameter(s, 'EdgeAclArn').valueAsString }));
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
