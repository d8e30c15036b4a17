import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { ENV, FINDINGS_METRIC_NAME, INCOMPLETE_METRIC_NAME, REPORT_PREFIX } from './access-review-config';
import { AccessReviewFunction } from './access-review-function';
import { EncryptedBucket } from '../encryption/encrypted-bucket';
import { ProtectedLogGroup } from '../encryption/protected-log-group';
import { AlertTopic } from '../monitoring/alert-topic';
import { notifyAlarmAndOk } from '../private/alarm-actions';
import { checkWholeDays } from '../private/duration';
import { checkNamespace } from '../private/namespace';
import { acknowledgeWildcardResource } from '../private/scanning-nag';
import { invalidProp, withConstructPath } from '../private/validation';

/** Properties of {@link AccessReview}. */
export interface AccessReviewProps {
  /**
   * When the review runs.
   * @default - once a week (`Schedule.rate(Duration.days(7))`)
   */
  readonly schedule?: events.Schedule;

  /**
   * KMS keys to review: rotation enabled, a key policy that can be read, no key-policy `Allow` statement for any
   * principal or with `NotPrincipal`, no grant to a principal outside `grantPrincipalAllowList`. A review needs at
   * least one of `keys`, `userPools` and `reviewApiKeys`.
   * @default - no KMS key is reviewed
   */
  readonly keys?: kms.IKey[];

  /**
   * Grantee principals (ARNs or service principals) that grants on the reviewed keys may name. `*` matches any
   * characters, e.g. `arn:aws:iam::123456789012:role/orders-*`.
   * @default - no grantee is expected: every grant on a reviewed key is reported
   */
  readonly grantPrincipalAllowList?: string[];

  /**
   * Review the API Gateway API keys and usage plans of this account and region: keys past the date in their
   * `api-key-expires` tag (or with a tag that is not a date), keys older than `maxApiKeyAge`, disabled keys that
   * still exist, keys in no usage plan. With `false`, `keys` or `userPools` must be given (a review with nothing to
   * review is refused at synth).
   * @default true
   */
  readonly reviewApiKeys?: boolean;

  /**
   * API keys older than this are reported (rotate them). Whole days, 1-3650.
   * @default Duration.days(90)
   */
  readonly maxApiKeyAge?: Duration;

  /**
   * Cognito user pools whose app clients are reviewed: implicit grant, token validity, OAuth scopes. A listed client
   * that cannot be described is a finding.
   * @default - no user pool is reviewed
   */
  readonly userPools?: cognito.IUserPool[];

  /**
   * OAuth scopes (`resource-server/scope`, or standard scopes such as `openid`) app clients may hold; any other
   * scope of a client is reported.
   * @default - scopes are not judged
   */
  readonly allowedScopes?: string[];

  /**
   * Access and ID tokens valid longer than this are reported. Between 5 minutes and 1 day.
   * @default Duration.minutes(60)
   */
  readonly maxTokenValidity?: Duration;

  /**
   * Bucket the dated JSON reports (`access-review/YYYY-MM-DD.json`) are written to.
   * @default - a new EncryptedBucket (SSE-KMS, TLS only, retained) created inside this construct
   */
  readonly reportBucket?: s3.IBucket;

  /**
   * Topic the review summary and the alarms are sent to.
   * @default - a new AlertTopic (KMS-encrypted, TLS only) created inside this construct
   */
  readonly alertTopic?: sns.ITopic;

  /**
   * CloudWatch namespace of the `AccessReviewFindings` and `AccessReviewIncomplete` metrics (1-255 characters, not
   * starting with `AWS/`).
   * @default "ApiBaseline/AccessReview"
   */
  readonly metricNamespace?: string;
}

/**
 * A scheduled access review (weekly by default): a Lambda function reads the configuration of the given KMS keys,
 * the API keys and usage plans of the account, and the app clients of the given Cognito user pools, and reports
 * what no longer meets the baseline. Each run writes a dated JSON report to an encrypted bucket and publishes a
 * summary to the alert topic. A complete run emits the metric `AccessReviewFindings`, which an alarm watches. A run
 * that cannot review everything (a call throttled or denied) emits no finding count, so it can never send a false
 * all-clear: it emits `AccessReviewIncomplete = 1`, which a second alarm watches, publishes what it could not review
 * and fails (a third alarm watches the function's errors).
 *
 * The function holds read-only permissions on exactly the reviewed resources, plus writing reports under
 * `access-review/`, publishing to the topic and putting metric data in its own namespace. It runs one review at a
 * time (reserved concurrency 1) with X-Ray tracing; an invocation that fails after its retry is sent to the alert
 * topic (on-failure destination).
 */
export class AccessReview extends Construct {
  /** The review function. */
  public readonly function: lambda.IFunction;

  /** The bucket that receives the reports. */
  public readonly reportBucket: s3.IBucket;

  /** The topic that receives summaries and alarms. */
  public readonly alertTopic: sns.ITopic;

