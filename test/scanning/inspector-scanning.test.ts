import { Match } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiBaselineChecks } from '../../src/nag';
import { InspectorScanning, InspectorSeverity, ScanResourceType } from '../../src/scanning';
import { findings, templateOf, testStack } from '../util';

function customResource(stack: ReturnType<typeof testStack>): any {
  const resources = templateOf(stack).findResources('Custom::InspectorScanning');
  const [only] = Object.values(resources);
  return only.Properties;
}

function rulePattern(stack: ReturnType<typeof testStack>): any {
  const [rule] = Object.values(templateOf(stack).findResources('AWS::Events::Rule'));
  return rule.Properties;
}

describe('InspectorScanning', () => {
  test('defaults: enables Lambda, Lambda code and ECR scanning for this account on create and update', () => {
    const stack = testStack();
    new InspectorScanning(stack, 'Scan');
    const props = customResource(stack);
    const expected = {
      service: 'Inspector2',
      action: 'enable',
      parameters: { accountIds: ['123456789012'], resourceTypes: ['LAMBDA', 'LAMBDA_CODE', 'ECR'] },
      physicalResourceId: { id: 'inspector2-123456789012-us-east-1' },
    };
    expect(JSON.parse(props.Create)).toEqual(expected);
    expect(JSON.parse(props.Update)).toEqual(expected);
    expect(props.Delete).toBeUndefined();
    expect(props.InstallLatestAwsSdk).toBe(false);
  });

  test('disableOnDelete: true disables the same resource types on delete', () => {
    const stack = testStack();
    new InspectorScanning(stack, 'Scan', { disableOnDelete: true, resourceTypes: [ScanResourceType.EC2] });
    const props = customResource(stack);
    expect(JSON.parse(props.Delete)).toMatchObject({
      service: 'Inspector2',
      action: 'disable',
      parameters: { accountIds: ['123456789012'], resourceTypes: ['EC2'] },
    });
  });

  test('resourceTypes are passed through once each', () => {
    const stack = testStack();
    const scan = new InspectorScanning(stack, 'Scan', {
      resourceTypes: [ScanResourceType.ECR, ScanResourceType.EC2, ScanResourceType.ECR],
    });
    expect(JSON.parse(customResource(stack).Create).parameters.resourceTypes).toEqual(['ECR', 'EC2']);
    expect(scan.resourceTypes).toEqual([ScanResourceType.ECR, ScanResourceType.EC2, ScanResourceType.ECR]);
  });

  test('resourceTypes must not be empty', () => {
    expect(() => new InspectorScanning(testStack(), 'Scan', { resourceTypes: [] }))
      .toThrow(/"resourceTypes" must name at least one resource type, got \[\]/);
    expect(() => new InspectorScanning(testStack(), 'Scan', { resourceTypes: [ScanResourceType.LAMBDA] })).not.toThrow();
  });

  test('least-privilege policy: Enable/Disable and the Inspector service-linked role only', () => {
    const stack = testStack();
    new InspectorScanning(stack, 'Scan');
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: [
          { Action: ['inspector2:Enable', 'inspector2:Disable'], Effect: 'Allow', Resource: '*' },
          {
            Action: 'iam:CreateServiceLinkedRole',
            Effect: 'Allow',
            Condition: { StringEquals: { 'iam:AWSServiceName': 'inspector2.amazonaws.com' } },
            Resource: {
              'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' },
                ':iam::123456789012:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2']],
            },
          },
        ],
      },
    });
    // the provider role carries no managed policy
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [Match.objectLike({ Principal: { Service: 'lambda.amazonaws.com' } })],
      }),
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('the provider function runs on the newest Node runtime with 256 MB and logs to an encrypted, retained log group', () => {
    const stack = testStack();
    new InspectorScanning(stack, 'Scan');
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs24.x',
      MemorySize: 256,
      LoggingConfig: { LogGroup: { Ref: Match.stringLikeRegexp('ScanProviderLogs') } },
    });
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { KmsKeyId: Match.anyValue(), RetentionInDays: 365 },
      DeletionPolicy: 'Retain',
    });
  });

  test('defaults: HIGH and CRITICAL active findings go to a new KMS-encrypted alert topic with a readable message', () => {
    const stack = testStack();
    const scan = new InspectorScanning(stack, 'Scan');
    const rule = rulePattern(stack);
    expect(rule.EventPattern).toEqual({
      'source': ['aws.inspector2'],
      'detail-type': ['Inspector2 Finding'],
      'detail': { severity: ['HIGH', 'CRITICAL'], status: ['ACTIVE'] },
    });
    const target = rule.Targets[0];
    expect(target.Arn).toEqual(stack.resolve(scan.alertTopic.topicArn));
    expect(target.InputTransformer.InputPathsMap).toMatchObject({
      'detail-title': '$.detail.title',
      'detail-severity': '$.detail.severity',
      'detail-resources-0--id': '$.detail.resources[0].id',
      'detail-resources-0--type': '$.detail.resources[0].type',
      'detail-remediation-recommendation-text': '$.detail.remediation.recommendation.text',
    });
    const message = JSON.parse(target.InputTransformer.InputTemplate);
    expect(message).toContain('Amazon Inspector finding (<detail-severity>): <detail-title>');
    expect(message).toContain('Resource: <detail-resources-0--type> <detail-resources-0--id>');
    expect(message).toContain('Fix: <detail-remediation-recommendation-text>');
    templateOf(stack).hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  test.each([
    [InspectorSeverity.CRITICAL, ['CRITICAL']],
    [InspectorSeverity.MEDIUM, ['MEDIUM', 'HIGH', 'CRITICAL']],
    [InspectorSeverity.INFORMATIONAL, ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']],
  ])('minimumSeverity %s', (minimumSeverity, expected) => {
    const stack = testStack();
    new InspectorScanning(stack, 'Scan', { minimumSeverity });
    expect(rulePattern(stack).EventPattern.detail.severity).toEqual(expected);
  });

  test('alertTopic: findings go to the given topic and no topic is created', () => {
    const stack = testStack();
    const topic = sns.Topic.fromTopicArn(stack, 'Ops', 'arn:aws:sns:us-east-1:123456789012:ops');
    const scan = new InspectorScanning(stack, 'Scan', { alertTopic: topic });
    expect(scan.alertTopic).toBe(topic);
    templateOf(stack).resourceCountIs('AWS::SNS::Topic', 0);
    expect(rulePattern(stack).Targets[0].Arn).toBe('arn:aws:sns:us-east-1:123456789012:ops');
  });

  test('AwsSolutions: no findings (one acknowledged wildcard for the Inspector actions)', () => {
    const stack = testStack();
    new InspectorScanning(stack, 'Scan');
    expect(findings(new AwsSolutionsChecks(), stack)).toEqual({});
  });

  test('ApiBaseline: no findings', () => {
    const stack = testStack();
    new InspectorScanning(stack, 'Scan');
    expect(findings(new ApiBaselineChecks(), stack)).toEqual({});
  });
});
