import { RemovalPolicy } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DataKey, ProtectedLogGroup } from '../../src/encryption';
import { findings, templateOf, testStack } from '../util';

function identifierArn(name: string) {
  return { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:dataprotection::aws:data-identifier/${name}`]] };
}

describe('ProtectedLogGroup', () => {
  test('defaults: own DataKey, one-year retention, retained, masks e-mail, card numbers and AWS secret keys', () => {
    const stack = testStack();
    const group = new ProtectedLogGroup(stack, 'Logs');
    const t = templateOf(stack);
    t.resourceCountIs('AWS::KMS::Key', 1);
    expect(group.encryptionKey).toBeInstanceOf(DataKey);
    const defaults = ['EmailAddress', 'CreditCardNumber', 'AwsSecretKey'].map(identifierArn);
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('LogsKey'), 'Arn'] },
        RetentionInDays: 365,
        LogGroupName: Match.absent(),
        DataProtectionPolicy: {
          Name: 'cdk-api-baseline-data-protection',
          Statement: [
            { Sid: Match.anyValue(), DataIdentifier: defaults, Operation: { Audit: Match.anyValue() } },
            { Sid: Match.anyValue(), DataIdentifier: defaults, Operation: { Deidentify: { MaskConfig: {} } } },
          ],
        },
      },
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
  });

  test('options: name, existing DataKey, retention, removal policy', () => {
    const stack = testStack();
    const key = new DataKey(stack, 'Shared');
    const group = new ProtectedLogGroup(stack, 'Logs', {
      logGroupName: 'aws-waf-logs-orders',
      encryptionKey: key,
      retention: logs.RetentionDays.TWO_YEARS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const t = templateOf(stack);
    expect(group.encryptionKey).toBe(key);
    t.resourceCountIs('AWS::KMS::Key', 1);
    t.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: 'aws-waf-logs-orders',
        KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('Shared'), 'Arn'] },
        RetentionInDays: 731,
      },
      DeletionPolicy: 'Delete',
    });
  });

  test('a plain kms.Key of the app gets the CloudWatch Logs statement', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Plain', { enableKeyRotation: true });
    new ProtectedLogGroup(stack, 'Logs', { encryptionKey: key });
    templateOf(stack).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          Principal: { Service: 'logs.us-east-1.amazonaws.com' },
          Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': Match.anyValue() } },
        })]),
      },
    });
  });

  test('an imported key is used as is', () => {
    const stack = testStack();
    const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:us-east-1:123456789012:key/abc');
    new ProtectedLogGroup(stack, 'Logs', { encryptionKey: key });
    const t = templateOf(stack);
    t.resourceCountIs('AWS::KMS::Key', 0);
    t.hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/abc' });
  });

  test('infinite retention needs the explicit opt-out', () => {
    const stack = testStack();
    expect(() => new ProtectedLogGroup(stack, 'Refused', { retention: logs.RetentionDays.INFINITE }))
      .toThrow(/"retention" must be a finite number of days unless "allowInfiniteRetention" is true, got "RetentionDays.INFINITE"/);
    new ProtectedLogGroup(stack, 'Kept', { retention: logs.RetentionDays.INFINITE, allowInfiniteRetention: true });
    templateOf(stack).hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: Match.absent() });
  });

  test.each([0, -1, 0.5])('retention %d is refused', (days) => {
    expect(() => new ProtectedLogGroup(testStack(), 'Logs', { retention: days as logs.RetentionDays }))
      .toThrow(/"retention" must be at least 1 day/);
  });

  test('retention outside the CloudWatch values is refused', () => {
    expect(() => new ProtectedLogGroup(testStack(), 'Logs', { retention: 2 as logs.RetentionDays }))
      .toThrow(/"retention" must be one of the CloudWatch Logs retention values \(logs.RetentionDays\), got 2/);
  });

  test('retention of one day is accepted', () => {
    expect(() => new ProtectedLogGroup(testStack(), 'Logs', { retention: logs.RetentionDays.ONE_DAY })).not.toThrow();
  });

  test('managed identifiers replace the defaults and custom identifiers are added', () => {
    const stack = testStack();
    new ProtectedLogGroup(stack, 'Logs', {
      dataProtection: {
        identifiers: [logs.DataIdentifier.IPADDRESS],
        customIdentifiers: [{ name: 'OrderToken', regex: 'ord_[a-z0-9]{16}' }],
      },
    });
    templateOf(stack).hasResourceProperties('AWS::Logs::LogGroup', {
      DataProtectionPolicy: {
        Statement: Match.arrayWith([Match.objectLike({
          DataIdentifier: [identifierArn('IpAddress'), 'OrderToken'],
          Operation: { Deidentify: { MaskConfig: {} } },
        })]),
        Configuration: { CustomDataIdentifier: [{ Name: 'OrderToken', Regex: 'ord_[a-z0-9]{16}' }] },
      },
    });
  });

  test('data protection can be disabled explicitly', () => {
    const stack = testStack();
    new ProtectedLogGroup(stack, 'Logs', { dataProtection: { disabled: true } });
    templateOf(stack).hasResourceProperties('AWS::Logs::LogGroup', { DataProtectionPolicy: Match.absent() });
  });

  describe('custom identifier validation', () => {
    const build = (customIdentifiers: { name: string; regex: string }[], identifiers?: logs.DataIdentifier[]) =>
      () => new ProtectedLogGroup(testStack(), 'Logs', { dataProtection: { identifiers, customIdentifiers } });

    test('invalid regex is refused', () => {
      expect(build([{ name: 'Broken', regex: '([a-z' }]))
        .toThrow(/"dataProtection.customIdentifiers\[0\].regex" must be a valid regular expression/);
    });
    test('regex longer than 200 characters is refused, 200 is accepted', () => {
      expect(build([{ name: 'Long', regex: 'a'.repeat(201) }]))
        .toThrow(/"dataProtection.customIdentifiers\[0\].regex" must be 1-200 characters long/);
      expect(build([{ name: 'Long', regex: 'a'.repeat(200) }])).not.toThrow();
    });
    test('empty regex is refused', () => {
      expect(build([{ name: 'Empty', regex: '' }])).toThrow(/"dataProtection.customIdentifiers\[0\].regex" must be 1-200/);
    });
    test.each(['has space', 'dot.name', '', 'x'.repeat(129)])('name %j is refused', (name) => {
      expect(build([{ name, regex: 'a+' }]))
        .toThrow(/"dataProtection.customIdentifiers\[0\].name" must be 1-128 letters, digits, "_" or "-"/);
    });
    test('name of 128 characters is accepted', () => {
      expect(build([{ name: 'x'.repeat(128), regex: 'a+' }])).not.toThrow();
    });
    test('duplicate names are refused', () => {
      expect(build([{ name: 'Same', regex: 'a+' }, { name: 'Same', regex: 'b+' }]))
        .toThrow(/"dataProtection.customIdentifiers\[1\].name" must be unique/);
    });
    test('more than 10 custom identifiers are refused, 10 are accepted', () => {
      const many = (n: number) => Array.from({ length: n }, (_, i) => ({ name: `Id${i}`, regex: `x${i}` }));
      expect(build(many(11))).toThrow(/"dataProtection.customIdentifiers" must hold at most 10 identifiers, got "11 identifiers"/);
      expect(build(many(10))).not.toThrow();
    });
    test('an empty identifier list without custom identifiers is refused', () => {
      expect(build([], [])).toThrow(/"dataProtection.identifiers" must name at least one identifier/);
      expect(build([{ name: 'Only', regex: 'a+' }], [])).not.toThrow();
    });
  });

  test('gets zero findings from AwsSolutions', () => {
    const stack = testStack();
    new ProtectedLogGroup(stack, 'Logs');
    expect(findings(new AwsSolutionsChecks(), stack)).toEqual({});
  });
});
