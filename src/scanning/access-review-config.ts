/**
 * Configuration of the access review: the environment variables the `AccessReview` construct sets and the handler
 * reads. Free of SDK imports, so the construct can use the names without loading the AWS SDK.
 */

/** Name of the metric a complete review emits (one data point per complete run: the number of findings). */
export const FINDINGS_METRIC_NAME = 'AccessReviewFindings';

/**
 * Name of the metric every run emits: 1 when the run could not review everything it was configured to (its finding
 * count would be a false all-clear, so none is emitted), 0 when it could.
 */
export const INCOMPLETE_METRIC_NAME = 'AccessReviewIncomplete';

/** Tag that carries the expiry date of an API key (written by `SecureRestApi.addApiKey({ expires })`). */
export const API_KEY_EXPIRY_TAG = 'api-key-expires';

/** Prefix of the report objects in the report bucket. */
export const REPORT_PREFIX = 'access-review/';

/** Environment variable names the handler reads; the construct sets them. */
export const ENV = {
  keyArns: 'REVIEW_KEY_ARNS',
  grantPrincipalAllowList: 'REVIEW_GRANT_PRINCIPALS',
  reviewApiKeys: 'REVIEW_API_KEYS',
  maxApiKeyAgeDays: 'REVIEW_MAX_API_KEY_AGE_DAYS',
  userPoolIds: 'REVIEW_USER_POOL_IDS',
  allowedScopes: 'REVIEW_ALLOWED_SCOPES',
  maxTokenValidityMinutes: 'REVIEW_MAX_TOKEN_VALIDITY_MINUTES',
  reportBucket: 'REVIEW_REPORT_BUCKET',
  topicArn: 'REVIEW_TOPIC_ARN',
  metricNamespace: 'REVIEW_METRIC_NAMESPACE',
} as const;

/** What to review and where to send the results. */
export interface AccessReviewConfig {
  /** ARNs of the KMS keys to review. */
  readonly keyArns: string[];
  /** Grantee principals allowed on grants of the reviewed keys (exact, or with `*` as a wildcard). */
  readonly grantPrincipalAllowList: string[];
  /** Whether the API keys and usage plans of the account and region are reviewed. */
  readonly reviewApiKeys: boolean;
  /** API keys older than this many days are reported. */
  readonly maxApiKeyAgeDays: number;
  /** Ids of the Cognito user pools whose app clients are reviewed. */
  readonly userPoolIds: string[];
  /** OAuth scopes app clients may hold; empty = scopes are not checked. */
  readonly allowedScopes: string[];
  /** Access and ID tokens valid longer than this are reported. */
  readonly maxTokenValidityMinutes: number;
  /** Bucket the JSON report is written to. */
  readonly reportBucket: string;
  /** Topic the summary is published to. */
  readonly topicArn: string;
  /** CloudWatch namespace of the findings metric. */
  readonly metricNamespace: string;
}

/** Reads the configuration from the environment the construct sets. */
export function configFromEnv(env: Record<string, string | undefined>): AccessReviewConfig {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`environment variable ${name} is required`);
    return value;
  };
  const number = (name: string, fallback: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) throw new Error(`environment variable ${name} must be a positive number, got "${raw}"`);
    return value;
  };
  return {
    keyArns: list(env[ENV.keyArns]),
    grantPrincipalAllowList: list(env[ENV.grantPrincipalAllowList]),
    reviewApiKeys: (env[ENV.reviewApiKeys] ?? 'true') !== 'false',
    maxApiKeyAgeDays: number(ENV.maxApiKeyAgeDays, 90),
    userPoolIds: list(env[ENV.userPoolIds]),
    allowedScopes: list(env[ENV.allowedScopes]),
    maxTokenValidityMinutes: number(ENV.maxTokenValidityMinutes, 60),
    reportBucket: required(ENV.reportBucket),
    topicArn: required(ENV.topicArn),
    metricNamespace: required(ENV.metricNamespace),
  };
}

function list(value: string | undefined): string[] {
  return (value ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}
