/**
 * The access-review handler with in-memory SDK clients: each client answers the commands the review sends from a
 * table and records what the review delivers, so throttling, empty answers and tags can be set up exactly.
 */
import { AccessReviewConfig } from '../../src/scanning/access-review-config';
import { AccessReviewClients, expiryEnd, runAccessReview } from '../../src/scanning/access-review.lambda';

const KEY = 'arn:aws:kms:us-east-1:123456789012:key/1111';
const NOW = new Date('2027-03-10T12:00:00Z');

type Handler = (input: any) => any;

/** A client whose `send` answers by command name; an unknown command fails the test. */
function fakeClient(handlers: Record<string, Handler>, calls: Array<{ command: string; input: any }>): any {
  return {
    send: async (command: any) => {
      const name = command.constructor.name;
      calls.push({ command: name, input: command.input });
      const handler = handlers[name];
      if (!handler) throw new Error(`unexpected ${name}`);
      return handler(command.input);
    },
  };
}

function throttled(): never {
  const e = new Error('Rate exceeded');
  e.name = 'ThrottlingException';
  throw e;
}

interface Setup {
  kms?: Record<string, Handler>;
  apiGateway?: Record<string, Handler>;
  cognito?: Record<string, Handler>;
}

const POLICY = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Sid: 'Root', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' }],
});

function setup(overrides: Setup = {}) {
  const calls: Array<{ command: string; input: any }> = [];
  const clients: AccessReviewClients = {
    kms: fakeClient({
      GetKeyRotationStatusCommand: () => ({ KeyRotationEnabled: true }),
      GetKeyPolicyCommand: () => ({ Policy: POLICY }),
      ListGrantsCommand: () => ({ Grants: [], Truncated: false }),
      ...overrides.kms,
    }, calls),
    apiGateway: fakeClient({
      GetUsagePlansCommand: () => ({ items: [{ id: 'plan' }] }),
      GetUsagePlanKeysCommand: () => ({ items: [{ id: 'k-ok' }, { id: 'k-expired' }, { id: 'k-today' }, { id: 'k-bad' }, { id: 'k-ts' }] }),
      GetApiKeysCommand: () => ({ items: [] }),
      ...overrides.apiGateway,
    }, calls),
    cognito: fakeClient({
      ListUserPoolClientsCommand: () => ({ UserPoolClients: [] }),
      ...overrides.cognito,
    }, calls),
    s3: fakeClient({ PutObjectCommand: () => ({}) }, calls),
    sns: fakeClient({ PublishCommand: () => ({ MessageId: '1' }) }, calls),
    cloudWatch: fakeClient({ PutMetricDataCommand: () => ({}) }, calls),
  };
  const metrics = () => calls.filter((c) => c.command === 'PutMetricDataCommand')
    .flatMap((c) => c.input.MetricData.map((d: any) => [d.MetricName, d.Value]));
  const published = () => calls.filter((c) => c.command === 'PublishCommand').map((c) => c.input);
  return { clients, calls, metrics, published };
}

const CONFIG: AccessReviewConfig = {
  keyArns: [KEY],
  grantPrincipalAllowList: [],
  reviewApiKeys: false,
  maxApiKeyAgeDays: 90,
  userPoolIds: [],
  allowedScopes: [],
  maxTokenValidityMinutes: 60,
  reportBucket: 'reports',
  topicArn: 'arn:aws:sns:us-east-1:123456789012:alerts',
  metricNamespace: 'Test/AccessReview',
};

describe('an incomplete run never reports a finding count', () => {
  test('ListGrants throttled: no AccessReviewFindings, AccessReviewIncomplete = 1, INCOMPLETE summary, run fails', async () => {
    const { clients, metrics, published, calls } = setup({ kms: { ListGrantsCommand: throttled } });
    await expect(runAccessReview(clients, CONFIG, NOW)).rejects.toThrow(/access review incomplete: KMS key .*ThrottlingException: Rate exceeded/);
    expect(metrics()).toEqual([['AccessReviewIncomplete', 1]]);
    const [summary] = published();
    expect(summary.Subject).toBe('Access review 2027-03-10: INCOMPLETE, 0 finding(s) in the parts reviewed');
    expect(summary.Message).toMatch(/could not complete these parts \(no finding count was emitted for this run; it is not an all-clear\)/);
    const stored = JSON.parse(calls.find((c) => c.command === 'PutObjectCommand')!.input.Body);
    expect(stored).toMatchObject({ complete: false, findingCount: 0 });
    expect(stored.errors).toEqual([expect.stringMatching(/^KMS key arn:aws:kms:.*: ThrottlingException: Rate exceeded$/)]);
  });

  test('a complete run reports its findings and AccessReviewIncomplete = 0', async () => {
    const { clients, metrics, published } = setup();
    const report = await runAccessReview(clients, CONFIG, NOW);
    expect(report.complete).toBe(true);
    expect(metrics()).toEqual([['AccessReviewFindings', 0], ['AccessReviewIncomplete', 0]]);
    expect(published()[0].Subject).toBe('Access review 2027-03-10: 0 finding(s)');
  });

  test('a delivery failure emits AccessReviewIncomplete = 1 and no finding count', async () => {
    const { clients, metrics, published } = setup();
    (clients.s3 as any).send = async () => {
      throw Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    };
    await expect(runAccessReview(clients, CONFIG, NOW)).rejects.toThrow(/Access Denied/);
    expect(metrics()).toEqual([['AccessReviewIncomplete', 1]]);
    expect(published()[0].Subject).toBe('Access review 2027-03-10: FAILED');
  });
});

