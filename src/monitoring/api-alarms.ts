import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlertTopic } from './alert-topic';
import { ApiDashboard } from './api-dashboard';
import { BehaviourFilters } from './behaviour-filters';
import { httpMetricName, sanitizeName } from '../private/monitoring-names';
import { checkIntegerRange, checkRange, invalidProp } from '../private/validation';

/**
 * The WAF metrics `ApiAlarms` watches. `ApiFirewall` provides them; any web ACL can, by implementing this interface.
 */
export interface IFirewallMetrics {
  /** Name of the web ACL's rate-based rule, used for the rate-rule alarm. */
  readonly rateRuleName: string;

  /**
   * Requests the web ACL blocked (all rules), summed over the period.
   *
   * Must be a plain metric (namespace `AWS/WAFV2`, metric `BlockedRequests`), not a math expression.
   */
  metricBlockedRequests(props?: cloudwatch.MetricOptions): cloudwatch.IMetric;

  /**
   * Requests one rule of the web ACL blocked, summed over the period.
   *
   * @param ruleName the rule's metric name
   */
  metricRuleBlockedRequests(ruleName: string, props?: cloudwatch.MetricOptions): cloudwatch.IMetric;
}

/**
 * Properties of `ApiAlarms`.
 */
export interface ApiAlarmsProps {
  /**
   * Name of the REST API: the `ApiName` dimension of its `AWS/ApiGateway` metrics (`RestApi.restApiName`).
   *
   * With `httpApiId` (an HTTP API), the API's name: it only names the alarms, the dashboard and the behaviour
   * namespace, as HTTP API metrics carry the API id instead.
   */
  readonly restApiName: string;

  /**
   * ID of an HTTP API (API Gateway v2) to watch instead of a REST API: the alarms read its metrics by the `ApiId`
   * and `Stage` dimensions, with the HTTP API metric names (`Count`, `4xx`, `5xx`, `Latency`).
   *
   * @default - a REST API, found by `restApiName`
   */
  readonly httpApiId?: string;

  /**
   * Name of the stage to watch: the `Stage` dimension of its metrics.
   */
  readonly stageName: string;

  /**
   * The log group that receives the stage's JSON access logs.
   *
   * When given, metric filters count 401, 403 and 429 responses and requests per API key and per OAuth client,
   * each with an anomaly alarm, and a Contributor Insights rule ranks the top callers by API key and IP.
   *
   * @default - no behaviour analysis
   */
  readonly accessLogGroup?: logs.ILogGroup;

  /**
   * The web ACL in front of the stage (for example an `ApiFirewall`).
   *
   * When given, an anomaly alarm watches blocked requests and a static alarm fires on any block by the
   * rate-based rule.
   *
   * @default - no WAF alarms
   */
  readonly firewall?: IFirewallMetrics;

  /**
   * The topic every alarm notifies on ALARM and on OK.
   *
   * @default - a new KMS-encrypted `AlertTopic` without subscriptions
   */
  readonly alertTopic?: sns.ITopic;

  /**
   * Width of the anomaly-detection band, in standard deviations. Wider bands alarm less often.
   *
   * A number between 0.1 and 10 (not a token: it is written into every alarm's band expression).
   *
   * @default 2
   */
  readonly bandWidth?: number;

  /**
   * Length of one evaluation period. A multiple of 60 seconds, at most one day.
   *
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;

  /**
   * Number of most recent periods each alarm evaluates (the "N" of "M out of N").
   *
   * An integer of at least 1; `evaluationPeriods` × `period` must not exceed one day.
   *
   * @default 5
   */
  readonly evaluationPeriods?: number;

  /**
   * Number of breaching periods, among `evaluationPeriods`, that put an alarm into ALARM (the "M" of "M out of N").
   *
   * An integer between 1 and `evaluationPeriods`. The rate-rule alarm always uses 1 of 1.
   *
   * @default - 3, or `evaluationPeriods` when that is lower
   */
  readonly datapointsToAlarm?: number;

  /**
   * How alarms treat periods without data. API Gateway publishes no data points for a stage without traffic.
   *
   * @default TreatMissingData.NOT_BREACHING
   */
  readonly treatMissingData?: cloudwatch.TreatMissingData;

