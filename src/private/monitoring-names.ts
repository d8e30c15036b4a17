import { Token } from 'aws-cdk-lib';

/**
 * Turns a name into a value usable in a CloudWatch namespace or dashboard name: every character outside
 * `allowed` becomes `-`. Unresolved tokens are returned unchanged.
 */
export function sanitizeName(value: string, allowed: RegExp = /[A-Za-z0-9.\-_/#:]/): string {
  if (Token.isUnresolved(value)) return value;
  return [...value].map((c) => (allowed.test(c) ? c : '-')).join('');
}

/** The HTTP API name of an `AWS/ApiGateway` metric: `4XXError` and `5XXError` are `4xx` and `5xx` there. */
export function httpMetricName(metricName: string): string {
  if (metricName === '4XXError') return '4xx';
  if (metricName === '5XXError') return '5xx';
  return metricName;
}
