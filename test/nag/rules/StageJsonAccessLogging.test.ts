import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ruleFindings, testStack } from '../../util';
import { cfnRestStage, restApiWithStage } from '../fixtures/stages';

const RULE = 'StageJsonAccessLogging';
const ID = `ApiBaseline-${RULE}`;

describe('StageJsonAccessLogging', () => {
  test('Noncompliance 1: no access logging', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', {});
    expect(ruleFindings(RULE, stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: common log format (CLF) is not JSON', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', {
      accessLogDestination: new apigw.LogGroupLogDestination(new logs.LogGroup(stack, 'Logs')),
      accessLogFormat: apigw.AccessLogFormat.clf(),
    });
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: JSON without the status', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', {
      accessLogDestination: new apigw.LogGroupLogDestination(new logs.LogGroup(stack, 'Logs')),
      accessLogFormat: apigw.AccessLogFormat.custom(JSON.stringify({ requestId: '$context.requestId' })),
    });
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: L1 stage with a format but no destination, and one with a JSON array', () => {
    const stack = testStack();
    cfnRestStage(stack, 'NoDestination', {
      accessLogSetting: { format: '{"requestId":"$context.requestId","status":"$context.status"}' },
    });
    cfnRestStage(stack, 'Array', {
      accessLogSetting: { destinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:x', format: '["$context.requestId","$context.status"]' },
    });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/NoDestination', 'Test/Array']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const group = new logs.LogGroup(stack, 'Logs');
    restApiWithStage(stack, 'Standard', {
      accessLogDestination: new apigw.LogGroupLogDestination(group),
      accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
    });
    cfnRestStage(stack, 'Unquoted', {
      accessLogSetting: {
        destinationArn: group.logGroupArn,
        format: '{ "id": "$context.extendedRequestId", "http": { "status": $context.status } }',
      },
    });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: a format from a parameter gives a warning, not a throw', () => {
    const stack = testStack();
    cfnRestStage(stack, 'Stage', {
      accessLogSetting: { destinationArn: Fn.importValue('LogArn'), format: new CfnParameter(stack, 'Format').valueAsString },
    });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
