import { App, Duration, Lazy, Stack } from 'aws-cdk-lib';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { SecureRestApi } from '../../src/api';
import { OAuthUserPool } from '../../src/auth';
import { DataKey, EncryptedBucket } from '../../src/encryption';
import { ApiFirewall } from '../../src/firewall';
import { SecureHttpApi } from '../../src/http-api';
import { AlertTopic, ApiAlarms, ApiDashboard, BehaviourFilters } from '../../src/monitoring';
import { acknowledgeUntil } from '../../src/nag/acknowledgements';
import {
  atConstructPath, checkEnumValue, checkPattern, childPath, InvalidPropError, invalidProp, withConstructPath,
} from '../../src/private/validation';
import { AccessAnalyzer, AccessReview, InspectorScanning } from '../../src/scanning';

describe('the shared validation error', () => {
  const stack = new Stack(new App(), 'MyStack');
  const api = new Construct(stack, 'Api');

  test('names the prop, the value and the rule', () => {
    const error = invalidProp('throttle.rateLimit', -5, 'must be between 1 and 10000');
    expect(error).toBeInstanceOf(InvalidPropError);
    expect(error.message).toBe('"throttle.rateLimit" must be between 1 and 10000, got -5');
  });

  test('names the construct path once it leaves the construct; the innermost construct wins', () => {
    const inner = new Construct(api, 'Firewall');
    const thrown = () => atConstructPath(api, () => atConstructPath(inner, () => {
      throw invalidProp('rateLimit', 5, 'must be an integer between 10 and 2000000000');
    }));
    expect(thrown).toThrow('MyStack/Api/Firewall: "rateLimit" must be an integer between 10 and 2000000000, got 5');
  });

  test('leaves other errors alone', () => {
    const error = new Error('something else');
    expect(withConstructPath(api, error)).toBe(error);
    expect(error.message).toBe('something else');
  });

  test('childPath is the path a construct will get', () => {
    expect(childPath(api, 'Key')).toBe('MyStack/Api/Key');
    expect(childPath(new App(), 'Stack')).toBe('Stack');
  });

  test('checkPattern skips undefined and tokens, throws naming the prop, the value and the rule', () => {
    const name = /^[a-z]{1,3}$/;
    expect(() => checkPattern('name', 'abcd', name, 'must be 1-3 lower-case letters')).toThrow('"name" must be 1-3 lower-case letters, got "abcd"');
    expect(() => checkPattern('name', 'abc', name, 'must be 1-3 lower-case letters')).not.toThrow();
    expect(() => checkPattern('name', undefined, name, 'must be 1-3 lower-case letters')).not.toThrow();
    expect(() => checkPattern('name', Lazy.string({ produce: () => 'ABCD' }), name, 'must be 1-3 lower-case letters')).not.toThrow();
  });

  test('checkEnumValue', () => {
    expect(() => checkEnumValue('kind', 'C', { A: 'A', B: 'B' })).toThrow('"kind" must be one of A, B, got "C"');
  });

  test.each<[string, (scope: Construct) => unknown, string]>([
    ['SecureRestApi', (s) => new SecureRestApi(s, 'Api', { stageName: 'a b', disableFirewall: true, disableAlarms: true }), 'MyStack/Api: "stageName"'],
    ['ApiFirewall', (s) => new ApiFirewall(s, 'Firewall', { rateLimit: 1 }), 'MyStack/Firewall: "rateLimit"'],
    ['OAuthUserPool', (s) => new OAuthUserPool(s, 'Pool', { passwordHistorySize: 30 }), 'MyStack/Pool: "passwordHistorySize"'],
    ['DataKey (checked before the key exists)', (s) => new DataKey(s, 'Key', { pendingWindow: Duration.days(3) }), 'MyStack/Key: "pendingWindow"'],
    ['a route of a SecureRestApi', (s) => new SecureRestApi(s, 'Api', { disableFirewall: true, disableAlarms: true }).addRoute('GET /x', {} as any), 'MyStack/Api: Route "GET /x": "integration"'],
    ['SecureHttpApi', (s) => new SecureHttpApi(s, 'Api', { stageName: 'a b', disableAlarms: true }), 'MyStack/Api: "stageName"'],
    ['SecureHttpApi (its custom domain)', (s) => new SecureHttpApi(s, 'Api', { domain: { domainName: 'API.example.com', certificate: {} as any } }), 'MyStack/Api: "domain.domainName"'],
    ['a route of a SecureHttpApi (its throttle)', (s) => new SecureHttpApi(s, 'Api', { disableAlarms: true }).addRoute('GET /x', {
      integration: new HttpUrlIntegration('X', 'https://example.com'), publicRoute: 'health', throttle: { rateLimit: 0, burstLimit: 1 },
    }), 'MyStack/Api: Route "GET /x": "throttle.rateLimit" must be between 1 and 10000, got 0'],
    ['HttpApiFrontDoor (inside a SecureHttpApi)', (s) => new SecureHttpApi(s, 'Api', { frontDoor: { originVerifyHeaderName: 'bad header' } }), 'MyStack/Api/FrontDoor: "frontDoor.originVerifyHeaderName"'],
    ['ApiAlarms', (s) => new ApiAlarms(s, 'Alarms', { restApiName: 'api', stageName: 'prod', bandWidth: 0 }), 'MyStack/Alarms: "bandWidth"'],
    ['ApiDashboard', (s) => new ApiDashboard(s, 'Dashboard', { restApiName: 'api', stageName: 'prod', dashboardName: 'a b' }), 'MyStack/Dashboard: "dashboardName"'],
    ['BehaviourFilters', (s) => new BehaviourFilters(s, 'Filters', { accessLogGroup: new logs.LogGroup(s, 'Logs'), namespace: 'AWS/Mine', topCallersRuleName: 'top' }), 'MyStack/Filters: "namespace"'],
    ['AlertTopic (checked before the topic exists)', (s) => new AlertTopic(s, 'Alerts', { topicName: 'a b' }), 'MyStack/Alerts: "topicName"'],
    ['AlertTopic.addEmail', (s) => new AlertTopic(s, 'Alerts').addEmail('nobody'), 'MyStack/Alerts: "address"'],
    ['InspectorScanning', (s) => new InspectorScanning(s, 'Scanning', { resourceTypes: [] }), 'MyStack/Scanning: "resourceTypes"'],
    ['AccessAnalyzer', (s) => new AccessAnalyzer(s, 'Analyzer', { analyzerName: '1bad' }), 'MyStack/Analyzer: "analyzerName"'],
    ['AccessReview', (s) => new AccessReview(s, 'Review', { maxTokenValidity: Duration.minutes(1) }), 'MyStack/Review: "maxTokenValidity"'],
    ['EncryptedBucket (after the bucket exists)', (s) => new EncryptedBucket(s, 'Docs', { accessLogsExpiration: Duration.hours(1) }), 'MyStack/Docs: "accessLogsExpiration"'],
    ['acknowledgeUntil', (s) => acknowledgeUntil(s, { id: 'ApiBaseline-StageWebAcl', reason: 'r', expires: '2026-02-30' }), 'MyStack: "expires"'],
  ])('%s errors name the construct path', (_name, build, start) => {
    const scope = new Stack(new App(), 'MyStack');
    expect(() => build(scope)).toThrow(InvalidPropError);
    expect(() => build(new Stack(new App(), 'MyStack'))).toThrow(expect.objectContaining({ message: expect.stringMatching(new RegExp(`^${escapeRegExp(start)}`)) }));
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
