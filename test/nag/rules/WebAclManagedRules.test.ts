import { Fn, Stack } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-WebAclManagedRules';
const visibilityConfig = { cloudWatchMetricsEnabled: true, metricName: 'm', sampledRequestsEnabled: true };

function managed(name: string, priority: number, overrideAction: any = { none: {} }, vendorName = 'AWS'): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction,
    visibilityConfig,
    statement: { managedRuleGroupStatement: { vendorName, name } },
  };
}

function acl(stack: Stack, id: string, rules: any[]) {
  return new wafv2.CfnWebACL(stack, id, { defaultAction: { allow: {} }, scope: 'REGIONAL', visibilityConfig, rules });
}

describe('WebAclManagedRules', () => {
  test('Noncompliance 1: no rules', () => {
    const stack = testStack();
    acl(stack, 'Acl', []);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: Common rule set only', () => {
    const stack = testStack();
    acl(stack, 'Acl', [managed('AWSManagedRulesCommonRuleSet', 0)]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: KnownBadInputs in count-only mode', () => {
    const stack = testStack();
    acl(stack, 'Acl', [
      managed('AWSManagedRulesCommonRuleSet', 0),
      managed('AWSManagedRulesKnownBadInputsRuleSet', 1, { count: {} }),
    ]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: same names from another vendor', () => {
    const stack = testStack();
    acl(stack, 'Acl', [
      managed('AWSManagedRulesCommonRuleSet', 0, { none: {} }, 'Acme'),
      managed('AWSManagedRulesKnownBadInputsRuleSet', 1, { none: {} }, 'Acme'),
    ]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Acl']);
  });

  test('Compliance', () => {
    const stack = testStack();
    acl(stack, 'Plain', [
      managed('AWSManagedRulesCommonRuleSet', 0),
      managed('AWSManagedRulesKnownBadInputsRuleSet', 1),
    ]);
    acl(stack, 'ScopedDown', [
      managed('AWSManagedRulesCommonRuleSet', 0),
      {
        name: 'bad-inputs',
        priority: 1,
        overrideAction: { none: {} },
        visibilityConfig,
        statement: {
          managedRuleGroupStatement: {
            vendorName: 'AWS',
            name: 'AWSManagedRulesKnownBadInputsRuleSet',
            scopeDownStatement: {
              notStatement: {
                statement: {
                  byteMatchStatement: {
                    fieldToMatch: { uriPath: {} },
                    positionalConstraint: 'STARTS_WITH',
                    searchString: '/health',
                    textTransformations: [{ priority: 0, type: 'NONE' }],
                  },
                },
              },
            },
          },
        },
      },
    ]);
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported rule group name gives a warning, not a throw', () => {
    const stack = testStack();
    acl(stack, 'Acl', [
      managed('AWSManagedRulesCommonRuleSet', 0),
      managed(Fn.importValue('GroupName'), 1),
    ]);
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
