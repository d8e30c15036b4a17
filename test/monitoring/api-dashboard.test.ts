import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ApiAlarms, ApiDashboard, BehaviourFilters, IFirewallMetrics } from '../../src/monitoring';
import { templateOf, testStack } from '../util';

const firewall: IFirewallMetrics = {
  rateRuleName: 'RateLimitPerIp',
  metricBlockedRequests: (props) => firewall.metricRuleBlockedRequests('ALL', props),
  metricRuleBlockedRequests: (rule, props) => new cloudwatch.Metric({
    namespace: 'AWS/WAFV2', metricName: 'BlockedRequests', dimensionsMap: { WebACL: 'acl', Region: 'us-east-1', Rule: rule }, ...props,
  }),
};

/** The dashboard body of the only dashboard, with references replaced by `REF`. */
function body(stack: Stack): any {
  const dashboards = Object.values(templateOf(stack).findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  const b = dashboards[0].Properties.DashboardBody;
  const text = typeof b === 'string' ? b : b['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : 'REF')).join('');
  return JSON.parse(text);
}

function titles(stack: Stack): string[] {
  return body(stack).widgets.map((w: any) => w.properties.title).filter(Boolean);
}

describe('ApiDashboard', () => {
  test('traffic with its anomaly band, errors and latency percentiles for the stage', () => {
    const stack = testStack();
    new ApiDashboard(stack, 'Dash', { restApiName: 'orders', stageName: 'prod' });
    expect(titles(stack)).toEqual(['Traffic', 'Errors', 'Latency (ms)']);
    const widgets = body(stack).widgets;
    expect(widgets[0].properties.markdown).toMatch(/API orders — stage prod/);
    const traffic = widgets.find((w: any) => w.properties.title === 'Traffic').properties.metrics;
    expect(JSON.stringify(traffic)).toContain('ANOMALY_DETECTION_BAND(m, 2)');
    expect(traffic).toContainEqual(expect.arrayContaining(['AWS/ApiGateway', 'Count', 'ApiName', 'orders', 'Stage', 'prod']));
    const latency = JSON.stringify(widgets.find((w: any) => w.properties.title === 'Latency (ms)').properties.metrics);
    for (const stat of ['p50', 'p90', 'p99']) expect(latency).toContain(`"stat":"${stat}"`);
    expect(latency).toContain('IntegrationLatency');
  });

  test('WAF and behaviour rows, the top callers and alarm states appear when given', () => {
    const stack = testStack();
    const behaviour = new BehaviourFilters(stack, 'B', {
      accessLogGroup: new logs.LogGroup(stack, 'Logs'), namespace: 'NS/orders', topCallersRuleName: 'orders-TopCallers',
    });
    const alarm = new cloudwatch.Alarm(stack, 'A', { metric: behaviour.metricThrottled(), threshold: 1, evaluationPeriods: 1 });
    new ApiDashboard(stack, 'Dash', {
      restApiName: 'orders', stageName: 'prod', firewall, behaviour, alarms: [alarm], period: Duration.minutes(1), bandWidth: 3,
    });
    expect(titles(stack)).toEqual([
      'Alarms', 'Traffic', 'Errors', 'Latency (ms)', 'WAF: blocked requests', 'WAF: rate-rule blocks',
      'Rejected callers (401 / 403 / 429)', 'Requests per API key', 'Requests per OAuth client', 'Top callers (API key, IP)',
    ]);
    const widgets = body(stack).widgets;
    const byTitle = (t: string) => widgets.find((w: any) => w.properties.title === t).properties;
    expect(byTitle('Alarms').alarms).toHaveLength(1);
    expect(JSON.stringify(byTitle('Traffic').metrics)).toContain('ANOMALY_DETECTION_BAND(m, 3)');
    expect(JSON.stringify(byTitle('WAF: rate-rule blocks').metrics)).toContain('RateLimitPerIp');
    expect(JSON.stringify(byTitle('Rejected callers (401 / 403 / 429)').metrics))
      .toEqual(expect.stringMatching(/Unauthorized401.*Forbidden403.*Throttled429/));
    expect(JSON.stringify(byTitle('Requests per API key').metrics)).toContain('SEARCH(\'{NS/orders,ApiKeyId} MetricName=\\"RequestsByApiKey\\"\', \'Sum\', 60)');
    expect(JSON.stringify(byTitle('Requests per OAuth client').metrics)).toContain('RequestsByClientId');
    expect(byTitle('Top callers (API key, IP)')).toEqual(expect.objectContaining({
      insightRule: { ruleName: 'orders-TopCallers', maxContributorCount: 10, orderBy: 'Sum' },
      period: 60,
    }));
    expect(JSON.stringify(byTitle('Traffic').metrics)).toContain('"period":60');
    expect(JSON.stringify(byTitle('Traffic').metrics)).not.toContain('"period":300');
  });

  test('ApiAlarms puts every alarm on its dashboard', () => {
    const stack = testStack();
    const alarms = new ApiAlarms(stack, 'Alarms', {
      restApiName: 'orders', stageName: 'prod', firewall, accessLogGroup: new logs.LogGroup(stack, 'Logs'), compositeAlarm: true,
    });
    const widget = body(stack).widgets.find((w: any) => w.properties.title === 'Alarms');
    expect(widget.properties.alarms).toHaveLength(alarms.alarms.length + 1);
    expect(alarms.alarms).toHaveLength(14);
  });

  test('names and band width are validated', () => {
    const make = (props: object) => () => new ApiDashboard(testStack(), 'D', { restApiName: 'a', stageName: 'b', ...props });
    expect(make({ dashboardName: 'x'.repeat(256) })).toThrow(/"dashboardName" must be 1-255 letters/);
    expect(make({ dashboardName: 'x'.repeat(255) })).not.toThrow();
    expect(make({ bandWidth: 0 })).toThrow(/"bandWidth" must be between 0.1 and 10, got 0/);
    expect(make({ bandWidth: 0.1 })).not.toThrow();
  });
});
