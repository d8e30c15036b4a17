import { Fn, Stack } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-WebAclSampledRequestsProtected';
const vis = (sampled: any) => ({ cloudWatchMetricsEnabled: true, metricName: 'm', sampledRequestsEnabled: sampled });

function rate(sampled: any): wafv2.CfnWebACL.RuleProperty {
  return { name: 'rate', priority: 0, action: { block: {} }, visibilityConfig: vis(sampled), statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: 'IP' } } };
}

function headers(keys: string[], extra: any = {}) {
  return { dataProtections: [{ action: 'SUBSTITUTION', field: { fieldType: 'SINGLE_HEADER', fieldKeys: keys }, ...extra }] };
}

function acl(stack: Stack, id: string, aclSampled: any, ruleSampled: any, dataProtectionConfig?: any) {
  return new wafv2.CfnWebACL(stack, id, {
    defaultAction: { allow: {} }, scope: 'REGIONAL', visibilityConfig: vis(aclSampled), rules: [rate(ruleSampled)], dataProtectionConfig,
  });
}

describe('WebAclSampledRequestsProtected', () => {
  test('Noncompliance 1: sampling on, no data protection', () => {
    const stack = testStack();
    acl(stack, 'Acl', true, true);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: sampling on for one rule only, x-api-key not protected', () => {
    const stack = testStack();
    acl(stack, 'Acl', false, true, headers(['authorization']));
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Acl']);
  });

  test('Noncompliance 3: both headers protected, but rule-match details excluded', () => {
    const stack = testStack();
    acl(stack, 'Acl', true, false, headers(['authorization', 'x-api-key'], { excludeRuleMatchDetails: true }));
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: the query string protected, not the headers', () => {
    const stack = testStack();
    acl(stack, 'Acl', true, true, { dataProtections: [{ action: 'HASH', field: { fieldType: 'QUERY_STRING' } }] });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    acl(stack, 'Off', false, false);
    acl(stack, 'Protected', true, true, headers(['Authorization', 'X-Api-Key', 'cookie']));
    acl(stack, 'Hashed', true, true, {
      dataProtections: [
        { action: 'HASH', field: { fieldType: 'SINGLE_HEADER', fieldKeys: ['authorization'] } },
        { action: 'SUBSTITUTION', field: { fieldType: 'SINGLE_HEADER', fieldKeys: ['x-api-key'] } },
      ],
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported sampling flag gives a warning, not a throw', () => {
    const stack = testStack();
    acl(stack, 'Acl', false, Fn.importValue('Sampled'));
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
