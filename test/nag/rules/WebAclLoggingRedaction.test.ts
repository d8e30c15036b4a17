import { CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-WebAclLoggingRedaction';
const visibilityConfig = { cloudWatchMetricsEnabled: true, metricName: 'm', sampledRequestsEnabled: true };
const DESTINATION = 'arn:aws:logs:us-east-1:123456789012:log-group:aws-waf-logs-api';

function acl(stack: Stack, id: string) {
  return new wafv2.CfnWebACL(stack, id, { defaultAction: { allow: {} }, scope: 'REGIONAL', visibilityConfig });
}

function logging(stack: Stack, id: string, resourceArn: string, headers: string[]) {
  return new wafv2.CfnLoggingConfiguration(stack, id, {
    resourceArn,
    logDestinationConfigs: [DESTINATION],
    redactedFields: headers.map((name) => ({ singleHeader: { Name: name } })),
  });
}

describe('WebAclLoggingRedaction', () => {
  test('Noncompliance 1: no logging configuration', () => {
    const stack = testStack();
    acl(stack, 'Acl');
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: logging without redaction', () => {
    const stack = testStack();
    logging(stack, 'Logging', acl(stack, 'Acl').attrArn, []);
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: only the authorization header is redacted', () => {
    const stack = testStack();
    logging(stack, 'Logging', acl(stack, 'Acl').attrArn, ['authorization']);
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: the logging configuration belongs to the other ACL', () => {
    const stack = testStack();
    logging(stack, 'Logging', acl(stack, 'Logged').attrArn, ['authorization', 'x-api-key']);
    acl(stack, 'Unlogged');
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Unlogged']);
  });

  test('Compliance', () => {
    const stack = testStack();
    logging(stack, 'Logging', acl(stack, 'Acl').attrArn, ['Authorization', 'X-API-Key', 'cookie']);
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: a redacted header from a parameter gives a warning, not a throw', () => {
    const stack = testStack();
    logging(stack, 'Logging', acl(stack, 'Acl').attrArn, ['authorization', new CfnParameter(stack, 'Header').valueAsString]);
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });

  test('Unresolvable: a logging configuration for an imported ACL ARN gives a warning', () => {
    const stack = testStack();
    acl(stack, 'Acl');
    logging(stack, 'Logging', Fn.importValue('AclArn'), ['authorization', 'x-api-key']);
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
