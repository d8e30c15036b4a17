import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/** Actions CloudWatch Logs needs on a key that encrypts log groups. */
export const LOGS_KEY_ACTIONS = [
  'kms:Encrypt*',
  'kms:Decrypt*',
  'kms:ReEncrypt*',
  'kms:GenerateDataKey*',
  'kms:Describe*',
];

/** Actions CloudWatch alarms, EventBridge and SNS need to publish to a topic encrypted with a key. */
export const PUBLISHER_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey*'];

/** Services that publish to encrypted alert topics. */
export const PUBLISHER_SERVICES = ['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'sns.amazonaws.com'];

/**
 * Key-policy statement that lets CloudWatch Logs of the current region use the key, but only for log groups of
 * the current account (encryption-context condition on the log-group ARN).
 */
export function logsKeyStatement(scope: IConstruct, sid?: string): iam.PolicyStatement {
  const { region, account, partition } = Stack.of(scope);
  return new iam.PolicyStatement({
    sid,
    principals: [new iam.ServicePrincipal(`logs.${region}.amazonaws.com`)],
    actions: LOGS_KEY_ACTIONS,
    resources: ['*'],
    conditions: {
      ArnLike: {
        'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*`,
      },
    },
  });
}

/**
 * Key-policy statement that lets CloudWatch alarms, EventBridge and SNS of this account use the key to publish
 * to encrypted topics.
 */
export function publisherKeyStatement(scope: IConstruct, sid?: string): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    principals: PUBLISHER_SERVICES.map((s) => new iam.ServicePrincipal(s)),
    actions: PUBLISHER_KEY_ACTIONS,
    resources: ['*'],
    conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(scope).account } },
  });
}
