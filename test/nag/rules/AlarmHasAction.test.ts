import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-AlarmHasAction';
const metric = new cloudwatch.Metric({ namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensionsMap: { ApiName: 'orders' } });

describe('AlarmHasAction', () => {
  test('Noncompliance 1: L2 alarm without actions', () => {
    const stack = testStack();
    metric.createAlarm(stack, 'Alarm', { threshold: 1, evaluationPeriods: 1 });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: an action, but actions disabled', () => {
    const stack = testStack();
    const alarm = metric.createAlarm(stack, 'Alarm', { threshold: 1, evaluationPeriods: 1, actionsEnabled: false });
    alarm.addAlarmAction(new actions.SnsAction(new sns.Topic(stack, 'Topic')));
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: composite alarm with only an OK action, and an L1 alarm with an empty list', () => {
    const stack = testStack();
    const child = metric.createAlarm(stack, 'Child', { threshold: 1, evaluationPeriods: 1 });
    child.addAlarmAction(new actions.SnsAction(new sns.Topic(stack, 'Topic')));
    new cloudwatch.CfnCompositeAlarm(stack, 'Composite', {
      alarmRule: `ALARM("${child.alarmName}")`, okActions: ['arn:aws:sns:us-east-1:123456789012:ok'],
    });
    new cloudwatch.CfnAlarm(stack, 'Empty', {
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 1,
      threshold: 1,
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      period: 60,
      statistic: 'Sum',
      alarmActions: [],
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Composite', 'Test/Empty']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Topic');
    const alarm = metric.createAlarm(stack, 'Alarm', { threshold: 1, evaluationPeriods: 1 });
    alarm.addAlarmAction(new actions.SnsAction(topic));
    const composite = new cloudwatch.CompositeAlarm(stack, 'Composite', { alarmRule: cloudwatch.AlarmRule.fromAlarm(alarm, cloudwatch.AlarmState.ALARM) });
    composite.addAlarmAction(new actions.SnsAction(topic));
    new cloudwatch.CfnAlarm(stack, 'L1', {
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 1,
      threshold: 1,
      actionsEnabled: true,
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      period: 60,
      statistic: 'Sum',
      alarmActions: [Fn.importValue('TopicArn')],
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: ActionsEnabled from a parameter gives a warning, not a throw', () => {
    const stack = testStack();
    new cloudwatch.CfnAlarm(stack, 'Alarm', {
      comparisonOperator: 'GreaterThanThreshold',
      evaluationPeriods: 1,
      threshold: 1,
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      period: 60,
      statistic: 'Sum',
      alarmActions: ['arn:aws:sns:us-east-1:123456789012:alerts'],
      actionsEnabled: new CfnParameter(stack, 'Enabled').valueAsString as any,
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
