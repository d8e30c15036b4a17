import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { ApiAlarms, IFirewallMetrics } from './api-alarms';
import type { BehaviourFilters } from './behaviour-filters';
import { BehaviourMetric } from './behaviour-filters';
import { httpMetricName } from '../private/stage-metric';

/**
 * The alarms of `ApiAlarms`, one row each: what an alarm watches, when it fires and what to check first. The
 * construct walks this table once; the README's "What fires when" table is rendered from it.
 */

/** The API shapes an alarm row applies to: a REST API (by name) or an HTTP API (`httpApiId`). */
export type ApiShape = 'REST' | 'HTTP';

/** What a row's metric is read from; a source that is absent (no firewall, no access logs) skips the row. */
export interface AlarmMetricSources {
  /** The web ACL in front of the stage. */
  readonly firewall?: IFirewallMetrics;
  /** The alarm period. */
  readonly period: Duration;
  /** A metric of the watched stage (REST or HTTP names and dimensions), with the alarm period. */
  stage(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric;
  /** The behaviour metric filters on the access log (created on first use). */
  behaviour(): BehaviourFilters | undefined;
}

/** A row's metric: how to build it and how the README names it. */
export interface AlarmMetric {
  /** The README's text for the metric. */
  readonly text: string;
  /** Builds the metric; `undefined` when its source is absent. */
  build(sources: AlarmMetricSources): cloudwatch.IMetric | undefined;
}

/** A static threshold: a fixed value or one of the construct's props. */
export interface AlarmThreshold {
  /** The prop that sets the threshold. */
  readonly prop?: 'fiveXxRateThresholdPercent' | 'latencyP99ThresholdMs';
  /** The fixed threshold, or the prop's default. */
  readonly value: number;
  /** The unit shown after the value in the README. */
  readonly unit: string;
}

/** The public `ApiAlarms` properties an alarm row fills. */
export type AlarmProperty = {
  [K in keyof ApiAlarms]-?: NonNullable<ApiAlarms[K]> extends cloudwatch.Alarm ? K : never
}[keyof ApiAlarms];

/** One alarm. */
export interface AlarmRow {
  /** Construct id and suffix of the alarm name (`<prefix>-<id>`). */
  readonly id: string;
  /** The `ApiAlarms` property that holds the alarm. */
  readonly property: AlarmProperty;
  /** The watched metric. */
  readonly metric: AlarmMetric;
  /** An anomaly-detection band alarm: fires above the band's upper or below its lower edge. */
  readonly band?: 'above' | 'below';
  /** A static alarm: fires when the metric is greater than the threshold. */
  readonly threshold?: AlarmThreshold;
  /** Fixed evaluation, instead of `datapointsToAlarm` of `evaluationPeriods`. */
  readonly evaluation?: { readonly periods: number; readonly datapoints: number };
  /** The prop the alarm needs (no alarm without it). */
  readonly needs?: 'firewall' | 'accessLogGroup';
  /** The API shapes the alarm applies to. */
  readonly shapes: ApiShape[];
  /** When it fires, as the alarm description starts; `{threshold}` stands for the static threshold. */
  readonly what: string;
  /** The runbook line: what to check first; `{topCallersRule}` stands for the Contributor Insights rule's name. */
  readonly firstCheck: string;
}

/** Both API shapes. */
export const BOTH_SHAPES: ApiShape[] = ['REST', 'HTTP'];
const BOTH = BOTH_SHAPES;

function stageMetricOf(metricName: string, statistic?: string): AlarmMetric {
  const http = httpMetricName(metricName);
  return {
    text: `\`AWS/ApiGateway\` \`${metricName}\`${http !== metricName ? ` (HTTP: \`${http}\`)` : ''}, ${statistic ?? 'Sum'}`,
    build: (s) => s.stage(metricName, statistic ? { statistic } : undefined),
  };
}

function behaviourMetricOf(metric: BehaviourMetric): AlarmMetric {
  return {
    text: `behaviour \`${metric}\`, Sum`,
    build: (s) => s.behaviour()?.metric(metric),
  };
}

const SERVER_ERRORS_FIRST_CHECK = 'Check recent deployments and the 5XX lines of the access log (errorMessage, '
  + 'integrationLatency), then the backend logs; roll back if a deployment matches.';

/** The alarms, in the order they are created. */
export const ALARM_TABLE: AlarmRow[] = [
  {
    id: 'RequestCountHigh',
    property: 'requestCountHighAlarm',
    metric: stageMetricOf('Count'),
    band: 'above',
    shapes: BOTH,
    what: 'Request count is above its normal band',
    firstCheck: 'Open the top-callers Contributor Insights rule and the WAF dashboard to see whether one API key, '
      + 'client or IP drives the surge; then check client releases and campaigns.',
  },
  {
    id: 'RequestCountLow',
    property: 'requestCountLowAlarm',
    metric: stageMetricOf('Count'),
    band: 'below',
    shapes: BOTH,
    what: 'Request count is below its normal band',
    firstCheck: 'Check DNS and custom-domain health, recent client releases, and whether the WAF or a usage plan '
      + 'started rejecting legitimate callers.',
  },
  {
    id: '4XXErrorAnomaly',
    property: 'clientErrorAlarm',
    metric: stageMetricOf('4XXError'),
    band: 'above',
    shapes: BOTH,
    what: '4XX errors are above their normal band',
    firstCheck: 'Query the access logs for the dominant status (401, 403, 429, 400) and resourcePath; check recent '
      + 'API or client releases that changed a contract.',
  },
  {
    id: '5XXErrorAnomaly',
    property: 'serverErrorAlarm',
    metric: stageMetricOf('5XXError'),
    band: 'above',
    shapes: BOTH,
    what: '5XX errors are above their normal band',
    firstCheck: SERVER_ERRORS_FIRST_CHECK,
  },
  {
    id: 'LatencyP99Anomaly',
    property: 'latencyAlarm',
    metric: stageMetricOf('Latency', cloudwatch.Stats.p(99)),
    band: 'above',
    shapes: BOTH,
    what: 'p99 latency is above its normal band',
    firstCheck: 'Compare IntegrationLatency with Latency to tell backend from gateway time; check backend '
      + 'throttling, cold starts and recent deployments.',
  },
  {
    id: '5XXErrorRate',
    property: 'serverErrorRateAlarm',
    metric: {
      text: '`100 * 5XXError / Count` (HTTP: `5xx`), 0 without requests',
      build: (s) => new cloudwatch.MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: { errors: s.stage('5XXError'), requests: s.stage('Count') },
        period: s.period,
        label: '5XX error rate (%)',
      }),
    },
    threshold: { prop: 'fiveXxRateThresholdPercent', value: 5, unit: '%' },
    shapes: BOTH,
    what: '5XX responses are above {threshold}% of requests',
    firstCheck: SERVER_ERRORS_FIRST_CHECK,
  },
  {
    id: 'LatencyP99Threshold',
    property: 'latencyThresholdAlarm',
    metric: stageMetricOf('Latency', cloudwatch.Stats.p(99)),
    threshold: { prop: 'latencyP99ThresholdMs', value: 5000, unit: ' ms' },
    shapes: BOTH,
    what: 'p99 latency is above {threshold} ms',
    firstCheck: 'Compare IntegrationLatency with Latency to tell backend from gateway time; check backend '
      + 'throttling, timeouts and recent deployments.',
  },
  {
    id: 'WafBlockedRequestsAnomaly',
    property: 'blockedRequestsAlarm',
    metric: {
      text: '`AWS/WAFV2` `BlockedRequests` of the web ACL, Sum',
      build: (s) => s.firewall?.metricBlockedRequests({ period: s.period, statistic: cloudwatch.Stats.SUM }),
    },
    band: 'above',
    needs: 'firewall',
    shapes: BOTH,
    what: 'Requests blocked by the web ACL are above their normal band',
    firstCheck: 'Read the WAF logs for the terminating rule and source IPs: many IPs on one rule suggests an attack; '
      + 'one known client suggests a false positive to fix with a scoped rule exclusion.',
  },
  {
    id: 'WafRateRuleBlocks',
    property: 'rateRuleAlarm',
    metric: {
      text: '`AWS/WAFV2` `BlockedRequests` of the rate-based rule, Sum',
      build: (s) => s.firewall?.metricRuleBlockedRequests(s.firewall.rateRuleName,
        { period: s.period, statistic: cloudwatch.Stats.SUM }),
    },
    threshold: { value: 0, unit: '' },
    evaluation: { periods: 1, datapoints: 1 },
    needs: 'firewall',
    shapes: BOTH,
    what: 'The WAF rate-based rule blocked requests',
    firstCheck: 'Read the WAF logs for the blocked IPs and their user agents; block or contact the caller, or raise '
      + 'the rate limit if the traffic is legitimate.',
  },
  {
    id: 'Unauthorized401Anomaly',
    property: 'unauthorizedAlarm',
    metric: behaviourMetricOf(BehaviourMetric.UNAUTHORIZED),
    band: 'above',
    needs: 'accessLogGroup',
    shapes: BOTH,
    what: '401 responses are above their normal band: possible credential stuffing or token guessing',
    firstCheck: 'Open the {topCallersRule} Contributor Insights rule and the access logs (status 401) for the source '
      + 'IPs; block them in the WAF and rotate any credential that leaked.',
  },
  {
    id: 'Forbidden403Anomaly',
    property: 'forbiddenAlarm',
    metric: behaviourMetricOf(BehaviourMetric.FORBIDDEN),
    band: 'above',
    needs: 'accessLogGroup',
    shapes: BOTH,
    what: '403 responses are above their normal band: callers probing for resources or scopes they do not hold',
    firstCheck: 'Query the access logs (status 403) for principalId, clientId and resourcePath; revoke the tokens of '
      + 'a caller that walks through object ids or scopes.',
  },
  {
    id: 'Throttled429Anomaly',
    property: 'throttledAlarm',
    metric: behaviourMetricOf(BehaviourMetric.THROTTLED),
    band: 'above',
    needs: 'accessLogGroup',
    shapes: BOTH,
    what: '429 responses are above their normal band: possible scraping or key abuse hitting throttles',
    firstCheck: 'Open the {topCallersRule} Contributor Insights rule for the API key and IP; check that key\'s usage '
      + 'plan, then rotate or disable the key if it is abused.',
  },
  {
    id: 'ApiKeyRequestsAnomaly',
    property: 'apiKeyRequestsAlarm',
    metric: behaviourMetricOf(BehaviourMetric.API_KEY_REQUESTS),
    band: 'above',
    needs: 'accessLogGroup',
    shapes: BOTH,
    what: 'Requests with API keys are above their normal band: possible key abuse or a leaked key',
    firstCheck: 'Open the {topCallersRule} Contributor Insights rule and the RequestsByApiKey graph to find the key '
      + 'and its source IPs; rotate the key if it is used from unexpected IPs.',
  },
  {
    id: 'ClientRequestsAnomaly',
    property: 'clientRequestsAlarm',
    metric: behaviourMetricOf(BehaviourMetric.CLIENT_REQUESTS),
    band: 'above',
    needs: 'accessLogGroup',
    shapes: BOTH,
    what: 'Requests by OAuth clients are above their normal band: possible scraping',
    firstCheck: 'Find the client on the RequestsByClientId graph; check its scopes and recent releases, and revoke its '
      + 'tokens or disable the client if it scrapes.',
  },
];

/** The opt-in composite alarm (`compositeAlarm: true`): in ALARM while any of its children is. */
export const UNHEALTHY_ALARM = {
  id: 'ApiUnhealthy',
  children: ['5XXErrorAnomaly', '5XXErrorRate', 'LatencyP99Anomaly', 'LatencyP99Threshold', 'RequestCountLow'],
  what: 'The API is unhealthy: server errors, latency or a traffic drop are out of their normal range',
  firstCheck: 'which child alarm is in ALARM, then recent deployments and the 5XX lines of the access log.',
} as const;

/** Fills a row's placeholders. */
export function alarmText(text: string, values: { threshold?: string; topCallersRule?: string }): string {
  return text
    .replace(/\{threshold\}/g, values.threshold ?? '{threshold}')
    .replace(/\{topCallersRule\}/g, values.topCallersRule ?? '{topCallersRule}');
}
