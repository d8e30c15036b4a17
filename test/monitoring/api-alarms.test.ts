import { Duration, Lazy, Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { plainApiWithAccessLogs } from './plain-api';
import { ApiAlarms, ApiAlarmsProps, IFirewallMetrics } from '../../src/monitoring';
import { findings, templateOf, testStack } from '../util';

/** A stand-in web ACL that exposes the WAF metrics the alarms need. */
class FakeFirewall implements IFirewallMetrics {
  public readonly rateRuleName = 'RateLimitPerIp';
  public metricBlockedRequests(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metricRuleBlockedRequests('ALL', props);
  }
  public metricRuleBlockedRequests(ruleName: string, props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return new cloudwatch.Metric({
      namespace: 'AWS/WAFV2',
      metricName: 'BlockedRequests',
      dimensionsMap: { WebACL: 'orders-acl', Region: 'us-east-1', Rule: ruleName },
      ...props,
    });
  }
}

function build(props: Partial<ApiAlarmsProps> = {}, stack: Stack = testStack()) {
  const alarms = new ApiAlarms(stack, 'Alarms', { restApiName: 'orders', stageName: 'prod', ...props });
  return { stack, alarms, template: templateOf(stack) };
}

function buildFull(props: Partial<ApiAlarmsProps> = {}) {
  const stack = testStack();
  const accessLogGroup = new logs.LogGroup(stack, 'AccessLogs');
  return build({ accessLogGroup, firewall: new FakeFirewall(), ...props }, stack);
}

/** Alarms of the template keyed by alarm name. */
function alarmsByName(template: Template): Record<string, any> {
  const out: Record<string, any> = {};
  for (const [logicalId, r] of Object.entries(template.findResources('AWS::CloudWatch::Alarm'))) {
    out[r.Properties.AlarmName] = { logicalId, ...r };
  }
  return out;
}

/** The plain metric (MetricStat) of an anomaly alarm. */
function statOf(alarm: any): any {
  return alarm.Properties.Metrics.find((m: any) => m.MetricStat).MetricStat;
}

const API_ANOMALY_ALARMS: Array<[string, string, string, string]> = [
  ['orders-prod-RequestCountHigh', 'Count', 'Sum', 'GreaterThanUpperThreshold'],
  ['orders-prod-RequestCountLow', 'Count', 'Sum', 'LessThanLowerThreshold'],
  ['orders-prod-4XXErrorAnomaly', '4XXError', 'Sum', 'GreaterThanUpperThreshold'],
  ['orders-prod-5XXErrorAnomaly', '5XXError', 'Sum', 'GreaterThanUpperThreshold'],
  ['orders-prod-LatencyP99Anomaly', 'Latency', 'p99', 'GreaterThanUpperThreshold'],
];

const BEHAVIOUR_ALARMS: Array<[string, string, RegExp]> = [
  ['orders-prod-Unauthorized401Anomaly', 'Unauthorized401', /credential stuffing/],
  ['orders-prod-Forbidden403Anomaly', 'Forbidden403', /probing/],
  ['orders-prod-Throttled429Anomaly', 'Throttled429', /scraping or key abuse/],
  ['orders-prod-ApiKeyRequestsAnomaly', 'ApiKeyRequests', /key abuse or a leaked key/],
  ['orders-prod-ClientRequestsAnomaly', 'ClientRequests', /scraping/],
];

describe('ApiAlarms defaults', () => {
  test('creates five anomaly alarms and two static fallbacks for the stage', () => {
    const { template, alarms } = build();
    template.resourceCountIs('AWS::CloudWatch::Alarm', 7);
    expect(alarms.alarms).toHaveLength(7);
    expect(Object.keys(alarmsByName(template)).sort()).toEqual([
      ...API_ANOMALY_ALARMS.map((a) => a[0]), 'orders-prod-5XXErrorRate', 'orders-prod-LatencyP99Threshold',
    ].sort());
    expect(alarms.blockedRequestsAlarm).toBeUndefined();
    expect(alarms.behaviour).toBeUndefined();
    expect(alarms.unhealthyAlarm).toBeUndefined();
    template.resourceCountIs('AWS::CloudWatch::CompositeAlarm', 0);
    template.resourceCountIs('AWS::Logs::MetricFilter', 0);
  });

  test.each(API_ANOMALY_ALARMS)('%s is a band alarm on %s (%s)', (name, metricName, stat, operator) => {
    const { template } = build();
    const alarm = alarmsByName(template)[name];
    expect(alarm.Properties).toEqual(expect.objectContaining({
      ComparisonOperator: operator,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
      ThresholdMetricId: 'expr_1',
    }));
    expect(alarm.Properties.Threshold).toBeUndefined();
    expect(alarm.Properties.Metrics).toContainEqual(expect.objectContaining({
      Id: 'expr_1', Expression: 'ANOMALY_DETECTION_BAND(m0, 2)',
    }));
    expect(statOf(alarm)).toEqual({
      Metric: {
        Namespace: 'AWS/ApiGateway',
        MetricName: metricName,
        Dimensions: [{ Name: 'ApiName', Value: 'orders' }, { Name: 'Stage', Value: 'prod' }],
      },
      Period: 300,
      Stat: stat,
    });
  });

  test('one anomaly model per metric and statistic, matching the alarms, and alarms depend on their model', () => {
    const { template } = build();
    const models = template.findResources('AWS::CloudWatch::AnomalyDetector');
    const definitions = Object.values(models).map((m) => m.Properties.SingleMetricAnomalyDetector);
    expect(definitions).toHaveLength(4);
    const dims = [{ Name: 'ApiName', Value: 'orders' }, { Name: 'Stage', Value: 'prod' }];
    expect(definitions).toEqual(expect.arrayContaining([
      { Namespace: 'AWS/ApiGateway', MetricName: 'Count', Stat: 'Sum', Dimensions: dims },
      { Namespace: 'AWS/ApiGateway', MetricName: '4XXError', Stat: 'Sum', Dimensions: dims },
      { Namespace: 'AWS/ApiGateway', MetricName: '5XXError', Stat: 'Sum', Dimensions: dims },
      { Namespace: 'AWS/ApiGateway', MetricName: 'Latency', Stat: 'p99', Dimensions: dims },
    ]));
    const modelOf = Object.fromEntries(Object.entries(models).map(([id, m]) =>
      [`${m.Properties.SingleMetricAnomalyDetector.MetricName}/${m.Properties.SingleMetricAnomalyDetector.Stat}`, id]));
    const byName = alarmsByName(template);
    for (const [name, metricName, stat] of API_ANOMALY_ALARMS) {
      expect(byName[name].DependsOn).toContain(modelOf[`${metricName}/${stat}`]);
    }
  });

  test('5XX rate fallback: more than 5 % of requests for 3 of 5 periods', () => {
    const { template } = build();
    const alarm = alarmsByName(template)['orders-prod-5XXErrorRate'];
    expect(alarm.Properties).toEqual(expect.objectContaining({
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 5,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
    }));
    const metrics = alarm.Properties.Metrics;
    expect(metrics).toContainEqual(expect.objectContaining({
      Expression: 'IF(requests > 0, 100 * errors / requests, 0)', ReturnData: true,
    }));
    const names = Object.fromEntries(metrics.filter((m: any) => m.MetricStat).map((m: any) => [m.Id, m.MetricStat]));
    expect(names.errors).toEqual(expect.objectContaining({ Stat: 'Sum', Period: 300, Metric: expect.objectContaining({ MetricName: '5XXError' }) }));
    expect(names.requests).toEqual(expect.objectContaining({ Stat: 'Sum', Period: 300, Metric: expect.objectContaining({ MetricName: 'Count' }) }));
  });

  test('p99 latency fallback: above 5000 ms for 3 of 5 periods', () => {
    const { template } = build();
    expect(alarmsByName(template)['orders-prod-LatencyP99Threshold'].Properties).toEqual(expect.objectContaining({
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      ExtendedStatistic: 'p99',
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 5000,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
    }));
  });

  test('a KMS-encrypted alert topic receives ALARM and OK notifications of every alarm', () => {
    const { template } = buildFull({ compositeAlarm: true });
    const topics = template.findResources('AWS::SNS::Topic');
    expect(Object.keys(topics)).toHaveLength(1);
    const [topicId, topic] = Object.entries(topics)[0];
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    const all = {
      ...template.findResources('AWS::CloudWatch::Alarm'),
      ...template.findResources('AWS::CloudWatch::CompositeAlarm'),
    };
    expect(Object.keys(all)).toHaveLength(15);
    for (const r of Object.values(all)) {
      expect(r.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(r.Properties.OKActions).toEqual([{ Ref: topicId }]);
      expect(r.Properties.ActionsEnabled).not.toBe(false);
    }
  });

  test('descriptions say what happened and what to check first', () => {
    const { template } = buildFull();
    for (const alarm of Object.values(alarmsByName(template))) {
      expect(alarm.Properties.AlarmDescription).toMatch(/\. First check: \S/);
    }
    const byName = alarmsByName(template);
    expect(byName['orders-prod-5XXErrorAnomaly'].Properties.AlarmDescription).toMatch(/First check: Check recent deployments and the 5XX lines of the access log/);
    expect(byName['orders-prod-5XXErrorAnomaly'].Properties.AlarmDescription).toMatch(/\(2 standard deviations\)/);
    expect(byName['orders-prod-Unauthorized401Anomaly'].Properties.AlarmDescription).toMatch(/orders-prod-TopCallers Contributor Insights rule/);
  });

  test('a dashboard is created by default', () => {
    const { template, alarms } = build();
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    expect(alarms.dashboard).toBeDefined();
  });

  test('metricFor builds AWS/ApiGateway metrics with ApiName and Stage', () => {
    const m = ApiAlarms.metricFor('orders', 'prod', 'IntegrationLatency', { statistic: 'p90' });
    expect(m.namespace).toBe('AWS/ApiGateway');
    expect(m.metricName).toBe('IntegrationLatency');
    expect(m.dimensions).toEqual({ ApiName: 'orders', Stage: 'prod' });
    expect(m.statistic).toBe('p90');
    expect(ApiAlarms.metricFor('a', 'b', 'Count').statistic).toBe('Sum');
  });
});

describe('ApiAlarms with a firewall', () => {
  test('blocked requests get an anomaly alarm on their own model', () => {
    const { template, alarms } = buildFull();
    expect(alarms.blockedRequestsAlarm).toBeDefined();
    const alarm = alarmsByName(template)['orders-prod-WafBlockedRequestsAnomaly'];
    expect(alarm.Properties.ComparisonOperator).toBe('GreaterThanUpperThreshold');
    expect(statOf(alarm)).toEqual({
      Metric: {
        Namespace: 'AWS/WAFV2',
        MetricName: 'BlockedRequests',
        Dimensions: [{ Name: 'Region', Value: 'us-east-1' }, { Name: 'Rule', Value: 'ALL' }, { Name: 'WebACL', Value: 'orders-acl' }],
      },
      Period: 300,
      Stat: 'Sum',
    });
    template.hasResourceProperties('AWS::CloudWatch::AnomalyDetector', {
      SingleMetricAnomalyDetector: {
        Namespace: 'AWS/WAFV2',
        MetricName: 'BlockedRequests',
        Stat: 'Sum',
        Dimensions: Match.arrayWith([{ Name: 'Rule', Value: 'ALL' }]),
      },
    });
  });

  test('a firewall metric given as math expression gets a band alarm but no explicit model', () => {
    const fw = new FakeFirewall();
    const mathFirewall: IFirewallMetrics = {
      rateRuleName: fw.rateRuleName,
      metricRuleBlockedRequests: (rule, props) => fw.metricRuleBlockedRequests(rule, props),
      metricBlockedRequests: (props) => new cloudwatch.MathExpression({
        expression: 'FILL(blocked, 0)', usingMetrics: { blocked: fw.metricBlockedRequests(props) }, period: props?.period,
      }),
    };
    const { template } = build({ firewall: mathFirewall });
    const alarm = alarmsByName(template)['orders-prod-WafBlockedRequestsAnomaly'];
    expect(alarm.Properties.ComparisonOperator).toBe('GreaterThanUpperThreshold');
    expect(JSON.stringify(alarm.Properties.Metrics)).toContain('FILL(blocked, 0)');
    expect(alarm.DependsOn).toBeUndefined();
    const models = Object.values(template.findResources('AWS::CloudWatch::AnomalyDetector'));
    expect(models.map((m) => m.Properties.SingleMetricAnomalyDetector.Namespace)).not.toContain('AWS/WAFV2');
  });

  test('any block by the rate-based rule alarms at once (1 of 1, > 0)', () => {
    const { template, alarms } = buildFull();
    expect(alarms.rateRuleAlarm).toBeDefined();
    expect(alarmsByName(template)['orders-prod-WafRateRuleBlocks'].Properties).toEqual(expect.objectContaining({
      Namespace: 'AWS/WAFV2',
      MetricName: 'BlockedRequests',
      Dimensions: expect.arrayContaining([{ Name: 'Rule', Value: 'RateLimitPerIp' }]),
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
    }));
  });
});

describe('ApiAlarms behaviour analysis', () => {
  test.each(BEHAVIOUR_ALARMS)('%s watches %s for anomalies', (name, metricName, purpose) => {
    const { template } = buildFull();
    const alarm = alarmsByName(template)[name];
    expect(alarm.Properties.ComparisonOperator).toBe('GreaterThanUpperThreshold');
    expect(alarm.Properties.AlarmDescription).toMatch(purpose);
    expect(statOf(alarm)).toEqual({
      Metric: { Namespace: 'ApiBaseline/orders/prod', MetricName: metricName },
      Period: 300,
      Stat: 'Sum',
    });
    template.hasResourceProperties('AWS::CloudWatch::AnomalyDetector', {
      SingleMetricAnomalyDetector: { Namespace: 'ApiBaseline/orders/prod', MetricName: metricName, Stat: 'Sum' },
    });
  });

  test('filters, insight rule and models are created on the access log group', () => {
    const { template, alarms } = buildFull();
    template.resourceCountIs('AWS::Logs::MetricFilter', 7);
    template.resourceCountIs('AWS::CloudWatch::InsightRule', 1);
    template.resourceCountIs('AWS::CloudWatch::AnomalyDetector', 4 + 1 + 5);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 7 + 2 + 5);
    expect(alarms.anomalyDetectors).toHaveLength(10);
    expect(alarms.behaviour?.topCallersRuleName).toBe('orders-prod-TopCallers');
  });

  test('the namespace can be set and the default is made namespace-safe', () => {
    const custom = buildFull({ behaviourNamespace: 'Security/Orders' });
    custom.template.allResourcesProperties('AWS::Logs::MetricFilter', {
      MetricTransformations: [Match.objectLike({ MetricNamespace: 'Security/Orders' })],
    });
    const spaced = buildFull({ restApiName: 'Orders API', stageName: 'prod' });
    spaced.template.allResourcesProperties('AWS::Logs::MetricFilter', {
      MetricTransformations: [Match.objectLike({ MetricNamespace: 'ApiBaseline/Orders-API/prod' })],
    });
  });
});

describe('ApiAlarms options', () => {
  test('bandWidth sets the band of every anomaly alarm', () => {
    const { template } = buildFull({ bandWidth: 3.5 });
    const bands = Object.values(alarmsByName(template))
      .flatMap((a) => a.Properties.Metrics ?? [])
      .filter((m: any) => m.Expression?.startsWith('ANOMALY_DETECTION_BAND'));
    expect(bands).toHaveLength(11);
    for (const b of bands) expect(b.Expression).toBe('ANOMALY_DETECTION_BAND(m0, 3.5)');
  });

  test('period, evaluationPeriods, datapointsToAlarm and treatMissingData apply to every alarm but the rate rule', () => {
    const { template } = buildFull({
      period: Duration.minutes(1),
      evaluationPeriods: 10,
      datapointsToAlarm: 4,
      treatMissingData: cloudwatch.TreatMissingData.BREACHING,
    });
    for (const [name, alarm] of Object.entries(alarmsByName(template))) {
      const p = alarm.Properties;
      expect(p.TreatMissingData).toBe('breaching');
      if (name.endsWith('WafRateRuleBlocks')) {
        expect([p.EvaluationPeriods, p.DatapointsToAlarm, p.Period]).toEqual([1, 1, 60]);
        continue;
      }
      expect([p.EvaluationPeriods, p.DatapointsToAlarm]).toEqual([10, 4]);
      const periods = p.Metrics ? p.Metrics.filter((m: any) => m.MetricStat).map((m: any) => m.MetricStat.Period) : [p.Period];
      expect(periods.every((x: number) => x === 60)).toBe(true);
    }
  });

  test('datapointsToAlarm defaults to evaluationPeriods when that is below 3', () => {
    const { template } = build({ evaluationPeriods: 2 });
    for (const alarm of Object.values(alarmsByName(template))) {
      expect(alarm.Properties.DatapointsToAlarm).toBe(2);
    }
  });

  test('static thresholds are configurable', () => {
    const { template } = build({ fiveXxRateThresholdPercent: 1.5, latencyP99ThresholdMs: 800 });
    const byName = alarmsByName(template);
    expect(byName['orders-prod-5XXErrorRate'].Properties.Threshold).toBe(1.5);
    expect(byName['orders-prod-5XXErrorRate'].Properties.AlarmDescription).toMatch(/above 1.5% of requests/);
    expect(byName['orders-prod-LatencyP99Threshold'].Properties.Threshold).toBe(800);
    expect(byName['orders-prod-LatencyP99Threshold'].Properties.AlarmDescription).toMatch(/above 800 ms/);
  });

  test('alarmNamePrefix names every alarm and the insight rule', () => {
    const { template } = buildFull({ alarmNamePrefix: 'team-x orders', compositeAlarm: true });
    for (const name of Object.keys(alarmsByName(template))) expect(name.startsWith('team-x orders-')).toBe(true);
    template.hasResourceProperties('AWS::CloudWatch::CompositeAlarm', { AlarmName: 'team-x orders-ApiUnhealthy' });
    template.hasResourceProperties('AWS::CloudWatch::InsightRule', { RuleName: 'team-x orders-TopCallers' });
  });

  test('compositeAlarm: "API unhealthy" is any of the 5XX, latency and traffic-drop alarms', () => {
    const { template, alarms } = build({ compositeAlarm: true });
    expect(alarms.unhealthyAlarm).toBeDefined();
    const composite = Object.values(template.findResources('AWS::CloudWatch::CompositeAlarm'))[0];
    expect(composite.Properties.AlarmDescription).toMatch(/First check:/);
    const rule = JSON.stringify(composite.Properties.AlarmRule);
    const byName = alarmsByName(template);
    for (const name of ['5XXErrorAnomaly', '5XXErrorRate', 'LatencyP99Anomaly', 'LatencyP99Threshold', 'RequestCountLow']) {
      expect(rule).toContain(byName[`orders-prod-${name}`].logicalId);
    }
    expect(rule).not.toContain(byName['orders-prod-4XXErrorAnomaly'].logicalId);
    expect(rule).toMatch(/ OR /);
  });

  test('alertTopic: a given topic is used and no topic is created', () => {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Ops', { masterKey: undefined });
    const { template, alarms } = build({ alertTopic: topic }, stack);
    expect(alarms.alertTopic).toBe(topic);
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.allResourcesProperties('AWS::CloudWatch::Alarm', {
      AlarmActions: [{ Ref: stack.getLogicalId(topic.node.defaultChild as sns.CfnTopic) }],
    });
  });

  test('dashboard: false creates no dashboard; dashboardName names it', () => {
    const off = build({ dashboard: false });
    off.template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    expect(off.alarms.dashboard).toBeUndefined();
    build({ dashboardName: 'orders-prod' }).template
      .hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'orders-prod' });
  });
});

