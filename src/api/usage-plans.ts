import { Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { checkIntegerRange, checkRange, invalidProp } from '../private/validation';

/** Request rate limits (steady rate and burst). */
export interface ApiThrottle {
  /** Steady-state requests per second; 1-10000. */
  readonly rateLimit: number;
  /** Requests allowed in a burst above the steady rate; 1-5000. */
  readonly burstLimit: number;
}

/** How many requests a caller of a usage plan may make per period. */
export interface UsagePlanQuota {
  /** Maximum number of requests per period (a positive integer). */
  readonly limit: number;
  /** The period the limit applies to. */
  readonly period: apigw.Period;
}

/** A usage-plan tier: every tier limits both the request rate and the number of requests per period. */
export interface UsagePlanTier {
  /** Rate limits applied to each API key of the tier. */
  readonly throttle: ApiThrottle;
  /** Request quota of each API key of the tier. */
  readonly quota: UsagePlanQuota;
  /**
   * Description of the usage plan.
   * @default - "<plan name> tier of <api name>"
   */
  readonly description?: string;
}

/** Options of `SecureRestApi.addApiKey`. */
export interface ApiKeyOptions {
  /** Name of the usage plan (a key of the `plans` prop) the key belongs to. */
  readonly plan: string;
  /**
   * A literal key value (at least 20 characters). It ends up in the CloudFormation template, so it is refused
   * unless `allowLiteralValue` is true.
   * @default - API Gateway generates the value
   */
  readonly value?: string;
  /**
   * Explicit opt-out that accepts a literal `value`.
   * @default false
   */
  readonly allowLiteralValue?: boolean;
  /**
   * Date (ISO 8601, `YYYY-MM-DD` or a full timestamp, a day that exists in the calendar) after which the key should
   * be revoked. It is written to the key's `api-key-expires` tag so access reviews can find expired keys.
   * @default - no expiry tag
   */
  readonly expires?: string;
  /**
   * Description of the API key.
   * @default - "<id> (<plan> plan)"
   */
  readonly description?: string;
}

/** Tag that carries the expiry date of an API key. */
export const API_KEY_EXPIRY_TAG = 'api-key-expires';

const PLAN_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2})))?$/;

/** Throws unless a throttle's rate is in 1-10000 and its burst in 1-5000. */
export function checkThrottle(prop: string, throttle: ApiThrottle | undefined): void {
  if (throttle === undefined) return;
  checkRange(`${prop}.rateLimit`, throttle.rateLimit, 1, 10_000);
  checkIntegerRange(`${prop}.burstLimit`, throttle.burstLimit, 1, 5_000);
}

/** Throws unless a throttle sets both its rate and its burst, within the limits of `checkThrottle`. */
export function checkCompleteThrottle(prop: string, throttle: ApiThrottle): void {
  if (throttle.rateLimit === undefined || throttle.burstLimit === undefined) {
    throw invalidProp(prop, throttle, 'must set both rateLimit and burstLimit');
  }
  checkThrottle(prop, throttle);
}

/** Throws unless a tier has a valid name, throttle and quota. */
export function checkTier(name: string, tier: UsagePlanTier): void {
  const prop = `plans.${name}`;
  if (!PLAN_NAME.test(name)) {
    throw invalidProp('plans', name, 'must have names of 1-64 letters, digits, "_" or "-"');
  }
  if (!tier || !tier.throttle) {
    throw invalidProp(`${prop}.throttle`, undefined, 'must be set (every usage plan limits the request rate)');
  }
  if (!tier.quota) {
    throw invalidProp(`${prop}.quota`, undefined, 'must be set (every usage plan limits the requests per period)');
  }
  checkCompleteThrottle(`${prop}.throttle`, tier.throttle);
  if (tier.quota.limit === undefined || tier.quota.period === undefined) {
    throw invalidProp(`${prop}.quota`, tier.quota, 'must set both limit and period');
  }
  checkIntegerRange(`${prop}.quota.limit`, tier.quota.limit, 1, 2_147_483_647);
}

/** Throws unless the options of a new API key are acceptable for the given plans. */
export function checkApiKeyOptions(id: string, options: ApiKeyOptions, plans: string[]): void {
  if (!plans.includes(options.plan)) {
    throw invalidProp(`addApiKey(${id}).plan`, options.plan,
      plans.length ? `must be one of the plans (${plans.join(', ')})` : 'must name a plan, but the API has no "plans"');
  }
  if (options.value !== undefined) {
    if (options.allowLiteralValue !== true) {
      throw invalidProp(`addApiKey(${id}).value`, '<redacted>',
        'must not be set: a literal key is stored in the template (set "allowLiteralValue: true" to accept it)');
    }
    if (!Token.isUnresolved(options.value) && (options.value.length < 20 || options.value.length > 128)) {
      throw invalidProp(`addApiKey(${id}).value`, `<${options.value.length} characters>`, 'must be 20-128 characters long');
    }
  }
  if (options.expires !== undefined && !Token.isUnresolved(options.expires)) {
    if (!isCalendarDate(options.expires)) {
      throw invalidProp(`addApiKey(${id}).expires`, options.expires,
        'must be an ISO 8601 date that exists in the calendar, e.g. "2027-06-30" or "2027-06-30T12:00:00Z"');
    }
  }
}

/**
 * Whether `text` is an ISO 8601 date (`YYYY-MM-DD`) or timestamp (`YYYY-MM-DDThh:mm[:ss[.fff]]` with `Z` or an offset)
 * that exists: month 01-12, a day the month has (29 February only in leap years), hour 00-23, minute and second
 * 00-59, offset up to ±23:59. JavaScript's `Date.parse` rolls `2027-02-30` over to March instead of refusing it.
 */
function isCalendarDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [1, 2, 3].map((i) => Number(match[i]));
  if (month < 1 || month > 12) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const daysInMonth = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  if (day < 1 || day > daysInMonth) return false;
  const [hour, minute, second, offsetHours, offsetMinutes] = [4, 5, 6, 7, 8].map((i) => Number(match[i] ?? 0));
  return hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59;
}
