import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { checkNamespace } from '../private/namespace';
import { withConstructPath } from '../private/validation';

/**
 * Properties of `BehaviourFilters`.
 */
export interface BehaviourFiltersProps {
  /**
   * The log group that receives the stage's JSON access logs.
   *
   * Each line must be a JSON object with at least the fields `status` (a number), `apiKeyId`, `clientId` and `ip`,
   * as written by `SecureRestApi`.
   */
  readonly accessLogGroup: logs.ILogGroup;

  /**
   * The CloudWatch namespace the filters publish their metrics in.
   *
   * Must not start with `AWS/`.
   */
  readonly namespace: string;

  /**
   * Name of the Contributor Insights rule that ranks the top callers by API key and source IP.
   *
   * Rule names are unique per account and Region.
   */
  readonly topCallersRuleName: string;

  /**
   * The period of the metrics returned by the `metric*` methods.
   *
   * @default Duration.minutes(5)
   */
  readonly period?: Duration;
}

/**
 * Metric names the behaviour filters publish.
 */
export enum BehaviourMetric {
  /** Responses with status 401: missing, expired or forged credentials (credential stuffing, token guessing). */
  UNAUTHORIZED = 'Unauthorized401',
  /** Responses with status 403: valid callers asking for what they may not have (scope or object probing). */
  FORBIDDEN = 'Forbidden403',
  /** Responses with status 429: callers above their throttle or quota (scraping, key abuse). */
  THROTTLED = 'Throttled429',
  /** Requests that carried an API key, all keys together. */
  API_KEY_REQUESTS = 'ApiKeyRequests',
  /** Requests per API key, dimension `ApiKeyId`. */
  REQUESTS_BY_API_KEY = 'RequestsByApiKey',
  /** Requests made with an OAuth client token, all clients together. */
  CLIENT_REQUESTS = 'ClientRequests',
  /** Requests per OAuth client, dimension `ClientId`. */
  REQUESTS_BY_CLIENT_ID = 'RequestsByClientId',
}

/** Dimension name of the per-key metric. */
const API_KEY_DIMENSION = 'ApiKeyId';
/** Dimension name of the per-client metric. */
const CLIENT_DIMENSION = 'ClientId';

/**
 * Metric filters on a stage's JSON access logs that watch caller behaviour, and a Contributor Insights rule for the
 * top callers.
 *
 * Publishes, in `namespace`: counts of 401, 403 and 429 responses, requests that carried an API key (in total and
 * per key, dimension `ApiKeyId`) and requests made with an OAuth client token (in total and per client, dimension
 * `ClientId`). API Gateway writes `-` for a context variable that has no value, so requests without a key or client
 * are not counted as callers.
 *
 * Per-caller metrics are custom metrics billed per dimension value; CloudWatch Logs disables a filter that produces
 * more than 1,000 distinct dimension values in an hour.
 */
export class BehaviourFilters extends Construct {
  /** Matches responses with status 401. */
  public static unauthorizedPattern(): logs.IFilterPattern {
    return logs.FilterPattern.numberValue('$.status', '=', 401);
  }

  /** Matches responses with status 403. */
  public static forbiddenPattern(): logs.IFilterPattern {
    return logs.FilterPattern.numberValue('$.status', '=', 403);
  }

  /** Matches responses with status 429. */
  public static throttledPattern(): logs.IFilterPattern {
    return logs.FilterPattern.numberValue('$.status', '=', 429);
  }

  /** Matches requests that carried an API key. */
  public static apiKeyPattern(): logs.IFilterPattern {
    return presentPattern('$.apiKeyId');
  }

  /** Matches requests made with an OAuth client token (a `client_id` claim). */
  public static clientPattern(): logs.IFilterPattern {
    return presentPattern('$.clientId');
  }

  /** The namespace of the published metrics. */
  public readonly namespace: string;

  /** The metric filters, one per `BehaviourMetric`. */
  public readonly metricFilters: logs.MetricFilter[];

  /** The Contributor Insights rule that ranks callers by API key and source IP. */
  public readonly topCallersRule: cloudwatch.CfnInsightRule;

  /** The name of the Contributor Insights rule. */
  public readonly topCallersRuleName: string;

  private readonly period: Duration;

