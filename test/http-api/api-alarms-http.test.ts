import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { ApiAlarms } from '../../src/monitoring';
import { ApiBaselineChecks } from '../../src/nag';
import { findings, templateOf, testStack } from '../util';

/** ApiAlarms on an HTTP API built with plain aws-cdk-lib, found by its id instead of a REST API name. */
describe('ApiAlarms on an HTTP API (httpApiId)', () => {
  function build() {
    const stack = testStack();
    const api = new apigwv2.HttpApi(stack, 'Http', { apiName: 'orders-http' });
    api.addRoutes({ path: '/orders', integration: new HttpUrlIntegration('Orders', 'https://orders.example.com') });
    const alarms = new ApiAlarms(stack, 'Alarms', { restApiName: 'orders-http', httpApiId: api.apiId, stageName: '$default' });
    return { stack, api, alarms };
  }

  test('every API metric has the ApiId and Stage dimensions and the HTTP API metric names', () => {
    const { stack, api } = build();
    const template = JSON.stringify(templateOf(stack).toJSON());
    const apiId = stack.resolve(api.apiId);
    const names = new Set([...template.matchAll(/"MetricName":"([^"]+)","Namespace":"AWS\/ApiGateway"/g)].map((m) => m[1]));
    expect([...names].sort()).toEqual(['4xx', '5xx', 'Count', 'Latency']);
    expect(template).not.toContain('"ApiName"');
    const detectors = Object.values(templateOf(stack).findResources('AWS::CloudWatch::AnomalyDetector'))
      .map((d) => d.Properties.SingleMetricAnomalyDetector)
      .filter((d) => d.Namespace === 'AWS/ApiGateway');
    expect(detectors.map((d) => d.MetricName).sort()).toEqual(['4xx', '5xx', 'Count', 'Latency']);
    for (const d of detectors) expect(d.Dimensions).toEqual([{ Name: 'ApiId', Value: apiId }, { Name: 'Stage', Value: '$default' }]);
  });

  test('the dashboard graphs the same HTTP API metrics', () => {
    const { stack } = build();
    const body = JSON.stringify(stack.resolve((templateOf(stack).toJSON().Resources as any)[
      Object.keys(templateOf(stack).findResources('AWS::CloudWatch::Dashboard'))[0]].Properties.DashboardBody));
    expect(body).toContain('\\"5xx\\"');
    expect(body).toContain('\\"ApiId\\"');
    expect(body).not.toContain('\\"ApiName\\"');
  });

  test('the pack sees the 5xx alarm of the stage (Stage5xxAlarm passes)', () => {
    const { stack, api } = build();
    expect(findings(new ApiBaselineChecks(), stack)['ApiBaseline-Stage5xxAlarm']).toBeUndefined();
    // boundary: without the alarms the same API is reported
    const bare = testStack();
    new apigwv2.HttpApi(bare, 'Http', { apiName: 'orders-http' })
      .addRoutes({ path: '/orders', integration: new HttpUrlIntegration('Orders', 'https://orders.example.com') });
    expect(findings(new ApiBaselineChecks(), bare)['ApiBaseline-Stage5xxAlarm']).toBeDefined();
    expect(api).toBeDefined();
  });

  test('metric helpers: httpMetricFor reads the REST names 4XXError and 5XXError as 4xx and 5xx', () => {
    expect(ApiAlarms.httpMetricFor('abc', '$default', '5XXError').metricName).toBe('5xx');
    expect(ApiAlarms.httpMetricFor('abc', '$default', '4XXError').metricName).toBe('4xx');
    expect(ApiAlarms.httpMetricFor('abc', '$default', 'Count').dimensions).toEqual({ ApiId: 'abc', Stage: '$default' });
    // the REST helper is unchanged
    expect(ApiAlarms.metricFor('orders', 'prod', '5XXError').dimensions).toEqual({ ApiName: 'orders', Stage: 'prod' });
  });

  test('an empty httpApiId is refused', () => {
    expect(() => new ApiAlarms(testStack(), 'A', { restApiName: 'x', httpApiId: '', stageName: 'prod' })).toThrow(/"httpApiId" must be a non-empty string, got ""/);
    expect(() => new ApiAlarms(testStack(), 'A', { restApiName: 'x', httpApiId: 'a1b2c3', stageName: 'prod' })).not.toThrow();
  });
});
