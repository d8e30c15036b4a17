import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-LogGroupEncryptedRetention';

describe('LogGroupEncryptedRetention', () => {
  test('Noncompliance 1: L2 log group without a key', () => {
    const stack = testStack();
    new logs.LogGroup(stack, 'Logs', { retention: logs.RetentionDays.ONE_YEAR });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: encrypted, but kept for six months', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new logs.LogGroup(stack, 'Logs', { encryptionKey: key, retention: logs.RetentionDays.SIX_MONTHS });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 log group, encrypted, retention 364 days as text', () => {
    const stack = testStack();
    const group = new logs.CfnLogGroup(stack, 'Logs', { kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1' });
    group.addPropertyOverride('RetentionInDays', '180');
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Logs']);
  });

  test('Noncompliance 4: encrypted, but never expires (no RetentionInDays)', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new logs.LogGroup(stack, 'Forever', { encryptionKey: key, retention: logs.RetentionDays.INFINITE });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Forever/Resource']);
  });

  test('Noncompliance 5: a Lambda function\'s logRetention (Custom::LogRetention, unencrypted, 1 day)', () => {
    const stack = testStack();
    new lambda.Function(stack, 'Fn', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => {};'),
      logRetention: logs.RetentionDays.ONE_DAY,
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Fn/LogRetention/Resource']);
  });

  test('Noncompliance 6: a LogRetention kept ten years is still unencrypted', () => {
    const stack = testStack();
    new logs.LogRetention(stack, 'Retention', { logGroupName: '/aws/lambda/fn', retention: logs.RetentionDays.TEN_YEARS });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new logs.LogGroup(stack, 'OneYear', { encryptionKey: key, retention: logs.RetentionDays.ONE_YEAR });
    new logs.CfnLogGroup(stack, 'Imported', { kmsKeyId: Fn.importValue('KeyArn'), retentionInDays: 3653 });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: retention from a parameter gives a warning, not a throw', () => {
    const stack = testStack();
    new logs.CfnLogGroup(stack, 'Logs', {
      kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/1',
      retentionInDays: new CfnParameter(stack, 'Days', { type: 'Number' }).valueAsNumber,
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