describe('ApiAlarms validation', () => {
  const cases: Array<[string, Partial<ApiAlarmsProps>, Partial<ApiAlarmsProps>, RegExp]> = [
    ['bandWidth low', { bandWidth: 0.09 }, { bandWidth: 0.1 }, /"bandWidth" must be between 0.1 and 10, got 0.09/],
    ['bandWidth high', { bandWidth: 10.5 }, { bandWidth: 10 }, /"bandWidth" must be between 0.1 and 10, got 10.5/],
    ['period not a minute multiple', { period: Duration.seconds(90) }, { period: Duration.seconds(120) }, /"period" must be a multiple of 60 seconds between 60 and 86400, got "90 seconds"/],
    ['period too short', { period: Duration.seconds(30) }, { period: Duration.seconds(60) }, /"period" must be a multiple of 60 seconds/],
    ['period too long', { period: Duration.days(2), evaluationPeriods: 1 }, { period: Duration.days(1), evaluationPeriods: 1 }, /"period" .* got "172800 seconds"/],
    ['evaluationPeriods zero', { evaluationPeriods: 0 }, { evaluationPeriods: 1 }, /"evaluationPeriods" must be an integer between 1 and 1440, got 0/],
    ['evaluationPeriods fraction', { evaluationPeriods: 2.5 }, { evaluationPeriods: 3 }, /"evaluationPeriods" must be an integer/],
    ['evaluationPeriods beyond a day', { evaluationPeriods: 289 }, { evaluationPeriods: 288 }, /"evaluationPeriods" times "period" \(300 s\) must not exceed 86400 seconds \(one day\), got 289/],
    ['datapointsToAlarm above evaluationPeriods', { evaluationPeriods: 5, datapointsToAlarm: 6 }, { evaluationPeriods: 5, datapointsToAlarm: 5 }, /"datapointsToAlarm" must be an integer between 1 and "evaluationPeriods" \(5\), got 6/],
    ['datapointsToAlarm zero', { datapointsToAlarm: 0 }, { datapointsToAlarm: 1 }, /"datapointsToAlarm" must be an integer between 1/],
    ['fiveXxRateThresholdPercent zero', { fiveXxRateThresholdPercent: 0 }, { fiveXxRateThresholdPercent: 0.01 }, /"fiveXxRateThresholdPercent" must be greater than 0 and at most 100, got 0/],
    ['fiveXxRateThresholdPercent above 100', { fiveXxRateThresholdPercent: 100.5 }, { fiveXxRateThresholdPercent: 100 }, /"fiveXxRateThresholdPercent" .* got 100.5/],
    ['latencyP99ThresholdMs zero', { latencyP99ThresholdMs: 0 }, { latencyP99ThresholdMs: 1 }, /"latencyP99ThresholdMs" must be between 1 and 300000, got 0/],
    ['latencyP99ThresholdMs high', { latencyP99ThresholdMs: 300_001 }, { latencyP99ThresholdMs: 300_000 }, /"latencyP99ThresholdMs" must be between 1 and 300000/],
    ['alarmNamePrefix empty', { alarmNamePrefix: '' }, { alarmNamePrefix: 'a' }, /"alarmNamePrefix" must be 1-100 printable ASCII characters, got ""/],
    ['alarmNamePrefix long', { alarmNamePrefix: 'a'.repeat(101) }, { alarmNamePrefix: 'a'.repeat(100) }, /"alarmNamePrefix" must be 1-100/],
    ['alarmNamePrefix non-ASCII', { alarmNamePrefix: 'commandes-é' }, { alarmNamePrefix: 'commandes-e' }, /"alarmNamePrefix"/],
    ['restApiName empty', { restApiName: '' }, { restApiName: 'x' }, /"restApiName" must be a non-empty string, got ""/],
    ['stageName empty', { stageName: '' }, { stageName: 'x' }, /"stageName" must be a non-empty string, got ""/],
    ['dashboardName', { dashboardName: 'orders prod' }, { dashboardName: 'orders_prod-1' }, /"dashboardName" must be 1-255 letters, digits, "-" or "_", got "orders prod"/],
  ];

  test.each(cases)('%s', (_, bad, good, message) => {
    expect(() => build(bad)).toThrow(message);
    expect(() => build(good)).not.toThrow();
  });

  test('behaviourNamespace is validated, with or without access logs', () => {
    expect(() => buildFull({ behaviourNamespace: 'AWS/Orders' })).toThrow(/"behaviourNamespace" .* got "AWS\/Orders"/);
    expect(() => build({ behaviourNamespace: ':Orders' })).toThrow(/"behaviourNamespace" .* got ":Orders"/);
    expect(() => buildFull({ behaviourNamespace: 'Orders/Security' })).not.toThrow();
  });

  test('unresolved tokens are not validated at synth', () => {
    const lazy = (n: number) => Lazy.number({ produce: () => n });
    expect(() => build({
      evaluationPeriods: lazy(5),
      datapointsToAlarm: lazy(3),
      fiveXxRateThresholdPercent: lazy(5),
      latencyP99ThresholdMs: lazy(1000),
      alarmNamePrefix: Lazy.string({ produce: () => 'p' }),
      restApiName: Lazy.string({ produce: () => 'orders' }),
    })).not.toThrow();
  });
});

