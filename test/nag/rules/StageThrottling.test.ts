import { Fn } from 'aws-cdk-lib';
import { ApiBaselineChecks } from '../../../src';
import { ruleFindings, testStack } from '../../util';
import { cfnRestStage, restApiWithStage } from '../fixtures/stages';

const RULE = 'StageThrottling';
const ID = `ApiBaseline-${RULE}`;

describe('StageThrottling', () => {
  test('Noncompliance 1: no throttling', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', {});
    expect(ruleFindings(RULE, stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: rate limit without burst limit', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', { throttlingRateLimit: 100 });
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: stage-wide limits but one method unthrottled (-1)', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', {
      throttlingRateLimit: 100,
      throttlingBurstLimit: 200,
      methodOptions: { '/*/GET': { throttlingRateLimit: -1, throttlingBurstLimit: -1 } },
    });
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: L1 stage throttling one method only, and one with zero limits', () => {
    const stack = testStack();
    cfnRestStage(stack, 'OneMethod', {
      methodSettings: [{ httpMethod: 'GET', resourcePath: '/~1items', throttlingRateLimit: 10, throttlingBurstLimit: 20 }],
    });
    cfnRestStage(stack, 'Zero', {
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', throttlingRateLimit: 0, throttlingBurstLimit: 0 }],
    });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/OneMethod', 'Test/Zero']);
  });

  test('Compliance', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', {
      throttlingRateLimit: 100,
      throttlingBurstLimit: 200,
      methodOptions: { '/*/GET': { throttlingRateLimit: 10, throttlingBurstLimit: 20 } },
    });
    cfnRestStage(stack, 'L1', {
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', throttlingRateLimit: 1, throttlingBurstLimit: 1 }],
    });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported rate limit gives a warning, not a throw', () => {
    const stack = testStack();
    cfnRestStage(stack, 'Stage', {
      methodSettings: [{
        httpMethod: '*',
        resourcePath: '/*',
        throttlingBurstLimit: 10,
        throttlingRateLimit: Fn.importValue('Rate') as any,
      }],
    });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});

describe('StageThrottling thresholds', () => {
  test('Noncompliance: a stage-wide limit above the configured ceiling', () => {
    const stack = testStack();
    cfnRestStage(stack, 'Stage', {
      methodSettings: [{ resourcePath: '/*', httpMethod: '*', throttlingRateLimit: 500, throttlingBurstLimit: 100 }],
    });
    expect(ruleFindings(RULE, stack)[ID]).toBeUndefined();
    const strict = new ApiBaselineChecks(undefined, { thresholds: { maxThrottleRateLimit: 400 } });
    expect(ruleFindings(RULE, stack, strict)[ID]?.severity).toBe('error');
  });
});
