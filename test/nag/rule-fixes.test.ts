import { ALL_RULES } from '../../src/nag/rules/all';

/** Words that only exist in CDK code: construct classes, their enum members and factories, construct methods, `new`. */
const CDK_TERMS = new RegExp([
  '\\bnew [A-Z]',
  '\\b\\w+\\(', // a call: `stage.metricServerError()`, `HttpIntegration('https://...')`
  '\\b(Duration|RemovalPolicy|Stack|SecretValue|Runtime|RetentionDays|BucketEncryption|BlockPublicAccess|TableEncryption|TableEncryptionV2|Mfa|FeaturePlan|StandardThreatProtectionMode|SecurityPolicy|AccessLogFormat|MethodLoggingLevel|FunctionUrlAuthType)\\.([A-Z][A-Z0-9_]+\\b|[a-z])',
  '(?<!::)\\b(SecureRestApi|SecureHttpApi|ApiFirewall|AlertTopic|EncryptedTable|EncryptedBucket|RestApi|TableV2|HttpJwtAuthorizer|HttpUserPoolAuthorizer|HttpLambdaAuthorizer|TokenAuthorizer|RequestAuthorizer|LambdaIntegration|HttpLambdaIntegration|HttpIntegration|HttpUrlIntegration|HttpAlbIntegration|HttpNlbIntegration|VpcLink|SnsAction)\\b',
  '\\b(defaultMethodOptions|defaultCorsPreflightOptions|addUsagePlan|addApiStage|addCorsPreflight|addAlarmAction|addFunctionUrl|logRetention|removalPolicy|enforceSSL|encryptionKey|masterKey)\\b',
  'aws-cdk-lib',
  '\\bconstruct\\b',
].join('|'));

describe('rule fixes', () => {
  test.each(ALL_RULES.map((r) => [r.name, r]))('%s has a fix for CDK code and one in CloudFormation terms', (_name, rule) => {
    expect(rule.fix.trim()).not.toEqual('');
    expect(rule.cfnFix.trim()).not.toEqual('');
    expect(rule.cfnFix).not.toMatch(CDK_TERMS);
  });

  test('the check of CDK terms recognises the CDK fixes', () => {
    // most CDK fixes name a construct, an enum or a method; the check would catch them in a template fix
    const caught = ALL_RULES.filter((r) => CDK_TERMS.test(r.fix));
    expect(caught.length).toBeGreaterThan(ALL_RULES.length / 2);
    expect(CDK_TERMS.test('Set `loggingLevel: MethodLoggingLevel.ERROR` on the stage')).toBe(true);
    expect(CDK_TERMS.test('Set `LoggingLevel: ERROR` on the `AWS::ApiGateway::RestApi` stage')).toBe(false);
  });
});
