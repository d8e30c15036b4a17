import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-TopicKms';

describe('TopicKms', () => {
  test('Noncompliance 1: L2 topic without a key', () => {
    const stack = testStack();
    new sns.Topic(stack, 'Topic');
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: the AWS-managed alias/aws/sns key', () => {
    const stack = testStack();
    new sns.Topic(stack, 'Topic', { masterKey: kms.Alias.fromAliasName(stack, 'Managed', 'alias/aws/sns') });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 topic without a key', () => {
    const stack = testStack();
    new sns.CfnTopic(stack, 'Topic', { topicName: 'alerts' });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Topic']);
  });

  test('Compliance', () => {
    const stack = testStack();
    new sns.Topic(stack, 'Topic', { masterKey: new kms.Key(stack, 'Key', { enableKeyRotation: true }) });
    new sns.CfnTopic(stack, 'Imported', { kmsMasterKeyId: Fn.importValue('AlertKeyArn') });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: a key from a parameter gives a warning, not a throw', () => {
    const stack = testStack();
    new sns.CfnTopic(stack, 'Topic', { kmsMasterKeyId: new CfnParameter(stack, 'Key').valueAsString });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
