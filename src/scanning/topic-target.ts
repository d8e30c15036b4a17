import { Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { DataKey } from '../encryption/data-key';
import { AlertTopic } from '../monitoring/alert-topic';
import { PUBLISHER_KEY_ACTIONS } from '../private/encryption-policy';

const EVENTS = 'events.amazonaws.com';

/**
 * An EventBridge rule target that publishes to a topic and lets EventBridge publish only for this rule of this
 * account (unlike `targets.SnsTopic`, whose topic-policy and key-policy grants to `events.amazonaws.com` carry no
 * condition, so a rule in any account could publish).
 *
 * - An {@link AlertTopic} already allows EventBridge of this account (`aws:SourceAccount`), and its key (a
 *   {@link DataKey}, or a key that AlertTopic gave the same statement) likewise: nothing is added.
 * - Another topic gets a topic-policy statement for `events.amazonaws.com` with `aws:SourceAccount` = the rule's
 *   account and `aws:SourceArn` = the rule's ARN; its KMS key, unless a {@link DataKey}, gets a key-policy statement
 *   with `aws:SourceAccount` (the rule's ARN cannot be named there: the key would depend on the topic's rule).
 *   An imported topic or key cannot be changed and must already allow this.
 */
export function accountTopicTarget(topic: sns.ITopic, message: events.RuleTargetInput): events.IRuleTarget {
  return {
    bind: (rule) => {
      if (!(topic instanceof AlertTopic)) {
        const account = Stack.of(rule).account;
        topic.addToResourcePolicy(new iam.PolicyStatement({
          principals: [new iam.ServicePrincipal(EVENTS)],
          actions: ['sns:Publish'],
          resources: [topic.topicArn],
          conditions: {
            StringEquals: { 'aws:SourceAccount': account },
            ArnEquals: { 'aws:SourceArn': rule.ruleRef.ruleArn },
          },
        }));
        const key = topic.masterKey;
        if (key !== undefined && !(key instanceof DataKey)) {
          key.addToResourcePolicy(new iam.PolicyStatement({
            principals: [new iam.ServicePrincipal(EVENTS)],
            actions: PUBLISHER_KEY_ACTIONS,
            resources: ['*'],
            conditions: { StringEquals: { 'aws:SourceAccount': account } },
          }), true);
        }
      }
      return { arn: topic.topicArn, input: message, targetResource: topic };
    },
  };
}
