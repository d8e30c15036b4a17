import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** The API Gateway stage a metric is read for: a REST API by name, or an HTTP API by id. */
export interface StageMetricTarget {
  /** The REST API's name (the `ApiName` dimension); ignored when `httpApiId` is given. */
  readonly restApiName: string;
  /** The HTTP API's id (the `ApiId` dimension); when given, HTTP API metric names are used. */
  readonly httpApiId?: string;
  /** The `Stage` dimension. */
  readonly stageName: string;
}

/** The HTTP API name of an `AWS/ApiGateway` metric: `4XXError` and `5XXError` are `4xx` and `5xx` there. */
export function httpMetricName(metricName: string): string {
  if (metricName === '4XXError') return '4xx';
  if (metricName === '5XXError') return '5xx';
  return metricName;
}

/**
 * A metric of one API Gateway stage in the `AWS/ApiGateway` namespace: for a REST API by the `ApiName` and `Stage`
 * dimensions, for an HTTP API by `ApiId` and `Stage` with the HTTP metric names (REST names are translated). The
 * statistic defaults to `Sum`; `props` override everything else.
 */
export function stageMetric(target: StageMetricTarget, metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
  const http = target.httpApiId !== undefined;
  return new cloudwatch.Metric({
    namespace: 'AWS/ApiGateway',
    metricName: http ? httpMetricName(metricName) : metricName,
    dimensionsMap: http
      ? { ApiId: target.httpApiId!, Stage: target.stageName }
      : { ApiName: target.restApiName, Stage: target.stageName },
    statistic: cloudwatch.Stats.SUM,
    ...props,
  });
}
