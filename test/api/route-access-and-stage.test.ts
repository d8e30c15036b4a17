import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AccessContext, resolveRouteAccess } from '../../src/api/route-access';
import { checkCache, checkStageName, hardenedStageOptions } from '../../src/api/stage-settings';
import { OAuthScope } from '../../src/auth';
import { testStack } from '../util';

const scope = (scopeName: string) => ({ scopeName }) as OAuthScope;
const context = (hasPlans: boolean, defined: string[] = ['orders/read', 'orders/write']): AccessContext => ({
  hasPlans,
  isScopeDefined: (name) => defined.includes(name),
  definedScopes: () => defined,
});

describe('resolveRouteAccess', () => {
  test('a route with scopes: COGNITO, the scopes once each, in order', () => {
    expect(resolveRouteAccess('GET /o', { scopes: [scope('orders/read'), scope('orders/write'), scope('orders/read')] }, context(false)))
      .toEqual({ authorizationType: apigw.AuthorizationType.COGNITO, apiKeyRequired: false, scopes: ['orders/read', 'orders/write'] });
  });

  test('an API with plans requires API keys unless the route says otherwise', () => {
    expect(resolveRouteAccess('GET /o', { scopes: [scope('orders/read')] }, context(true)).apiKeyRequired).toBe(true);
    expect(resolveRouteAccess('GET /o', { scopes: [scope('orders/read')], apiKeyRequired: false }, context(true)).apiKeyRequired).toBe(false);
  });

  test('a public route: NONE with its reason, an API key unless it is anonymous', () => {
    expect(resolveRouteAccess('GET /health', { publicRoute: 'health checks' }, context(true)))
      .toEqual({ authorizationType: apigw.AuthorizationType.NONE, apiKeyRequired: true, publicReason: 'health checks' });
    expect(resolveRouteAccess('GET /health', { publicRoute: 'health checks', allowAnonymous: true }, context(false)))
      .toEqual({ authorizationType: apigw.AuthorizationType.NONE, apiKeyRequired: false, publicReason: 'health checks' });
  });

  test.each<[string, Parameters<typeof resolveRouteAccess>[1], boolean, RegExp]>([
    ['no scopes and not public', {}, true, /Route "GET \/o": "scopes" must list at least one OAuth scope/],
    ['an empty public reason', { publicRoute: ' ' }, true, /"publicRoute" must be a non-empty reason/],
    ['anonymous without publicRoute', { scopes: [scope('orders/read')], allowAnonymous: true }, true, /"allowAnonymous" must only be set on a public route/],
    ['a public route with scopes', { scopes: [scope('orders/read')], publicRoute: 'x' }, true, /"publicRoute" must not be set on a route with scopes/],
    ['a public route without plans', { publicRoute: 'x' }, false, /"apiKeyRequired" must be true for a public route/],
    ['an API key without plans', { scopes: [scope('orders/read')], apiKeyRequired: true }, false, /"apiKeyRequired" needs usage plans/],
    ['an unknown scope', { scopes: [scope('orders/delete')] }, true, /"scopes\[0\]" must be defined by a resource server of the user pool \(orders\/read, orders\/write\), got "orders\/delete"/],
    ['a scope that is no OAuthScope', { scopes: ['orders/read' as any] }, true, /"scopes\[0\]" must be an OAuthScope/],
  ])('refuses %s', (_name, options, hasPlans, message) => {
    expect(() => resolveRouteAccess('GET /o', options, context(hasPlans))).toThrow(message);
  });
});

describe('hardened stage settings', () => {
  const logGroup = () => new logs.LogGroup(testStack(), 'Logs');

  test('defaults: JSON access logs, ERROR execution logs without data trace, metrics, X-Ray, throttling, no cache', () => {
    const options = hardenedStageOptions({}, logGroup());
    expect(options).toMatchObject({
      stageName: 'prod',
      loggingLevel: apigw.MethodLoggingLevel.ERROR,
      dataTraceEnabled: false,
      metricsEnabled: true,
      tracingEnabled: true,
      throttlingRateLimit: 100,
      throttlingBurstLimit: 200,
      cacheClusterEnabled: false,
      cachingEnabled: false,
    });
    expect(options.cacheDataEncrypted).toBeUndefined();
    expect(options.accessLogFormat).toBeDefined();
    expect(options.accessLogDestination).toBeInstanceOf(apigw.LogGroupLogDestination);
  });

  test('a cache is always encrypted; tracing can be turned off explicitly', () => {
    const options = hardenedStageOptions({ cache: { sizeGb: 6.1, ttl: Duration.minutes(1) }, disableTracing: true }, logGroup());
    expect(options).toMatchObject({
      cacheClusterEnabled: true, cacheClusterSize: '6.1', cachingEnabled: true, cacheDataEncrypted: true, tracingEnabled: false,
    });
    expect(options.cacheTtl?.toSeconds()).toBe(60);
  });

  test('checks: stage name, throttle, cache size and TTL, with their boundaries', () => {
    expect(() => checkStageName('v1 beta')).toThrow(/"stageName" must be 1-128 letters, digits, "_" or "-", got "v1 beta"/);
    expect(() => checkStageName('a'.repeat(128))).not.toThrow();
    expect(() => hardenedStageOptions({ throttle: { rateLimit: 0, burstLimit: 1 } }, logGroup())).toThrow(/"throttle.rateLimit" must be between 1 and 10000, got 0/);
    expect(() => checkCache({ sizeGb: 2 })).toThrow(/"cache.sizeGb" must be one of 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118, 237, got 2/);
    expect(() => checkCache({ ttl: Duration.hours(2) })).toThrow(/"cache.ttl" must be between 1 and 3600 seconds, got "7200 seconds"/);
    expect(checkCache({ ttl: Duration.hours(1) })).toEqual({ size: '0.5', ttl: Duration.hours(1) });
    expect(checkCache(undefined)).toBeUndefined();
  });
});
