import { readFileSync } from 'fs';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as logs from 'aws-cdk-lib/aws-logs';
import { BEGIN_MARKER, END_MARKER, readmeAlarmsTable, README_FILE, renderAlarmsTable } from '../../scripts/alarms-table';
import { ALARM_TABLE, AlarmRow, UNHEALTHY_ALARM } from '../../src/monitoring/alarm-table';
import { ApiAlarms, ApiAlarmsProps, IFirewallMetrics } from '../../src/monitoring/api-alarms';
import { templateOf, testStack } from '../util';

const firewall: IFirewallMetrics = {
  rateRuleName: 'RateLimit',
  metricBlockedRequests: (props) => new cloudwatch.Metric({ namespace: 'AWS/WAFV2', metricName: 'BlockedRequests', ...props }),
  metricRuleBlockedRequests: (rule, props) => new cloudwatch.Metric({
    namespace: 'AWS/WAFV2', metricName: 'BlockedRequests', dimensionsMap: { Rule: rule }, ...props,
  }),
};

/** Alarm descriptions by alarm name, of an ApiAlarms with every option. */
function descriptions(props: Partial<ApiAlarmsProps> = {}): Record<string, string> {
  const stack = testStack();
  new ApiAlarms(stack, 'Alarms', {
    restApiName: 'orders',
    stageName: 'prod',
    firewall,
    compositeAlarm: true,
    accessLogGroup: new logs.LogGroup(stack, 'AccessLogs'),
    ...props,
  });
  const template = templateOf(stack);
  const out: Record<string, string> = {};
  for (const type of ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm']) {
    for (const r of Object.values(template.findResources(type))) {
      out[r.Properties.AlarmName ?? r.Properties.CompositeAlarmName] = r.Properties.AlarmDescription;
    }
  }
  return out;
}

describe('README alarm table', () => {
  const text = renderAlarmsTable();

  test('is the generated table (run `npx ts-node scripts/alarms-table.ts` after changing the alarm table)', () => {
    expect(readmeAlarmsTable(readFileSync(README_FILE, 'utf8'))).toEqual(text);
  });

  test('has one row per alarm of the table and one for the composite alarm, 8 cells each', () => {
    const rows = text.split('\n').filter((l) => l.startsWith('| `'));
    expect(rows.map((r) => /^\| `([^`]+)`/.exec(r)![1])).toEqual([...ALARM_TABLE.map((r) => r.id), UNHEALTHY_ALARM.id]);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length).toBe(10);
  });

  test('a README without the markers is refused', () => {
    expect(() => readmeAlarmsTable('# no table')).toThrow(/must hold the markers/);
    expect(readmeAlarmsTable(`x\n${BEGIN_MARKER}\n| a |\n${END_MARKER}\n`)).toBe('| a |\n');
  });

  test('escapes pipes and line breaks so a cell cannot break the table', () => {
    const row: AlarmRow = { ...ALARM_TABLE[0], what: 'a | b\nc' };
    expect(renderAlarmsTable([row])).toContain('| a \\| b c |');
  });
});

describe('alarm table and ApiAlarms', () => {
  test('the construct creates exactly the table rows, each with its text and runbook line in the description', () => {
    const byName = descriptions();
    expect(Object.keys(byName).sort()).toEqual(
      [...ALARM_TABLE.map((r) => r.id), UNHEALTHY_ALARM.id].map((id) => `orders-prod-${id}`).sort());
    for (const row of ALARM_TABLE) {
      const description = byName[`orders-prod-${row.id}`];
      const what = row.what.replace('{threshold}', row.threshold?.prop === 'latencyP99ThresholdMs' ? '5000' : '5');
      expect(description.startsWith(what)).toBe(true);
      expect(description).toContain(`First check: ${row.firstCheck.replace('{topCallersRule}', 'orders-prod-TopCallers')}`);
    }
    expect(byName['orders-prod-ApiUnhealthy']).toBe(`${UNHEALTHY_ALARM.what}. First check: ${UNHEALTHY_ALARM.firstCheck}`);
  });

  test('rows that need a prop are skipped without it; an HTTP API gets every row', () => {
    const stack = testStack();
    const bare = new ApiAlarms(stack, 'Bare', { restApiName: 'orders', stageName: 'prod' });
    expect(bare.alarms.map((a) => a.node.id)).toEqual(ALARM_TABLE.filter((r) => !r.needs).map((r) => r.id));
    expect(bare.blockedRequestsAlarm).toBeUndefined();
    expect(bare.behaviour).toBeUndefined();
    const http = Object.keys(descriptions({ httpApiId: 'a1b2c3' }));
    expect(http).toHaveLength(ALARM_TABLE.filter((r) => r.shapes.includes('HTTP')).length + 1);
  });

  test('each row fills its ApiAlarms property with its alarm', () => {
    const stack = testStack();
    const alarms = new ApiAlarms(stack, 'Alarms', {
      restApiName: 'orders',
      stageName: 'prod',
      firewall,
      accessLogGroup: new logs.LogGroup(stack, 'AccessLogs'),
    });
    for (const row of ALARM_TABLE) expect((alarms[row.property] as cloudwatch.Alarm).node.id).toBe(row.id);
  });
});
