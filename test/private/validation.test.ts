import { App, Duration, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { SecureRestApi } from '../../src/api';
import { OAuthUserPool } from '../../src/auth';
import { DataKey } from '../../src/encryption';
import { ApiFirewall } from '../../src/firewall';
import {
  atConstructPath, checkEnumValue, childPath, InvalidPropError, invalidProp, withConstructPath,
} from '../../src/private/validation';

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

  test('checkEnumValue', () => {
    expect(() => checkEnumValue('kind', 'C', { A: 'A', B: 'B' })).toThrow('"kind" must be one of A, B, got "C"');
  });

  test.each<[string, (scope: Construct) => unknown, string]>([
    ['SecureRestApi', (s) => new SecureRestApi(s, 'Api', { stageName: 'a b', disableFirewall: true, disableAlarms: true }), 'MyStack/Api: "stageName"'],
    ['ApiFirewall', (s) => new ApiFirewall(s, 'Firewall', { rateLimit: 1 }), 'MyStack/Firewall: "rateLimit"'],
    ['OAuthUserPool', (s) => new OAuthUserPool(s, 'Pool', { passwordHistorySize: 30 }), 'MyStack/Pool: "passwordHistorySize"'],
    ['DataKey (checked before the key exists)', (s) => new DataKey(s, 'Key', { pendingWindow: Duration.days(3) }), 'MyStack/Key: "pendingWindow"'],
    ['a route of a SecureRestApi', (s) => new SecureRestApi(s, 'Api', { disableFirewall: true, disableAlarms: true }).addRoute('GET /x', {} as any), 'MyStack/Api: Route "GET /x": "integration"'],
  ])('%s errors name the construct path', (_name, build, start) => {
    const scope = new Stack(new App(), 'MyStack');
    expect(() => build(scope)).toThrow(start);
  });
});
