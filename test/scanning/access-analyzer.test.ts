import { Duration } from 'aws-cdk-lib';
import * as sns from 'aws-cdk-lib/aws-sns';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ApiBaselineChecks } from '../../src/nag';
import { AccessAnalyzer } from '../../src/scanning';
import { findings, templateOf, testStack } from '../util';

describe('AccessAnalyzer', () => {
  test('defaults: one external-access analyzer for the account, active findings to a new alert topic', () => {
    const stack = testStack();
    const analyzer = new AccessAnalyzer(stack, 'Analyzer');
    const template = templateOf(stack);
    template.resourceCountIs('AWS::AccessAnalyzer::Analyzer', 1);
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { Type: 'ACCOUNT' });
    expect(analyzer.unusedAccessAnalyzer).toBeUndefined();
    const [rule] = Object.values(template.findResources('AWS::Events::Rule')) as any[];
    expect(rule.Properties.EventPattern).toEqual({
      'source': ['aws.access-analyzer'],
      'detail-type': ['Access Analyzer Finding'],
      'detail': { status: ['ACTIVE'] },
    });
    const target = rule.Properties.Targets[0];
    expect(target.Arn).toEqual(stack.resolve(analyzer.alertTopic.topicArn));
    const message = JSON.parse(target.InputTransformer.InputTemplate);
    expect(message).toContain('Resource: <detail-resourceType> <detail-resource>');
    expect(message).toContain('Fix:');
    template.resourceCountIs('AWS::SNS::Topic', 1);
  });

  test('unusedAccessAge adds an unused-access analyzer and its findings to the rule', () => {
    const stack = testStack();
    const analyzer = new AccessAnalyzer(stack, 'Analyzer', { analyzerName: 'orders', unusedAccessAge: Duration.days(45) });
    const template = templateOf(stack);
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', { Type: 'ACCOUNT', AnalyzerName: 'orders' });
    template.hasResourceProperties('AWS::AccessAnalyzer::Analyzer', {
      Type: 'ACCOUNT_UNUSED_ACCESS',
      AnalyzerName: 'orders-unused',
      AnalyzerConfiguration: { UnusedAccessConfiguration: { UnusedAccessAge: 45 } },
    });
    expect(analyzer.unusedAccessAnalyzer).toBeDefined();
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { 'detail-type': ['Access Analyzer Finding', 'Unused Access Finding for IAM entities'] },
    });
  });

  test.each([
    [Duration.days(0), '0 days'],
    [Duration.days(366), '366 days'],
    [Duration.hours(36), '1 day 12 hours'],
  ])('unusedAccessAge %s is refused', (unusedAccessAge, shown) => {
    expect(() => new AccessAnalyzer(testStack(), 'A', { unusedAccessAge }))
      .toThrow(`"unusedAccessAge" must be a whole number of days between 1 and 365, got "${shown}"`);
  });

  test.each([1, 365])('unusedAccessAge %d days is accepted', (days) => {
    expect(() => new AccessAnalyzer(testStack(), 'A', { unusedAccessAge: Duration.days(days) })).not.toThrow();
  });

  test('analyzerName is validated', () => {
    expect(() => new AccessAnalyzer(testStack(), 'A', { analyzerName: '1-bad name' }))
      .toThrow(/"analyzerName" must be 1-255 letters, digits, "\.", "_" or "-" starting with a letter, got "1-bad name"/);
    expect(() => new AccessAnalyzer(testStack(), 'A', { analyzerName: 'a'.repeat(255) })).not.toThrow();
    expect(() => new AccessAnalyzer(testStack(), 'A', { analyzerName: 'a'.repeat(256) })).toThrow(/"analyzerName"/);
    expect(() => new AccessAnalyzer(testStack(), 'A', { analyzerName: 'a'.repeat(249), unusedAccessAge: Duration.days(90) }))
      .toThrow(/"analyzerName" must be at most 248 characters when "unusedAccessAge" is set/);
    expect(() => new AccessAnalyzer(testStack(), 'A', { analyzerName: 'a'.repeat(248), unusedAccessAge: Duration.days(90) }))
      .not.toThrow();
  });

  test('alertTopic: findings go to the given topic and no topic is created', () => {
    const stack = testStack();
    const topic = sns.Topic.fromTopicArn(stack, 'Ops', 'arn:aws:sns:us-east-1:123456789012:ops');
    new AccessAnalyzer(stack, 'Analyzer', { alertTopic: topic });
    templateOf(stack).resourceCountIs('AWS::SNS::Topic', 0);
    templateOf(stack).hasResourceProperties('AWS::Events::Rule', {
      Targets: [{ Arn: 'arn:aws:sns:us-east-1:123456789012:ops', Id: 'Target0', InputTransformer: { InputPathsMap: { 'detail-id': '$.detail.id' } } }],
    });
  });

  test('AwsSolutions and ApiBaseline: no findings', () => {
    const stack = testStack();
    new AccessAnalyzer(stack, 'Analyzer', { unusedAccessAge: Duration.days(90) });
    expect(findings(new AwsSolutionsChecks(), stack)).toEqual({});
    expect(findings(new ApiBaselineChecks(), stack)).toEqual({});
  });
});
