import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { AlarmSettings, resolveAlarmSettings } from './alarm-settings';
import { ALARM_TABLE, AlarmMetricSources, AlarmRow, alarmText, ApiShape, UNHEALTHY_ALARM } from './alarm-table';
import { AlertTopic } from './alert-topic';
import { ApiDashboard } from './api-dashboard';
import { BehaviourFilters } from './behaviour-filters';
import { notifyAlarmAndOk } from '../private/alarm-actions';
import { sanitizeName } from '../private/namespace';
import { stageMetric } from '../private/stage-metric';
import { withConstructPath } from '../private/validation';

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
 * CloudWatch alarms with real-time alerts for one API Gateway stage: a REST API, or an HTTP API with `httpApiId`.
 *
 * The alarms are the rows of one alarm table (the README's "What fires when" is rendered from it).
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
    return stageMetric({ restApiName: apiName, stageName }, metricName, props);
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
    return stageMetric({ restApiName: apiId, httpApiId: apiId, stageName }, metricName, props);
  }

  /** The topic every alarm notifies. */
  public readonly alertTopic: sns.ITopic;

  /** Every metric alarm this construct created (not the composite). */
  public readonly alarms: cloudwatch.Alarm[] = [];

  /** The anomaly-detection models behind the band alarms, one per metric and statistic. */
  public readonly anomalyDetectors: cloudwatch.CfnAnomalyDetector[] = [];

  /** Request count above its anomaly band (surge, attack, runaway client). */
  public readonly requestCountHighAlarm!: cloudwatch.Alarm;
  /** Request count below its anomaly band (outage upstream, DNS, blocked clients). */
  public readonly requestCountLowAlarm!: cloudwatch.Alarm;
  /** 4XX errors above their anomaly band. */
  public readonly clientErrorAlarm!: cloudwatch.Alarm;
  /** 5XX errors above their anomaly band. */
  public readonly serverErrorAlarm!: cloudwatch.Alarm;
  /** p99 latency above its anomaly band. */
  public readonly latencyAlarm!: cloudwatch.Alarm;
  /** Static fallback: 5XX rate above `fiveXxRateThresholdPercent`. */
  public readonly serverErrorRateAlarm!: cloudwatch.Alarm;
  /** Static fallback: p99 latency above `latencyP99ThresholdMs`. */
  public readonly latencyThresholdAlarm!: cloudwatch.Alarm;

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

  private readonly settings: AlarmSettings;
  private readonly action: SnsAction;
  private readonly models = new Map<string, cloudwatch.CfnAnomalyDetector>();

  constructor(scope: Construct, id: string, props: ApiAlarmsProps) {
    super(scope, id);
    try {
      const settings = resolveAlarmSettings(props);
      this.settings = settings;
      this.alertTopic = props.alertTopic ?? new AlertTopic(this, 'AlertTopic', {});
      this.action = new SnsAction(this.alertTopic);

      const topCallersRule = `${settings.prefix}-TopCallers`;
      const sources: AlarmMetricSources = {
        stage: (metricName, options) => stageMetric(props, metricName, { period: settings.period, ...options }),
        firewall: props.firewall,
        period: settings.period,
        behaviour: () => {
          if (!this.behaviour && props.accessLogGroup) {
            Object.assign(this, {
              behaviour: new BehaviourFilters(this, 'Behaviour', {
                accessLogGroup: props.accessLogGroup,
                namespace: props.behaviourNamespace
                  ?? `ApiBaseline/${sanitizeName(props.restApiName)}/${sanitizeName(props.stageName)}`,
                topCallersRuleName: topCallersRule,
                period: settings.period,
              }),
            });
          }
          return this.behaviour;
        },
      };
      const shape: ApiShape = props.httpApiId !== undefined ? 'HTTP' : 'REST';
      const present = { firewall: props.firewall !== undefined, accessLogGroup: props.accessLogGroup !== undefined };
      const created = new Map<string, cloudwatch.Alarm>();
      for (const row of ALARM_TABLE) {
        if ((row.needs && !present[row.needs]) || !row.shapes.includes(shape)) continue;
        const threshold = row.threshold?.prop ? settings[row.threshold.prop] : row.threshold?.value;
        const alarm = this.alarmFor(row, row.metric.build(sources)!, threshold,
          alarmText(row.firstCheck, { topCallersRule }));
        created.set(row.id, alarm);
        Object.assign(this, { [row.property]: alarm });
      }
      // Behaviour analysis runs with access logs even if no alarm row of this API shape reads it.
      if (props.accessLogGroup) sources.behaviour();

      if (props.compositeAlarm ?? false) {
        const unhealthy = new cloudwatch.CompositeAlarm(this, UNHEALTHY_ALARM.id, {
          compositeAlarmName: `${settings.prefix}-${UNHEALTHY_ALARM.id}`,
          alarmDescription: `${UNHEALTHY_ALARM.what}. First check: ${UNHEALTHY_ALARM.firstCheck}`,
          alarmRule: cloudwatch.AlarmRule.anyOf(...UNHEALTHY_ALARM.children.map((child) => created.get(child)!)),
        });
        notifyAlarmAndOk(this.action, unhealthy);
        this.unhealthyAlarm = unhealthy;
      }

      if (props.dashboard ?? true) {
        this.dashboard = new ApiDashboard(this, 'Dashboard', {
          restApiName: props.restApiName,
          httpApiId: props.httpApiId,
          stageName: props.stageName,
          dashboardName: props.dashboardName,
          period: settings.period,
          bandWidth: settings.bandWidth,
          firewall: props.firewall,
          behaviour: this.behaviour,
          alarms: [...this.alarms, ...(this.unhealthyAlarm ? [this.unhealthyAlarm] : [])],
        });
      }
    } catch (e) {
      throw withConstructPath(this, e);
    }
  }

  /** The alarm of one table row: a band alarm on the metric's anomaly model, or a static threshold alarm. */
  private alarmFor(row: AlarmRow, metric: cloudwatch.IMetric, threshold: number | undefined, firstCheck: string): cloudwatch.Alarm {
    const s = this.settings;
    const common = {
      alarmName: `${s.prefix}-${row.id}`,
      metric,
      evaluationPeriods: row.evaluation?.periods ?? s.evaluationPeriods,
      datapointsToAlarm: row.evaluation?.datapoints ?? s.datapointsToAlarm,
      treatMissingData: s.treatMissingData,
    };
    let alarm: cloudwatch.Alarm;
    if (row.band) {
      alarm = new cloudwatch.AnomalyDetectionAlarm(this, row.id, {
        ...common,
        alarmDescription: `${row.what} (${s.bandWidth} standard deviations). First check: ${firstCheck}`,
        stdDevs: s.bandWidth,
        comparisonOperator: row.band === 'above'
          ? cloudwatch.ComparisonOperator.GREATER_THAN_UPPER_THRESHOLD
          : cloudwatch.ComparisonOperator.LESS_THAN_LOWER_THRESHOLD,
      });
      const model = this.modelFor(metric);
      if (model) alarm.node.addDependency(model);
    } else {
      alarm = new cloudwatch.Alarm(this, row.id, {
        ...common,
        alarmDescription: `${alarmText(row.what, { threshold: String(threshold) })}. First check: ${firstCheck}`,
        threshold: threshold!,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      });
    }
    notifyAlarmAndOk(this.action, alarm);
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
