import { Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { ruleFindings, testStack } from '../../util';

const RULE = 'IntegrationFixedHost';
const ID = `ApiBaseline-${RULE}`;

function restApi(stack: any, id: string, integration: apigw.Integration) {
  const api = new apigw.RestApi(stack, id, { cloudWatchRole: false, deploy: false });
  api.root.addResource('{host}').addMethod('GET', integration, { requestParameters: { 'method.request.path.host': true } });
  return api;
}

function v2Integration(stack: any, id: string, props: Partial<apigwv2.CfnIntegrationProps>) {
  return new apigwv2.CfnIntegration(stack, id, { apiId: 'abc', integrationType: 'HTTP_PROXY', integrationMethod: 'ANY', ...props });
}

describe('IntegrationFixedHost', () => {
  test('Noncompliance 1: REST HTTP_PROXY integration whose host is a path parameter', () => {
    const stack = testStack();
    restApi(stack, 'Api', new apigw.HttpIntegration('https://{host}/orders', {
      options: { requestParameters: { 'integration.request.path.host': 'method.request.path.host' } },
    }));
    const found = ruleFindings(RULE, stack)[ID];
    expect(found?.severity).toBe('warning');
    expect(found?.paths).toEqual(['Test/Api/Default/{host}/GET/Resource']);
  });

  test('Noncompliance 2: REST host from a stage variable, and {proxy} as a subdomain', () => {
    const stack = testStack();
    restApi(stack, 'Stage', new apigw.HttpIntegration('https://${stageVariables.backendHost}/orders'));
    restApi(stack, 'Proxy', new apigw.HttpIntegration('https://{proxy}.internal.example.com/'));
    expect(ruleFindings(RULE, stack)[ID]?.paths).toHaveLength(2);
  });

  test('Noncompliance 3: HTTP API integrations with a stage-variable host, a whole-URI stage variable and a $request host', () => {
    const stack = testStack();
    const api = new apigwv2.HttpApi(stack, 'Http', { createDefaultStage: false });
    api.addRoutes({ path: '/a', methods: [apigwv2.HttpMethod.GET], integration: new HttpUrlIntegration('Backend', 'https://${stageVariables.host}/a') });
    v2Integration(stack, 'Whole', { integrationUri: '${stageVariables.url}' });
    v2Integration(stack, 'Request', { integrationUri: 'https://$request.header.x-backend/path' });
    v2Integration(stack, 'Sub', { integrationUri: Fn.sub('https://${!stageVariables.host}.${AWS::Region}.example.com') });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual([
      'Test/Http/GET--a/Backend/Resource', 'Test/Whole', 'Test/Request', 'Test/Sub',
    ]);
  });

  test('Noncompliance 4: OpenAPI operation whose integration host is a path parameter', () => {
    const stack = testStack();
    new apigw.CfnRestApi(stack, 'Rest', {
      body: {
        openapi: '3.0.1',
        info: { title: 't', version: '1' },
        paths: {
          '/{host}': {
            get: {
              'parameters': [{ name: 'host', in: 'path', required: true }],
              'x-amazon-apigateway-integration': {
                type: 'http_proxy',
                httpMethod: 'GET',
                uri: 'https://{host}/',
                requestParameters: { 'integration.request.path.host': 'method.request.path.host' },
              },
            },
          },
        },
      },
    });
    expect(ruleFindings(RULE, stack)[`${ID}[GET /{host}]`]?.paths).toEqual(['Test/Rest']);
  });

  test('Compliance', () => {
    const stack = testStack();
    restApi(stack, 'Fixed', new apigw.HttpIntegration('https://backend.example.com/{host}/orders'));
    restApi(stack, 'Link', new apigw.HttpIntegration('http://{host}/orders', {
      options: { connectionType: apigw.ConnectionType.VPC_LINK, vpcLink: apigw.VpcLink.fromVpcLinkId(stack, 'L', 'abc') },
    }));
    const api = new apigwv2.HttpApi(stack, 'Http', { createDefaultStage: false });
    api.addRoutes({ path: '/{proxy+}', methods: [apigwv2.HttpMethod.GET], integration: new HttpUrlIntegration('Backend', 'https://backend.example.com/{proxy}?v=${stageVariables.v}') });
    v2Integration(stack, 'Joined', { integrationUri: Fn.join('', ['https://', Fn.getAtt('Lb', 'DNSName').toString(), '/{proxy}']) });
    v2Integration(stack, 'Lambda', { integrationType: 'AWS_PROXY', integrationUri: '${stageVariables.fn}' });
    const found = ruleFindings(RULE, stack);
    expect(Object.keys(found)).toEqual([]);
  });

  test('Unresolvable: an imported host gives a warning, not a finding', () => {
    const stack = testStack();
    v2Integration(stack, 'Imported', { integrationUri: Fn.join('', ['https://', Fn.importValue('BackendHost'), '/x']) });
    v2Integration(stack, 'Whole', { integrationUri: Fn.importValue('BackendUrl') });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.paths).toEqual(['Test/Imported', 'Test/Whole']);
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