  /**
   * Static fallback for new APIs whose anomaly model has no history: alarm when 5XX responses exceed this percentage
   * of requests for `datapointsToAlarm` of `evaluationPeriods` periods.
   *
   * Greater than 0 and at most 100.
   *
   * @default 5
   */
  readonly fiveXxRateThresholdPercent?: number;

  /**
   * Static fallback for new APIs: alarm when p99 latency exceeds this many milliseconds for `datapointsToAlarm` of
   * `evaluationPeriods` periods.
   *
   * Between 1 and 300000.
   *
   * @default 5000
   */
  readonly latencyP99ThresholdMs?: number;

  /**
   * Add an "API unhealthy" composite alarm that is in ALARM while any of the 5XX, latency or traffic-drop alarms is.
   * Subscribe pagers to it to cut noise.
   *
   * @default false
   */
  readonly compositeAlarm?: boolean;

  /**
   * Create a CloudWatch dashboard with traffic, errors, latency, WAF blocks, caller behaviour and alarm states.
   *
   * @default true
   */
  readonly dashboard?: boolean;

  /**
   * Name of the dashboard.
   *
   * @default - a name generated by CloudFormation
   */
  readonly dashboardName?: string;

  /**
   * Prefix of every alarm name and of the Contributor Insights rule name. Printable ASCII, up to 100 characters.
   *
   * @default - `<restApiName>-<stageName>`
   */
  readonly alarmNamePrefix?: string;

  /**
   * The CloudWatch namespace of the behaviour metrics published by the access-log metric filters.
   *
   * @default - `ApiBaseline/<restApiName>/<stageName>` (characters not allowed in a namespace become `-`)
   */
  readonly behaviourNamespace?: string;
}

/** Key of an anomaly model: metric identity plus statistic. */
interface ModelKey {
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: cloudwatch.Dimension[];
  readonly statistic: string;
}

/**
 * CloudWatch alarms with real-time alerts for one REST API stage.
 *
 * - Anomaly-detection band alarms (each on an `AWS::CloudWatch::AnomalyDetector` model) on request count (too high
 *   and too low), 4XX and 5XX errors and p99 latency, plus static fallbacks for new APIs whose models have no history
 *   yet: 5XX rate above a percentage and p99 latency above a threshold.
 * - With a `firewall`: an anomaly alarm on blocked requests and an alarm on any rate-rule block.
 * - With an `accessLogGroup`: behaviour analysis (`BehaviourFilters`) with anomaly alarms on 401s (credential
 *   stuffing), 403s (probing), 429s (scraping), requests with API keys (key abuse) and requests by OAuth clients.
 * - Every alarm notifies the alert topic on ALARM and on OK; its description says what to check first.
 * - Optionally an "API unhealthy" composite alarm; by default a dashboard (`ApiDashboard`).
 */
