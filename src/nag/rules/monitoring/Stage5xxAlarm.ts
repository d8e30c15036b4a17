import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList, valueKey } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, SubjectView, unverifiable } from '../../rule';
import { isIntrinsic, refId, StackIndex } from '../../stack-index';

/** The metrics that count server-side errors: REST APIs, HTTP APIs, WebSocket APIs. */
const SERVER_ERROR_METRICS = ['5XXError', '5xx', 'IntegrationError', 'ExecutionError'];

/** The 5XX alarms of a stack, by the API and stage they watch. */
interface ServerErrorAlarms {
  /** `<api name key>|<stage key>`, or `<api name key>|*` for an alarm on the whole API. */
  readonly watched: Set<string>;
  /** True when the stack has at least one 5XXError alarm. */
  readonly any: boolean;
  /** True when a 5XXError alarm names its API or stage with a value only known at deploy time. */
  readonly someUntied: boolean;
}

/** The key of a dimension value: references by logical id, literals by value. */
function dimensionKey(value: unknown): string {
  const id = refId(value);
  return id !== undefined ? valueKey({ Ref: id }) : valueKey(value);
}

/** The metrics an alarm reads: its single metric, or every `MetricStat` of a metric-math / anomaly alarm. */
function alarmMetrics(props: any): any[] {
  if (props.MetricName !== undefined) {
    return [{ Namespace: props.Namespace, MetricName: props.MetricName, Dimensions: props.Dimensions }];
  }
  return asList(props.Metrics).map((m) => m?.MetricStat?.Metric).filter((m) => m !== undefined);
}

/** Reads every alarm once; each stage is then answered with one lookup. */
function serverErrorAlarms(index: StackIndex): ServerErrorAlarms {
  return index.memo('monitoring:5xx-alarms', () => {
    const watched = new Set<string>();
    let any = false;
    let someUntied = false;
    const { created, undecided } = index.protectors('AWS::CloudWatch::Alarm');
    // an alarm under a condition that cannot be decided may or may not exist
    if (undecided.length > 0) someUntied = true;
    for (const alarm of created) {
      if (isIntrinsic(alarm.props.Metrics)) someUntied = true;
      for (const metric of alarmMetrics(alarm.props)) {
        if (isIntrinsic(metric) || isIntrinsic(metric.MetricName) || isIntrinsic(metric.Namespace)) {
          someUntied = true;
          continue;
        }
        if (metric.Namespace !== 'AWS/ApiGateway' || !SERVER_ERROR_METRICS.includes(metric.MetricName)) continue;
        any = true;
        const dims = asList(metric.Dimensions);
        if (isIntrinsic(metric.Dimensions) || dims.some((d) => isIntrinsic(d) || isIntrinsic(d.Name))) {
          someUntied = true;
          continue;
        }
        // an alarm on one resource or method does not watch the whole stage
        if (dims.some((d) => d.Name !== 'ApiName' && d.Name !== 'ApiId' && d.Name !== 'Stage')) continue;
        const apiName = dims.find((d) => d.Name === 'ApiName')?.Value;
        const apiId = dims.find((d) => d.Name === 'ApiId')?.Value;
        const stage = dims.find((d) => d.Name === 'Stage')?.Value;
        if (apiName === undefined && apiId === undefined) continue;
        for (const v of [apiName, apiId, stage]) {
          if (isIntrinsic(v) && index.target(v) === undefined) someUntied = true;
        }
        const api = apiName !== undefined ? `name:${dimensionKey(apiName)}` : `id:${dimensionKey(apiId)}`;
        watched.add(`${api}|${stage === undefined ? '*' : dimensionKey(stage)}`);
      }
    }
    return { watched, any, someUntied };
  });
}

/**
 * The key an alarm names the stage's API by: the `ApiName` dimension of a REST API (its name), the `ApiId`
 * dimension of a v2 API; undefined when it is not readable in this stack.
 */
function apiDimensionKey(stage: SubjectView, index: StackIndex): string | undefined {
  if (stage.kind === 'HTTP' || stage.kind === 'WEBSOCKET') {
    const id = stage.props.RestApiId;
    return id === undefined ? undefined : `id:${dimensionKey(id)}`;
  }
  const api = index.target(stage.props.RestApiId);
  if (!api || api.type !== 'AWS::ApiGateway::RestApi') return undefined;
  const name = api.props.Name ?? api.props.Body?.info?.title;
  return name === undefined ? undefined : `name:${dimensionKey(name)}`;
}

/** Every API Gateway stage has a CloudWatch alarm (static, metric math or anomaly detection) on its 5XXError metric. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.MONITORING,
  owasp: 'API10:2023 Unsafe Consumption of APIs',
  resourceTypes: [],
  subject: 'stage',
  info: 'The API Gateway stage has no CloudWatch alarm on its server-error metric (5XXError; 5xx on HTTP APIs; IntegrationError or ExecutionError on WebSocket APIs).',
  explanation:
    'A rise in server errors is how failing or abused backends and upstream APIs show up first; without an alarm it is noticed by callers, not by the team. The alarm must use the AWS/ApiGateway 5XXError metric with the `ApiName` of the REST API and the stage (or no `Stage` dimension, which covers every stage).',
  cfnFix: 'Create an `AWS::CloudWatch::Alarm` on the stage\'s server-error metric (`AWS/ApiGateway` `5XXError` with the `ApiName` and `Stage` dimensions; `5xx` with `ApiId` and `Stage` for HTTP APIs), with a static threshold or an anomaly-detection band (`ThresholdMetricId` and `ANOMALY_DETECTION_BAND`), in the same template as the stage.',
  fix: 'Create an alarm from `stage.metricServerError()` (a static threshold) or an anomaly-detection alarm on it (`ANOMALY_DETECTION_BAND`), in the same stack as the stage.',
  check: (stage, index) => {
    const alarms = serverErrorAlarms(index);
    if (!alarms.any && !alarms.someUntied) return NagRuleCompliance.NON_COMPLIANT;
    const api = apiDimensionKey(stage, index);
    if (api === undefined) return unverifiable('the name of the stage\'s REST API is not known in this stack');
    const stageKeys = ['*', valueKey({ Ref: stage.logicalId })];
    if (stage.props.StageName !== undefined) stageKeys.push(dimensionKey(stage.props.StageName));
    if (stageKeys.some((k) => alarms.watched.has(`${api}|${k}`))) return NagRuleCompliance.COMPLIANT;
    if (alarms.someUntied) return unverifiable('a 5XXError alarm in the stack names its API or stage with a value only known at deploy time');
    return NagRuleCompliance.NON_COMPLIANT;
  },
});
