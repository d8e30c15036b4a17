import { Duration } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DataKey } from '../../src/encryption';
import { AlertTopic } from '../../src/monitoring';
import { findings, templateOf, testStack } from '../util';

function inlineFunction(scope: any, id: string): lambda.Function {
  return new lambda.Function(scope, id, {
    runtime: lambda.Runtime.NODEJS_22_X,
    handler: 'index.handler',
    code: lambda.Code.fromInline('exports.handler = async () => {};'),
  });
}

describe('AlertTopic', () => {
  test('defaults: encrypted with its own DataKey, no subscriptions', () => {
    const stack = testStack();
    const topic = new AlertTopic(stack, 'Alerts');
    const t = templateOf(stack);
    expect(topic.encryptionKey).toBeInstanceOf(DataKey);
    expect(topic.masterKey).toBe(topic.encryptionKey);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResourceProperties('AWS::SNS::Topic', {
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlertsKey'), 'Arn'] },
      TopicName: Match.absent(),
      DisplayName: Match.absent(),
    });
    t.resourceCountIs('AWS::SNS::Subscription', 0);
  });

  test('topic policy denies publishing without TLS', () => {
    const stack = testStack();
    new AlertTopic(stack, 'Alerts');
    templateOf(stack).hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Effect: 'Deny',
          Action: 'sns:Publish',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        })]),
      },
    });
  });

  test('topic policy lets CloudWatch alarms and EventBridge of this account publish', () => {
    const stack = testStack();
    new AlertTopic(stack, 'Alerts');
    templateOf(stack).hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([{
          Sid: 'AllowAlarmsAndEventsOfThisAccount',
          Effect: 'Allow',
          Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com'] },
          Action: 'sns:Publish',
          Resource: { Ref: Match.stringLikeRegexp('Alerts') },
          Condition: { StringEquals: { 'aws:SourceAccount': '123456789012' } },
        }]),
      },
    });
  });

  test('options: name, display name, shared DataKey', () => {
    const stack = testStack();
    const key = new DataKey(stack, 'Shared');
    const topic = new AlertTopic(stack, 'Alerts', { topicName: 'orders-alerts', displayName: 'Orders alerts', masterKey: key });
    const t = templateOf(stack);
    expect(topic.encryptionKey).toBe(key);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResourceProperties('AWS::SNS::Topic', {
      TopicName: 'orders-alerts',
      DisplayName: 'Orders alerts',
      KmsMasterKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Shared'), 'Arn'] },
    });
  });

  test('a plain kms.Key of the app gets the publisher statement', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Plain', { enableKeyRotation: true });
    new AlertTopic(stack, 'Alerts', { masterKey: key });
    templateOf(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: ['cloudwatch.amazonaws.com', 'events.amazonaws.com', 'sns.amazonaws.com'] },
          Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        })]),
      },
    });
  });

  test('subscriptions from props and from methods', () => {
    const stack = testStack();
    const topic = new AlertTopic(stack, 'Alerts', {
      emails: ['oncall@example.com'],
      httpsEndpoints: ['https://hooks.example.com/alerts'],
      lambdas: [inlineFunction(stack, 'FnA')],
    });
    topic.addEmail('security@example.com');
    topic.addHttpsEndpoint('https://pager.example.com/in');
    topic.addLambda(inlineFunction(stack, 'FnB'));
    const t = templateOf(stack);
    t.resourceCountIs('AWS::SNS::Subscription', 6);
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'security@example.com' });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'https', Endpoint: 'https://hooks.example.com/alerts' });
    t.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'https', Endpoint: 'https://pager.example.com/in' });
    expect(Object.keys(t.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'lambda' } }))).toHaveLength(2);
    t.resourceCountIs('AWS::Lambda::Permission', 2);
  });

  test('CloudWatch alarms and EventBridge rules can publish', () => {
    const stack = testStack();
    const topic = new AlertTopic(stack, 'Alerts');
    new cloudwatch.Alarm(stack, 'Alarm', {
      metric: new cloudwatch.Metric({ namespace: 'Orders', metricName: 'Errors', period: Duration.minutes(1) }),
      threshold: 1,
      evaluationPeriods: 1,
    }).addAlarmAction(new actions.SnsAction(topic));
    new events.Rule(stack, 'Rule', {
      eventPattern: { source: ['aws.inspector2'] },
      targets: [new targets.SnsTopic(topic)],
    });
    const t = templateOf(stack);
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmActions: [{ Ref: Match.stringLikeRegexp('Alerts') }] });
    t.hasResourceProperties('AWS::Events::Rule', { Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('Alerts') } })] });
  });

  test('grantPublish also grants use of the default key', () => {
    const stack = testStack();
    const topic = new AlertTopic(stack, 'Alerts');
    const role = new iam.Role(stack, 'Publisher', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
    topic.grantPublish(role);
    templateOf(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Action: 'sns:Publish' }),
          Match.objectLike({ Action: Match.arrayWith(['kms:Decrypt']), Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('AlertsKey'), 'Arn'] } }),
        ]),
      },
    });
  });

  describe('validation', () => {
    test('plain http endpoints are refused, in props and in addHttpsEndpoint', () => {
      expect(() => new AlertTopic(testStack(), 'Alerts', { httpsEndpoints: ['http://hooks.example.com'] }))
        .toThrow(/"httpsEndpoints\[0\]" must be an https:\/\/ URL \(plain http is not allowed\), got "http:\/\/hooks.example.com"/);
      const topic = new AlertTopic(testStack(), 'Alerts');
      expect(() => topic.addHttpsEndpoint('http://pager.example.com')).toThrow(/"url" must be an https:\/\/ URL/);
      expect(() => topic.addHttpsEndpoint('https://pager.example.com')).not.toThrow();
    });

    test('endpoints with credentials are refused without echoing the secret', () => {
      let message = '';
      try {
        new AlertTopic(testStack(), 'Alerts', { httpsEndpoints: ['https://ops:s3cret@hooks.example.com/alerts'] });
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toBe('Test/Alerts: "httpsEndpoints[0]" must not contain credentials ("user:password@" before the host): they would be '
        + 'stored in plain text in the template, got "https://<credentials>@hooks.example.com/alerts"');
      expect(message).not.toContain('s3cret');
      const topic = new AlertTopic(testStack(), 'Alerts');
      for (const url of ['https://token@pager.example.com', 'https://@pager.example.com/in', 'https://a:b@c@pager.example.com:8443/in']) {
        expect(() => topic.addHttpsEndpoint(url)).toThrow(/"url" must not contain credentials/);
      }
      // an "@" after the host (path or query) is not a credential
      expect(() => topic.addHttpsEndpoint('https://pager.example.com/in/team@ops?to=a@b.io')).not.toThrow();
      expect(() => topic.addHttpsEndpoint('https://pager.example.com:8443/in')).not.toThrow();
    });

    test('malformed e-mail addresses are refused', () => {
      expect(() => new AlertTopic(testStack(), 'Alerts', { emails: ['not-an-address'] }))
        .toThrow(/"emails\[0\]" must be an e-mail address, got "not-an-address"/);
      const topic = new AlertTopic(testStack(), 'Alerts');
      expect(() => topic.addEmail('a@b')).toThrow(/"address" must be an e-mail address/);
      expect(() => topic.addEmail('a@b.io')).not.toThrow();
    });

    test('topic name must be 1-256 letters, digits, "_" or "-"', () => {
      expect(() => new AlertTopic(testStack(), 'Alerts', { topicName: 'bad name' }))
        .toThrow(/"topicName" must be 1-256 letters, digits, "_" or "-", got "bad name"/);
      expect(() => new AlertTopic(testStack(), 'Alerts', { topicName: 'x'.repeat(257) })).toThrow(/"topicName"/);
      expect(() => new AlertTopic(testStack(), 'Alerts', { topicName: 'x'.repeat(256) })).not.toThrow();
    });

    test('display name is at most 100 characters', () => {
      expect(() => new AlertTopic(testStack(), 'Alerts', { displayName: 'x'.repeat(101) }))
        .toThrow(/"displayName" must be at most 100 characters long/);
      expect(() => new AlertTopic(testStack(), 'Alerts', { displayName: 'x'.repeat(100) })).not.toThrow();
    });
  });

  test('gets zero findings from AwsSolutions', () => {
    const stack = testStack();
    new AlertTopic(stack, 'Alerts', { emails: ['oncall@example.com'] });
    expect(findings(new AwsSolutionsChecks(), stack)).toEqual({});
  });
});
