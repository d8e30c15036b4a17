import { mkdtempSync, readFileSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, CfnParameter, CfnResource, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { CfnInclude } from 'aws-cdk-lib/cloudformation-include';
import { NagMessageLevel } from 'cdk-nag';
import { ApiBaseline, ApiBaselineChecks, rules } from '../../src';
import { ALL_RULES } from '../../src/nag/rules/all';
import { findingIds, findings, testStack } from '../util';

/** Every rule id of the pack and its level; a change of level is a breaking change for CI gates. */
const LEVELS: { [id: string]: NagMessageLevel } = {
  // stage
  'ApiBaseline-StageDataTraceOff': NagMessageLevel.ERROR,
  'ApiBaseline-StageJsonAccessLogging': NagMessageLevel.ERROR,
  'ApiBaseline-StageExecutionLogging': NagMessageLevel.ERROR,
  'ApiBaseline-StageXRayTracing': NagMessageLevel.ERROR,
  'ApiBaseline-StageThrottling': NagMessageLevel.ERROR,
  'ApiBaseline-StageCacheEncrypted': NagMessageLevel.ERROR,
  // authorization
  'ApiBaseline-MethodAuthorization': NagMessageLevel.ERROR,
  'ApiBaseline-CognitoMethodScopes': NagMessageLevel.ERROR,
  'ApiBaseline-UsagePlanMethodApiKey': NagMessageLevel.ERROR,
  'ApiBaseline-UsagePlanLimits': NagMessageLevel.ERROR,
  'ApiBaseline-ApiKeyNoLiteralValue': NagMessageLevel.ERROR,
  // cognito
  'ApiBaseline-UserPoolMfa': NagMessageLevel.ERROR,
  'ApiBaseline-UserPoolPasswordPolicy': NagMessageLevel.ERROR,
  'ApiBaseline-UserPoolThreatProtection': NagMessageLevel.ERROR,
  'ApiBaseline-UserPoolDeletionProtection': NagMessageLevel.WARN,
  'ApiBaseline-UserPoolClientNoImplicitGrant': NagMessageLevel.ERROR,
  'ApiBaseline-UserPoolClientPreventUserExistenceErrors': NagMessageLevel.ERROR,
  'ApiBaseline-UserPoolClientTokenRevocation': NagMessageLevel.ERROR,
  'ApiBaseline-UserPoolClientTokenValidity': NagMessageLevel.ERROR,
  // validation
  'ApiBaseline-MethodRequestValidator': NagMessageLevel.ERROR,
  'ApiBaseline-ModelClosedSchema': NagMessageLevel.ERROR,
  'ApiBaseline-CorsNoWildcardOrigin': NagMessageLevel.ERROR,
  // transport
  'ApiBaseline-DomainTls12': NagMessageLevel.ERROR,
  'ApiBaseline-AuthorizerTokenValidation': NagMessageLevel.ERROR,
  'ApiBaseline-AuthorizerCacheTtl': NagMessageLevel.ERROR,
  'ApiBaseline-AuthorizerCacheIdentity': NagMessageLevel.ERROR,
  'ApiBaseline-AuthorizerIdentityNotInQuery': NagMessageLevel.WARN,
  'ApiBaseline-ApiPolicyNoOpenAllow': NagMessageLevel.ERROR,
  'ApiBaseline-PrivateApiVpcEndpointPolicy': NagMessageLevel.ERROR,
  'ApiBaseline-UsagePlanCoversApiKeyStages': NagMessageLevel.ERROR,
  'ApiBaseline-IntegrationHttps': NagMessageLevel.ERROR,
  'ApiBaseline-LambdaPermissionSourceArn': NagMessageLevel.ERROR,
  'ApiBaseline-FunctionUrlAuth': NagMessageLevel.WARN,
  'ApiBaseline-IntegrationFixedHost': NagMessageLevel.WARN,
  'ApiBaseline-SecretsInPlainText': NagMessageLevel.WARN,
  'ApiBaseline-UserPoolClientNoPasswordAuth': NagMessageLevel.ERROR,
  'ApiBaseline-UserPoolClientRefreshTokenValidity': NagMessageLevel.ERROR,
  'ApiBaseline-UserPoolSelfSignUpVerified': NagMessageLevel.WARN,
  'ApiBaseline-UserPoolMfaNotSmsOnly': NagMessageLevel.WARN,
  'ApiBaseline-IdentityPoolNoUnauthenticated': NagMessageLevel.ERROR,
  'ApiBaseline-UserPoolTemporaryPasswordValidity': NagMessageLevel.ERROR,
  'ApiBaseline-WebAclAllowBeforeManaged': NagMessageLevel.WARN,
  'ApiBaseline-WebAclSampledRequestsProtected': NagMessageLevel.ERROR,
  'ApiBaseline-KmsKeyPolicyCrossAccount': NagMessageLevel.ERROR,
  'ApiBaseline-TopicPolicyConditions': NagMessageLevel.ERROR,
  'ApiBaseline-TableDeletionProtection': NagMessageLevel.WARN,
  'ApiBaseline-PreflightInCode': NagMessageLevel.WARN,
  'ApiBaseline-JwtAuthorizerIssuerAudience': NagMessageLevel.ERROR,
  'ApiBaseline-JwtIdentitySourceNotQuery': NagMessageLevel.ERROR,
  'ApiBaseline-RouteThrottlingWithinStage': NagMessageLevel.ERROR,
  'ApiBaseline-DomainDisablesDefaultEndpoint': NagMessageLevel.ERROR,
  // firewall
  'ApiBaseline-StageWebAcl': NagMessageLevel.ERROR,
  'ApiBaseline-WebAclManagedRules': NagMessageLevel.ERROR,
  'ApiBaseline-WebAclRateRule': NagMessageLevel.ERROR,
  'ApiBaseline-WebAclLoggingRedaction': NagMessageLevel.ERROR,
  // encryption
  'ApiBaseline-KmsKeyRotation': NagMessageLevel.ERROR,
  'ApiBaseline-KmsKeyPolicyNoWildcard': NagMessageLevel.ERROR,
  'ApiBaseline-LogGroupEncryptedRetention': NagMessageLevel.ERROR,
  'ApiBaseline-BucketKms': NagMessageLevel.ERROR,
  'ApiBaseline-BucketTlsOnly': NagMessageLevel.ERROR,
  'ApiBaseline-BucketPublicAccessBlocked': NagMessageLevel.ERROR,
  'ApiBaseline-TableCmkPitr': NagMessageLevel.ERROR,
  'ApiBaseline-TopicKms': NagMessageLevel.ERROR,
  'ApiBaseline-AccessLogDataProtection': NagMessageLevel.WARN,
  // monitoring
  'ApiBaseline-Stage5xxAlarm': NagMessageLevel.ERROR,
  'ApiBaseline-AlarmHasAction': NagMessageLevel.ERROR,
  // patching
  'ApiBaseline-LambdaSupportedRuntime': NagMessageLevel.ERROR,
  'ApiBaseline-LambdaNewestRuntime': NagMessageLevel.WARN,
};

const METHOD_AUTH = 'ApiBaseline-MethodAuthorization';

/** A method that breaks MethodAuthorization (and MethodRequestValidator). */
function openMethod(scope: any, id = 'Method') {
  return new apigw.CfnMethod(scope, id, { httpMethod: 'GET', resourceId: 'r', restApiId: 'a', authorizationType: 'NONE' });
}

describe('ApiBaselineChecks', () => {
  describe('rule ids and levels', () => {
    test('every rule id is pinned to its level', () => {
      const actual = Object.fromEntries(ALL_RULES.map((r) => [`ApiBaseline-${r.name}`, r.level]));
      expect(actual).toEqual(LEVELS);
      expect([...ApiBaselineChecks.RULE_IDS].sort()).toEqual(Object.keys(LEVELS).sort());
    });

    test('rule ids are unique and each rule is exported under its own name', () => {
      expect(new Set(ApiBaselineChecks.RULE_IDS).size).toBe(ApiBaselineChecks.RULE_IDS.length);
      for (const [exported, rule] of Object.entries(rules)) expect((rule as any).name).toBe(exported);
    });

    test('every rule documents what, why and how to fix', () => {
      for (const rule of ALL_RULES) {
        expect(rule.owasp).toMatch(/^API(10|[1-9]):2023 \S/);
        expect(rule.info.length).toBeGreaterThan(20);
        expect(rule.explanation.length).toBeGreaterThan(20);
        expect(rule.fix.length).toBeGreaterThan(10);
        expect(rule.resourceTypes.length + (rule.subject ? 1 : 0)).toBeGreaterThan(0);
        for (const type of rule.resourceTypes) expect(type).toMatch(/^(AWS::\w+::\w+|Custom::LogRetention)$/);
      }
    });

    test('a finding has the level of its rule', () => {
      const stack = testStack();
      openMethod(stack);
      new cognito.CfnUserPool(stack, 'Pool');
      const found = findings(new ApiBaselineChecks(), stack);
      expect(found[METHOD_AUTH]?.severity).toBe('error');
      expect(found['ApiBaseline-UserPoolDeletionProtection']?.severity).toBe('warning');
    });
  });

  describe('acknowledgements', () => {
    test('acknowledging the id on the resource suppresses the finding', () => {
      const stack = testStack();
      const method = openMethod(stack);
      Validations.of(method).acknowledge({ id: METHOD_AUTH, reason: 'Public health-check endpoint returning a constant.' });
      const found = findings(new ApiBaselineChecks(), stack);
      expect(found[METHOD_AUTH]).toBeUndefined();
      // other rules on the same resource are still reported
      expect(found['ApiBaseline-MethodRequestValidator']).toBeDefined();
    });

    test('acknowledging on a parent scope covers every resource below it', () => {
      const stack = testStack();
      openMethod(stack, 'One');
      openMethod(stack, 'Two');
      Validations.of(stack).acknowledge({ id: METHOD_AUTH, reason: 'Internal API behind a private VPC endpoint.' });
      expect(findingIds(new ApiBaselineChecks(), stack)).not.toContain(METHOD_AUTH);
    });

    test('an acknowledgement on one resource leaves its siblings reported', () => {
      const stack = testStack();
      const one = openMethod(stack, 'One');
      openMethod(stack, 'Two');
      Validations.of(one).acknowledge({ id: METHOD_AUTH, reason: 'Public health-check endpoint.' });
      expect(findings(new ApiBaselineChecks(), stack)[METHOD_AUTH]?.paths).toEqual(['Test/Two']);
    });

    test('the [Unverifiable] warning is acknowledged under its own id', () => {
      const stack = testStack();
      const pool = new cognito.CfnUserPool(stack, 'Pool', { mfaConfiguration: new CfnParameter(stack, 'Mfa').valueAsString });
      Validations.of(pool).acknowledge({ id: 'ApiBaseline-UserPoolMfa[Unverifiable]', reason: 'Parameter is ON in every environment.' });
      const ids = findingIds(new ApiBaselineChecks(), stack);
      expect(ids).not.toContain('ApiBaseline-UserPoolMfa[Unverifiable]');
      expect(ids).not.toContain('ApiBaseline-UserPoolMfa');
    });
  });

  describe('unresolvable values', () => {
    test('an intrinsic gives an [Unverifiable] warning that says why, never a throw', () => {
      const stack = testStack();
      new apigw.CfnMethod(stack, 'Method', {
        httpMethod: 'GET', resourceId: 'r', restApiId: 'a', authorizationType: new CfnParameter(stack, 'Auth').valueAsString,
      });
      const pack = new ApiBaselineChecks();
      expect(() => pack.validateScope(stack)).not.toThrow();
      const found = findings(pack, stack);
      expect(found[METHOD_AUTH]).toBeUndefined();
      expect(found[`${METHOD_AUTH}[Unverifiable]`]?.severity).toBe('warning');
      expect(found[`${METHOD_AUTH}[Unverifiable]`]?.description).toMatch(/cannot be verified at synth: AuthorizationType is an intrinsic/);
    });
  });

  test('a resource that cannot be rendered gives [Unverifiable] warnings and the others are still judged', () => {
    const stack = testStack();
    // CfnModel only renders object schemas; a string schema fails at render time
    new apigw.CfnModel(stack, 'Model', { restApiId: 'a', contentType: 'application/json', schema: '{"type":"object"}' as any });
    openMethod(stack);
    const pack = new ApiBaselineChecks();
    expect(() => pack.validateScope(stack)).not.toThrow();
    const found = findings(pack, stack);
    expect(found['ApiBaseline-ModelClosedSchema[Unverifiable]']?.description).toMatch(/cannot be rendered/);
    expect(found['ApiBaseline-ModelClosedSchema[Unverifiable]']?.paths).toEqual(['Test/Model']);
    expect(found[METHOD_AUTH]?.paths).toEqual(['Test/Method']);
  });

  describe('nested stacks', () => {
    test('resources of a nested stack are judged against the nested stack only', () => {
      const stack = testStack();
      // the parent API has the same logical id as the nested one but no domain mapping of its own
      new CfnResource(stack, 'ParentApi', { type: 'AWS::ApiGateway::RestApi', properties: { Name: 'parent' } }).overrideLogicalId('Api');
      const nested = new NestedStack(stack, 'Nested');
      const api = new apigw.CfnRestApi(nested, 'Api', { name: 'nested' });
      api.overrideLogicalId('Api');
      new apigw.CfnBasePathMapping(nested, 'Mapping', { domainName: 'api.example.com', restApiId: api.ref });
      openMethod(nested);
      const found = findings(new ApiBaselineChecks(), stack);
      expect(found['ApiBaseline-DomainDisablesDefaultEndpoint']?.paths).toEqual(['Test/Nested/Api']);
      expect(found[METHOD_AUTH]?.paths).toEqual(['Test/Nested/Method']);
    });

    test('a usage plan in the parent does not pull in methods of a nested API with the same logical id', () => {
      const stack = testStack();
      const parentApi = new apigw.CfnRestApi(stack, 'Api', { name: 'parent' });
      parentApi.overrideLogicalId('Api');
      new apigw.CfnUsagePlan(stack, 'Plan', {
        apiStages: [{ apiId: parentApi.ref, stage: 'prod' }],
        throttle: { rateLimit: 1, burstLimit: 1 },
        quota: { limit: 1, period: 'DAY' },
      });
      const nested = new NestedStack(stack, 'Nested');
      const api = new apigw.CfnRestApi(nested, 'Api', { name: 'nested' });
      api.overrideLogicalId('Api');
      new apigw.CfnMethod(nested, 'Method', { httpMethod: 'GET', resourceId: 'r', restApiId: api.ref, authorizationType: 'AWS_IAM' });
      expect(findingIds(new ApiBaselineChecks(), stack)).not.toContain('ApiBaseline-UsagePlanMethodApiKey');
    });
  });

  describe('included templates', () => {
    const template = {
      Resources: {
        Api: { Type: 'AWS::ApiGateway::RestApi', Properties: { Name: 'orders' } },
        Method: {
          Type: 'AWS::ApiGateway::Method',
          Properties: {
            HttpMethod: 'GET',
            ResourceId: { 'Fn::GetAtt': ['Api', 'RootResourceId'] },
            RestApiId: { Ref: 'Api' },
            AuthorizationType: 'NONE',
            Integration: { Type: 'MOCK' },
          },
        },
        Mapping: { Type: 'AWS::ApiGateway::BasePathMapping', Properties: { DomainName: 'api.example.com', RestApiId: { Ref: 'Api' } } },
        Plan: { Type: 'AWS::ApiGateway::UsagePlan', Properties: { ApiStages: [{ ApiId: { Ref: 'Api' }, Stage: 'prod' }] } },
        Pool: { Type: 'AWS::Cognito::UserPool', Properties: { MfaConfiguration: 'OFF' } },
        Client: { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Pool' }, AllowedOAuthFlows: ['implicit'] } },
      },
    };

    function handWritten(stack: Stack) {
      const api = new apigw.CfnRestApi(stack, 'Api', { name: 'orders' });
      new apigw.CfnMethod(stack, 'Method', {
        httpMethod: 'GET', resourceId: api.attrRootResourceId, restApiId: api.ref, authorizationType: 'NONE', integration: { type: 'MOCK' },
      });
      new apigw.CfnBasePathMapping(stack, 'Mapping', { domainName: 'api.example.com', restApiId: api.ref });
      new apigw.CfnUsagePlan(stack, 'Plan', { apiStages: [{ apiId: api.ref, stage: 'prod' }] });
      const pool = new cognito.CfnUserPool(stack, 'Pool', { mfaConfiguration: 'OFF' });
      new cognito.CfnUserPoolClient(stack, 'Client', { userPoolId: pool.ref, allowedOAuthFlows: ['implicit'] });
    }

    test('a CfnInclude-d template is judged like hand-written resources', () => {
      const dir = mkdtempSync(join(tmpdir(), 'api-baseline-'));
      const file = join(dir, 'orders.json');
      writeFileSync(file, JSON.stringify(template));
      const included = testStack('Included');
      new CfnInclude(included, 'Template', { templateFile: file });
      const written = testStack('Written');
      handWritten(written);

      const fromInclude = findings(new ApiBaselineChecks(), included);
      const fromCode = findings(new ApiBaselineChecks(), written);
      expect(Object.keys(fromInclude).sort()).toEqual(Object.keys(fromCode).sort());
      expect(Object.keys(fromInclude)).toEqual(expect.arrayContaining([
        METHOD_AUTH,
        'ApiBaseline-UsagePlanMethodApiKey',
        'ApiBaseline-UsagePlanLimits',
        'ApiBaseline-DomainDisablesDefaultEndpoint',
        'ApiBaseline-UserPoolMfa',
        'ApiBaseline-UserPoolClientNoImplicitGrant',
      ]));
      expect(fromInclude[METHOD_AUTH]?.paths).toEqual(['Included/Template/Method']);
      expect(fromInclude['ApiBaseline-UsagePlanMethodApiKey']?.paths).toEqual(['Included/Template/Method']);
    });
  });
});

describe('rule ids in the synth output', () => {
  /** An app with one REST API whose stage and method break several rules. */
  function insecureApp() {
    const app = new App();
    const stack = new Stack(app, 'Insecure');
    const api = new apigw.RestApi(stack, 'Api');
    api.root.addMethod('GET', new apigw.MockIntegration());
    return { app, stack };
  }

  test('every finding message of the pack starts with its finding id', () => {
    const { stack } = insecureApp();
    const report = new ApiBaselineChecks().validateScope(stack);
    expect(report.violations.length).toBeGreaterThan(3);
    for (const v of report.violations) expect(v.description.startsWith(`${v.ruleName}: `)).toBe(true);
    const webAcl = report.violations.find((v) => v.ruleName === 'ApiBaseline-StageWebAcl');
    expect(webAcl?.description).toMatch(/^ApiBaseline-StageWebAcl: The API Gateway stage is not associated with a WAF web ACL/);
  });

  test('cdk synth with the pack as a validation plugin prints the id in each finding', () => {
    const { app } = insecureApp();
    Validations.of(app).addPlugins(new ApiBaselineChecks(app));
    const printed = printedBySynth(app);
    expect(printed).toMatch(/ERROR ApiBaseline-StageWebAcl: The API Gateway stage is not associated with a WAF web ACL/);
    expect(printed).toMatch(/ERROR ApiBaseline-MethodAuthorization: The API Gateway method or route has no authorization/);
  });

  test('cdk synth through ApiBaseline.enforce prints the ids of every pack, the report keeps the message alone', () => {
    const { app } = insecureApp();
    ApiBaseline.enforce(app);
    const printed = printedBySynth(app);
    expect(printed).toMatch(/ERROR ApiBaseline-StageWebAcl: The API Gateway stage is not associated with a WAF web ACL/);
    expect(printed).toMatch(/AwsSolutions-APIG3: /);
    const report = JSON.parse(readFileSync(join(app.outdir, 'api-baseline-report.json'), 'utf8'));
    const finding = report.stacks[0].findings.find((f: any) => f.ruleId === 'ApiBaseline-StageWebAcl');
    expect(finding.description).toMatch(/^The API Gateway stage is not associated/);
  });
});

/** What `cdk synth` prints for the findings of the validation plugins (the message of the error it fails with, or its log). */
function printedBySynth(app: App): string {
  const logged: string[] = [];
  const spies = (['log', 'error', 'warn'] as const).map((m) => jest.spyOn(console, m).mockImplementation((...args: unknown[]) => { logged.push(args.join(' ')); }));
  const write = jest.spyOn(process.stderr, 'write').mockImplementation((chunk: any) => { logged.push(String(chunk)); return true; });
  try {
    app.synth();
  } catch (e) {
    logged.push((e as Error).message);
  } finally {
    spies.forEach((s) => s.mockRestore());
    write.mockRestore();
  }
  return logged.join('\n');
}
