/**
 * Lambda handler of `AccessReview` and the review itself: reads KMS keys, API Gateway API keys and Cognito app
 * clients, judges them against the configured limits, writes a dated JSON report, publishes a summary and emits a
 * metric.
 *
 * `runAccessReview` takes its SDK clients as arguments, so the same code runs in Lambda (default endpoints) and in
 * tests (a local endpoint); `handler` only builds the clients and reads the configuration from the environment.
 */
import { APIGatewayClient, GetApiKeysCommand, GetUsagePlanKeysCommand, GetUsagePlansCommand } from '@aws-sdk/client-api-gateway';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  ListUserPoolClientsCommand,
  UserPoolClientType,
} from '@aws-sdk/client-cognito-identity-provider';
import { GetKeyPolicyCommand, GetKeyRotationStatusCommand, KMSClient, ListGrantsCommand } from '@aws-sdk/client-kms';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import {
  AccessReviewConfig,
  API_KEY_EXPIRY_TAG,
  configFromEnv,
  FINDINGS_METRIC_NAME,
  INCOMPLETE_METRIC_NAME,
  REPORT_PREFIX,
} from './access-review-config';

/** Scheduled entry point. Throws (after publishing an error summary) when the review fails. */
export async function handler(): Promise<{ findingCount: number; reportKey: string }> {
  const config = configFromEnv(process.env);
  const report = await runAccessReview({
    kms: new KMSClient({}),
    apiGateway: new APIGatewayClient({}),
    cognito: new CognitoIdentityProviderClient({}),
    s3: new S3Client({}),
    sns: new SNSClient({}),
    cloudWatch: new CloudWatchClient({}),
  }, config, new Date());
  return { findingCount: report.findingCount, reportKey: report.reportKey };
}

/** The SDK clients the review uses. */
export interface AccessReviewClients {
  readonly kms: KMSClient;
  readonly apiGateway: APIGatewayClient;
  readonly cognito: CognitoIdentityProviderClient;
  readonly s3: S3Client;
  readonly sns: SNSClient;
  readonly cloudWatch: CloudWatchClient;
}

/** Identifies each kind of finding. */
export type FindingCheck =
  | 'KMS_KEY_ROTATION_DISABLED'
  | 'KMS_KEY_POLICY_WILDCARD_PRINCIPAL'
  | 'KMS_KEY_POLICY_NOT_PRINCIPAL'
  | 'KMS_KEY_POLICY_MISSING'
  | 'KMS_GRANT_PRINCIPAL_NOT_ALLOWED'
  | 'API_KEY_EXPIRED'
  | 'API_KEY_EXPIRY_INVALID'
  | 'API_KEY_TOO_OLD'
  | 'API_KEY_DISABLED'
  | 'API_KEY_NOT_IN_USAGE_PLAN'
  | 'COGNITO_CLIENT_NOT_DESCRIBED'
  | 'COGNITO_CLIENT_IMPLICIT_GRANT'
  | 'COGNITO_CLIENT_TOKEN_VALIDITY'
  | 'COGNITO_CLIENT_SCOPE_NOT_ALLOWED';

/** One thing the review found. */
export interface AccessFinding {
  readonly check: FindingCheck;
  readonly severity: 'HIGH' | 'MEDIUM' | 'LOW';
  /** The reviewed resource (key ARN, API key id, `userPoolId/clientId`). */
  readonly resource: string;
  readonly message: string;
  readonly details?: Record<string, unknown>;
}

/** The JSON document written to the report bucket. */
export interface AccessReviewReport {
  readonly reviewedAt: string;
  readonly reportKey: string;
  readonly reviewed: { kmsKeys: number; apiKeys: number; userPoolClients: number };
  readonly findingCount: number;
  readonly countsByCheck: Record<string, number>;
  readonly findings: AccessFinding[];
  /** Parts of the review that could not be completed (the run then fails after reporting). */
  readonly errors: string[];
  /**
   * True when every configured part was reviewed. An incomplete run emits no finding count (it would be a false
   * all-clear), only `AccessReviewIncomplete = 1`.
   */
  readonly complete: boolean;
}

