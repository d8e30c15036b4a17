import { Duration, Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { accessLogFields, accessLogLine } from './access-log';
import { matches, selectorsOf } from './filter-pattern-evaluator';
import { BehaviourFilters, BehaviourMetric } from '../../src/monitoring';
import { templateOf, testStack } from '../util';

function setup(namespace = 'ApiBaseline/orders/prod') {
  const stack = testStack();
  const logGroup = new logs.LogGroup(stack, 'AccessLogs');
  const filters = new BehaviourFilters(stack, 'Behaviour', {
    accessLogGroup: logGroup,
    namespace,
    topCallersRuleName: 'orders-prod-TopCallers',
  });
  return { stack, logGroup, filters, template: templateOf(stack) };
}

/** Filter pattern and metric transformation of every metric filter, keyed by metric name. */
function metricFilters(stack: Stack) {
  const out: Record<string, { pattern: string; transformation: any }> = {};
  for (const r of Object.values(templateOf(stack).findResources('AWS::Logs::MetricFilter'))) {
    const t = r.Properties.MetricTransformations[0];
    out[t.MetricName] = { pattern: r.Properties.FilterPattern, transformation: t };
  }
  return out;
}

/** The rule body of the insight rule, with references replaced by a placeholder. */
function ruleBody(stack: Stack): any {
  const rules = Object.values(templateOf(stack).findResources('AWS::CloudWatch::InsightRule'));
  expect(rules).toHaveLength(1);
  const body = rules[0].Properties.RuleBody;
  const text = typeof body === 'string'
    ? body
    : body['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : 'LOG_GROUP')).join('');
  return JSON.parse(text);
}

const lines = {
  ok: accessLogLine(),
  unauthorized: accessLogLine({ 'status': 401, 'authorizer.error': 'Unauthorized' }),
  forbidden: accessLogLine({ 'status': 403, 'authorizer.claims.client_id': 'client-1', 'authorizer.principalId': 'user-1' }),
  throttled: accessLogLine({ 'status': 429, 'identity.apiKeyId': 'key-1' }),
  withKey: accessLogLine({ 'identity.apiKeyId': 'abc123key' }),
  withClient: accessLogLine({ 'authorizer.claims.client_id': '7f3kclientid' }),
  status401AsText: accessLogLine().replace('"status":200', '"status":"401"'),
};

describe('BehaviourFilters', () => {
  test('sample lines are valid JSON with the documented fields', () => {
    expect(accessLogFields()).toEqual(expect.arrayContaining(['status', 'apiKeyId', 'clientId', 'ip']));
    expect(JSON.parse(lines.unauthorized).status).toBe(401);
    expect(JSON.parse(lines.ok).apiKeyId).toBe('-');
  });

  test('publishes seven metric filters in the namespace, on the access log group', () => {
    const { template } = setup();
    template.resourceCountIs('AWS::Logs::MetricFilter', 7);
    template.allResourcesProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: Match.stringLikeRegexp('^AccessLogs') },
      MetricTransformations: [Match.objectLike({ MetricNamespace: 'ApiBaseline/orders/prod', MetricValue: '1' })],
    });
  });

  test('renders the documented filter patterns', () => {
    const { stack } = setup();
    const f = metricFilters(stack);
    expect(f[BehaviourMetric.UNAUTHORIZED].pattern).toBe('{ $.status = 401 }');
    expect(f[BehaviourMetric.FORBIDDEN].pattern).toBe('{ $.status = 403 }');
    expect(f[BehaviourMetric.THROTTLED].pattern).toBe('{ $.status = 429 }');
    expect(f[BehaviourMetric.API_KEY_REQUESTS].pattern).toBe('{ ($.apiKeyId != "-") && ($.apiKeyId != "") }');
    expect(f[BehaviourMetric.REQUESTS_BY_API_KEY].pattern).toBe('{ ($.apiKeyId != "-") && ($.apiKeyId != "") }');
    expect(f[BehaviourMetric.CLIENT_REQUESTS].pattern).toBe('{ ($.clientId != "-") && ($.clientId != "") }');
    expect(f[BehaviourMetric.REQUESTS_BY_CLIENT_ID].pattern).toBe('{ ($.clientId != "-") && ($.clientId != "") }');
  });

  test('every field the filters and the insight rule read exists in the access-log format', () => {
    const { stack } = setup();
    const fields = accessLogFields();
    const used: string[] = [];
    for (const f of Object.values(metricFilters(stack))) {
      used.push(...selectorsOf(f.pattern));
      for (const v of Object.values<string>(f.transformation.Dimensions?.map((d: any) => d.Value) ?? [])) {
        used.push(v.replace(/^\$\./, ''));
      }
    }
    used.push(...ruleBody(stack).Contribution.Keys.map((k: string) => k.replace(/^\$\./, '')));
    expect(used.length).toBeGreaterThan(8);
    for (const field of used) {
      expect(fields).toContain(field);
    }
  });

  test('the field check rejects a misspelt field', () => {
    expect(accessLogFields()).not.toContain(selectorsOf('{ $.statusCode = 401 }')[0]);
    expect(matches('{ $.statusCode = 401 }', lines.unauthorized)).toBe(false);
  });

  test('status filters match only their status, and only as a number', () => {
    const { stack } = setup();
    const f = metricFilters(stack);
    const expected: Record<string, keyof typeof lines> = {
      [BehaviourMetric.UNAUTHORIZED]: 'unauthorized',
      [BehaviourMetric.FORBIDDEN]: 'forbidden',
      [BehaviourMetric.THROTTLED]: 'throttled',
    };
    for (const [metric, hit] of Object.entries(expected)) {
      for (const [name, line] of Object.entries(lines)) {
        expect({ metric, name, matched: matches(f[metric].pattern, line) }).toEqual({ metric, name, matched: name === hit });
      }
    }
  });

  test('caller filters count requests with a key or client id and skip "-"', () => {
    const { stack } = setup();
    const f = metricFilters(stack);
    const key = f[BehaviourMetric.API_KEY_REQUESTS].pattern;
    const client = f[BehaviourMetric.CLIENT_REQUESTS].pattern;
    expect(matches(key, lines.withKey)).toBe(true);
    expect(matches(key, lines.throttled)).toBe(true);
    expect(matches(key, lines.ok)).toBe(false);
    expect(matches(key, lines.withClient)).toBe(false);
    expect(matches(key, lines.ok.replace('"apiKeyId":"-"', '"apiKeyId":""'))).toBe(false);
    expect(matches(client, lines.withClient)).toBe(true);
    expect(matches(client, lines.forbidden)).toBe(true);
    expect(matches(client, lines.withKey)).toBe(false);
    expect(matches(f[BehaviourMetric.REQUESTS_BY_API_KEY].pattern, lines.withKey)).toBe(true);
    expect(matches(f[BehaviourMetric.REQUESTS_BY_CLIENT_ID].pattern, lines.ok)).toBe(false);
  });

  test('counters default to 0; per-caller metrics carry the caller as a dimension and no default', () => {
    const { stack } = setup();
    const f = metricFilters(stack);
    for (const m of [BehaviourMetric.UNAUTHORIZED, BehaviourMetric.FORBIDDEN, BehaviourMetric.THROTTLED,
      BehaviourMetric.API_KEY_REQUESTS, BehaviourMetric.CLIENT_REQUESTS]) {
      expect(f[m].transformation.DefaultValue).toBe(0);
      expect(f[m].transformation.Dimensions).toBeUndefined();
    }
    expect(f[BehaviourMetric.REQUESTS_BY_API_KEY].transformation).toEqual(expect.objectContaining({
      Dimensions: [{ Key: 'ApiKeyId', Value: '$.apiKeyId' }],
    }));
    expect(f[BehaviourMetric.REQUESTS_BY_CLIENT_ID].transformation).toEqual(expect.objectContaining({
      Dimensions: [{ Key: 'ClientId', Value: '$.clientId' }],
    }));
    expect(f[BehaviourMetric.REQUESTS_BY_API_KEY].transformation.DefaultValue).toBeUndefined();
    expect(f[BehaviourMetric.REQUESTS_BY_CLIENT_ID].transformation.DefaultValue).toBeUndefined();
  });

  test('a Contributor Insights rule ranks callers by API key and IP on the access log group', () => {
    const { stack, template } = setup();
    template.hasResourceProperties('AWS::CloudWatch::InsightRule', {
      RuleName: 'orders-prod-TopCallers',
      RuleState: 'ENABLED',
    });
    expect(ruleBody(stack)).toEqual({
      Schema: { Name: 'CloudWatchLogRule', Version: 1 },
      LogGroupNames: ['LOG_GROUP'],
      LogFormat: 'JSON',
      Contribution: { Keys: ['$.apiKeyId', '$.ip'], Filters: [] },
      AggregateOn: 'Count',
    });
  });

  test('metric methods point at the published metrics', () => {
    const { stack, filters } = setup();
    expect(filters.metricUnauthorized().metricName).toBe('Unauthorized401');
    expect(filters.metricForbidden().metricName).toBe('Forbidden403');
    expect(filters.metricThrottled().metricName).toBe('Throttled429');
    expect(filters.metricApiKeyRequests().metricName).toBe('ApiKeyRequests');
    expect(filters.metricClientRequests().metricName).toBe('ClientRequests');
    const byKey = filters.metricRequestsByApiKey('k1');
    expect(byKey.dimensions).toEqual({ ApiKeyId: 'k1' });
    expect(byKey.namespace).toBe('ApiBaseline/orders/prod');
    expect(byKey.statistic).toBe('Sum');
    expect(byKey.period.toSeconds()).toBe(300);
    expect(filters.metricRequestsByClientId('c1').dimensions).toEqual({ ClientId: 'c1' });
    expect(filters.metric(BehaviourMetric.THROTTLED, { period: Duration.minutes(1) }).period.toSeconds()).toBe(60);
    expect(stack.resolve(filters.searchRequestsByApiKey().expression))
      .toBe('SEARCH(\'{ApiBaseline/orders/prod,ApiKeyId} MetricName="RequestsByApiKey"\', \'Sum\', 300)');
    expect(stack.resolve(filters.searchRequestsByClientId().expression))
      .toBe('SEARCH(\'{ApiBaseline/orders/prod,ClientId} MetricName="RequestsByClientId"\', \'Sum\', 300)');
  });

  test('the namespace is validated', () => {
    expect(() => setup('AWS/ApiGateway')).toThrow(/"namespace" must be .* not start with "AWS\/" or ":", got "AWS\/ApiGateway"/);
    expect(() => setup('Api|Baseline')).toThrow(/"namespace"/);
    expect(() => setup('x'.repeat(256))).toThrow(/"namespace"/);
    expect(() => setup('x'.repeat(255))).not.toThrow();
    expect(() => setup('ApiBaseline/orders-api_v1/prod:#.')).not.toThrow();
  });
});
