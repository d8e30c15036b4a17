import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-UsagePlanMethodApiKey';
const limits = { throttle: { rateLimit: 10, burstLimit: 20 }, quota: { limit: 1000, period: apigw.Period.DAY } };

function l1Api(stack: any, apiKeyRequired?: any) {
  const api = new apigw.CfnRestApi(stack, 'Api', { name: 'orders' });
  new apigw.CfnMethod(stack, 'Method', {
    httpMethod: 'GET', resourceId: api.attrRootResourceId, restApiId: api.ref, authorizationType: 'AWS_IAM', apiKeyRequired,
  });
  const stage = new apigw.CfnStage(stack, 'Stage', { restApiId: api.ref, stageName: 'prod', deploymentId: 'd' });
  return { api, stage };
}

describe('UsagePlanMethodApiKey', () => {
  test('Noncompliance 1: L2 API in a usage plan, method without an API key', () => {
    const stack = testStack();
    const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false });
    api.root.addMethod('GET', new apigw.MockIntegration());
    api.addUsagePlan('Plan', { apiStages: [{ api, stage: api.deploymentStage }], ...limits });
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Api/Default/GET/Resource']);
  });

  test('Noncompliance 2: L1 usage plan referencing the API, method with ApiKeyRequired false', () => {
    const stack = testStack();
    const { api, stage } = l1Api(stack, false);
    new apigw.CfnUsagePlan(stack, 'Plan', { apiStages: [{ apiId: api.ref, stage: stage.ref }] });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Method']);
  });

  test('Noncompliance 3: the plan names the API through its stage only', () => {
    const stack = testStack();
    const { stage } = l1Api(stack);
    new apigw.CfnUsagePlan(stack, 'Plan', { apiStages: [{ apiId: 'literal-id', stage: stage.ref }] });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Method']);
  });

  test('Noncompliance 4: an imported API whose id matches the plan entry', () => {
    const stack = testStack();
    const api = apigw.RestApi.fromRestApiAttributes(stack, 'Api', {
      restApiId: Fn.importValue('OrdersApiId'), rootResourceId: Fn.importValue('OrdersRoot'),
    });
    api.root.addMethod('GET', new apigw.MockIntegration(), { authorizationType: apigw.AuthorizationType.IAM });
    new apigw.CfnUsagePlan(stack, 'Plan', { apiStages: [{ apiId: Fn.importValue('OrdersApiId'), stage: 'prod' }] });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Api/Default/GET/Resource']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const api = new apigw.RestApi(stack, 'Api', {
      cloudWatchRole: false,
      defaultMethodOptions: { apiKeyRequired: true },
      defaultCorsPreflightOptions: { allowOrigins: ['https://app.example.com'] },
    });
    api.root.addMethod('GET', new apigw.MockIntegration());
    api.addUsagePlan('Plan', { apiStages: [{ api, stage: api.deploymentStage }], ...limits });
    // an API that is in no usage plan needs no key
    const other = new apigw.RestApi(stack, 'Other', { cloudWatchRole: false });
    other.root.addMethod('GET', new apigw.MockIntegration());
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    const { api, stage } = l1Api(stack, new CfnParameter(stack, 'KeyRequired', { type: 'String' }).value);
    new apigw.CfnUsagePlan(stack, 'Plan', { apiStages: [{ apiId: api.ref, stage: stage.ref }] });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
