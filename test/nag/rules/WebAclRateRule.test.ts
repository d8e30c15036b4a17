import { Fn, Stack } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-WebAclRateRule';
const visibilityConfig = { cloudWatchMetricsEnabled: true, metricName: 'm', sampledRequestsEnabled: true };

function rate(action: any, limit: any = 1000): wafv2.CfnWebACL.RuleProperty {
  return { name: 'rate', priority: 0, action, visibilityConfig, statement: { rateBasedStatement: { limit, aggregateKeyType: 'IP' } } };
}

function acl(stack: Stack, id: string, rules: any[]) {
  return new wafv2.CfnWebACL(stack, id, { defaultAction: { allow: {} }, scope: 'REGIONAL', visibilityConfig, rules });
}

describe('WebAclRateRule', () => {
  test('Noncompliance 1: no rules', () => {
    const stack = testStack();
    acl(stack, 'Acl', []);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: a rate rule that only counts', () => {
    const stack = testStack();
    acl(stack, 'Acl', [rate({ count: {} })]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: only a managed rule group', () => {
    const stack = testStack();
    acl(stack, 'Acl', [{
      name: 'common',
      priority: 0,
      overrideAction: { none: {} },
      visibilityConfig,
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
    }]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Acl']);
  });

  test('Noncompliance 4: a rate rule that challenges (a client with a token passes at any rate)', () => {
    const stack = testStack();
    acl(stack, 'Acl', [rate({ challenge: {} }), { ...rate({ captcha: {} }), name: 'captcha', priority: 1 }]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 5: a blocking rate rule above the threshold maxWafRateLimit (default 2000)', () => {
    const stack = testStack();
    acl(stack, 'Acl', [rate({ block: {} }, 2001)]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 6: a limit within the default but above a configured threshold', () => {
    const stack = testStack();
    acl(stack, 'Acl', [rate({ block: {} }, 1000)]);
    expect(findings(new ApiBaselineChecks(undefined, { thresholds: { maxWafRateLimit: 500 } }), stack)[ID]).toBeDefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    acl(stack, 'Block', [rate({ block: {} })]);
    acl(stack, 'AtTheLimit', [rate({ block: {} }, 2000)]);
    // a high per-key limit next to a per-IP limit within the threshold
    acl(stack, 'TwoRules', [rate({ block: {} }, 100_000), { ...rate({ block: {} }, 500), name: 'ip', priority: 1 }]);
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported limit gives a warning', () => {
    const stack = testStack();
    acl(stack, 'Acl', [rate({ block: {} }, Fn.importValue('Limit'))]);
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });

  test('Unresolvable: an imported rule action gives a warning, not a throw', () => {
    const stack = testStack();
    const web = acl(stack, 'Acl', [rate({ block: {} })]);
    web.addPropertyOverride('Rules.0.Action', Fn.importValue('Action'));
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
