import { Duration, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ApiAccessLogFormat } from './access-log-format';
import { ApiThrottle, checkThrottle } from './usage-plans';
import { checkPattern, invalidProp } from '../private/validation';

/** Response caching of a stage. Cached responses are encrypted. */
export interface ApiCacheOptions {
  /**
   * Size of the cache cluster in GB: 0.5, 1.6, 6.1, 13.5, 28.4, 58.2, 118 or 237.
   * @default 0.5
   */
  readonly sizeGb?: number;
  /**
   * How long responses stay cached; 1 second to 1 hour. Cache keys are the method, the path and declared cache-key
   * parameters, not the caller: only cache responses that are the same for every caller.
   * @default Duration.minutes(5)
   */
  readonly ttl?: Duration;
}

/** Stage-wide throttling when none is given. */
export const DEFAULT_THROTTLE: ApiThrottle = { rateLimit: 100, burstLimit: 200 };
/** Name of the stage when none is given. */
const DEFAULT_STAGE_NAME = 'prod';
const CACHE_SIZES = ['0.5', '1.6', '6.1', '13.5', '28.4', '58.2', '118', '237'];
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;

/** What the hardened stage settings are made of; every field is optional, as in the API's props. */
export interface StageSettingsInput {
  readonly stageName?: string;
  readonly throttle?: ApiThrottle;
  readonly cache?: ApiCacheOptions;
  readonly disableTracing?: boolean;
}

/** A checked cache: the cluster size as API Gateway spells it, and the TTL. */
export interface CheckedCache {
  readonly size: string;
  readonly ttl: Duration;
}

/** Throws unless the stage name is 1-128 letters, digits, `_` or `-`. Unresolved tokens are skipped. */
export function checkStageName(stageName: string): void {
  checkPattern('stageName', stageName, STAGE_NAME, 'must be 1-128 letters, digits, "_" or "-"');
}

/** Checks the cache options (size one of API Gateway's sizes, TTL 1-3600 seconds) and fills in the defaults. */
export function checkCache(cache: ApiCacheOptions | undefined): CheckedCache | undefined {
  if (cache === undefined) return undefined;
  const sizeGb = cache.sizeGb ?? 0.5;
  if (!Token.isUnresolved(sizeGb) && !CACHE_SIZES.includes(String(sizeGb))) {
    throw invalidProp('cache.sizeGb', sizeGb, `must be one of ${CACHE_SIZES.join(', ')}`);
  }
  const ttl = cache.ttl ?? Duration.minutes(5);
  if (!ttl.isUnresolved()) {
    const seconds = ttl.toSeconds();
    if (seconds < 1 || seconds > 3600) {
      throw invalidProp('cache.ttl', `${seconds} seconds`, 'must be between 1 and 3600 seconds');
    }
  }
  return { size: String(sizeGb), ttl };
}

/**
 * The hardened settings of a REST API stage, checked: JSON access logs to `accessLogGroup`, execution logs at
 * ERROR without request or response bodies, metrics, X-Ray (unless turned off), stage-wide throttling and an
 * encrypted cache when one is asked for.
 */
export function hardenedStageOptions(input: StageSettingsInput, accessLogGroup: logs.ILogGroup): apigw.StageOptions {
  const stageName = input.stageName ?? DEFAULT_STAGE_NAME;
  checkStageName(stageName);
  const throttle = input.throttle ?? DEFAULT_THROTTLE;
  checkThrottle('throttle', throttle);
  const cache = checkCache(input.cache);
  return {
    stageName,
    accessLogDestination: new apigw.LogGroupLogDestination(accessLogGroup),
    accessLogFormat: ApiAccessLogFormat.json(),
    loggingLevel: apigw.MethodLoggingLevel.ERROR,
    dataTraceEnabled: false,
    metricsEnabled: true,
    tracingEnabled: !(input.disableTracing ?? false),
    throttlingRateLimit: throttle.rateLimit,
    throttlingBurstLimit: throttle.burstLimit,
    cacheClusterEnabled: cache !== undefined,
    cacheClusterSize: cache?.size,
    cachingEnabled: cache !== undefined,
    cacheDataEncrypted: cache !== undefined ? true : undefined,
    cacheTtl: cache?.ttl,
  };
}
