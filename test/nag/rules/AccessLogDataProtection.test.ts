import { Fn, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-AccessLogDataProtection';

function api(stack: Stack, id: string, group: logs.ILogGroup) {
  const rest = new apigw.RestApi(stack, id, {
    cloudWatchRole: false,
    deployOptions: {
      accessLogDestination: new apigw.LogGroupLogDestination(group),
      accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
    },
  });
  rest.root.addMethod('GET', new apigw.MockIntegration());
  return rest;
}

const protection = () => new logs.DataProtectionPolicy({
  identifiers: [logs.DataIdentifier.EMAILADDRESS, logs.DataIdentifier.IPADDRESS],
});

describe('AccessLogDataProtection', () => {
  test('Noncompliance 1: L2 access log group without a data protection policy', () => {
    const stack = testStack();
    api(stack, 'Api', new logs.LogGroup(stack, 'Access'));
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('warning');
  });

  test('Noncompliance: a stage created by a deployment logs to a group without a data protection policy', () => {
    const stack = testStack();
    const group = new logs.CfnLogGroup(stack, 'Access', {});
    const rest = new apigw.CfnRestApi(stack, 'Api', { name: 'legacy' });
    new apigw.CfnDeployment(stack, 'Deployment', {
      restApiId: rest.ref,
      stageName: 'prod',
      stageDescription: { accessLogSetting: { destinationArn: group.attrArn, format: '{"requestId":"$context.requestId"}' } },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Access']);
  });

  test('Noncompliance 2: L1 log group whose policy only audits', () => {
    const stack = testStack();
    const group = new logs.CfnLogGroup(stack, 'Access', {
      dataProtectionPolicy: {
        Name: 'audit-only',
        Version: '2021-06-01',
        Statement: [{ Sid: 'audit', DataIdentifier: ['arn:aws:dataprotection::aws:data-identifier/EmailAddress'], Operation: { Audit: { FindingsDestination: {} } } }],
      },
    });
    new apigw.CfnStage(stack, 'Stage', {
      restApiId: 'abc',
      accessLogSetting: { destinationArn: group.attrArn, format: '{"requestId":"$context.requestId"}' },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Access']);
  });

  test('Noncompliance 3: destination ARN built with Fn::Join from the group name', () => {
    const stack = testStack();
    const group = new logs.CfnLogGroup(stack, 'Access');
    new apigw.CfnStage(stack, 'Stage', {
      restApiId: 'abc',
      accessLogSetting: { destinationArn: Fn.join('', ['arn:aws:logs:us-east-1:123456789012:log-group:', group.ref]) },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Access']);
  });

  test('Compliance (log groups that are not access-log destinations are not checked)', () => {
    const stack = testStack();
    api(stack, 'Api', new logs.LogGroup(stack, 'Access', { dataProtectionPolicy: protection() }));
    new logs.LogGroup(stack, 'Application');
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported data protection policy gives a warning, not a throw', () => {
    const stack = testStack();
    const group = new logs.CfnLogGroup(stack, 'Access', { dataProtectionPolicy: Fn.importValue('Policy') });
    new apigw.CfnStage(stack, 'Stage', { restApiId: 'abc', accessLogSetting: { destinationArn: group.attrArn } });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
