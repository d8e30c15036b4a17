/**
 * Lambda handler of `AccessReview` and the review itself: reads KMS keys, API Gateway API keys and Cognito app
 * clients, judges them against the configured limits, writes a dated JSON report, publishes a summary and emits a
 * metric.
 *
 * `runAccessReview` takes its SDK clients as arguments, so the same code runs in Lambda (default endpoints) and in
 * tests (a local endpoint); `handler` only builds the clients and reads the configuration from the environment. The
 * checks themselves live in `access-review-checks.ts` (bundled into the handler).
 */
import { APIGatewayClient } from '@aws-sdk/client-api-gateway';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { KMSClient } from '@aws-sdk/client-kms';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { AccessFinding, reviewApiKeys, reviewKey, reviewUserPool } from './access-review-checks';
import {
  AccessReviewConfig,
  configFromEnv,
  FINDINGS_METRIC_NAME,
  INCOMPLETE_METRIC_NAME,
  REPORT_PREFIX,
} from './access-review-config';

export { expiryEnd, matches } from './access-review-checks';
export type { AccessFinding, FindingCheck } from './access-review-checks';

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
