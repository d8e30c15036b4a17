import { CfnCondition, CfnParameter, Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-UsagePlanCoversApiKeyStages';

/** A REST API whose GET method requires an API key (`apiKeyRequired`). */
function keyedApi(stack: any, id: string, apiKeyRequired: any = true) {
  const api = new apigw.RestApi(stack, id, { cloudWatchRole: false });
  api.root.addMethod('GET', new apigw.MockIntegration(), { apiKeyRequired });
  return api;
}

describe('UsagePlanCoversApiKeyStages', () => {
  test('Noncompliance 1: an API that requires keys with no usage plan', () => {
    const stack = testStack();
    keyedApi(stack, 'Api');
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Api/DeploymentStage.prod/Resource']);
  });

  test('Noncompliance 2: a usage plan covering one stage but not a second one', () => {
    const stack = testStack();
    const api = keyedApi(stack, 'Api');
    const beta = new apigw.Stage(stack, 'Beta', { deployment: new apigw.Deployment(stack, 'Deployment', { api }), stageName: 'beta' });
    api.addUsagePlan('Plan', { apiStages: [{ api, stage: api.deploymentStage }] });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual([`Test/${beta.node.id}/Resource`]);
  });

  test('Noncompliance 3: a usage plan for another API, and one that is never created', () => {
    const stack = testStack();
    keyedApi(stack, 'Keyed');
    const other = keyedApi(stack, 'Other');
    other.addUsagePlan('Plan', { apiStages: [{ api: other, stage: other.deploymentStage }] });
    const never = new CfnCondition(stack, 'Never', { expression: Fn.conditionEquals('a', 'b') });
    const api = keyedApi(stack, 'Conditional');
    const plan = api.addUsagePlan('Plan', { apiStages: [{ api, stage: api.deploymentStage }] });
    (plan.node.defaultChild as apigw.CfnUsagePlan).cfnOptions.condition = never;
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual([
      'Test/Conditional/DeploymentStage.prod/Resource', 'Test/Keyed/DeploymentStage.prod/Resource',
    ]);
  });

  test('Noncompliance 4: an OpenAPI API with an api_key security scheme and a deployment stage', () => {
    const stack = testStack();
    const api = new apigw.CfnRestApi(stack, 'Body', {
      body: {
        swagger: '2.0',
        info: { title: 'b', version: '1' },
        paths: { '/orders': { get: { 'security': [{ api_key: [] }], 'x-amazon-apigateway-integration': { type: 'mock' } } } },
        securityDefinitions: { api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' } },
      },
    });
    new apigw.CfnDeployment(stack, 'Deployment', { restApiId: api.ref, stageName: 'prod' });
    new apigw.CfnUsagePlan(stack, 'Plan', { apiStages: [{ apiId: api.ref, stage: 'test' }] });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Deployment']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const api = keyedApi(stack, 'Api');
    api.addUsagePlan('Plan', { apiStages: [{ api, stage: api.deploymentStage }] });
    // a plan that names the stage by its name
    const body = new apigw.CfnRestApi(stack, 'Body', {
      body: {
        swagger: '2.0',
        info: { title: 'b', version: '1' },
        paths: { '/orders': { get: { 'security': [{ api_key: [] }], 'x-amazon-apigateway-integration': { type: 'mock' } } } },
        securityDefinitions: { api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' } },
      },
    });
    new apigw.CfnDeployment(stack, 'Deployment', { restApiId: body.ref, stageName: 'prod' });
    new apigw.CfnUsagePlan(stack, 'NamedPlan', { apiStages: [{ apiId: body.ref, stage: 'prod' }] });
    // an API without key-protected methods needs no plan
    const open = new apigw.RestApi(stack, 'Open', { cloudWatchRole: false });
    open.root.addMethod('GET', new apigw.MockIntegration());
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported stage name or key requirement gives a warning, not a throw', () => {
    const stack = testStack();
    const api = keyedApi(stack, 'Api');
    new apigw.CfnUsagePlan(stack, 'Plan', { apiStages: [{ apiId: api.restApiId, stage: Fn.importValue('Stage') }] });
    const required = new CfnParameter(stack, 'Required', { type: 'String' });
    keyedApi(stack, 'Param', required.valueAsString);
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths.sort()).toEqual([
      'Test/Api/DeploymentStage.prod/Resource', 'Test/Param/DeploymentStage.prod/Resource',
    ]);
  });
});