  /** Alarm raised when the latest complete review reported findings. */
  public readonly findingsAlarm: cloudwatch.Alarm;

  /** Alarm raised when the latest review could not review everything it was configured to. */
  public readonly incompleteAlarm: cloudwatch.Alarm;

  /** Alarm raised when a review run failed. */
  public readonly errorsAlarm: cloudwatch.Alarm;

  /** The log group of the review function. */
  public readonly logGroup: logs.ILogGroup;

  /** The CloudWatch namespace of the findings and incompleteness metrics. */
  public readonly metricNamespace: string;

  constructor(scope: Construct, id: string, props: AccessReviewProps = {}) {
    super(scope, id);
    try {
      const stack = Stack.of(this);

      const keys = props.keys ?? [];
      const userPools = props.userPools ?? [];
      const reviewApiKeys = props.reviewApiKeys ?? true;
      if (!reviewApiKeys && keys.length === 0 && userPools.length === 0) {
        throw invalidProp('reviewApiKeys', false, 'must be true when neither "keys" nor "userPools" is given '
          + '(the review would have nothing to review)');
      }
      const maxApiKeyAgeDays = checkWholeDays('maxApiKeyAge', props.maxApiKeyAge ?? Duration.days(90), 1, 3650);
      const maxTokenValidityMinutes = tokenValidityMinutes(props.maxTokenValidity ?? Duration.minutes(60));
      this.metricNamespace = checkNamespace('metricNamespace', props.metricNamespace ?? 'ApiBaseline/AccessReview');
      this.reportBucket = props.reportBucket ?? new EncryptedBucket(this, 'Reports');
      this.alertTopic = props.alertTopic ?? new AlertTopic(this, 'AlertTopic');

      const logGroup = new ProtectedLogGroup(this, 'Logs');
      this.logGroup = logGroup;
      const role = new iam.Role(this, 'Role', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: 'Read-only access review (KMS keys, API keys, Cognito app clients)',
      });
      logGroup.grantWrite(role);

      const fn = new AccessReviewFunction(this, 'Function', {
        description: 'Scheduled access review (cdk-api-baseline)',
        role,
        logGroup,
        timeout: Duration.minutes(5),
        memorySize: 256,
        // One review at a time: a second run could only write the same report and double the API calls.
        reservedConcurrentExecutions: 1,
        // X-Ray shows each AWS API call of a run (which review step is slow or failing).
        tracing: lambda.Tracing.ACTIVE,
        environment: {
          [ENV.keyArns]: keys.map((k) => k.keyArn).join(','),
          [ENV.grantPrincipalAllowList]: (props.grantPrincipalAllowList ?? []).join(','),
          [ENV.reviewApiKeys]: String(reviewApiKeys),
          [ENV.maxApiKeyAgeDays]: String(maxApiKeyAgeDays),
          [ENV.userPoolIds]: userPools.map((p) => p.userPoolId).join(','),
          [ENV.allowedScopes]: (props.allowedScopes ?? []).join(','),
          [ENV.maxTokenValidityMinutes]: String(maxTokenValidityMinutes),
          [ENV.reportBucket]: this.reportBucket.bucketName,
          [ENV.topicArn]: this.alertTopic.topicArn,
          [ENV.metricNamespace]: this.metricNamespace,
        },
      });
      // A run that still fails after the retry reaches the alert topic as the Lambda failure record (event + error).
      // The role's PublishSummary/EncryptSummary statements below already cover publishing (without the wildcard
      // kms:GenerateDataKey* that the stock SNS destination would grant).
      const alertTopicArn = this.alertTopic.topicArn;
      fn.configureAsyncInvoke({
        retryAttempts: 1,
        maxEventAge: Duration.hours(1),
        onFailure: { bind: () => ({ destination: alertTopicArn }) },
      });
      this.function = fn;

      // Read-only access to the reviewed resources.
      if (keys.length > 0) {
        role.addToPrincipalPolicy(new iam.PolicyStatement({
          sid: 'ReadReviewedKeys',
          actions: ['kms:GetKeyRotationStatus', 'kms:GetKeyPolicy', 'kms:ListGrants'],
          resources: keys.map((k) => k.keyArn),
        }));
      }
      if (reviewApiKeys) {
        const apigw = `arn:${stack.partition}:apigateway:${stack.region}::`;
        role.addToPrincipalPolicy(new iam.PolicyStatement({
          sid: 'ReadApiKeysAndUsagePlans',
          actions: ['apigateway:GET'],
          resources: [`${apigw}/apikeys`, `${apigw}/usageplans`, `${apigw}/usageplans/*/keys`],
        }));
        acknowledgeWildcardResource(role, `${apigw}/usageplans/*/keys`,
          'apigateway:GET on the key lists of usage plans: the plans are discovered at run time (their ids are not '
          + 'known at synth); the statement allows nothing but reading which keys belong to which plan');
      }
      if (userPools.length > 0) {
        role.addToPrincipalPolicy(new iam.PolicyStatement({
          sid: 'ReadReviewedUserPoolClients',
          actions: ['cognito-idp:ListUserPoolClients', 'cognito-idp:DescribeUserPoolClient'],
          resources: userPools.map((p) => p.userPoolArn),
        }));
      }

      // Delivery: the report, the summary, the metric.
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'WriteReports',
        actions: ['s3:PutObject'],
        resources: [this.reportBucket.arnForObjects(`${REPORT_PREFIX}*`)],
      }));
      if (this.reportBucket.encryptionKey) {
        role.addToPrincipalPolicy(new iam.PolicyStatement({
          sid: 'EncryptReports',
          actions: ['kms:GenerateDataKey'],
          resources: [this.reportBucket.encryptionKey.keyArn],
        }));
      }
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'PublishSummary',
        actions: ['sns:Publish'],
        resources: [this.alertTopic.topicArn],
      }));
      if (this.alertTopic.masterKey) {
        role.addToPrincipalPolicy(new iam.PolicyStatement({
          sid: 'EncryptSummary',
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [this.alertTopic.masterKey.keyArn],
        }));
      }
      role.addToPrincipalPolicy(new iam.PolicyStatement({
        sid: 'PutFindingsMetric',
        actions: ['cloudwatch:PutMetricData'],
        resources: ['*'],
        conditions: { StringEquals: { 'cloudwatch:namespace': this.metricNamespace } },
      }));

      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'cloudwatch:PutMetricData and the X-Ray tracing actions (xray:PutTraceSegments, '
          + 'xray:PutTelemetryRecords) support no resource-level permissions; the metric statement is limited to the '
          + 'review\'s own namespace by the cloudwatch:namespace condition',
      });
      acknowledgeWildcardResource(role, this.reportBucket.arnForObjects(`${REPORT_PREFIX}*`),
        `report object names are dated (${REPORT_PREFIX}YYYY-MM-DD.json); s3:PutObject is limited to that prefix`);

      new events.Rule(this, 'Schedule', {
        description: 'Runs the access review',
        schedule: props.schedule ?? events.Schedule.rate(Duration.days(7)),
        targets: [new targets.LambdaFunction(fn, { retryAttempts: 2 })],
      });

      // The review runs rarely: each alarm keeps the state of the latest run until the next one.
      const alarm = (alarmId: string, alarmDescription: string, metric: cloudwatch.IMetric, threshold: number,
        comparisonOperator: cloudwatch.ComparisonOperator) => new cloudwatch.Alarm(this, alarmId, {
        alarmDescription,
        metric,
        threshold,
        comparisonOperator,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      });
      this.findingsAlarm = alarm('FindingsAlarm',
        'The latest complete access review reported findings; see the summary on the alert topic and '
          + `the report under s3://<report bucket>/${REPORT_PREFIX}`,
        this.metricFindings(), 0, cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD);
      this.incompleteAlarm = alarm('IncompleteAlarm',
        'The latest access review could not review everything (e.g. a call was throttled or denied); '
          + 'it reported no finding count, so the findings alarm shows the last complete review. See the summary on '
          + 'the alert topic for the parts that were not reviewed',
        this.metricIncomplete(), 1, cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
      this.errorsAlarm = alarm('ErrorsAlarm',
        'An access review run failed; the error summary was published to the alert topic',
        fn.metricErrors({ period: Duration.hours(1), statistic: cloudwatch.Stats.SUM }), 1,
        cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD);
      notifyAlarmAndOk(new cwActions.SnsAction(this.alertTopic), this.findingsAlarm, this.incompleteAlarm, this.errorsAlarm);
    } catch (e) {
      throw withConstructPath(this, e);
    }
  }

  /**
   * The number of findings of the latest complete review (`AccessReviewFindings`, maximum over one day by default).
   * Incomplete runs emit no data point.
   */
  public metricFindings(props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.reviewMetric(FINDINGS_METRIC_NAME, props);
  }

  /**
   * Whether the latest review was incomplete (`AccessReviewIncomplete`: 1 incomplete, 0 complete; maximum over one
   * day by default).
   */
  public metricIncomplete(props: cloudwatch.MetricOptions = {}): cloudwatch.Metric {
    return this.reviewMetric(INCOMPLETE_METRIC_NAME, props);
  }

  /** A metric the review publishes in its namespace, maximum over one day unless `props` say otherwise. */
  private reviewMetric(metricName: string, props: cloudwatch.MetricOptions): cloudwatch.Metric {
    return new cloudwatch.Metric({
      namespace: this.metricNamespace,
      metricName,
      statistic: cloudwatch.Stats.MAXIMUM,
      period: Duration.days(1),
      ...props,
    });
  }
}

function tokenValidityMinutes(value: Duration): number {
  if (value.isUnresolved()) return value.toMinutes();
  const minutes = value.toMinutes({ integral: false });
  if (minutes < 5 || minutes > 1440) {
    throw invalidProp('maxTokenValidity', value.toHumanString(), 'must be between 5 minutes and 1 day');
  }
  return minutes;
}