/**
 * Runs the review: collects findings, writes the report, emits the metrics and publishes the summary.
 *
 * A complete run emits `AccessReviewFindings` (the number of findings) and `AccessReviewIncomplete = 0`. If a part
 * of the review fails, the run is incomplete: it emits `AccessReviewIncomplete = 1` and no finding count, so the
 * findings alarm never turns OK on a partial result; the report and the summary say what could not be reviewed, and
 * the error is thrown, so the invocation fails visibly (Lambda errors metric, retries). If the delivery fails, an
 * error summary is published, `AccessReviewIncomplete = 1` is emitted where possible and the error is thrown.
 */
export async function runAccessReview(
  clients: AccessReviewClients,
  config: AccessReviewConfig,
  now: Date = new Date(),
): Promise<AccessReviewReport> {
  const date = now.toISOString().slice(0, 10);
  try {
    const findings: AccessFinding[] = [];
    const errors: string[] = [];
    const reviewed = { kmsKeys: 0, apiKeys: 0, userPoolClients: 0 };

    for (const keyArn of config.keyArns) {
      await section(errors, `KMS key ${keyArn}`, async () => {
        findings.push(...await reviewKey(clients.kms, keyArn, config.grantPrincipalAllowList));
        reviewed.kmsKeys++;
      });
    }
    if (config.reviewApiKeys) {
      await section(errors, 'API keys', async () => {
        const result = await reviewApiKeys(clients.apiGateway, config.maxApiKeyAgeDays, now);
        findings.push(...result.findings);
        reviewed.apiKeys += result.reviewed;
      });
    }
    for (const userPoolId of config.userPoolIds) {
      await section(errors, `user pool ${userPoolId}`, async () => {
        const result = await reviewUserPool(clients.cognito, userPoolId, config);
        findings.push(...result.findings);
        reviewed.userPoolClients += result.reviewed;
      });
    }

    const countsByCheck: Record<string, number> = {};
    for (const f of findings) countsByCheck[f.check] = (countsByCheck[f.check] ?? 0) + 1;
    const complete = errors.length === 0;
    const report: AccessReviewReport = {
      reviewedAt: now.toISOString(),
      reportKey: `${REPORT_PREFIX}${date}.json`,
      reviewed,
      findingCount: findings.length,
      countsByCheck,
      findings,
      errors,
      complete,
    };

    await clients.s3.send(new PutObjectCommand({
      Bucket: config.reportBucket,
      Key: report.reportKey,
      Body: JSON.stringify(report, undefined, 2),
      ContentType: 'application/json',
    }));
    await clients.cloudWatch.send(new PutMetricDataCommand({
      Namespace: config.metricNamespace,
      MetricData: complete
        ? [
          { MetricName: FINDINGS_METRIC_NAME, Value: findings.length, Unit: 'Count', Timestamp: now },
          { MetricName: INCOMPLETE_METRIC_NAME, Value: 0, Unit: 'Count', Timestamp: now },
        ]
        : [{ MetricName: INCOMPLETE_METRIC_NAME, Value: 1, Unit: 'Count', Timestamp: now }],
    }));
    await clients.sns.send(new PublishCommand({
      TopicArn: config.topicArn,
      Subject: complete
        ? `Access review ${date}: ${findings.length} finding(s)`
        : `Access review ${date}: INCOMPLETE, ${findings.length} finding(s) in the parts reviewed`,
      Message: summaryText(report, config.reportBucket),
    }));
    if (!complete) {
      throw new ReportedError(`access review incomplete: ${errors.join('; ')}`);
    }
    return report;
  } catch (e) {
    if (e instanceof ReportedError) throw e;
    const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    try {
      await clients.cloudWatch.send(new PutMetricDataCommand({
        Namespace: config.metricNamespace,
        MetricData: [{ MetricName: INCOMPLETE_METRIC_NAME, Value: 1, Unit: 'Count', Timestamp: now }],
      }));
    } catch {
      // the errors alarm still sees the failed invocation
    }
    await clients.sns.send(new PublishCommand({
      TopicArn: config.topicArn,
      Subject: `Access review ${date}: FAILED`,
      Message: `The access review of ${date} failed before it could deliver its report.\n\nError: ${message}`,
    }));
    throw e;
  }
}