export class ApiAlarms extends Construct {
  /**
   * A metric of a REST API stage in the `AWS/ApiGateway` namespace.
   *
   * @param apiName the `ApiName` dimension
   * @param stageName the `Stage` dimension
   * @param metricName for example `Count`, `4XXError`, `5XXError`, `Latency`, `IntegrationLatency`
   * @param props statistic, period and other options; the statistic defaults to `Sum`
   */
  public static metricFor(apiName: string, stageName: string, metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/ApiGateway',
      metricName,
      dimensionsMap: { ApiName: apiName, Stage: stageName },
      statistic: cloudwatch.Stats.SUM,
      ...props,
    });
  }

  /**
   * A metric of an HTTP API stage in the `AWS/ApiGateway` namespace.
   *
   * @param apiId the `ApiId` dimension
   * @param stageName the `Stage` dimension (`$default` for the default stage)
   * @param metricName for example `Count`, `Latency`, `IntegrationLatency`, `4xx`, `5xx`; the REST names
   *   `4XXError` and `5XXError` are read as `4xx` and `5xx`
   * @param props statistic, period and other options; the statistic defaults to `Sum`
   */
  public static httpMetricFor(apiId: string, stageName: string, metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: 'AWS/ApiGateway',
      metricName: httpMetricName(metricName),
      dimensionsMap: { ApiId: apiId, Stage: stageName },
      statistic: cloudwatch.Stats.SUM,
      ...props,
    });
  }

  /** The topic every alarm notifies. */
  public readonly alertTopic: sns.ITopic;

  /** Every metric alarm this construct created (not the composite). */
  public readonly alarms: cloudwatch.Alarm[] = [];

  /** The anomaly-detection models behind the band alarms, one per metric and statistic. */
  public readonly anomalyDetectors: cloudwatch.CfnAnomalyDetector[] = [];

  /** Request count above its anomaly band (surge, attack, runaway client). */
  public readonly requestCountHighAlarm: cloudwatch.Alarm;
  /** Request count below its anomaly band (outage upstream, DNS, blocked clients). */
  public readonly requestCountLowAlarm: cloudwatch.Alarm;
  /** 4XX errors above their anomaly band. */
  public readonly clientErrorAlarm: cloudwatch.Alarm;
  /** 5XX errors above their anomaly band. */
  public readonly serverErrorAlarm: cloudwatch.Alarm;
  /** p99 latency above its anomaly band. */
  public readonly latencyAlarm: cloudwatch.Alarm;
  /** Static fallback: 5XX rate above `fiveXxRateThresholdPercent`. */
  public readonly serverErrorRateAlarm: cloudwatch.Alarm;
  /** Static fallback: p99 latency above `latencyP99ThresholdMs`. */
  public readonly latencyThresholdAlarm: cloudwatch.Alarm;

  /** WAF blocked requests above their anomaly band (only with `firewall`). */
  public readonly blockedRequestsAlarm?: cloudwatch.Alarm;
  /** Any request blocked by the WAF rate-based rule (only with `firewall`). */
  public readonly rateRuleAlarm?: cloudwatch.Alarm;

  /** The access-log metric filters and Contributor Insights rule (only with `accessLogGroup`). */
  public readonly behaviour?: BehaviourFilters;
  /** 401 responses above their anomaly band (only with `accessLogGroup`). */
  public readonly unauthorizedAlarm?: cloudwatch.Alarm;
  /** 403 responses above their anomaly band (only with `accessLogGroup`). */
  public readonly forbiddenAlarm?: cloudwatch.Alarm;
  /** 429 responses above their anomaly band (only with `accessLogGroup`). */
  public readonly throttledAlarm?: cloudwatch.Alarm;
  /** Requests with API keys above their anomaly band (only with `accessLogGroup`). */
  public readonly apiKeyRequestsAlarm?: cloudwatch.Alarm;
  /** Requests by OAuth clients above their anomaly band (only with `accessLogGroup`). */
  public readonly clientRequestsAlarm?: cloudwatch.Alarm;

  /** The "API unhealthy" composite alarm (only with `compositeAlarm: true`). */
  public readonly unhealthyAlarm?: cloudwatch.CompositeAlarm;

  /** The dashboard (unless `dashboard: false`). */
  public readonly dashboard?: ApiDashboard;

  private readonly restApiName: string;
  private readonly httpApiId?: string;
  private readonly stageName: string;
  private readonly period: Duration;
  private readonly bandWidth: number;
  private readonly evaluationPeriods: number;
  private readonly datapointsToAlarm: number;
  private readonly treatMissingData: cloudwatch.TreatMissingData;
  private readonly prefix: string;
  private readonly action: SnsAction;
  private readonly models = new Map<string, cloudwatch.CfnAnomalyDetector>();

  constructor(scope: Construct, id: string, props: ApiAlarmsProps) {
    super(scope, id);

    checkNonEmpty('restApiName', props.restApiName);
    checkNonEmpty('stageName', props.stageName);
    this.restApiName = props.restApiName;
    if (props.httpApiId !== undefined) checkNonEmpty('httpApiId', props.httpApiId);
    this.httpApiId = props.httpApiId;
    this.stageName = props.stageName;

    this.period = props.period ?? Duration.minutes(5);
    const periodSeconds = validatePeriod(this.period);

    this.bandWidth = props.bandWidth ?? 2;
    checkRange('bandWidth', this.bandWidth, 0.1, 10);

    this.evaluationPeriods = props.evaluationPeriods ?? 5;
    checkIntegerRange('evaluationPeriods', this.evaluationPeriods, 1, 1440);
    if (periodSeconds !== undefined && !Token.isUnresolved(this.evaluationPeriods)
      && this.evaluationPeriods * periodSeconds > 86_400) {
      throw invalidProp('evaluationPeriods', this.evaluationPeriods,
        `times "period" (${periodSeconds} s) must not exceed 86400 seconds (one day)`);
    }

    const maxDatapoints = Token.isUnresolved(this.evaluationPeriods) ? 1440 : this.evaluationPeriods;
    this.datapointsToAlarm = props.datapointsToAlarm ?? Math.min(3, maxDatapoints);
    if (!Token.isUnresolved(this.datapointsToAlarm)
      && (!Number.isInteger(this.datapointsToAlarm) || this.datapointsToAlarm < 1 || this.datapointsToAlarm > maxDatapoints)) {
      throw invalidProp('datapointsToAlarm', this.datapointsToAlarm,
        `must be an integer between 1 and "evaluationPeriods" (${maxDatapoints})`);
    }

    this.treatMissingData = props.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING;

    const fiveXxRate = props.fiveXxRateThresholdPercent ?? 5;
    if (!Token.isUnresolved(fiveXxRate) && (!Number.isFinite(fiveXxRate) || fiveXxRate <= 0 || fiveXxRate > 100)) {
      throw invalidProp('fiveXxRateThresholdPercent', fiveXxRate, 'must be greater than 0 and at most 100');
    }
    const latencyThreshold = props.latencyP99ThresholdMs ?? 5000;
    checkRange('latencyP99ThresholdMs', latencyThreshold, 1, 300_000);

    this.prefix = props.alarmNamePrefix ?? `${props.restApiName}-${props.stageName}`;
    if (props.alarmNamePrefix !== undefined && !Token.isUnresolved(props.alarmNamePrefix)
      && !/^[\x20-\x7E]{1,100}$/.test(props.alarmNamePrefix)) {
      throw invalidProp('alarmNamePrefix', props.alarmNamePrefix, 'must be 1-100 printable ASCII characters');
    }

    this.alertTopic = props.alertTopic ?? new AlertTopic(this, 'AlertTopic', {});
    this.action = new SnsAction(this.alertTopic);

    // Traffic, errors and latency: anomaly bands.
    const count = this.apiMetric('Count');
    this.requestCountHighAlarm = this.anomalyAlarm('RequestCountHigh', count, cloudwatch.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
      'Request count is above its normal band',
      'Open the top-callers Contributor Insights rule and the WAF dashboard to see whether one API key, client or IP drives the surge; then check client releases and campaigns.');
    this.requestCountLowAlarm = this.anomalyAlarm('RequestCountLow', count, cloudwatch.ComparisonOperator.LESS_THAN_LOWER_THRESHOLD,
      'Request count is below its normal band',
      'Check DNS and custom-domain health, recent client releases, and whether the WAF or a usage plan started rejecting legitimate callers.');
    this.clientErrorAlarm = this.anomalyAlarm('4XXErrorAnomaly', this.apiMetric('4XXError'), cloudwatch.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
      '4XX errors are above their normal band',
      'Query the access logs for the dominant status (401, 403, 429, 400) and resourcePath; check recent API or client releases that changed a contract.');
    this.serverErrorAlarm = this.anomalyAlarm('5XXErrorAnomaly', this.apiMetric('5XXError'), cloudwatch.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
      '5XX errors are above their normal band',
      'Check recent deployments and the 5XX lines of the access log (errorMessage, integrationLatency), then the backend logs; roll back if a deployment matches.');
    const p99 = this.apiMetric('Latency', { statistic: cloudwatch.Stats.p(99) });
    this.latencyAlarm = this.anomalyAlarm('LatencyP99Anomaly', p99, cloudwatch.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
      'p99 latency is above its normal band',
      'Compare IntegrationLatency with Latency to tell backend from gateway time; check backend throttling, cold starts and recent deployments.');

    // Static fallbacks for APIs without history.
    const fiveXxRateMetric = new cloudwatch.MathExpression({
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: { errors: this.apiMetric('5XXError'), requests: count },
      period: this.period,
      label: '5XX error rate (%)',
    });
    this.serverErrorRateAlarm = this.staticAlarm('5XXErrorRate', fiveXxRateMetric, fiveXxRate,
      `5XX responses are above ${fiveXxRate}% of requests`,
      'Check recent deployments and the 5XX lines of the access log (errorMessage, integrationLatency), then the backend logs; roll back if a deployment matches.');
    this.latencyThresholdAlarm = this.staticAlarm('LatencyP99Threshold', p99, latencyThreshold,
      `p99 latency is above ${latencyThreshold} ms`,
      'Compare IntegrationLatency with Latency to tell backend from gateway time; check backend throttling, timeouts and recent deployments.');

    // WAF.
    if (props.firewall) {
      this.blockedRequestsAlarm = this.anomalyAlarm('WafBlockedRequestsAnomaly',
        props.firewall.metricBlockedRequests({ period: this.period, statistic: cloudwatch.Stats.SUM }),
        cloudwatch.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD,
        'Requests blocked by the web ACL are above their normal band',
        'Read the WAF logs for the terminating rule and source IPs: many IPs on one rule suggests an attack; one known client suggests a false positive to fix with a scoped rule exclusion.');
      this.rateRuleAlarm = this.staticAlarm('WafRateRuleBlocks',
        props.firewall.metricRuleBlockedRequests(props.firewall.rateRuleName, { period: this.period, statistic: cloudwatch.Stats.SUM }),
        0,
        'The WAF rate-based rule blocked requests',
        'Read the WAF logs for the blocked IPs and their user agents; block or contact the caller, or raise the rate limit if the traffic is legitimate.',
        1, 1);
    }

    // Behaviour analysis on the access logs.
    if (props.accessLogGroup) {
      const behaviour = new BehaviourFilters(this, 'Behaviour', {
        accessLogGroup: props.accessLogGroup,
        namespace: props.behaviourNamespace
          ?? `ApiBaseline/${sanitizeName(props.restApiName)}/${sanitizeName(props.stageName)}`,
        topCallersRuleName: `${this.prefix}-TopCallers`,
        period: this.period,
      });
      this.behaviour = behaviour;
      const upper = cloudwatch.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD;
      this.unauthorizedAlarm = this.anomalyAlarm('Unauthorized401Anomaly', behaviour.metricUnauthorized(), upper,
        '401 responses are above their normal band: possible credential stuffing or token guessing',
        `Open the ${behaviour.topCallersRuleName} Contributor Insights rule and the access logs (status 401) for the source IPs; block them in the WAF and rotate any credential that leaked.`);
      this.forbiddenAlarm = this.anomalyAlarm('Forbidden403Anomaly', behaviour.metricForbidden(), upper,
        '403 responses are above their normal band: callers probing for resources or scopes they do not hold',
        'Query the access logs (status 403) for principalId, clientId and resourcePath; revoke the tokens of a caller that walks through object ids or scopes.');
      this.throttledAlarm = this.anomalyAlarm('Throttled429Anomaly', behaviour.metricThrottled(), upper,
        '429 responses are above their normal band: possible scraping or key abuse hitting throttles',
        `Open the ${behaviour.topCallersRuleName} Contributor Insights rule for the API key and IP; check that key's usage plan, then rotate or disable the key if it is abused.`);
      this.apiKeyRequestsAlarm = this.anomalyAlarm('ApiKeyRequestsAnomaly', behaviour.metricApiKeyRequests(), upper,
        'Requests with API keys are above their normal band: possible key abuse or a leaked key',
        `Open the ${behaviour.topCallersRuleName} Contributor Insights rule and the RequestsByApiKey graph to find the key and its source IPs; rotate the key if it is used from unexpected IPs.`);
      this.clientRequestsAlarm = this.anomalyAlarm('ClientRequestsAnomaly', behaviour.metricClientRequests(), upper,
        'Requests by OAuth clients are above their normal band: possible scraping',
        'Find the client on the RequestsByClientId graph; check its scopes and recent releases, and revoke its tokens or disable the client if it scrapes.');
    }

    if (props.compositeAlarm ?? false) {
      const unhealthy = new cloudwatch.CompositeAlarm(this, 'ApiUnhealthy', {
        compositeAlarmName: `${this.prefix}-ApiUnhealthy`,
        alarmDescription: 'The API is unhealthy: server errors, latency or a traffic drop are out of their normal range. '
          + 'First check: which child alarm is in ALARM, then recent deployments and the 5XX lines of the access log.',
        alarmRule: cloudwatch.AlarmRule.anyOf(
          this.serverErrorAlarm, this.serverErrorRateAlarm, this.latencyAlarm, this.latencyThresholdAlarm,
          this.requestCountLowAlarm),
      });
      unhealthy.addAlarmAction(this.action);
      unhealthy.addOkAction(this.action);
      this.unhealthyAlarm = unhealthy;
    }

    if (props.dashboard ?? true) {
      this.dashboard = new ApiDashboard(this, 'Dashboard', {
        restApiName: props.restApiName,
        httpApiId: props.httpApiId,
        stageName: props.stageName,
        dashboardName: props.dashboardName,
        period: this.period,
        bandWidth: this.bandWidth,
        firewall: props.firewall,
        behaviour: this.behaviour,
        alarms: [...this.alarms, ...(this.unhealthyAlarm ? [this.unhealthyAlarm] : [])],
      });
    }
  }

  private apiMetric(metricName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    if (this.httpApiId !== undefined) {
      return ApiAlarms.httpMetricFor(this.httpApiId, this.stageName, metricName, { period: this.period, ...props });
    }
    return ApiAlarms.metricFor(this.restApiName, this.stageName, metricName, { period: this.period, ...props });
  }

  private anomalyAlarm(id: string, metric: cloudwatch.IMetric, comparisonOperator: cloudwatch.ComparisonOperator,
    what: string, firstCheck: string): cloudwatch.Alarm {
    const alarm = new cloudwatch.AnomalyDetectionAlarm(this, id, {
      alarmName: `${this.prefix}-${id}`,
      alarmDescription: `${what} (${this.bandWidth} standard deviations). First check: ${firstCheck}`,
      metric,
      stdDevs: this.bandWidth,
      comparisonOperator,
      evaluationPeriods: this.evaluationPeriods,
      datapointsToAlarm: this.datapointsToAlarm,
      treatMissingData: this.treatMissingData,
    });
    const model = this.modelFor(metric);
    if (model) alarm.node.addDependency(model);
    return this.notify(alarm);
  }

  private staticAlarm(id: string, metric: cloudwatch.IMetric, threshold: number, what: string, firstCheck: string,
    evaluationPeriods = this.evaluationPeriods, datapointsToAlarm = this.datapointsToAlarm): cloudwatch.Alarm {
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmName: `${this.prefix}-${id}`,
      alarmDescription: `${what}. First check: ${firstCheck}`,
      metric,
      threshold,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm,
      treatMissingData: this.treatMissingData,
    });
    return this.notify(alarm);
  }

  private notify(alarm: cloudwatch.Alarm): cloudwatch.Alarm {
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  /** The anomaly model of a plain metric, created once per metric and statistic; none for math expressions. */
  private modelFor(metric: cloudwatch.IMetric): cloudwatch.CfnAnomalyDetector | undefined {
    const stat = metric.toMetricConfig().metricStat;
    if (!stat) return undefined;
    const key: ModelKey = {
      namespace: stat.namespace,
      metricName: stat.metricName,
      dimensions: stat.dimensions ?? [],
      statistic: stat.statistic,
    };
    const keyString = JSON.stringify(key);
    const existing = this.models.get(keyString);
    if (existing) return existing;
    const model = new cloudwatch.CfnAnomalyDetector(this, `Model${this.models.size}`, {
      singleMetricAnomalyDetector: {
        namespace: key.namespace,
        metricName: key.metricName,
        dimensions: key.dimensions.length > 0
          ? key.dimensions.map((d) => ({ name: d.name, value: String(d.value) }))
          : undefined,
        stat: key.statistic,
      },
    });
    this.models.set(keyString, model);
    this.anomalyDetectors.push(model);
    return model;
  }
}

function checkNonEmpty(prop: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidProp(prop, value, 'must be a non-empty string');
  }
}

/** Returns the period in seconds, or undefined for a token; throws unless it is a multiple of 60 s up to one day. */
function validatePeriod(period: Duration): number | undefined {
  if (period.isUnresolved()) return undefined;
  const seconds = period.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 60 || seconds > 86_400 || seconds % 60 !== 0) {
    throw invalidProp('period', `${seconds} seconds`, 'must be a multiple of 60 seconds between 60 and 86400');
  }
  return seconds;
}
