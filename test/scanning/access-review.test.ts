import { Duration, Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as events from 'aws-cdk-lib/aws-events';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { DataKey } from '../../src/encryption';
import { ApiBaselineChecks } from '../../src/nag';
import { AccessReview } from '../../src/scanning';
import { findings, templateOf, testStack } from '../util';

type Stack = ReturnType<typeof testStack>;

function statements(stack: Stack): any[] {
  const policies = templateOf(stack).findResources('AWS::IAM::Policy', {
    Properties: { Roles: [{ Ref: Match.stringLikeRegexp('ReviewRole') }] },
  });
  return Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

function statement(stack: Stack, sid: string): any {
  return statements(stack).find((s) => s.Sid === sid);
}

function environment(stack: Stack): Record<string, unknown> {
  const [fn] = Object.values(templateOf(stack).findResources('AWS::Lambda::Function', {
    Properties: { Description: 'Scheduled access review (cdk-api-baseline)' },
  })) as any[];
  return fn.Properties.Environment.Variables;
}

function acknowledgedIds(scope: IConstruct): string[] {
  const ids: string[] = [];
  for (const c of scope.node.findAll()) {
    for (const entry of c.node.metadata) {
      if (entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY) {
        ids.push(...Object.keys(entry.data as object).map((k) => k.replace(/^annotation::/i, '')));
      }
    }
  }
  return ids.sort();
}

describe('AccessReview', () => {
  test('defaults: a weekly Node 24 function with its configuration, an encrypted report bucket and alert topic', () => {
    const stack = testStack();
    const review = new AccessReview(stack, 'Review');
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      Handler: 'index.handler',
      Timeout: 300,
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('ReviewLogs') } },
    });
    expect(environment(stack)).toMatchObject({
      REVIEW_KEY_ARNS: '',
      REVIEW_GRANT_PRINCIPALS: '',
      REVIEW_API_KEYS: 'true',
      REVIEW_MAX_API_KEY_AGE_DAYS: '90',
      REVIEW_USER_POOL_IDS: '',
      REVIEW_ALLOWED_SCOPES: '',
      REVIEW_MAX_TOKEN_VALIDITY_MINUTES: '60',
      REVIEW_REPORT_BUCKET: stack.resolve(review.reportBucket.bucketName),
      REVIEW_TOPIC_ARN: stack.resolve(review.alertTopic.topicArn),
      REVIEW_METRIC_NAMESPACE: 'ApiBaseline/AccessReview',
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(7 days)',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ReviewFunction'), 'Arn'] } })],
    });
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: {
        ServerSideEncryptionConfiguration: [Match.objectLike({
          ServerSideEncryptionByDefault: Match.objectLike({ SSEAlgorithm: 'aws:kms' }),
        })],
      },
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResource('AWS::Logs::LogGroup', { Properties: { KmsKeyId: Match.anyValue() }, DeletionPolicy: 'Retain' });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('defaults: one run at a time, traced, a failed run goes to the alert topic after one retry', () => {
    const stack = testStack();
    const review = new AccessReview(stack, 'Review');
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: 'Scheduled access review (cdk-api-baseline)',
      ReservedConcurrentExecutions: 1,
      TracingConfig: { Mode: 'Active' },
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 3600,
      DestinationConfig: { OnFailure: { Destination: stack.resolve(review.alertTopic.topicArn) } },
    });
    expect(statements(stack)).toContainEqual(expect.objectContaining({
      Action: 'sns:Publish',
      Resource: stack.resolve(review.alertTopic.topicArn),
    }));
  });

  test('defaults: read-only API Gateway access, writes only under access-review/, own metric namespace', () => {
    const stack = testStack();
    const review = new AccessReview(stack, 'Review');
    expect(statement(stack, 'ReadReviewedKeys')).toBeUndefined();
    expect(statement(stack, 'ReadReviewedUserPoolClients')).toBeUndefined();
    const apigw = (path: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:apigateway:us-east-1::${path}`]] });
    expect(statement(stack, 'ReadApiKeysAndUsagePlans')).toEqual({
      Sid: 'ReadApiKeysAndUsagePlans',
      Effect: 'Allow',
      Action: 'apigateway:GET',
      Resource: [apigw('/apikeys'), apigw('/usageplans'), apigw('/usageplans/*/keys')],
    });
    expect(statement(stack, 'WriteReports')).toEqual({
      Sid: 'WriteReports',
      Effect: 'Allow',
      Action: 's3:PutObject',
      Resource: { 'Fn::Join': ['', [stack.resolve(review.reportBucket.bucketArn), '/access-review/*']] },
    });
    expect(statement(stack, 'EncryptReports').Resource).toEqual(stack.resolve(review.reportBucket.encryptionKey!.keyArn));
    expect(statement(stack, 'EncryptReports').Action).toBe('kms:GenerateDataKey');
    expect(statement(stack, 'PublishSummary').Resource).toEqual(stack.resolve(review.alertTopic.topicArn));
    expect(statement(stack, 'EncryptSummary')).toMatchObject({
      Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
      Resource: stack.resolve(review.alertTopic.masterKey!.keyArn),
    });
    expect(statement(stack, 'PutFindingsMetric')).toEqual({
      Sid: 'PutFindingsMetric',
      Effect: 'Allow',
      Action: 'cloudwatch:PutMetricData',
      Resource: '*',
      Condition: { StringEquals: { 'cloudwatch:namespace': 'ApiBaseline/AccessReview' } },
    });
    // nothing else: the whole list of actions the role holds
    expect([...new Set(statements(stack).flatMap((s) => [s.Action].flat()))].sort()).toEqual([
      'apigateway:GET', 'cloudwatch:PutMetricData', 'kms:Decrypt', 'kms:GenerateDataKey',
      'logs:CreateLogStream', 'logs:PutLogEvents', 's3:PutObject', 'sns:Publish',
      'xray:PutTelemetryRecords', 'xray:PutTraceSegments',
    ]);
  });

  test('keys and user pools: their ids go to the function, read access is scoped to them', () => {
    const stack = testStack();
    const key1 = new DataKey(stack, 'Key1');
    const key2 = kms.Key.fromKeyArn(stack, 'Key2', 'arn:aws:kms:us-east-1:123456789012:key/abcd');
    const pool = cognito.UserPool.fromUserPoolId(stack, 'Pool', 'us-east-1_abc');
    new AccessReview(stack, 'Review', {
      keys: [key1, key2],
      userPools: [pool],
      grantPrincipalAllowList: ['arn:aws:iam::123456789012:role/orders-*', 'logs.us-east-1.amazonaws.com'],
      allowedScopes: ['orders/read', 'orders/write'],
    });
    const env = environment(stack);
    expect(env.REVIEW_KEY_ARNS).toEqual({
      'Fn::Join': ['', [stack.resolve(key1.keyArn), ',arn:aws:kms:us-east-1:123456789012:key/abcd']],
    });
    expect(env.REVIEW_USER_POOL_IDS).toBe('us-east-1_abc');
    expect(env.REVIEW_GRANT_PRINCIPALS).toBe('arn:aws:iam::123456789012:role/orders-*,logs.us-east-1.amazonaws.com');
    expect(env.REVIEW_ALLOWED_SCOPES).toBe('orders/read,orders/write');
    expect(statement(stack, 'ReadReviewedKeys')).toEqual({
      Sid: 'ReadReviewedKeys',
      Effect: 'Allow',
      Action: ['kms:GetKeyRotationStatus', 'kms:GetKeyPolicy', 'kms:ListGrants'],
      Resource: [stack.resolve(key1.keyArn), 'arn:aws:kms:us-east-1:123456789012:key/abcd'],
    });
    expect(statement(stack, 'ReadReviewedUserPoolClients')).toMatchObject({
      Action: ['cognito-idp:ListUserPoolClients', 'cognito-idp:DescribeUserPoolClient'],
      Resource: stack.resolve(pool.userPoolArn),
    });
  });

  test('reviewApiKeys: false drops the API Gateway permissions and tells the function', () => {
    const stack = testStack();
    new AccessReview(stack, 'Review', { reviewApiKeys: false, keys: [new DataKey(stack, 'Key')] });
    expect(statement(stack, 'ReadApiKeysAndUsagePlans')).toBeUndefined();
    expect(environment(stack).REVIEW_API_KEYS).toBe('false');
  });

  test('schedule, limits and namespace are configurable', () => {
    const stack = testStack();
    const review = new AccessReview(stack, 'Review', {
      schedule: events.Schedule.cron({ weekDay: 'MON', hour: '6', minute: '0' }),
      maxApiKeyAge: Duration.days(30),
      maxTokenValidity: Duration.hours(2),
      metricNamespace: 'Orders/AccessReview',
    });
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'cron(0 6 ? * MON *)' });
    expect(environment(stack)).toMatchObject({
      REVIEW_MAX_API_KEY_AGE_DAYS: '30',
      REVIEW_MAX_TOKEN_VALIDITY_MINUTES: '120',
      REVIEW_METRIC_NAMESPACE: 'Orders/AccessReview',
    });
    expect(statement(stack, 'PutFindingsMetric').Condition).toEqual({ StringEquals: { 'cloudwatch:namespace': 'Orders/AccessReview' } });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { Namespace: 'Orders/AccessReview', MetricName: 'AccessReviewFindings' });
    expect(stack.resolve(review.metricFindings().namespace)).toBe('Orders/AccessReview');
  });

  test('a review with nothing to review is refused', () => {
    expect(() => new AccessReview(testStack(), 'R', { reviewApiKeys: false }))
      .toThrow('"reviewApiKeys" must be true when neither "keys" nor "userPools" is given (the review would have '
        + 'nothing to review), got false');
    expect(() => new AccessReview(testStack(), 'R', { reviewApiKeys: false, keys: [], userPools: [] }))
      .toThrow(/"reviewApiKeys" must be true/);
    const stack = testStack();
    expect(() => new AccessReview(stack, 'R', {
      reviewApiKeys: false, userPools: [cognito.UserPool.fromUserPoolId(stack, 'Pool', 'us-east-1_abc')],
    })).not.toThrow();
    expect(() => new AccessReview(testStack(), 'R', {})).not.toThrow();
  });

  test('incomplete runs: an alarm on AccessReviewIncomplete >= 1 sends to the same topic', () => {
    const stack = testStack();
    const review = new AccessReview(stack, 'Review');
    const topic = stack.resolve(review.alertTopic.topicArn);
    templateOf(stack).hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'ApiBaseline/AccessReview',
      MetricName: 'AccessReviewIncomplete',
      Statistic: 'Maximum',
      Period: 86400,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'ignore',
      AlarmActions: [topic],
      OKActions: [topic],
    });
    expect(stack.resolve(review.incompleteAlarm.alarmArn)).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/ReviewIncompleteAlarm/), 'Arn'] });
    expect(review.metricIncomplete().metricName).toBe('AccessReviewIncomplete');
    templateOf(stack).resourceCountIs('AWS::CloudWatch::Alarm', 3);
  });

  test('alarms: findings > 0 and function errors, both with alarm and OK actions to the topic', () => {
    const stack = testStack();
    const review = new AccessReview(stack, 'Review');
    const template = templateOf(stack);
    const topic = stack.resolve(review.alertTopic.topicArn);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'ApiBaseline/AccessReview',
      MetricName: 'AccessReviewFindings',
      Statistic: 'Maximum',
      Period: 86400,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 1,
      TreatMissingData: 'ignore',
      AlarmActions: [topic],
      OKActions: [topic],
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [topic],
      OKActions: [topic],
    });
    expect(review.metricFindings({ period: Duration.hours(6) }).period.toHours()).toBe(6);
  });

  test('reportBucket and alertTopic: the given ones are used, no new ones created; KMS statements follow their keys', () => {
    const stack = testStack();
    const bucket = s3.Bucket.fromBucketName(stack, 'Bucket', 'existing-reports');
    const topic = sns.Topic.fromTopicArn(stack, 'Topic', 'arn:aws:sns:us-east-1:123456789012:ops');
    const review = new AccessReview(stack, 'Review', { reportBucket: bucket, alertTopic: topic });
    expect(review.reportBucket).toBe(bucket);
    expect(review.alertTopic).toBe(topic);
    const template = templateOf(stack);
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.resourceCountIs('AWS::SNS::Topic', 0);
    expect(statement(stack, 'WriteReports').Resource).toEqual({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::existing-reports/access-review/*']],
    });
    expect(statement(stack, 'EncryptReports')).toBeUndefined();
    expect(statement(stack, 'EncryptSummary')).toBeUndefined();
    expect(environment(stack).REVIEW_TOPIC_ARN).toBe('arn:aws:sns:us-east-1:123456789012:ops');
  });

  test.each([
    [Duration.days(0), '0 days'],
    [Duration.hours(36), '1 day 12 hours'],
    [Duration.days(3651), '3651 days'],
  ])('maxApiKeyAge %s is refused', (maxApiKeyAge, shown) => {
    expect(() => new AccessReview(testStack(), 'R', { maxApiKeyAge }))
      .toThrow(`"maxApiKeyAge" must be a whole number of days between 1 and 3650, got "${shown}"`);
  });

  test.each([1, 3650])('maxApiKeyAge %d days is accepted', (days) => {
    expect(() => new AccessReview(testStack(), 'R', { maxApiKeyAge: Duration.days(days) })).not.toThrow();
  });

  test('maxTokenValidity is between 5 minutes and 1 day', () => {
    expect(() => new AccessReview(testStack(), 'R', { maxTokenValidity: Duration.minutes(4) }))
      .toThrow('"maxTokenValidity" must be between 5 minutes and 1 day, got "4 minutes"');
    expect(() => new AccessReview(testStack(), 'R', { maxTokenValidity: Duration.minutes(1441) }))
      .toThrow(/"maxTokenValidity" must be between 5 minutes and 1 day, got "1 day 1 minute"/);
    expect(() => new AccessReview(testStack(), 'R', { maxTokenValidity: Duration.minutes(5) })).not.toThrow();
    expect(() => new AccessReview(testStack(), 'R', { maxTokenValidity: Duration.days(1) })).not.toThrow();
  });

  test('metricNamespace is validated', () => {
    expect(() => new AccessReview(testStack(), 'R', { metricNamespace: 'AWS/Lambda' }))
      .toThrow(/"metricNamespace" must be 1-255 characters of letters, digits, spaces and \. - _ \/ # :, not only spaces, and must not start with "AWS\/" or ":", got "AWS\/Lambda"/);
    expect(() => new AccessReview(testStack(), 'R', { metricNamespace: 'Access@Review' })).toThrow(/"metricNamespace" .* got "Access@Review"/);
    expect(() => new AccessReview(testStack(), 'R', { metricNamespace: '' })).toThrow(/"metricNamespace"/);
    expect(() => new AccessReview(testStack(), 'R', { metricNamespace: 'x'.repeat(256) })).toThrow(/"metricNamespace"/);
    expect(() => new AccessReview(testStack(), 'R', { metricNamespace: 'x'.repeat(255) })).not.toThrow();
  });

  test('AwsSolutions: no findings; the acknowledgements are exactly the unavoidable wildcards', () => {
    const stack = testStack();
    const review = new AccessReview(stack, 'Review', {
      keys: [new DataKey(stack, 'Key')],
      userPools: [cognito.UserPool.fromUserPoolId(stack, 'Pool', 'us-east-1_abc')],
    });
    expect(findings(new AwsSolutionsChecks(), stack)).toEqual({});
    const bucketId = stack.getLogicalId(review.reportBucket.node.defaultChild as s3.CfnBucket);
    expect(acknowledgedIds(review)).toEqual([
      'AwsSolutions-IAM5[Resource::*]',
      `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/access-review/*]`,
      'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:apigateway:us-east-1::/usageplans/*/keys]',
    ].sort());
  });

  test('ApiBaseline: no findings', () => {
    const stack = testStack();
    new AccessReview(stack, 'Review');
    expect(findings(new ApiBaselineChecks(), stack)).toEqual({});
  });
});