/** An error whose summary has already been published. */
class ReportedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AccessReviewIncomplete';
  }
}

async function section(errors: string[], what: string, fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    errors.push(`${what}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  }
}

function summaryText(report: AccessReviewReport, bucket: string): string {
  const lines = [
    `Access review of ${report.reviewedAt}`,
    `Reviewed: ${report.reviewed.kmsKeys} KMS key(s), ${report.reviewed.apiKeys} API key(s), ${report.reviewed.userPoolClients} app client(s).`,
    `Findings: ${report.findingCount}`,
    ...Object.entries(report.countsByCheck).map(([check, n]) => `  ${check}: ${n}`),
  ];
  if (report.findings.length > 0) {
    lines.push('', 'Details:');
    for (const f of report.findings.slice(0, 50)) lines.push(`- [${f.severity}] ${f.check} ${f.resource}: ${f.message}`);
    if (report.findings.length > 50) lines.push(`... and ${report.findings.length - 50} more (see the report).`);
  }
  if (report.errors.length > 0) {
    lines.push('', 'The review could not complete these parts (no finding count was emitted for this run; it is '
      + 'not an all-clear):', ...report.errors.map((e) => `- ${e}`));
  }
  lines.push('', `Report: s3://${bucket}/${report.reportKey}`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// KMS

async function reviewKey(kms: KMSClient, keyArn: string, allowList: string[]): Promise<AccessFinding[]> {
  const findings: AccessFinding[] = [];

  const rotation = await kms.send(new GetKeyRotationStatusCommand({ KeyId: keyArn }));
  if (rotation.KeyRotationEnabled !== true) {
    findings.push({
      check: 'KMS_KEY_ROTATION_DISABLED',
      severity: 'MEDIUM',
      resource: keyArn,
      message: 'automatic key rotation is disabled',
    });
  }

  const policy = await kms.send(new GetKeyPolicyCommand({ KeyId: keyArn, PolicyName: 'default' }));
  if (!policy.Policy) {
    findings.push({
      check: 'KMS_KEY_POLICY_MISSING',
      severity: 'HIGH',
      resource: keyArn,
      message: 'GetKeyPolicy returned no key policy: the key\'s access could not be reviewed',
    });
  }
  const document = JSON.parse(policy.Policy ?? '{}');
  const statements: any[] = asArray(document.Statement);
  statements.forEach((statement, index) => {
    if (statement.Effect === 'Allow' && statement.NotPrincipal !== undefined) {
      findings.push({
        check: 'KMS_KEY_POLICY_NOT_PRINCIPAL',
        severity: 'HIGH',
        resource: keyArn,
        message: `key policy statement ${statement.Sid ?? `#${index}`} allows every principal except those in `
          + 'NotPrincipal (Allow with NotPrincipal)',
        details: { sid: statement.Sid, actions: statement.Action, notPrincipal: statement.NotPrincipal },
      });
    }
    if (statement.Effect !== 'Allow' || !hasWildcardPrincipal(statement.Principal)) return;
    const conditioned = statement.Condition !== undefined && Object.keys(statement.Condition).length > 0;
    findings.push({
      check: 'KMS_KEY_POLICY_WILDCARD_PRINCIPAL',
      severity: conditioned ? 'MEDIUM' : 'HIGH',
      resource: keyArn,
      message: `key policy statement ${statement.Sid ?? `#${index}`} allows any principal${conditioned ? ' (with a condition)' : ' without a condition'}`,
      details: { sid: statement.Sid, actions: statement.Action, condition: statement.Condition },
    });
  });

  let marker: string | undefined;
  do {
    const page = await kms.send(new ListGrantsCommand({ KeyId: keyArn, Marker: marker }));
    for (const grant of page.Grants ?? []) {
      const grantee = grant.GranteePrincipal ?? '';
      if (!allowList.some((pattern) => matches(pattern, grantee))) {
        findings.push({
          check: 'KMS_GRANT_PRINCIPAL_NOT_ALLOWED',
          severity: 'HIGH',
          resource: keyArn,
          message: `grant ${grant.GrantId} gives ${grantee || '(unknown principal)'} ${(grant.Operations ?? []).join(', ')}`,
          details: { grantId: grant.GrantId, granteePrincipal: grantee, operations: grant.Operations },
        });
      }
    }
    marker = page.Truncated ? page.NextMarker : undefined;
  } while (marker);

  return findings;
}

function hasWildcardPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (principal && typeof principal === 'object') {
    return Object.values(principal as Record<string, unknown>).some((v) => asArray(v).includes('*'));
  }
  return false;
}

/** Matches `value` against `pattern`, where `*` in the pattern stands for any characters. */
export function matches(pattern: string, value: string): boolean {
  const regex = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return regex.test(value);
}

function asArray(value: unknown): any[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

// ---------------------------------------------------------------------------------------------------------------
// API Gateway

async function reviewApiKeys(
  apigw: APIGatewayClient,
  maxAgeDays: number,
  now: Date,
): Promise<{ findings: AccessFinding[]; reviewed: number }> {
  const inPlan = new Set<string>();
  let planPosition: string | undefined;
  do {
    const plans = await apigw.send(new GetUsagePlansCommand({ position: planPosition, limit: 500 }));
    for (const plan of plans.items ?? []) {
      let keyPosition: string | undefined;
      do {
        const keys = await apigw.send(new GetUsagePlanKeysCommand({ usagePlanId: plan.id!, position: keyPosition, limit: 500 }));
        for (const k of keys.items ?? []) if (k.id) inPlan.add(k.id);
        keyPosition = keys.position;
      } while (keyPosition);
    }
    planPosition = plans.position;
  } while (planPosition);

  const findings: AccessFinding[] = [];
  let reviewed = 0;
  let position: string | undefined;
  do {
    const page = await apigw.send(new GetApiKeysCommand({ position, limit: 500, includeValues: false }));
    for (const key of page.items ?? []) {
      reviewed++;
      const resource = key.id ?? '(unknown)';
      const label = key.name ? `API key "${key.name}"` : 'API key';
      if (key.createdDate) {
        const ageDays = Math.floor((now.getTime() - key.createdDate.getTime()) / 86_400_000);
        if (ageDays > maxAgeDays) {
          findings.push({
            check: 'API_KEY_TOO_OLD',
            severity: 'MEDIUM',
            resource,
            message: `${label} is ${ageDays} days old (maximum ${maxAgeDays}); rotate it`,
            details: { name: key.name, createdDate: key.createdDate.toISOString(), ageDays },
          });
        }
      }
      const expiry = key.tags?.[API_KEY_EXPIRY_TAG];
      if (expiry !== undefined) {
        const end = expiryEnd(expiry);
        if (end === undefined) {
          findings.push({
            check: 'API_KEY_EXPIRY_INVALID',
            severity: 'MEDIUM',
            resource,
            message: `${label} has an ${API_KEY_EXPIRY_TAG} tag that is not an ISO 8601 date: ${JSON.stringify(expiry)}`,
            details: { name: key.name, expires: expiry },
          });
        } else if (now.getTime() >= end.getTime()) {
          findings.push({
            check: 'API_KEY_EXPIRED',
            severity: key.enabled === false ? 'MEDIUM' : 'HIGH',
            resource,
            message: `${label} expired on ${expiry} (${API_KEY_EXPIRY_TAG} tag) and still exists${key.enabled === false ? '' : ' enabled'}; revoke it`,
            details: { name: key.name, expires: expiry, enabled: key.enabled },
          });
        }
      }
      if (key.enabled === false) {
        findings.push({
          check: 'API_KEY_DISABLED',
          severity: 'LOW',
          resource,
          message: `${label} is disabled but still exists; delete it if it is no longer needed`,
          details: { name: key.name },
        });
      }
      if (!inPlan.has(resource)) {
        findings.push({
          check: 'API_KEY_NOT_IN_USAGE_PLAN',
          severity: 'LOW',
          resource,
          message: `${label} belongs to no usage plan (no throttling or quota applies to it)`,
          details: { name: key.name },
        });
      }
    }
    position = page.position;
  } while (position);

  return { findings, reviewed };
}

const EXPIRY_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const EXPIRY_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The instant an `api-key-expires` value ends: a day (`YYYY-MM-DD`) holds until the end of that day (UTC), a
 * timestamp until that instant. `undefined` when the value is not a real date (`2027-02-30`, `soon`).
 */
export function expiryEnd(value: string): Date | undefined {
  const trimmed = value.trim();
  const day = EXPIRY_DAY.exec(trimmed);
  if (day) {
    const start = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
    if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== trimmed) return undefined;
    return new Date(start.getTime() + 86_400_000);
  }
  if (!EXPIRY_TIMESTAMP.test(trimmed)) return undefined;
  const dayPart = trimmed.slice(0, 10);
  const check = new Date(`${dayPart}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== dayPart) return undefined;
  const instant = new Date(trimmed);
  return Number.isNaN(instant.getTime()) ? undefined : instant;
}

// ---------------------------------------------------------------------------------------------------------------
// Cognito

async function reviewUserPool(
  cognito: CognitoIdentityProviderClient,
  userPoolId: string,
  config: AccessReviewConfig,
): Promise<{ findings: AccessFinding[]; reviewed: number }> {
  const findings: AccessFinding[] = [];
  let reviewed = 0;
  let nextToken: string | undefined;
  do {
    const page = await cognito.send(new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60, NextToken: nextToken }));
    for (const summary of page.UserPoolClients ?? []) {
      const described = await cognito.send(new DescribeUserPoolClientCommand({ UserPoolId: userPoolId, ClientId: summary.ClientId! }));
      if (!described.UserPoolClient) {
        findings.push({
          check: 'COGNITO_CLIENT_NOT_DESCRIBED',
          severity: 'HIGH',
          resource: `${userPoolId}/${summary.ClientId}`,
          message: `app client "${summary.ClientName ?? summary.ClientId}" is listed but DescribeUserPoolClient returned `
            + 'nothing: its settings could not be reviewed',
        });
        continue;
      }
      reviewed++;
      findings.push(...reviewClient(userPoolId, described.UserPoolClient, config));
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return { findings, reviewed };
}

const MINUTES_PER_UNIT: Record<string, number> = { seconds: 1 / 60, minutes: 1, hours: 60, days: 1440 };

function reviewClient(userPoolId: string, client: UserPoolClientType, config: AccessReviewConfig): AccessFinding[] {
  const findings: AccessFinding[] = [];
  const resource = `${userPoolId}/${client.ClientId}`;
  const label = `app client "${client.ClientName ?? client.ClientId}"`;

  if ((client.AllowedOAuthFlows ?? []).includes('implicit')) {
    findings.push({
      check: 'COGNITO_CLIENT_IMPLICIT_GRANT',
      severity: 'HIGH',
      resource,
      message: `${label} allows the implicit grant (tokens in the URL); use the authorization code grant with PKCE`,
    });
  }

  const tokens: Array<[string, number | undefined, string | undefined]> = [
    ['access', client.AccessTokenValidity, client.TokenValidityUnits?.AccessToken],
    ['ID', client.IdTokenValidity, client.TokenValidityUnits?.IdToken],
  ];
  for (const [kind, value, unit] of tokens) {
    // Cognito's defaults: 60 minutes, unit hours.
    const minutes = value === undefined ? 60 : value * (MINUTES_PER_UNIT[unit ?? 'hours'] ?? 60);
    if (minutes > config.maxTokenValidityMinutes) {
      findings.push({
        check: 'COGNITO_CLIENT_TOKEN_VALIDITY',
        severity: 'MEDIUM',
        resource,
        message: `${label} issues ${kind} tokens valid for ${minutes} minutes (maximum ${config.maxTokenValidityMinutes})`,
        details: { token: kind, validityMinutes: minutes },
      });
    }
  }

  if (config.allowedScopes.length > 0) {
    const outside = (client.AllowedOAuthScopes ?? []).filter((s) => !config.allowedScopes.includes(s));
    if (outside.length > 0) {
      findings.push({
        check: 'COGNITO_CLIENT_SCOPE_NOT_ALLOWED',
        severity: 'HIGH',
        resource,
        message: `${label} holds scopes outside the allow-list: ${outside.join(', ')}`,
        details: { scopes: outside },
      });
    }
  }
  return findings;
}
