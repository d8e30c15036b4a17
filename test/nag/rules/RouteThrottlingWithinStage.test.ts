import { Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-RouteThrottlingWithinStage';

function restApi(stack: any, id: string, options: apigw.StageOptions) {
  const rest = new apigw.RestApi(stack, id, { deployOptions: options, cloudWatchRole: false });
  rest.root.addResource('items').addMethod('GET', new apigw.MockIntegration());
  return rest;
}

/**
 * An HTTP API with one route and a stage throttled stage-wide at 100/200, with `routeSettings` per route (plain JSON
 * in CloudFormation property names, as `CfnStage.routeSettings` takes it).
 */
function httpApi(stack: any, id: string, routeSettings: any) {
  const api = new apigwv2.HttpApi(stack, id, { createDefaultStage: false });
  api.addRoutes({ path: '/orders', methods: [apigwv2.HttpMethod.GET], integration: new HttpUrlIntegration('Backend', 'https://backend.example.com') });
  const stage = api.addStage('Stage', { stageName: 'prod', throttle: { rateLimit: 100, burstLimit: 200 } });
  (stage.node.defaultChild as apigwv2.CfnStage).routeSettings = routeSettings;
  return stage;
}

function v2Stage(stack: any, id: string, routeSettings: any, defaultRouteSettings: any = { throttlingRateLimit: 100, throttlingBurstLimit: 200 }) {
  return new apigwv2.CfnStage(stack, id, { apiId: 'abc', stageName: id.toLowerCase(), defaultRouteSettings, routeSettings });
}

describe('RouteThrottlingWithinStage', () => {
  test('Noncompliance 1: REST method options above the stage-wide rate limit', () => {
    const stack = testStack();
    restApi(stack, 'Api', {
      throttlingRateLimit: 100,
      throttlingBurstLimit: 200,
      methodOptions: { '/items/GET': { throttlingRateLimit: 1000, throttlingBurstLimit: 100 } },
    });
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Api/DeploymentStage.prod/Resource']);
  });

  test('Noncompliance 2: REST method unthrottled (-1) under a throttled stage, and an L1 burst above the stage', () => {
    const stack = testStack();
    restApi(stack, 'Api', {
      throttlingRateLimit: 100,
      throttlingBurstLimit: 200,
      methodOptions: { '/items/GET': { throttlingBurstLimit: -1 } },
    });
    new apigw.CfnStage(stack, 'L1', {
      restApiId: 'abc',
      methodSettings: [
        { httpMethod: '*', resourcePath: '/*', throttlingRateLimit: 10, throttlingBurstLimit: 20 },
        { httpMethod: 'POST', resourcePath: '/~1items', throttlingRateLimit: 10, throttlingBurstLimit: 21 },
      ],
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual(['Test/Api/DeploymentStage.prod/Resource', 'Test/L1']);
  });

  test('Noncompliance 3: HTTP API stage with a route above the default route settings', () => {
    const stack = testStack();
    httpApi(stack, 'Api', { 'GET /orders': { ThrottlingRateLimit: 500, ThrottlingBurstLimit: 200 } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Api/Stage/Resource']);
  });

  test('Noncompliance 4: L1 v2 stages, a WebSocket $connect route and an unthrottled route', () => {
    const stack = testStack();
    v2Stage(stack, 'Socket', { $connect: { ThrottlingBurstLimit: 201 } });
    v2Stage(stack, 'Unthrottled', { 'POST /orders': { ThrottlingRateLimit: -1 } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual(['Test/Socket', 'Test/Unthrottled']);
  });

  test('Compliance', () => {
    const stack = testStack();
    restApi(stack, 'Api', {
      throttlingRateLimit: 100,
      throttlingBurstLimit: 200,
      methodOptions: { '/items/GET': { throttlingRateLimit: 100, throttlingBurstLimit: 20 } },
    });
    httpApi(stack, 'Http', { 'GET /orders': { ThrottlingRateLimit: 10, ThrottlingBurstLimit: 200 } });
    v2Stage(stack, 'Socket', { $connect: { ThrottlingRateLimit: 5, ThrottlingBurstLimit: 5 }, $default: { LoggingLevel: 'ERROR' } });
    // an override without a stage-wide value to compare with is left to StageThrottling
    v2Stage(stack, 'NoDefault', { 'GET /orders': { ThrottlingRateLimit: 5000 } }, {});
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported limit gives a warning, not a throw', () => {
    const stack = testStack();
    new apigw.CfnStage(stack, 'Rest', {
      restApiId: 'abc',
      methodSettings: [
        { httpMethod: '*', resourcePath: '/*', throttlingRateLimit: 10, throttlingBurstLimit: 20 },
        { httpMethod: 'GET', resourcePath: '/~1items', throttlingRateLimit: Fn.importValue('Rate') as any },
      ],
    });
    v2Stage(stack, 'Http', { 'GET /orders': { ThrottlingRateLimit: 5 } }, { throttlingRateLimit: Fn.importValue('Rate') });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths.sort()).toEqual(['Test/Http', 'Test/Rest']);
  });
});

describe('RouteThrottlingWithinStage thresholds', () => {
  test('Noncompliance: an override within the stage but above the configured ceiling', () => {
    const stack = testStack();
    new apigw.CfnStage(stack, 'Stage', {
      restApiId: 'abc',
      methodSettings: [
        { resourcePath: '/*', httpMethod: '*', throttlingRateLimit: 1000, throttlingBurstLimit: 500 },
        { resourcePath: '/orders', httpMethod: 'GET', throttlingRateLimit: 800, throttlingBurstLimit: 400 },
      ],
    });
    expect(findings(new ApiBaselineChecks(), stack)['ApiBaseline-RouteThrottlingWithinStage']).toBeUndefined();
    const strict = new ApiBaselineChecks(undefined, { thresholds: { maxThrottleRateLimit: 500 } });
    expect(findings(strict, stack)['ApiBaseline-RouteThrottlingWithinStage']?.severity).toBe('error');
  });
});
