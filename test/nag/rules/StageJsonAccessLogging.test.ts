import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-StageJsonAccessLogging';

function api(stack: any, id: string, options: apigw.StageOptions) {
  const rest = new apigw.RestApi(stack, id, { deployOptions: options, cloudWatchRole: false });
  rest.root.addMethod('GET', new apigw.MockIntegration());
  return rest;
}

describe('StageJsonAccessLogging', () => {
  test('Noncompliance 1: no access logging', () => {
    const stack = testStack();
    api(stack, 'Api', {});
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: common log format (CLF) is not JSON', () => {
    const stack = testStack();
    api(stack, 'Api', {
      accessLogDestination: new apigw.LogGroupLogDestination(new logs.LogGroup(stack, 'Logs')),
      accessLogFormat: apigw.AccessLogFormat.clf(),
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: JSON without the status', () => {
    const stack = testStack();
    api(stack, 'Api', {
      accessLogDestination: new apigw.LogGroupLogDestination(new logs.LogGroup(stack, 'Logs')),
      accessLogFormat: apigw.AccessLogFormat.custom(JSON.stringify({ requestId: '$context.requestId' })),
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: L1 stage with a format but no destination, and one with a JSON array', () => {
    const stack = testStack();
    new apigw.CfnStage(stack, 'NoDestination', {
      restApiId: 'abc',
      accessLogSetting: { format: '{"requestId":"$context.requestId","status":"$context.status"}' },
    });
    new apigw.CfnStage(stack, 'Array', {
      restApiId: 'abc',
      accessLogSetting: { destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:x', format: '["$context.requestId","$context.status"]' },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/NoDestination', 'Test/Array']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const group = new logs.LogGroup(stack, 'Logs');
    api(stack, 'Standard', {
      accessLogDestination: new apigw.LogGroupLogDestination(group),
      accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
    });
    new apigw.CfnStage(stack, 'Unquoted', {
      restApiId: 'abc',
      accessLogSetting: {
        destinationArn: group.logGroupArn,
        format: '{ "id": "$context.extendedRequestId", "http": { "status": $context.status } }',
      },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: a format from a parameter gives a warning, not a throw', () => {
    const stack = testStack();
    new apigw.CfnStage(stack, 'Stage', {
      restApiId: 'abc',
      accessLogSetting: { destinationArn: Fn.importValue('LogArn'), format: new CfnParameter(stack, 'Format').valueAsString },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
