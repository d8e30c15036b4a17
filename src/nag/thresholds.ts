import { invalidProp } from '../private/validation';

/**
 * The numbers the ApiBaseline pack judges against. Every threshold has a default that follows the library's own
 * constructs; an organisation can tighten or loosen each within a sane range.
 */
export interface BaselineThresholds {
  /**
   * Longest time, in seconds, an API Gateway authorizer may cache its result (0-3600).
   * @default 300
   */
  readonly authorizerCacheTtlSeconds?: number;
  /**
   * Longest validity, in minutes, of Cognito access and ID tokens (5-1440).
   * @default 60
   */
  readonly maxTokenValidityMinutes?: number;
  /**
   * Longest validity, in days, of Cognito refresh tokens (1-3650).
   * @default 30
   */
  readonly maxRefreshTokenValidityDays?: number;
  /**
   * Shortest password length a Cognito user pool may accept (8-99).
   * @default 14
   */
  readonly minPasswordLength?: number;
  /**
   * Longest validity, in days, of a temporary password set by an administrator (1-365).
   * @default 7
   */
  readonly maxTemporaryPasswordValidityDays?: number;
  /**
   * Shortest retention, in days, of log groups (1-3653).
   * @default 365
   */
  readonly minLogRetentionDays?: number;
  /**
   * Highest stage-wide (and per-method or per-route) steady-state rate limit, in requests per second (1-10000).
   * @default 10000
   */
  readonly maxThrottleRateLimit?: number;
  /**
   * Highest stage-wide (and per-method or per-route) burst limit, in requests (1-5000).
   * @default 5000
   */
  readonly maxThrottleBurstLimit?: number;
  /**
   * Highest limit of a WAF rate-based rule, in requests per evaluation window per key (10-2000000000).
   * @default 2000
   */
  readonly maxWafRateLimit?: number;
}

/** Every threshold with its value. */
export type ResolvedThresholds = { readonly [K in keyof BaselineThresholds]-?: number };

/** The defaults and the sane range of each threshold. */
const RANGES: { readonly [K in keyof BaselineThresholds]-?: readonly [number, number, number] } = {
  authorizerCacheTtlSeconds: [300, 0, 3600],
  maxTokenValidityMinutes: [60, 5, 1440],
  maxRefreshTokenValidityDays: [30, 1, 3650],
  minPasswordLength: [14, 8, 99],
  maxTemporaryPasswordValidityDays: [7, 1, 365],
  minLogRetentionDays: [365, 1, 3653],
  maxThrottleRateLimit: [10_000, 1, 10_000],
  maxThrottleBurstLimit: [5_000, 1, 5_000],
  maxWafRateLimit: [2_000, 10, 2_000_000_000],
};

/** The thresholds with their defaults filled in; a value outside its range throws an error that names it. */
export function resolveThresholds(thresholds: BaselineThresholds = {}, prop = 'thresholds'): ResolvedThresholds {
  const out: { [name: string]: number } = {};
  for (const [name, [fallback, min, max]] of Object.entries(RANGES)) {
    const value = (thresholds as { [name: string]: unknown })[name];
    if (value === undefined) {
      out[name] = fallback;
      continue;
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      throw invalidProp(`${prop}.${name}`, value, `must be an integer between ${min} and ${max}`);
    }
    out[name] = value;
  }
  for (const name of Object.keys(thresholds)) {
    if (!Object.prototype.hasOwnProperty.call(RANGES, name)) {
      throw invalidProp(`${prop}.${name}`, (thresholds as any)[name], `is not a threshold (one of ${Object.keys(RANGES).join(', ')})`);
    }
  }
  return out as ResolvedThresholds;
}

/** The default thresholds. */
export const DEFAULT_THRESHOLDS: ResolvedThresholds = resolveThresholds();
