import { Fn, Stack } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-WebAclAllowBeforeManaged';
const visibilityConfig = { cloudWatchMetricsEnabled: true, metricName: 'm', sampledRequestsEnabled: false };
const none = [{ priority: 0, type: 'NONE' }];

function managed(priority: number): wafv2.CfnWebACL.RuleProperty {
  return {
    name: `common${priority}`,
    priority,
    overrideAction: { none: {} },
    visibilityConfig,
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
  };
}

function rule(priority: number, statement: any, action: any = { allow: {} }): wafv2.CfnWebACL.RuleProperty {
  return { name: `r${priority}`, priority, action, visibilityConfig, statement };
}

function acl(stack: Stack, id: string, rules: any[]) {
  return new wafv2.CfnWebACL(stack, id, { defaultAction: { allow: {} }, scope: 'REGIONAL', visibilityConfig, rules });
}

const PATH_PREFIX = { byteMatchStatement: { fieldToMatch: { uriPath: {} }, positionalConstraint: 'STARTS_WITH', searchString: '/', textTransformations: none } };
const HOME_COUNTRY = { geoMatchStatement: { countryCodes: ['DE'] } };
const SMALL_BODY = { sizeConstraintStatement: { fieldToMatch: { body: {} }, comparisonOperator: 'LT', size: 65536, textTransformations: none } };
const IP_SET = { ipSetReferenceStatement: { arn: 'arn:aws:wafv2:us-east-1:123456789012:regional/ipset/health/1' } };

describe('WebAclAllowBeforeManaged', () => {
  test('Noncompliance 1: an Allow on the `/` path prefix before the managed groups', () => {
    const stack = testStack();
    acl(stack, 'Acl', [rule(0, PATH_PREFIX), managed(10)]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('warning');
  });

  test('Noncompliance 2: an Allow on the home country', () => {
    const stack = testStack();
    acl(stack, 'Acl', [managed(10), rule(5, HOME_COUNTRY)]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Acl']);
  });

  test('Noncompliance 3: an Allow on a size most requests meet', () => {
    const stack = testStack();
    acl(stack, 'Acl', [rule(0, SMALL_BODY), managed(10)]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: an Allow on an IP set (narrow or not, it skips the managed groups)', () => {
    const stack = testStack();
    acl(stack, 'Acl', [rule(0, IP_SET), managed(10)]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    acl(stack, 'AllowAfter', [managed(0), rule(10, PATH_PREFIX)]);
    acl(stack, 'BlockOrCountBefore', [rule(0, HOME_COUNTRY, { block: {} }), rule(1, PATH_PREFIX, { count: {} }), managed(10)]);
    acl(stack, 'NoManagedGroup', [rule(0, PATH_PREFIX)]);
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported priority gives a warning, not a throw', () => {
    const stack = testStack();
    const web = acl(stack, 'Acl', [managed(10), rule(20, PATH_PREFIX)]);
    web.addPropertyOverride('Rules.1.Priority', Fn.importValue('Priority'));
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
