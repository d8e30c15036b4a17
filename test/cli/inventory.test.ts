import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cli, CORPUS } from './spawn-cli';


const DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-inventory-'));

/** A REST API with tags, a regional endpoint, a custom domain, an API-key method that is public and acknowledged. */
const partnerApi = {
  Resources: {
    Partners: {
      Type: 'AWS::ApiGateway::RestApi',
      Properties: {
        Name: 'partners',
        EndpointConfiguration: { Types: ['REGIONAL'] },
        Tags: [{ Key: 'owner', Value: 'team-payments' }, { Key: 'environment', Value: 'prod' }, { Key: 'color', Value: 'blue' }],
      },
    },
    Quote: {
      Type: 'AWS::ApiGateway::Method',
      Metadata: { 'cdk-api-baseline': { acknowledgements: [{ id: 'ApiBaseline-MethodAuthorization', reason: 'partners call with API keys only', expires: '2999-01-31' }] } },
      Properties: {
        RestApiId: { Ref: 'Partners' },
        ResourceId: { 'Fn::GetAtt': ['Partners', 'RootResourceId'] },
        HttpMethod: 'GET',
        AuthorizationType: 'NONE',
        ApiKeyRequired: true,
        Integration: { Type: 'MOCK' },
      },
    },
    Order: {
      Type: 'AWS::ApiGateway::Method',
      Properties: {
        RestApiId: { Ref: 'Partners' },
        ResourceId: { 'Fn::GetAtt': ['Partners', 'RootResourceId'] },
        HttpMethod: 'POST',
        AuthorizationType: 'AWS_IAM',
        Integration: { Type: 'MOCK' },
      },
    },
    Deployment: { Type: 'AWS::ApiGateway::Deployment', DependsOn: ['Quote', 'Order'], Properties: { RestApiId: { Ref: 'Partners' } } },
    Stage: { Type: 'AWS::ApiGateway::Stage', Properties: { RestApiId: { Ref: 'Partners' }, DeploymentId: { Ref: 'Deployment' }, StageName: 'v1' } },
    Plan: { Type: 'AWS::ApiGateway::UsagePlan', Properties: { ApiStages: [{ ApiId: { Ref: 'Partners' }, Stage: { Ref: 'Stage' } }] } },
    Domain: { Type: 'AWS::ApiGateway::DomainName', Properties: { DomainName: 'partners.example.com', RegionalCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/x' } },
    Mapping: { Type: 'AWS::ApiGateway::BasePathMapping', Properties: { DomainName: { Ref: 'Domain' }, RestApiId: { Ref: 'Partners' }, Stage: { Ref: 'Stage' } } },
    // an API whose operations are in S3: found, listed, not judged
    Archive: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'archive', BodyS3Location: { Bucket: 'specs', Key: 'archive.yaml' } } },
  },
};

describe('the API inventory', () => {
  const file = path.join(DIR, 'partners.json');
  fs.writeFileSync(file, JSON.stringify(partnerApi, undefined, 2));

  test('JSON: every API with shape, stages, domains, endpoint, authorization, public operations, API keys and tags', () => {
    const { stdout } = cli('check', file, '--format', 'json');
    const out = JSON.parse(stdout);
    expect(out.inventory).toHaveLength(2);
    const partners = out.inventory.find((a: any) => a.resource === 'Partners');
    expect(partners).toEqual({
      template: file,
      resource: 'Partners',
      name: 'partners',
      kind: 'REST',
      shape: 'REST (methods)',
      stages: ['v1'],
      domains: ['partners.example.com'],
      endpointTypes: ['REGIONAL'],
      authorizationTypes: ['AWS_IAM', 'NONE'],
      publicOperations: ['GET (Quote) (acknowledged)'],
      apiKeys: { operations: 1, usagePlans: 1 },
      tags: { owner: 'team-payments', environment: 'prod' },
      judged: true,
    });
    const archive = out.inventory.find((a: any) => a.resource === 'Archive');
    expect(archive.judged).toBe(false);
    expect(archive.notJudgedReason).toMatch(/S3/);
    expect(archive.shape).toBe('REST (OpenAPI in S3)');
  });

  test('text: APIs judged by kind, those not judged listed with the reason before the verdict, which is not a plain "passes"', () => {
    const { stdout } = cli('check', file, '--inventory', '--pack', 'serverless');
    const lines = stdout.trimEnd().split('\n');
    const verdict = lines.findIndex((l) => l.startsWith(`${file}: `));
    const apis = lines.findIndex((l) => l.startsWith('APIs: '));
    const notJudged = lines.findIndex((l) => l.startsWith('NOT JUDGED  API Archive: '));
    expect(lines[apis]).toBe('APIs: 1 judged (1 REST), 1 not judged');
    expect(notJudged).toBeGreaterThanOrEqual(0);
    expect(notJudged).toBeLessThan(verdict);
    expect(apis).toBeLessThan(verdict);
    expect(lines[verdict]).not.toMatch(/— passes \(/);
    expect(stdout).toMatch(/^INVENTORY {2}Partners "partners" — REST \(methods\); stages: v1; domains: partners\.example\.com; endpoint: REGIONAL; authorization: AWS_IAM, NONE; public: GET \(Quote\) \(acknowledged\); API keys: 1 operations, 1 usage plans; tags: environment=prod, owner=team-payments; judged$/m);
  });

  test('a template whose every API was judged and that has no findings "passes"; without --inventory no inventory lines', () => {
    const { code, stdout } = cli('check', path.join(CORPUS, 'rest-hardened.json'));
    expect(code).toBe(0);
    expect(stdout).toMatch(/^APIs: 1 judged \(1 REST\)$/m);
    expect(stdout).toMatch(/rest-hardened\.json: 0 errors, 0 warnings — passes \(fail on error\)/);
    expect(stdout).not.toContain('INVENTORY');
  });

  test('HTTP and WebSocket APIs are counted by kind over a directory', () => {
    const dir = fs.mkdtempSync(path.join(DIR, 'mixed-'));
    for (const f of ['http-hardened.json', 'websocket-hardened.json', 'rest-openapi-no-security.json']) fs.copyFileSync(path.join(CORPUS, f), path.join(dir, f));
    const { stdout } = cli('check', dir, '--format', 'json');
    const shapes = JSON.parse(stdout).inventory.map((a: any) => a.shape).sort();
    expect(shapes).toEqual(['HTTP (routes)', 'REST (OpenAPI)', 'WebSocket']);
  });
});