  constructor(scope: Construct, id: string, props: BehaviourFiltersProps) {
    super(scope, id);
    try {
      this.namespace = checkNamespace('namespace', props.namespace);
      this.period = props.period ?? Duration.minutes(5);
      this.topCallersRuleName = props.topCallersRuleName;

      const logGroup = props.accessLogGroup;
      /** A filter that counts matching lines: in total (a zero when none match) or per caller (`dimension`). */
      const filter = (filterId: string, metric: BehaviourMetric, pattern: logs.IFilterPattern,
        perCaller?: { dimension: string; field: string }) =>
        new logs.MetricFilter(this, filterId, {
          logGroup,
          filterPattern: pattern,
          metricNamespace: this.namespace,
          metricName: metric,
          metricValue: '1',
          ...(perCaller ? { dimensions: { [perCaller.dimension]: perCaller.field } } : { defaultValue: 0 }),
        });

      this.metricFilters = [
        filter('Unauthorized', BehaviourMetric.UNAUTHORIZED, BehaviourFilters.unauthorizedPattern()),
        filter('Forbidden', BehaviourMetric.FORBIDDEN, BehaviourFilters.forbiddenPattern()),
        filter('Throttled', BehaviourMetric.THROTTLED, BehaviourFilters.throttledPattern()),
        filter('ApiKeyRequests', BehaviourMetric.API_KEY_REQUESTS, BehaviourFilters.apiKeyPattern()),
        filter('RequestsByApiKey', BehaviourMetric.REQUESTS_BY_API_KEY, BehaviourFilters.apiKeyPattern(),
          { dimension: API_KEY_DIMENSION, field: '$.apiKeyId' }),
        filter('ClientRequests', BehaviourMetric.CLIENT_REQUESTS, BehaviourFilters.clientPattern()),
        filter('RequestsByClientId', BehaviourMetric.REQUESTS_BY_CLIENT_ID, BehaviourFilters.clientPattern(),
          { dimension: CLIENT_DIMENSION, field: '$.clientId' }),
      ];

      this.topCallersRule = new cloudwatch.CfnInsightRule(this, 'TopCallers', {
        ruleName: props.topCallersRuleName,
        ruleState: 'ENABLED',
        ruleBody: Stack.of(this).toJsonString({
          Schema: { Name: 'CloudWatchLogRule', Version: 1 },
          LogGroupNames: [logGroup.logGroupName],
          LogFormat: 'JSON',
          Contribution: {
            Keys: ['$.apiKeyId', '$.ip'],
            Filters: [],
          },
          AggregateOn: 'Count',
        }),
      });
    } catch (e) {
      throw withConstructPath(this, e);
    }
  }

  /**
   * A behaviour metric, summed over the period.
   *
   * For `REQUESTS_BY_API_KEY` and `REQUESTS_BY_CLIENT_ID` use `metricRequestsByApiKey` / `metricRequestsByClientId`:
   * those metrics exist only per caller.
   */
  public metric(metricName: BehaviourMetric, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: this.namespace,
      metricName,
      statistic: cloudwatch.Stats.SUM,
      period: this.period,
      ...props,
    });
  }

  /** Responses with status 401, summed over the period. */
  public metricUnauthorized(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(BehaviourMetric.UNAUTHORIZED, props);
  }

  /** Responses with status 403, summed over the period. */
  public metricForbidden(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(BehaviourMetric.FORBIDDEN, props);
  }

  /** Responses with status 429, summed over the period. */
  public metricThrottled(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(BehaviourMetric.THROTTLED, props);
  }

  /** Requests that carried an API key (all keys), summed over the period. */
  public metricApiKeyRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(BehaviourMetric.API_KEY_REQUESTS, props);
  }

  /** Requests made with an OAuth client token (all clients), summed over the period. */
  public metricClientRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(BehaviourMetric.CLIENT_REQUESTS, props);
  }

  /**
   * Requests made with one API key, summed over the period.
   *
   * @param apiKeyId the API key id (not its value), as in `$context.identity.apiKeyId`
   */
  public metricRequestsByApiKey(apiKeyId: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(BehaviourMetric.REQUESTS_BY_API_KEY, { ...props, dimensionsMap: { [API_KEY_DIMENSION]: apiKeyId } });
  }

  /**
   * Requests made by one OAuth client, summed over the period.
   *
   * @param clientId the app client id, as in the token's `client_id` claim
   */
  public metricRequestsByClientId(clientId: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric(BehaviourMetric.REQUESTS_BY_CLIENT_ID, { ...props, dimensionsMap: { [CLIENT_DIMENSION]: clientId } });
  }

  /**
   * A search expression that returns one series per API key (for graphs; alarms cannot use it).
   */
  public searchRequestsByApiKey(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.search(BehaviourMetric.REQUESTS_BY_API_KEY, API_KEY_DIMENSION, props);
  }

  /**
   * A search expression that returns one series per OAuth client (for graphs; alarms cannot use it).
   */
  public searchRequestsByClientId(props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    return this.search(BehaviourMetric.REQUESTS_BY_CLIENT_ID, CLIENT_DIMENSION, props);
  }

  private search(metricName: string, dimension: string, props?: cloudwatch.MathExpressionOptions): cloudwatch.MathExpression {
    const period = props?.period ?? this.period;
    return new cloudwatch.MathExpression({
      expression: `SEARCH('{${this.namespace},${dimension}} MetricName="${metricName}"', 'Sum', ${period.toSeconds()})`,
      usingMetrics: {},
      ...props,
      period,
    });
  }
}

/** A pattern that matches log events whose `field` has a value (API Gateway writes `-` for none). */
function presentPattern(field: string): logs.IFilterPattern {
  return logs.FilterPattern.all(
    logs.FilterPattern.stringValue(field, '!=', '-'),
    logs.FilterPattern.stringValue(field, '!=', ''),
  );
}
