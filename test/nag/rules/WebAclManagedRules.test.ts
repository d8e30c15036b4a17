import { Fn, Stack } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-WebAclManagedRules';
const visibilityConfig = { cloudWatchMetricsEnabled: true, metricName: 'm', sampledRequestsEnabled: true };

function managed(name: string, priority: number, overrideAction: any = { none: {} }, vendorName = 'AWS', extra: any = {}): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction,
    visibilityConfig,
    statement: { managedRuleGroupStatement: { vendorName, name, ...extra } },
  };
}

function sizeRule(name: string, priority: number, fieldToMatch: any, action: any = { block: {} }): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    action,
    visibilityConfig,
    statement: {
      sizeConstraintStatement: { fieldToMatch, comparisonOperator: 'GT', size: 8192, textTransformations: [{ priority: 0, type: 'NONE' }] },
    },
  };
}

function acl(stack: Stack, id: string, rules: any[]) {
  return new wafv2.CfnWebACL(stack, id, { defaultAction: { allow: {} }, scope: 'REGIONAL', visibilityConfig, rules });
}

const COMMON = 'AWSManagedRulesCommonRuleSet';
const BAD_INPUTS = 'AWSManagedRulesKnownBadInputsRuleSet';

describe('WebAclManagedRules', () => {
  test('Noncompliance 1: no rules', () => {
    const stack = testStack();
    acl(stack, 'Acl', []);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: Common rule set only', () => {
    const stack = testStack();
    acl(stack, 'Acl', [managed(COMMON, 0)]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: KnownBadInputs in count-only mode', () => {
    const stack = testStack();
    acl(stack, 'Acl', [managed(COMMON, 0), managed(BAD_INPUTS, 1, { count: {} })]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: same names from another vendor', () => {
    const stack = testStack();
    acl(stack, 'Acl', [managed(COMMON, 0, { none: {} }, 'Acme'), managed(BAD_INPUTS, 1, { none: {} }, 'Acme')]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Acl']);
  });

  test('Noncompliance 5: a core rule of the Common rule set overridden to Count', () => {
    const stack = testStack();
    acl(stack, 'Acl', [
      managed(COMMON, 0, { none: {} }, 'AWS', { ruleActionOverrides: [{ name: 'CrossSiteScripting_BODY', actionToUse: { count: {} } }] }),
      managed(BAD_INPUTS, 1),
    ]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 6: a rule of KnownBadInputs overridden to Allow', () => {
    const stack = testStack();
    acl(stack, 'Acl', [
      managed(COMMON, 0),
      managed(BAD_INPUTS, 1, { none: {} }, 'AWS', { ruleActionOverrides: [{ name: 'Log4JRCE_HEADER', actionToUse: { allow: {} } }] }),
    ]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 7: a rule excluded with the older ExcludedRules (counts)', () => {
    const stack = testStack();
    acl(stack, 'Acl', [
      managed(COMMON, 0, { none: {} }, 'AWS', { excludedRules: [{ name: 'GenericRFI_BODY' }] }),
      managed(BAD_INPUTS, 1),
    ]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 8: the body size rule counted, with no own size rule that blocks the body', () => {
    const stack = testStack();
    acl(stack, 'Acl', [
      managed(COMMON, 0, { none: {} }, 'AWS', { ruleActionOverrides: [{ name: 'SizeRestrictions_BODY', actionToUse: { count: {} } }] }),
      managed(BAD_INPUTS, 1),
      sizeRule('QuerySize', 2, { queryString: {} }),
      sizeRule('BodySizeCounted', 3, { body: { oversizeHandling: 'MATCH' } }, { count: {} }),
    ]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    acl(stack, 'Plain', [managed(COMMON, 0), managed(BAD_INPUTS, 1)]);
    // size rules counted while the web ACL blocks the same parts by size (as ApiFirewall does); Block/Challenge overrides
    acl(stack, 'OwnSizeRules', [
      managed(COMMON, 0, { none: {} }, 'AWS', {
        ruleActionOverrides: [
          { name: 'SizeRestrictions_BODY', actionToUse: { count: {} } },
          { name: 'SizeRestrictions_QUERYSTRING', actionToUse: { count: {} } },
          { name: 'NoUserAgent_HEADER', actionToUse: { challenge: {} } },
        ],
      }),
      managed(BAD_INPUTS, 1, { none: {} }, 'AWS', { ruleActionOverrides: [{ name: 'Host_localhost_HEADER', actionToUse: { block: {} } }] }),
      sizeRule('BodySize', 2, { body: { oversizeHandling: 'MATCH' } }),
      sizeRule('QuerySize', 3, { queryString: {} }),
    ]);
    acl(stack, 'ScopedDown', [
      managed(COMMON, 0),
      managed(BAD_INPUTS, 1, { none: {} }, 'AWS', {
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
      }),
    ]);
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported rule group name gives a warning, not a throw', () => {
    const stack = testStack();
    acl(stack, 'Acl', [managed(COMMON, 0), managed(Fn.importValue('GroupName'), 1)]);
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });

  test('Unresolvable: imported rule action overrides give a warning', () => {
    const stack = testStack();
    const web = acl(stack, 'Acl', [managed(COMMON, 0), managed(BAD_INPUTS, 1)]);
    web.addPropertyOverride('Rules.1.Statement.ManagedRuleGroupStatement.RuleActionOverrides', Fn.importValue('Overrides'));
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
