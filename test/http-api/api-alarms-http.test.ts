import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { HTTP_API_ACCESS_LOG_FORMAT, SecureHttpApi } from '../../src/http-api';
import { ApiAlarms } from '../../src/monitoring';
import { ApiBaselineChecks } from '../../src/nag';
import { matches } from '../monitoring/filter-pattern-evaluator';
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

/** The behaviour filters of the alarms read the HTTP API access log as written by API Gateway. */
describe('behaviour filters on the SecureHttpApi access log', () => {
  /** Renders one line of the HTTP API format; context variables without a value become `-`, as API Gateway writes them. */
  function line(context: { [variable: string]: string | number }): string {
    const values: { [variable: string]: string | number } = {
      'requestId': 'r-1', 'identity.sourceIp': '203.0.113.7', 'routeKey': 'GET /orders', 'status': 200, 'responseLatency': 12, ...context,
    };
    return HTTP_API_ACCESS_LOG_FORMAT.replace(/\$context\.([A-Za-z0-9_.]+)/g, (_, v: string) => {
      const value = values[v];
      if (value === undefined) return '-';
      return typeof value === 'number' ? String(value) : value;
    });
  }

  test('401, 403 and 429 lines and OAuth client lines are counted; no line counts as an API-key request', () => {
    const stack = testStack();
    const api = new SecureHttpApi(stack, 'Api');
    const patterns = Object.fromEntries(Object.values(templateOf(stack).findResources('AWS::Logs::MetricFilter'))
      .map((f) => [f.Properties.MetricTransformations[0].MetricName, f.Properties.FilterPattern]));
    expect(api.alarms?.behaviour).toBeDefined();
    expect(matches(patterns.Unauthorized401, line({ status: 401 }))).toBe(true);
    expect(matches(patterns.Unauthorized401, line({ status: 200 }))).toBe(false);
    expect(matches(patterns.Forbidden403, line({ status: 403 }))).toBe(true);
    expect(matches(patterns.Throttled429, line({ status: 429 }))).toBe(true);
    expect(matches(patterns.ClientRequests, line({ 'authorizer.claims.client_id': 'client-1' }))).toBe(true);
    expect(matches(patterns.ClientRequests, line({}))).toBe(false);
    expect(matches(patterns.ApiKeyRequests, line({ 'authorizer.claims.client_id': 'client-1' }))).toBe(false);
    expect(JSON.parse(line({})).apiKeyId).toBe('-');
  });
});
