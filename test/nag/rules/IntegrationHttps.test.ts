import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { ruleFindings, testStack } from '../../util';

const RULE = 'IntegrationHttps';
const ID = `ApiBaseline-${RULE}`;

function restApi(stack: any, id: string, integration: apigw.Integration) {
  const api = new apigw.RestApi(stack, id, { cloudWatchRole: false, deploy: false });
  api.root.addMethod('GET', integration);
  return api;
}

function v2Integration(stack: any, id: string, props: Partial<apigwv2.CfnIntegrationProps>) {
  return new apigwv2.CfnIntegration(stack, id, { apiId: 'abc', integrationType: 'HTTP_PROXY', integrationMethod: 'ANY', ...props });
}

function openApi(stack: any, id: string, integration: any, rest = true) {
  const body = {
    openapi: '3.0.1',
    info: { title: id, version: '1' },
    paths: { '/pets': { get: { 'x-amazon-apigateway-integration': integration } } },
  };
  return rest ? new apigw.CfnRestApi(stack, id, { body }) : new apigwv2.CfnApi(stack, id, { body });
}

describe('IntegrationHttps', () => {
  test('Noncompliance 1: REST HttpIntegration over http://', () => {
    const stack = testStack();
    restApi(stack, 'Api', new apigw.HttpIntegration('http://backend.example.com/orders'));
    const found = ruleFindings(RULE, stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Api/Default/GET/Resource']);
  });

  test('Noncompliance 2: REST HTTP (non-proxy) integration over http:// with ConnectionType INTERNET', () => {
    const stack = testStack();
    restApi(stack, 'Api', new apigw.HttpIntegration('http://backend.example.com', {
      proxy: false,
      options: { connectionType: apigw.ConnectionType.INTERNET },
    }));
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: HTTP API HttpUrlIntegration over http://, reported once on the integration', () => {
    const stack = testStack();
    const api = new apigwv2.HttpApi(stack, 'Http', { createDefaultStage: false });
    const integration = new HttpUrlIntegration('Backend', 'http://backend.example.com/{proxy}');
    api.addRoutes({ path: '/a', methods: [apigwv2.HttpMethod.GET], integration });
    api.addRoutes({ path: '/b', methods: [apigwv2.HttpMethod.GET], integration });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]?.paths).toHaveLength(1);
    expect(found[ID]?.paths[0]).toBe('Test/Http/GET--a/Backend/Resource');
    expect(Object.keys(found).filter((k) => k !== ID)).toEqual([]);
  });

  test('Noncompliance 4: WebSocket HTTP integration (L1) and a Fn::Join URI with an http scheme', () => {
    const stack = testStack();
    v2Integration(stack, 'Ws', { integrationType: 'HTTP', integrationUri: 'http://backend.example.com/ws' });
    v2Integration(stack, 'Joined', {
      integrationUri: Fn.join('', ['http://', Fn.getAtt('Lb', 'DNSName').toString(), '/x']),
    });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Ws', 'Test/Joined']);
  });

  test('Noncompliance 5: OpenAPI operations (REST and HTTP API) with an http_proxy integration over http://', () => {
    const stack = testStack();
    openApi(stack, 'Rest', { type: 'http_proxy', httpMethod: 'GET', uri: 'http://backend.example.com/pets' });
    openApi(stack, 'Http', { type: 'http_proxy', httpMethod: 'GET', uri: 'http://backend.example.com/pets', payloadFormatVersion: '1.0' }, false);
    expect(ruleFindings(RULE, stack)[`${ID}[GET /pets]`]?.paths).toEqual(['Test/Rest', 'Test/Http']);
  });

  test('Noncompliance 6: quick-create HTTP API whose Target is an http:// URL', () => {
    const stack = testStack();
    new apigwv2.CfnApi(stack, 'Quick', { name: 'q', protocolType: 'HTTP', target: 'http://backend.example.com' });
    expect(ruleFindings(RULE, stack)[`${ID}[$default]`]?.paths).toEqual(['Test/Quick']);
  });

  test('Noncompliance 7: a parameter whose default is an http:// URL', () => {
    const stack = testStack();
    const url = new CfnParameter(stack, 'BackendUrl', { default: 'http://backend.example.com' });
    v2Integration(stack, 'Param', { integrationUri: url.valueAsString });
    expect(ruleFindings(RULE, stack)[ID]?.description).toMatch(/parameter BackendUrl = "http:\/\/backend.example.com"/);
  });

  test('Compliance', () => {
    const stack = testStack();
    restApi(stack, 'Https', new apigw.HttpIntegration('https://backend.example.com/orders'));
    restApi(stack, 'Link', new apigw.HttpIntegration('http://nlb.internal/orders', {
      options: { connectionType: apigw.ConnectionType.VPC_LINK, vpcLink: apigw.VpcLink.fromVpcLinkId(stack, 'L', 'abc') },
    }));
    restApi(stack, 'Lambdaish', new apigw.AwsIntegration({ service: 'sqs', path: 'q' }));
    restApi(stack, 'Mock', new apigw.MockIntegration());
    const api = new apigwv2.HttpApi(stack, 'Http', { createDefaultStage: false });
    api.addRoutes({ path: '/a', methods: [apigwv2.HttpMethod.GET], integration: new HttpUrlIntegration('Backend', 'https://backend.example.com/{proxy}') });
    v2Integration(stack, 'Alb', { integrationUri: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/a/b/c', connectionType: 'VPC_LINK', connectionId: 'x' });
    v2Integration(stack, 'Joined', { integrationUri: Fn.join('', ['https://', Fn.getAtt('Lb', 'DNSName').toString()]) });
    v2Integration(stack, 'Lambda', { integrationType: 'AWS_PROXY', integrationUri: 'arn:aws:lambda:us-east-1:123456789012:function:f' });
    openApi(stack, 'Rest', { type: 'http_proxy', httpMethod: 'GET', uri: 'https://backend.example.com/pets' });
    new apigwv2.CfnApi(stack, 'Quick', { name: 'q', protocolType: 'HTTP', target: 'arn:aws:lambda:us-east-1:123456789012:function:f' });
    const found = ruleFindings(RULE, stack);
    expect(Object.keys(found)).toEqual([]);
  });

  test('Unresolvable: an imported URI, a URI from a stage variable and an imported connection type give warnings', () => {
    const stack = testStack();
    v2Integration(stack, 'Imported', { integrationUri: Fn.importValue('BackendUrl') });
    v2Integration(stack, 'Stage', { integrationUri: '${stageVariables.backend}' });
    v2Integration(stack, 'Conn', { integrationUri: 'http://backend.example.com', connectionType: Fn.importValue('Conn') });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths).toEqual(['Test/Imported', 'Test/Stage', 'Test/Conn']);
  });
});