describe('KMS key policies', () => {
  const withPolicy = (statement: object) => setup({
    kms: { GetKeyPolicyCommand: () => ({ Policy: JSON.stringify({ Version: '2012-10-17', Statement: [statement] }) }) },
  });

  test('an Allow statement with NotPrincipal is a HIGH finding', async () => {
    const { clients } = withPolicy({
      Sid: 'AllButOne', Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:role/x' }, Action: 'kms:Decrypt', Resource: '*',
    });
    const report = await runAccessReview(clients, CONFIG, NOW);
    expect(report.findings).toEqual([expect.objectContaining({
      check: 'KMS_KEY_POLICY_NOT_PRINCIPAL',
      severity: 'HIGH',
      resource: KEY,
      details: expect.objectContaining({ sid: 'AllButOne', notPrincipal: { AWS: 'arn:aws:iam::123456789012:role/x' } }),
    })]);
  });

  test('a Deny statement with NotPrincipal is not a finding', async () => {
    const { clients } = withPolicy({
      Sid: 'DenyOthers', Effect: 'Deny', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*',
    });
    expect((await runAccessReview(clients, CONFIG, NOW)).findings).toEqual([]);
  });

  test('GetKeyPolicy returning no policy is a finding, not a skip', async () => {
    const { clients } = setup({ kms: { GetKeyPolicyCommand: () => ({}) } });
    const report = await runAccessReview(clients, CONFIG, NOW);
    expect(report.findings.map((f) => f.check)).toEqual(['KMS_KEY_POLICY_MISSING']);
    expect(report.reviewed.kmsKeys).toBe(1);
  });
});

describe('API key expiry (api-key-expires tag)', () => {
  const keys = [
    { id: 'k-ok', name: 'current', enabled: true, createdDate: new Date('2027-03-01'), tags: { 'api-key-expires': '2027-06-30' } },
    { id: 'k-expired', name: 'old-partner', enabled: true, createdDate: new Date('2027-03-01'), tags: { 'api-key-expires': '2027-03-09' } },
    { id: 'k-today', name: 'last-day', enabled: true, createdDate: new Date('2027-03-01'), tags: { 'api-key-expires': '2027-03-10' } },
    { id: 'k-bad', name: 'typo', enabled: true, createdDate: new Date('2027-03-01'), tags: { 'api-key-expires': '2027-02-30' } },
    { id: 'k-ts', name: 'timestamp', enabled: false, createdDate: new Date('2027-03-01'), tags: { 'api-key-expires': '2027-03-10T11:59:00Z' } },
  ];

  test('keys past the date are reported; the last day still holds; a tag that is no date is reported', async () => {
    const { clients } = setup({ apiGateway: { GetApiKeysCommand: () => ({ items: keys }) } });
    const report = await runAccessReview(clients, { ...CONFIG, keyArns: [], reviewApiKeys: true }, NOW);
    const found = report.findings.map((f) => `${f.check} ${f.resource} ${f.severity}`).sort();
    expect(found).toEqual([
      'API_KEY_DISABLED k-ts LOW',
      'API_KEY_EXPIRED k-expired HIGH',
      'API_KEY_EXPIRED k-ts MEDIUM',
      'API_KEY_EXPIRY_INVALID k-bad MEDIUM',
    ]);
    expect(report.findings.find((f) => f.resource === 'k-expired')!.message)
      .toBe('API key "old-partner" expired on 2027-03-09 (api-key-expires tag) and still exists enabled; revoke it');
  });

  test.each([
    ['2027-03-09', '2027-03-10T00:00:00.000Z'],
    ['2028-02-29', '2028-03-01T00:00:00.000Z'],
    ['2027-03-10T11:59:00Z', '2027-03-10T11:59:00.000Z'],
    ['2027-03-10T13:00:00+02:00', '2027-03-10T11:00:00.000Z'],
  ])('expiryEnd(%p) is %p', (value, end) => {
    expect(expiryEnd(value)?.toISOString()).toBe(end);
  });

  test.each(['2027-02-30', '2027-02-29', '2027-13-01', 'soon', '', '2027-3-9', '2027-02-30T00:00:00Z'])('expiryEnd(%p) is not a date', (value) => {
    expect(expiryEnd(value)).toBeUndefined();
  });
});

describe('Cognito app clients', () => {
  test('a listed client that DescribeUserPoolClient returns nothing for is a finding, not a skip', async () => {
    const { clients } = setup({
      cognito: {
        ListUserPoolClientsCommand: () => ({ UserPoolClients: [{ ClientId: 'abc', ClientName: 'web' }] }),
        DescribeUserPoolClientCommand: () => ({}),
      },
    });
    const report = await runAccessReview(clients, { ...CONFIG, keyArns: [], userPoolIds: ['us-east-1_pool'] }, NOW);
    expect(report.findings).toEqual([expect.objectContaining({
      check: 'COGNITO_CLIENT_NOT_DESCRIBED',
      severity: 'HIGH',
      resource: 'us-east-1_pool/abc',
    })]);
    expect(report.complete).toBe(true);
  });
});