describe('ApiAlarms compliance', () => {
  /** A small plain REST API with JSON access logs, its findings acknowledged on the API only. */
  function appWithApi() {
    const stack = testStack();
    const { api, accessLogGroup } = plainApiWithAccessLogs(stack);
    // Findings on the fixture API itself, which stands in for any API; none are on the monitoring resources.
    const fixture = 'Test fixture: a minimal plain RestApi that only gives the alarms a stage to watch;';
    Validations.of(api).acknowledge(
      { id: 'AwsSolutions-APIG2', reason: `${fixture} its single mock method takes no input to validate.` },
      { id: 'AwsSolutions-APIG3', reason: `${fixture} WAF association is the firewall's concern and is faked here.` },
      { id: 'AwsSolutions-APIG4', reason: `${fixture} authorization is the API constructs' concern, not the alarms'.` },
      { id: 'AwsSolutions-APIG6', reason: `${fixture} execution logging is the stage's concern, not the alarms'.` },
      { id: 'AwsSolutions-COG4', reason: `${fixture} Cognito authorization is the API constructs' concern, not the alarms'.` },
    );
    new ApiAlarms(stack, 'Alarms', {
      restApiName: api.restApiName,
      stageName: api.deploymentStage.stageName,
      accessLogGroup,
      firewall: new FakeFirewall(),
      compositeAlarm: true,
    });
    return stack;
  }

  test('zero AwsSolutions findings', () => {
    const stack = appWithApi();
    expect(findings(new AwsSolutionsChecks(), stack)).toEqual({});
  });

  test('NIST 800-53 R5 CloudWatchAlarmAction passes on every alarm', () => {
    const stack = appWithApi();
    const nist = findings(new NIST80053R5Checks(), stack);
    expect(Object.keys(nist)).not.toContain('NIST.800.53.R5-CloudWatchAlarmAction');
    expect(templateOf(stack).findResources('AWS::CloudWatch::Alarm')).not.toEqual({});
  });

  test('an alarm without actions would be reported (the check can fail)', () => {
    const stack = testStack();
    new cloudwatch.Alarm(stack, 'Bare', {
      metric: ApiAlarms.metricFor('orders', 'prod', 'Count'), threshold: 1, evaluationPeriods: 1,
    });
    expect(Object.keys(findings(new NIST80053R5Checks(), stack))).toContain('NIST.800.53.R5-CloudWatchAlarmAction');
  });
});
