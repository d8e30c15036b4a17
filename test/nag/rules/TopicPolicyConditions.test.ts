import { Duration, Fn, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-TopicPolicyConditions';

function l1(stack: Stack, id: string, statement: any) {
  const topic = new sns.CfnTopic(stack, `${id}Topic`, {});
  return new sns.CfnTopicPolicy(stack, id, {
    topics: [topic.ref],
    policyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Resource: topic.ref, ...statement }] },
  });
}

describe('TopicPolicyConditions', () => {
  test('Noncompliance 1: an EventBridge target (events.amazonaws.com without a condition)', () => {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Topic');
    new events.Rule(stack, 'Rule', { schedule: events.Schedule.rate(Duration.hours(1)), targets: [new targets.SnsTopic(topic)] });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: Principal * may publish', () => {
    const stack = testStack();
    l1(stack, 'Policy', { Principal: '*', Action: 'sns:Publish' });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Policy']);
  });

  test('Noncompliance 3: a service principal with sns:* and an IfExists condition', () => {
    const stack = testStack();
    l1(stack, 'Policy', {
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: 'sns:*',
      Condition: { StringEqualsIfExists: { 'aws:SourceAccount': '123456789012' } },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: AWS * through NotAction, on an inline topic policy', () => {
    const stack = testStack();
    const topic = new sns.CfnTopic(stack, 'Topic', {});
    new sns.CfnTopicInlinePolicy(stack, 'Inline', {
      topicArn: topic.ref,
      policyDocument: { Statement: [{ Effect: 'Allow', Principal: { AWS: '*' }, NotAction: 'sns:Subscribe', Resource: topic.ref }] },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Inline']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const topic = new sns.Topic(stack, 'Topic', { enforceSSL: true });
    topic.addToResourcePolicy(new iam.PolicyStatement({
      principals: [new iam.ServicePrincipal('events.amazonaws.com')],
      actions: ['sns:Publish'],
      resources: [topic.topicArn],
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
    }));
    topic.grantPublish(new iam.AccountRootPrincipal());
    l1(stack, 'SourceArn', { Principal: { Service: 's3.amazonaws.com' }, Action: 'sns:Publish', Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::bucket' } } });
    l1(stack, 'Org', { Principal: '*', Action: 'sns:Publish', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } });
    l1(stack, 'SubscribeOnly', { Principal: '*', Action: 'sns:Subscribe', Condition: { StringEquals: { 'aws:SourceOwner': '123456789012' } } });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported condition gives a warning, not a throw', () => {
    const stack = testStack();
    l1(stack, 'Policy', { Principal: { Service: 'events.amazonaws.com' }, Action: 'sns:Publish', Condition: Fn.importValue('Condition') });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
