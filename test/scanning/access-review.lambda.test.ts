/**
 * The access-review handler against a local moto_server: real SDK calls, real (emulated) KMS keys, grants,
 * API keys, usage plans, user-pool clients, S3, SNS and CloudWatch. The server is started here and stopped by PID.
 */
import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
} from '@aws-sdk/client-api-gateway';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import {
  CognitoIdentityProviderClient,
  CreateResourceServerCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CreateGrantCommand, CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { AccessReviewConfig, configFromEnv, ENV } from '../../src/scanning/access-review-config';
import { AccessReviewClients, handler, matches, runAccessReview } from '../../src/scanning/access-review.lambda';
import { MotoServer, startMoto } from '../moto';

const ACCOUNT = '123456789012';
const REGION = 'us-east-1';
const DAY = 86_400_000;
const FAKE_ENV: Record<string, string> = {
  AWS_ACCESS_KEY_ID: 'testing',
  AWS_SECRET_ACCESS_KEY: 'testing',
  AWS_SESSION_TOKEN: 'testing',
  AWS_REGION: REGION,
  AWS_DEFAULT_REGION: REGION,
};

let moto: MotoServer | undefined;
let endpoint: string;
let clients: AccessReviewClients;
const savedEnv: Record<string, string | undefined> = {};

/** Notifications moto recorded for a topic: [id, message, subject, ...]. */
async function sentNotifications(topicArn: string): Promise<Array<{ subject: string; message: string }>> {
  const data: any = await (await fetch(`${endpoint}/moto-api/data.json`)).json();
  const topic = (data.sns?.Topic ?? []).find((t: any) => t.arn === topicArn);
  return (topic?.sent_notifications ?? []).map((n: any[]) => ({ message: n[1], subject: n[2] }));
}

async function readObject(bucket: string, key: string): Promise<any> {
  const object = await clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return JSON.parse(await object.Body!.transformToString());
}

beforeAll(async () => {
  for (const [k, v] of Object.entries(FAKE_ENV)) {
    savedEnv[k] = process.env[k];
    process.env[k] = v;
  }
  moto = await startMoto(REGION);
  endpoint = moto.endpoint;
  const config = moto.clientConfig;
  clients = {
    kms: new KMSClient(config),
    apiGateway: new APIGatewayClient(config),
    cognito: new CognitoIdentityProviderClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    sns: new SNSClient(config),
    cloudWatch: new CloudWatchClient(config),
  };
});

afterAll(() => {
  moto?.stop();
  for (const [k, v] of Object.entries(savedEnv)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
});

describe('access review against moto', () => {
  let config: AccessReviewConfig;
  let rotatingKey: string;
  let unrotatedKey: string;
  let wildcardKey: string;
  let apiKeys: { inPlan: string; disabled: string; orphan: string };
  let createdAt: Date;
  let poolId: string;
  let implicitClient: string;
  let goodClient: string;
  let topicArn: string;
  const bucket = 'review-reports';
  const allowedRole = `arn:aws:iam::${ACCOUNT}:role/orders-service`;

  beforeAll(async () => {
    // KMS: a clean key (rotation on, grant to an allowed role), a key without rotation (and a grant to an unknown
    // role), a key whose policy lets any principal decrypt.
    const createKey = async (policy?: string) =>
      (await clients.kms.send(new CreateKeyCommand({ Policy: policy }))).KeyMetadata!.Arn!;
    rotatingKey = await createKey();
    await clients.kms.send(new EnableKeyRotationCommand({ KeyId: rotatingKey }));
    await clients.kms.send(new CreateGrantCommand({ KeyId: rotatingKey, GranteePrincipal: allowedRole, Operations: ['Decrypt'] }));
    unrotatedKey = await createKey();
    await clients.kms.send(new CreateGrantCommand({
      KeyId: unrotatedKey,
      GranteePrincipal: `arn:aws:iam::${ACCOUNT}:role/unknown`,
      Operations: ['Decrypt', 'Encrypt'],
    }));
    wildcardKey = await createKey(JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Sid: 'Root', Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` }, Action: 'kms:*', Resource: '*' },
        { Sid: 'Anyone', Effect: 'Allow', Principal: { AWS: '*' }, Action: 'kms:Decrypt', Resource: '*' },
        { Sid: 'DenyAll', Effect: 'Deny', Principal: '*', Action: 'kms:ScheduleKeyDeletion', Resource: '*' },
      ],
    }));
    await clients.kms.send(new EnableKeyRotationCommand({ KeyId: wildcardKey }));

    // API Gateway: a key in a plan, a disabled key in the plan, an enabled key in no plan.
    const createApiKey = async (name: string, enabled: boolean) =>
      clients.apiGateway.send(new CreateApiKeyCommand({ name, enabled }));
    const inPlan = await createApiKey('partner-a', true);
    createdAt = inPlan.createdDate!;
    const disabled = await createApiKey('partner-old', false);
    const orphan = await createApiKey('forgotten', true);
    apiKeys = { inPlan: inPlan.id!, disabled: disabled.id!, orphan: orphan.id! };
    const plan = await clients.apiGateway.send(new CreateUsagePlanCommand({ name: 'partners' }));
    for (const keyId of [apiKeys.inPlan, apiKeys.disabled]) {
      await clients.apiGateway.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id!, keyId, keyType: 'API_KEY' }));
    }

    // Cognito: an implicit-grant client with day-long access tokens and an admin scope; a compliant client.
    poolId = (await clients.cognito.send(new CreateUserPoolCommand({ PoolName: 'orders' }))).UserPool!.Id!;
    await clients.cognito.send(new CreateResourceServerCommand({
      UserPoolId: poolId,
      Identifier: 'orders',
      Name: 'orders',
      Scopes: [{ ScopeName: 'read', ScopeDescription: 'read' }, { ScopeName: 'admin', ScopeDescription: 'admin' }],
    }));
    implicitClient = (await clients.cognito.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'legacy-spa',
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['implicit'],
      AllowedOAuthScopes: ['orders/read', 'orders/admin'],
      CallbackURLs: ['https://app.example.com/callback'],
      AccessTokenValidity: 24,
      IdTokenValidity: 60,
      TokenValidityUnits: { AccessToken: 'hours', IdToken: 'minutes' },
    }))).UserPoolClient!.ClientId!;
    goodClient = (await clients.cognito.send(new CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: 'web',
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: ['orders/read'],
      CallbackURLs: ['https://app.example.com/callback'],
      AccessTokenValidity: 30,
      IdTokenValidity: 1,
      TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'hours' },
    }))).UserPoolClient!.ClientId!;

    await clients.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    topicArn = (await clients.sns.send(new CreateTopicCommand({ Name: 'alerts' }))).TopicArn!;

    config = {
      keyArns: [rotatingKey, unrotatedKey, wildcardKey],
      grantPrincipalAllowList: [allowedRole, 'logs.*.amazonaws.com'],
      reviewApiKeys: true,
      maxApiKeyAgeDays: 90,
      userPoolIds: [poolId],
      allowedScopes: ['orders/read'],
      maxTokenValidityMinutes: 60,
      reportBucket: bucket,
      topicArn,
      metricNamespace: 'Test/AccessReview',
    };
  });

  test('reports exactly the expected findings, writes the report, publishes the summary and the metric', async () => {
    const now = new Date(createdAt.getTime() + DAY);
    const report = await runAccessReview(clients, config, now);

    const found = report.findings.map((f) => `${f.check} ${f.resource}`).sort();
    expect(found).toEqual([
      `API_KEY_DISABLED ${apiKeys.disabled}`,
      `API_KEY_NOT_IN_USAGE_PLAN ${apiKeys.orphan}`,
      `COGNITO_CLIENT_IMPLICIT_GRANT ${poolId}/${implicitClient}`,
      `COGNITO_CLIENT_SCOPE_NOT_ALLOWED ${poolId}/${implicitClient}`,
      `COGNITO_CLIENT_TOKEN_VALIDITY ${poolId}/${implicitClient}`,
      `KMS_GRANT_PRINCIPAL_NOT_ALLOWED ${unrotatedKey}`,
      `KMS_KEY_POLICY_WILDCARD_PRINCIPAL ${wildcardKey}`,
      `KMS_KEY_ROTATION_DISABLED ${unrotatedKey}`,
    ].sort());
    expect(found.join('\n')).not.toContain(goodClient);
    expect(found.join('\n')).not.toContain(rotatingKey);

    const byCheck = (check: string) => report.findings.find((f) => f.check === check)!;
    expect(byCheck('KMS_KEY_POLICY_WILDCARD_PRINCIPAL')).toMatchObject({ severity: 'HIGH', details: { sid: 'Anyone' } });
    expect(byCheck('KMS_GRANT_PRINCIPAL_NOT_ALLOWED').details).toMatchObject({
      granteePrincipal: `arn:aws:iam::${ACCOUNT}:role/unknown`,
      operations: ['Decrypt', 'Encrypt'],
    });
    expect(byCheck('COGNITO_CLIENT_TOKEN_VALIDITY').details).toEqual({ token: 'access', validityMinutes: 1440 });
    expect(byCheck('COGNITO_CLIENT_SCOPE_NOT_ALLOWED').details).toEqual({ scopes: ['orders/admin'] });
    expect(report.reviewed).toEqual({ kmsKeys: 3, apiKeys: 3, userPoolClients: 2 });
    expect(report.findingCount).toBe(8);
    expect(report.countsByCheck.KMS_KEY_ROTATION_DISABLED).toBe(1);
    expect(report.errors).toEqual([]);

    // the dated report, read back from S3
    const date = now.toISOString().slice(0, 10);
    expect(report.reportKey).toBe(`access-review/${date}.json`);
    const stored = await readObject(bucket, `access-review/${date}.json`);
    expect(stored).toEqual(JSON.parse(JSON.stringify(report)));

    // the summary on the topic
    const notes = await sentNotifications(topicArn);
    const summary = notes.find((n) => n.subject === `Access review ${date}: 8 finding(s)`);
    expect(summary).toBeDefined();
    expect(summary!.message).toContain(`KMS_KEY_ROTATION_DISABLED ${unrotatedKey}`);
    expect(summary!.message).toContain(`s3://${bucket}/access-review/${date}.json`);

    // the metric
    const stats = await clients.cloudWatch.send(new GetMetricStatisticsCommand({
      Namespace: 'Test/AccessReview',
      MetricName: 'AccessReviewFindings',
      StartTime: new Date(now.getTime() - 3_600_000),
      EndTime: new Date(now.getTime() + 3_600_000),
      Period: 60,
      Statistics: ['Maximum'],
    }));
    expect(stats.Datapoints?.map((d) => d.Maximum)).toEqual([8]);
    const incomplete = await clients.cloudWatch.send(new GetMetricStatisticsCommand({
      Namespace: 'Test/AccessReview',
      MetricName: 'AccessReviewIncomplete',
      StartTime: new Date(now.getTime() - 3_600_000),
      EndTime: new Date(now.getTime() + 3_600_000),
      Period: 60,
      Statistics: ['Maximum'],
    }));
    expect(incomplete.Datapoints?.map((d) => d.Maximum)).toEqual([0]);
    expect(report.complete).toBe(true);
  });

  test('API keys are too old only past the maximum age (injected clock)', async () => {
    // the keys were created one after another (seconds apart on a busy machine), the first at `createdAt`
    const ageFindings = async (days: number, extraMs = 0) => {
      const now = new Date(createdAt.getTime() + days * DAY + extraMs);
      const report = await runAccessReview(clients, { ...config, keyArns: [], userPoolIds: [] }, now);
      return report.findings.filter((f) => f.check === 'API_KEY_TOO_OLD').map((f) => f.resource).sort();
    };
    expect(await ageFindings(90)).toEqual([]);
    expect(await ageFindings(91, 3_600_000)).toEqual([apiKeys.inPlan, apiKeys.disabled, apiKeys.orphan].sort());
  });

  test('without a scope allow-list, scopes are not judged; reviewApiKeys false skips API keys', async () => {
    const report = await runAccessReview(clients, {
      ...config, keyArns: [], allowedScopes: [], reviewApiKeys: false, maxTokenValidityMinutes: 1440,
    }, new Date(createdAt.getTime() + 2 * DAY));
    expect(report.findings.map((f) => f.check)).toEqual(['COGNITO_CLIENT_IMPLICIT_GRANT']);
    expect(report.reviewed.apiKeys).toBe(0);
  });

  test('a part that cannot be read is reported in the report and the summary, then the run fails', async () => {
    const missing = `arn:aws:kms:${REGION}:${ACCOUNT}:key/00000000-0000-0000-0000-000000000000`;
    const now = new Date(createdAt.getTime() + 3 * DAY);
    const namespace = 'Test/Incomplete';
    await expect(runAccessReview(clients, { ...config, keyArns: [missing, unrotatedKey], userPoolIds: [], metricNamespace: namespace }, now))
      .rejects.toThrow(/access review incomplete: KMS key arn:aws:kms:.*00000000-0000-0000-0000-000000000000/);

    // no finding count (it would be a false all-clear for the missing key), only the incompleteness signal
    const stat = async (metric: string) => (await clients.cloudWatch.send(new GetMetricStatisticsCommand({
      Namespace: namespace,
      MetricName: metric,
      StartTime: new Date(now.getTime() - 3_600_000),
      EndTime: new Date(now.getTime() + 3_600_000),
      Period: 60,
      Statistics: ['Maximum'],
    }))).Datapoints?.map((d) => d.Maximum) ?? [];
    expect(await stat('AccessReviewFindings')).toEqual([]);
    expect(await stat('AccessReviewIncomplete')).toEqual([1]);

    const date = now.toISOString().slice(0, 10);
    const stored = await readObject(bucket, `access-review/${date}.json`);
    expect(stored.errors).toHaveLength(1);
    expect(stored.findings.map((f: any) => f.check)).toContain('KMS_KEY_ROTATION_DISABLED');
    const notes = await sentNotifications(topicArn);
    const summary = notes.find((n) => n.subject.startsWith(`Access review ${date}: INCOMPLETE`));
    expect(summary?.message).toContain('could not complete');
  });

  test('a delivery failure publishes an error summary and rethrows the error', async () => {
    const now = new Date(createdAt.getTime() + 4 * DAY);
    await expect(runAccessReview(clients, { ...config, reportBucket: 'no-such-bucket' }, now))
      .rejects.toThrow(/bucket/i);
    const date = now.toISOString().slice(0, 10);
    const notes = await sentNotifications(topicArn);
    const failure = notes.find((n) => n.subject === `Access review ${date}: FAILED`);
    expect(failure?.message).toMatch(/NoSuchBucket/);
  });

  test('the Lambda handler runs the review from its environment', async () => {
    const env: Record<string, string> = {
      AWS_ENDPOINT_URL: endpoint,
      AWS_S3_FORCE_PATH_STYLE: 'true',
      [ENV.keyArns]: unrotatedKey,
      [ENV.grantPrincipalAllowList]: `arn:aws:iam::${ACCOUNT}:role/*`,
      [ENV.reviewApiKeys]: 'false',
      [ENV.userPoolIds]: '',
      [ENV.reportBucket]: bucket,
      [ENV.topicArn]: topicArn,
      [ENV.metricNamespace]: 'Test/Handler',
    };
    const saved: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(env)) {
      saved[k] = process.env[k];
      process.env[k] = v;
    }
    try {
      const result = await handler();
      expect(result.findingCount).toBe(1); // rotation only: the grant matches the role wildcard
      const stored = await readObject(bucket, result.reportKey);
      expect(stored.findings[0].check).toBe('KMS_KEY_ROTATION_DISABLED');
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});

describe('configuration', () => {
  const base = { [ENV.reportBucket]: 'b', [ENV.topicArn]: 'arn:aws:sns:us-east-1:1:t', [ENV.metricNamespace]: 'NS' };

  test('defaults', () => {
    expect(configFromEnv(base)).toEqual({
      keyArns: [],
      grantPrincipalAllowList: [],
      reviewApiKeys: true,
      maxApiKeyAgeDays: 90,
      userPoolIds: [],
      allowedScopes: [],
      maxTokenValidityMinutes: 60,
      reportBucket: 'b',
      topicArn: 'arn:aws:sns:us-east-1:1:t',
      metricNamespace: 'NS',
    });
  });

  test('lists and numbers', () => {
    const config = configFromEnv({
      ...base,
      [ENV.keyArns]: 'arn:a, arn:b,',
      [ENV.allowedScopes]: 'orders/read',
      [ENV.maxApiKeyAgeDays]: '30',
      [ENV.reviewApiKeys]: 'false',
    });
    expect(config.keyArns).toEqual(['arn:a', 'arn:b']);
    expect(config.allowedScopes).toEqual(['orders/read']);
    expect(config.maxApiKeyAgeDays).toBe(30);
    expect(config.reviewApiKeys).toBe(false);
  });

  test('missing or bad values fail', () => {
    expect(() => configFromEnv({ ...base, [ENV.reportBucket]: '' })).toThrow(/REVIEW_REPORT_BUCKET is required/);
    expect(() => configFromEnv({ ...base, [ENV.maxApiKeyAgeDays]: 'x' })).toThrow(/REVIEW_MAX_API_KEY_AGE_DAYS must be a positive number, got "x"/);
  });

  test('principal patterns', () => {
    expect(matches('arn:aws:iam::1:role/*', 'arn:aws:iam::1:role/a')).toBe(true);
    expect(matches('arn:aws:iam::1:role/*', 'arn:aws:iam::2:role/a')).toBe(false);
    expect(matches('logs.*.amazonaws.com', 'logs.us-east-1.amazonaws.com')).toBe(true);
    expect(matches('a.b', 'axb')).toBe(false);
  });
});
