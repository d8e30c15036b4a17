import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { Duration } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ApiBaselineChecks, ApiBaselineGate } from '../../src';
import { runCli } from '../../src/cli/main';
import { DEFAULT_THRESHOLDS, resolveThresholds } from '../../src/nag/thresholds';
import { findings, testStack } from '../util';

describe('thresholds', () => {
  test('defaults follow the constructs', () => {
    expect(DEFAULT_THRESHOLDS.authorizerCacheTtlSeconds).toBe(300);
    expect(DEFAULT_THRESHOLDS.maxTokenValidityMinutes).toBe(60);
    expect(DEFAULT_THRESHOLDS.minLogRetentionDays).toBe(365);
    expect(DEFAULT_THRESHOLDS.minPasswordLength).toBe(14);
  });

  test.each([
    [{ authorizerCacheTtlSeconds: -1 }, /"thresholds.authorizerCacheTtlSeconds" must be an integer between 0 and 3600, got -1/],
    [{ maxTokenValidityMinutes: 2000 }, /"thresholds.maxTokenValidityMinutes" must be an integer between 5 and 1440, got 2000/],
    [{ minLogRetentionDays: 1.5 }, /"thresholds.minLogRetentionDays" must be an integer/],
    [{ unknownThreshold: 1 } as any, /"thresholds.unknownThreshold" is not a threshold/],
  ])('a threshold outside its range is refused: %j', (thresholds, message) => {
    expect(() => new ApiBaselineChecks(undefined, { thresholds })).toThrow(message);
    expect(() => new ApiBaselineGate({ thresholds })).toThrow(message);
  });

  test('the boundaries are accepted', () => {
    expect(() => resolveThresholds({ authorizerCacheTtlSeconds: 0, maxTokenValidityMinutes: 1440, minLogRetentionDays: 3653 })).not.toThrow();
  });

  test('rules judge against the configured thresholds', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key');
    new logs.LogGroup(stack, 'Logs', { encryptionKey: key, retention: logs.RetentionDays.SIX_MONTHS });
    const pool = new cognito.UserPool(stack, 'Pool');
    pool.addClient('Client', { accessTokenValidity: Duration.minutes(120) });
    const strict = findings(new ApiBaselineChecks(), stack);
    expect(strict['ApiBaseline-LogGroupEncryptedRetention']).toBeDefined();
    expect(strict['ApiBaseline-UserPoolClientTokenValidity']).toBeDefined();
    const relaxed = findings(new ApiBaselineChecks(undefined, { thresholds: { minLogRetentionDays: 180, maxTokenValidityMinutes: 120 } }), stack);
    expect(relaxed['ApiBaseline-LogGroupEncryptedRetention']).toBeUndefined();
    expect(relaxed['ApiBaseline-UserPoolClientTokenValidity']).toBeUndefined();
  });

  test('the CLI reads thresholds from --config and refuses a bad one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'thresholds-'));
    const template = join(dir, 'template.json');
    writeFileSync(template, JSON.stringify({
      Resources: {
        Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 180, KmsKeyId: { 'Fn::GetAtt': ['Key', 'Arn'] } } },
      },
    }));
    const good = join(dir, 'good.json');
    writeFileSync(good, JSON.stringify({ thresholds: { minLogRetentionDays: 180 } }));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ thresholds: { minLogRetentionDays: 0 } }));
    expect(runCli(['check', template, '--pack', 'serverless']).stdout).toContain('ApiBaseline-LogGroupEncryptedRetention');
    expect(runCli(['check', template, '--pack', 'serverless', '--config', good]).stdout).not.toContain('ApiBaseline-LogGroupEncryptedRetention');
    const refused = runCli(['check', template, '--config', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('"thresholds.minLogRetentionDays" must be an integer between 1 and 3653, got 0');
  });
});
