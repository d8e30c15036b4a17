import { CfnParameter } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-UsagePlanLimits';

describe('UsagePlanLimits', () => {
  test('Noncompliance 1: L2 usage plan without throttle or quota', () => {
    const stack = testStack();
    new apigw.UsagePlan(stack, 'Plan');
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Plan/Resource']);
  });

  test('Noncompliance 2: L2 usage plan with a throttle but no quota', () => {
    const stack = testStack();
    new apigw.UsagePlan(stack, 'Plan', { throttle: { rateLimit: 10, burstLimit: 20 } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 usage plan with a quota and a throttle without burst limit', () => {
    const stack = testStack();
    new apigw.CfnUsagePlan(stack, 'Plan', { quota: { limit: 100, period: 'DAY' }, throttle: { rateLimit: 10 } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Plan']);
  });

  test('Noncompliance 4: L1 usage plan with a zero quota limit', () => {
    const stack = testStack();
    new apigw.CfnUsagePlan(stack, 'Plan', { quota: { limit: 0, period: 'DAY' }, throttle: { rateLimit: 10, burstLimit: 5 } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    new apigw.UsagePlan(stack, 'Plan', {
      throttle: { rateLimit: 10, burstLimit: 20 },
      quota: { limit: 10_000, period: apigw.Period.MONTH },
    });
    new apigw.CfnUsagePlan(stack, 'L1Plan', { quota: { limit: 100, period: 'WEEK' }, throttle: { rateLimit: 1, burstLimit: 2 } });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    const limit = new CfnParameter(stack, 'Limit', { type: 'Number' });
    new apigw.CfnUsagePlan(stack, 'Plan', {
      quota: { limit: limit.valueAsNumber, period: 'DAY' }, throttle: { rateLimit: 10, burstLimit: 20 },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
