import { Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-StageThrottling';

function api(stack: any, id: string, options: apigw.StageOptions) {
  const rest = new apigw.RestApi(stack, id, { deployOptions: options, cloudWatchRole: false });
  rest.root.addMethod('GET', new apigw.MockIntegration());
  return rest;
}

describe('StageThrottling', () => {
  test('Noncompliance 1: no throttling', () => {
    const stack = testStack();
    api(stack, 'Api', {});
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: rate limit without burst limit', () => {
    const stack = testStack();
    api(stack, 'Api', { throttlingRateLimit: 100 });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: stage-wide limits but one method unthrottled (-1)', () => {
    const stack = testStack();
    api(stack, 'Api', {
      throttlingRateLimit: 100,
      throttlingBurstLimit: 200,
      methodOptions: { '/*/GET': { throttlingRateLimit: -1, throttlingBurstLimit: -1 } },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: L1 stage throttling one method only, and one with zero limits', () => {
    const stack = testStack();
    new apigw.CfnStage(stack, 'OneMethod', {
      restApiId: 'abc',
      methodSettings: [{ httpMethod: 'GET', resourcePath: '/~1items', throttlingRateLimit: 10, throttlingBurstLimit: 20 }],
    });
    new apigw.CfnStage(stack, 'Zero', {
      restApiId: 'abc',
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', throttlingRateLimit: 0, throttlingBurstLimit: 0 }],
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/OneMethod', 'Test/Zero']);
  });

  test('Compliance', () => {
    const stack = testStack();
    api(stack, 'Api', {
      throttlingRateLimit: 100,
      throttlingBurstLimit: 200,
      methodOptions: { '/*/GET': { throttlingRateLimit: 10, throttlingBurstLimit: 20 } },
    });
    new apigw.CfnStage(stack, 'L1', {
      restApiId: 'abc',
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', throttlingRateLimit: 1, throttlingBurstLimit: 1 }],
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported rate limit gives a warning, not a throw', () => {
    const stack = testStack();
    new apigw.CfnStage(stack, 'Stage', {
      restApiId: 'abc',
      methodSettings: [{
        httpMethod: '*',
        resourcePath: '/*',
        throttlingBurstLimit: 10,
        throttlingRateLimit: Fn.importValue('Rate') as any,
      }],
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});

describe('StageThrottling thresholds', () => {
  test('Noncompliance: a stage-wide limit above the configured ceiling', () => {
    const stack = testStack();
    new apigw.CfnStage(stack, 'Stage', {
      restApiId: 'abc',
      methodSettings: [{ resourcePath: '/*', httpMethod: '*', throttlingRateLimit: 500, throttlingBurstLimit: 100 }],
    });
    expect(findings(new ApiBaselineChecks(), stack)['ApiBaseline-StageThrottling']).toBeUndefined();
    const strict = new ApiBaselineChecks(undefined, { thresholds: { maxThrottleRateLimit: 400 } });
    expect(findings(strict, stack)['ApiBaseline-StageThrottling']?.severity).toBe('error');
  });
});
