import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { httpMetricName, stageMetric } from '../../src/private/stage-metric';

describe('stageMetric', () => {
  test('a REST API stage: ApiName and Stage dimensions, the REST metric name, Sum by default', () => {
    const m = stageMetric({ restApiName: 'orders', stageName: 'prod' }, '5XXError');
    expect(m.namespace).toBe('AWS/ApiGateway');
    expect(m.metricName).toBe('5XXError');
    expect(m.dimensions).toEqual({ ApiName: 'orders', Stage: 'prod' });
    expect(m.statistic).toBe('Sum');
  });

  test('an HTTP API stage: ApiId and Stage dimensions, REST names read as HTTP names', () => {
    const m = stageMetric({ restApiName: 'orders', httpApiId: 'a1b2', stageName: '$default' }, '4XXError');
    expect(m.metricName).toBe('4xx');
    expect(m.dimensions).toEqual({ ApiId: 'a1b2', Stage: '$default' });
  });

  test('options override the statistic and set the period', () => {
    const m = stageMetric({ restApiName: 'orders', stageName: 'prod' }, 'Latency', { statistic: cloudwatch.Stats.p(99) });
    expect(m.statistic).toBe('p99');
  });
});

describe('httpMetricName', () => {
  test.each([['4XXError', '4xx'], ['5XXError', '5xx'], ['Count', 'Count'], ['Latency', 'Latency']])('%s -> %s', (rest, http) => {
    expect(httpMetricName(rest)).toBe(http);
  });
});
