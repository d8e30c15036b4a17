import { CfnParameter, Duration, Fn, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { ruleFindings, testStack } from '../../util';
import { restApiWithStage } from '../fixtures/stages';

const RULE = 'Stage5xxAlarm';
const ID = `ApiBaseline-${RULE}`;

function metric(metricName: string, dimensionsMap: { [name: string]: string }) {
  return new cloudwatch.Metric({ namespace: 'AWS/ApiGateway', metricName, dimensionsMap, period: Duration.minutes(1) });
}

function anomalyAlarm(stack: Stack, id: string, dimensions: any[]) {
  return new cloudwatch.CfnAlarm(stack, id, {
    comparisonOperator: 'GreaterThanUpperThreshold',
    evaluationPeriods: 3,
    thresholdMetricId: 'band',
    metrics: [
      { id: 'm1', returnData: true, metricStat: { metric: { namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions }, period: 60, stat: 'Sum' } },
      { id: 'band', expression: 'ANOMALY_DETECTION_BAND(m1, 2)', returnData: true },
    ],
  });
}

describe('Stage5xxAlarm', () => {
  test('Noncompliance 1: no alarm at all', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api');
    expect(ruleFindings(RULE, stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: an alarm on 4XXError only', () => {
    const stack = testStack();
    const rest = restApiWithStage(stack, 'Api');
    rest.deploymentStage.metricClientError().createAlarm(stack, 'ClientErrors', { threshold: 10, evaluationPeriods: 1 });
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: the 5XX alarm watches the other API', () => {
    const stack = testStack();
    const watched = restApiWithStage(stack, 'Watched');
    restApiWithStage(stack, 'Unwatched');
    watched.deploymentStage.metricServerError().createAlarm(stack, 'Errors', { threshold: 1, evaluationPeriods: 1 });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Unwatched/DeploymentStage.prod/Resource']);
  });

  test('Noncompliance 4: L1 stages, alarm on another stage, and one on a single method', () => {
    const stack = testStack();
    const rest = new apigw.CfnRestApi(stack, 'Rest', { name: 'orders' });
    new apigw.CfnStage(stack, 'Prod', { restApiId: rest.ref, stageName: 'prod' });
    new apigw.CfnStage(stack, 'Beta', { restApiId: rest.ref, stageName: 'beta' });
    metric('5XXError', { ApiName: 'orders', Stage: 'beta' }).createAlarm(stack, 'BetaAlarm', { threshold: 1, evaluationPeriods: 1 });
    metric('5XXError', { ApiName: 'orders', Stage: 'prod', Resource: '/items', Method: 'GET' })
      .createAlarm(stack, 'MethodAlarm', { threshold: 1, evaluationPeriods: 1 });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Prod']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const staticAlarm = restApiWithStage(stack, 'Static');
    staticAlarm.deploymentStage.metricServerError().createAlarm(stack, 'StaticAlarm', { threshold: 1, evaluationPeriods: 1 });
    const wholeApi = restApiWithStage(stack, 'WholeApi');
    wholeApi.metricServerError().createAlarm(stack, 'ApiAlarm', { threshold: 1, evaluationPeriods: 1 });
    const rest = new apigw.CfnRestApi(stack, 'Rest', { name: 'orders' });
    const prod = new apigw.CfnStage(stack, 'Prod', { restApiId: rest.ref, stageName: 'prod' });
    new apigw.CfnStage(stack, 'Beta', { restApiId: rest.ref, stageName: 'beta' });
    anomalyAlarm(stack, 'ProdAnomaly', [{ name: 'ApiName', value: 'orders' }, { name: 'Stage', value: prod.ref }]);
    anomalyAlarm(stack, 'BetaAnomaly', [{ name: 'ApiName', value: 'orders' }, { name: 'Stage', value: 'beta' }]);
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an alarm whose stage dimension is a parameter gives a warning, not a throw', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api');
    const stage = new CfnParameter(stack, 'StageName').valueAsString;
    metric('5XXError', { ApiName: 'Api', Stage: stage }).createAlarm(stack, 'Alarm', { threshold: 1, evaluationPeriods: 1 });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });

  test('Unresolvable: a stage of an imported API gives a warning when the stack has 5XX alarms', () => {
    const stack = testStack();
    new apigw.CfnStage(stack, 'Stage', { restApiId: Fn.importValue('ApiId'), stageName: 'prod' });
    metric('5XXError', { ApiName: 'orders', Stage: 'prod' }).createAlarm(stack, 'Alarm', { threshold: 1, evaluationPeriods: 1 });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.paths).toEqual(['Test/Stage']);
  });
});
