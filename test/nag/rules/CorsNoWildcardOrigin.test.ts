import { Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';
import { cfnMethod } from '../fixtures/rest';

const ID = 'ApiBaseline-CorsNoWildcardOrigin';

function restApi(stack: any, props: apigw.RestApiProps = {}) {
  const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false, ...props });
  api.root.addMethod('GET', new apigw.MockIntegration());
  return api;
}

describe('CorsNoWildcardOrigin', () => {
  test('Noncompliance 1: L2 CORS preflight allowing all origins', () => {
    const stack = testStack();
    restApi(stack, { defaultCorsPreflightOptions: { allowOrigins: apigw.Cors.ALL_ORIGINS } });
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Api/Default/OPTIONS/Resource']);
  });

  test('Noncompliance 2: L2 gateway response with a wildcard origin', () => {
    const stack = testStack();
    restApi(stack).addGatewayResponse('Default4xx', {
      type: apigw.ResponseType.DEFAULT_4XX,
      responseHeaders: { 'Access-Control-Allow-Origin': "'*'" },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Api/Default4xx/Resource']);
  });

  test('Noncompliance 3: L1 method whose integration response sets a wildcard origin', () => {
    const stack = testStack();
    cfnMethod(stack, 'Method', {
      httpMethod: 'GET',
      authorizationType: 'AWS_IAM',
      integration: {
        type: 'MOCK',
        integrationResponses: [{ statusCode: '200', responseParameters: { 'method.response.header.access-control-allow-origin': "'*'" } }],
      },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Method']);
  });

  test('Noncompliance 4: L1 gateway response', () => {
    const stack = testStack();
    new apigw.CfnGatewayResponse(stack, 'Response', {
      restApiId: 'a', responseType: 'DEFAULT_5XX', responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Response']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const api = restApi(stack, { defaultCorsPreflightOptions: { allowOrigins: ['https://app.example.com'] } });
    api.addGatewayResponse('Default4xx', {
      type: apigw.ResponseType.DEFAULT_4XX,
      responseHeaders: { 'Access-Control-Allow-Origin': "'https://app.example.com'" },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    new apigw.CfnGatewayResponse(stack, 'Response', {
      restApiId: 'a',
      responseType: 'DEFAULT_4XX',
      responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': Fn.importValue('Origin') },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
