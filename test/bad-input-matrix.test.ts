/**
 * The bad-input matrix: invalid props across every construct, each a synth-time error whose message names the
 * prop, and the weakenings that are refused unless their explicit opt-out flag is set.
 */
import { App, Duration, Size, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { HttpUrlIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  AccessAnalyzer,
  AccessReview,
  AlertTopic,
  ApiAlarms,
  ApiBaseline,
  ApiFirewall,
  DataKey,
  EncryptedBucket,
  EncryptedTable,
  FirewallScope,
  InspectorScanning,
  OAuthUserPool,
  PatternField,
  TextTransformation,
  ProtectedLogGroup,
  SecureHttpApi,
  SecureRestApi,
  SecureRestApiProps,
} from '../src';
import { templateOf, testStack } from './util';

type Build = (stack: Stack) => unknown;

/** A stack outside us-east-1, in the app of `s`. */
const euStack = (s: Stack): Stack => new Stack(s.node.root as App, 'Eu', { env: { account: '123456789012', region: 'eu-west-1' } });

/** A SecureRestApi without the optional firewall and alarms, to keep these tests small. */
const LEAN_API: SecureRestApiProps = { disableFirewall: true, disableAlarms: true };

const ALL_TRANSFORMATIONS = [
  TextTransformation.URL_DECODE, TextTransformation.HTML_ENTITY_DECODE, TextTransformation.LOWERCASE,
  TextTransformation.COMPRESS_WHITE_SPACE, TextTransformation.JS_DECODE, TextTransformation.BASE64_DECODE,
];

function pool(stack: Stack): OAuthUserPool {
  const p = new OAuthUserPool(stack, 'Pool');
  p.addResourceServer('orders', { scopes: { read: 'Read orders' } });
  return p;
}

const BAD_INPUTS: Array<[string, Build, RegExp]> = [
  ['DataKey rotation shorter than 90 days', (s) => new DataKey(s, 'K', { rotationPeriod: Duration.days(30) }), /"rotationPeriod" must be a whole number of days between 90 and 2560, got "30 days"/],
  ['DataKey rotation longer than 2560 days', (s) => new DataKey(s, 'K', { rotationPeriod: Duration.days(3000) }), /"rotationPeriod" .* between 90 and 2560/],
  ['DataKey pending window of 3 days', (s) => new DataKey(s, 'K', { pendingWindow: Duration.days(3) }), /"pendingWindow" .* between 7 and 30/],
  ['DataKey alias with a space', (s) => new DataKey(s, 'K', { alias: 'orders data' }), /"alias"/],
  ['ProtectedLogGroup custom identifier with an invalid regex', (s) => new ProtectedLogGroup(s, 'L', { dataProtection: { customIdentifiers: [{ name: 'Ticket', regex: '([A-Z' }] } }), /"dataProtection.customIdentifiers\[0\].regex" must be a valid regular expression/],
  ['ProtectedLogGroup with an empty identifier list', (s) => new ProtectedLogGroup(s, 'L', { dataProtection: { identifiers: [] } }), /"dataProtection.identifiers" must name at least one identifier/],
  ['AlertTopic with an http endpoint', (s) => new AlertTopic(s, 'T', { httpsEndpoints: ['http://hooks.example.com/x'] }), /"httpsEndpoints\[0\]" must be an https:\/\/ URL/],
  ['AlertTopic with a malformed e-mail', (s) => new AlertTopic(s, 'T', { emails: ['ops-at-example.com'] }), /"emails\[0\]" must be an e-mail address/],
  ['EncryptedBucket with an upper-case name', (s) => new EncryptedBucket(s, 'B', { bucketName: 'Orders_Docs' }), /"bucketName"/],
  ['EncryptedTable with a one-letter name', (s) => new EncryptedTable(s, 'T', { partitionKey: { name: 'id', type: 'S' as any }, tableName: 'x' }), /"tableName" must be 3-255/],
  ['OAuthUserPool with both a Cognito prefix and a custom domain', (s) => new OAuthUserPool(s, 'P', { domain: { cognitoDomainPrefix: 'orders', customDomainName: 'login.example.com' } }), /"domain"/],
  ['OAuthUserPool password history of 30', (s) => new OAuthUserPool(s, 'P', { passwordHistorySize: 30 }), /"passwordHistorySize" must be an integer between 1 and 24, got 30/],
  ['user client with an http callback URL', (s) => pool(s).addUserClient('Web', { callbackUrls: ['http://orders.example.com/cb'] }), /"callbackUrls\[0\]" must use https \(http allowed only for localhost\), got "http:\/\/orders.example.com\/cb"/],
  ['user client with a wildcard callback URL', (s) => pool(s).addUserClient('Web', { callbackUrls: ['https://*.example.com/cb'] }), /"callbackUrls\[0\]" must be an exact URL/],
  ['user client without callback URLs', (s) => pool(s).addUserClient('Web', { callbackUrls: [] }), /"callbackUrls" must list at least one URL/],
  ['machine client without scopes', (s) => pool(s).addMachineClient('Svc', { scopes: [] }), /"scopes" must list at least one scope for a machine client/],
  ['unknown scope of a resource server', (s) => pool(s).resourceServers[0].scope('delete'), /"scope"/],
  ['resource server without scopes', (s) => new OAuthUserPool(s, 'P').addResourceServer('orders', { scopes: {} }), /"scopes" must define at least one scope/],
  ['ApiFirewall allow-list range with host bits', (s) => new ApiFirewall(s, 'F', { allowedCidrs: ['203.0.113.7/24'] }), /"allowedCidrs\[0\]" must not set address bits after the prefix \(the block is "203.0.113.0\/24"\)/],
  ['SecureRestApi allow-list range with host bits', (s) => new SecureRestApi(s, 'Api', { ...LEAN_API, allowedCidrs: ['203.0.113.7/24'] }), /"allowedCidrs\[0\]" must not set address bits after the prefix \(the block is "203.0.113.0\/24"\)/],
  ['SecureRestApi with allowedCidrs and its former name allowedIpRanges', (s) => new SecureRestApi(s, 'Api', { ...LEAN_API, allowedCidrs: ['203.0.113.0/24'], allowedIpRanges: ['203.0.113.0/24'] }), /"allowedIpRanges" must not be set together with "allowedCidrs"/],
  ['ApiFirewall rate limit below WAF minimum', (s) => new ApiFirewall(s, 'F', { rateLimit: 5 }), /"rateLimit" must be an integer between 10 and 2000000000, got 5/],
  ['ApiFirewall rate window of 90 s', (s) => new ApiFirewall(s, 'F', { rateLimitWindow: Duration.seconds(90) }), /"rateLimitWindow" must be one of 60, 120, 300, 600 seconds/],
  ['ApiFirewall body limit above 64 KB', (s) => new ApiFirewall(s, 'F', { maxBodySize: Size.kibibytes(128) }), /"maxBodySize"/],
  ['ApiFirewall pattern rule with an invalid regex', (s) => new ApiFirewall(s, 'F', { patternRules: [{ name: 'Bad', regexes: ['(unclosed'], field: PatternField.BODY }] }), /"patternRules\[0\].regexes\[0\]"/],
  ['ApiFirewall count override of an unknown rule', (s) => new ApiFirewall(s, 'F', { countOnly: ['NoSuchRule'] }), /"countOnly\[0\]" must name a rule of this firewall/],
  ['ApiFirewall over the WCU budget', (s) => new ApiFirewall(s, 'F', {
    patternRules: Array.from({ length: 60 }, (_, i) => ({
      name: `P${i}`, regexes: ['x'], field: PatternField.ALL_QUERY_ARGUMENTS, textTransformations: ALL_TRANSFORMATIONS,
    })),
  }), /"rules" must fit in the 5000 web ACL capacity units \(WCUs\)/],
  ['ApiAlarms band width of 20', (s) => new ApiAlarms(s, 'A', { restApiName: 'orders', stageName: 'prod', bandWidth: 20 }), /"bandWidth" must be between 0.1 and 10, got 20/],
  ['ApiAlarms datapoints above evaluation periods', (s) => new ApiAlarms(s, 'A', { restApiName: 'orders', stageName: 'prod', evaluationPeriods: 3, datapointsToAlarm: 4 }), /"datapointsToAlarm"/],
  ['ApiAlarms period of 90 s', (s) => new ApiAlarms(s, 'A', { restApiName: 'orders', stageName: 'prod', period: Duration.seconds(90) }), /"period" must be a multiple of 60 seconds/],
  ['ApiAlarms 5XX rate threshold of 0', (s) => new ApiAlarms(s, 'A', { restApiName: 'orders', stageName: 'prod', fiveXxRateThresholdPercent: 0 }), /"fiveXxRateThresholdPercent" must be greater than 0/],
  ['InspectorScanning without resource types', (s) => new InspectorScanning(s, 'I', { resourceTypes: [] }), /"resourceTypes" must name at least one resource type/],
  ['AccessAnalyzer unused access age of 400 days', (s) => new AccessAnalyzer(s, 'A', { unusedAccessAge: Duration.days(400) }), /"unusedAccessAge" must be a whole number of days between 1 and 365/],
  ['AccessReview maximum token validity of 2 days', (s) => new AccessReview(s, 'R', { maxTokenValidity: Duration.days(2) }), /"maxTokenValidity" must be between 5 minutes and 1 day/],
  ['SecureHttpApi stage name with a space', (s) => new SecureHttpApi(s, 'H', { disableAlarms: true, stageName: 'prod stage' }), /"stageName" must be "\$default" or 1-128 letters/],
  ['SecureHttpApi burst limit above 5000', (s) => new SecureHttpApi(s, 'H', { disableAlarms: true, throttle: { rateLimit: 10, burstLimit: 6000 } }), /"throttle.burstLimit" must be an integer between 1 and 5000, got 6000/],
  ['SecureHttpApi CORS with credentials for any origin', (s) => new SecureHttpApi(s, 'H', { disableAlarms: true, cors: { allowOrigins: ['*'], allowAnyOrigin: true, allowCredentials: true } }), /"cors.allowOrigins\[0\]" must not be "\*" when allowCredentials is true/],
  ['SecureHttpApi domain with a leading "/" in the mapping key', (s) => new SecureHttpApi(s, 'H', { disableAlarms: true, domain: { domainName: 'api.example.com', certificate: acm.Certificate.fromCertificateArn(s, 'C', 'arn:aws:acm:us-east-1:123456789012:certificate/abc'), mappingKey: '/v1' } }), /"domain.mappingKey"/],
  ['SecureHttpApi route without scopes or a public reason', (s) => new SecureHttpApi(s, 'H', { disableAlarms: true }).addRoute('$default', { integration: new HttpUrlIntegration('U', 'https://backend.example.com') }), /Route "\$default": "scopes" must list at least one OAuth scope/],
  ['SecureHttpApi route throttled above the stage', (s) => new SecureHttpApi(s, 'H', { disableAlarms: true }).addRoute('GET /a', { integration: new HttpUrlIntegration('U', 'https://backend.example.com'), publicRoute: 'status', throttle: { rateLimit: 500, burstLimit: 10 } }), /"throttle.rateLimit" must not exceed the stage's throttle.rateLimit \(100\), got 500/],
  ['SecureHttpApi HTTP integration over plain http', (s) => new SecureHttpApi(s, 'H', { disableAlarms: true }).addRoute('GET /a', { integration: new HttpUrlIntegration('U', 'http://backend.example.com'), publicRoute: 'status' }), /"integration" must call an https:\/\/ URL/],
  ['SecureHttpApi front door outside us-east-1 without a web ACL ARN', (s) => new SecureHttpApi(euStack(s), 'H', { frontDoor: {} }), /"frontDoor.webAclArn" must be set when the stack is not in us-east-1 \(this stack is in eu-west-1\)/],
  ['SecureHttpApi front door web ACL ARN of REGIONAL scope', (s) => new SecureHttpApi(s, 'H', { frontDoor: { webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/api/1' } }), /"frontDoor.webAclArn" must be the ARN of a CLOUDFRONT-scope web ACL/],
  ['SecureHttpApi front door with both a web ACL ARN and firewall props', (s) => new SecureHttpApi(s, 'H', { frontDoor: { webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1', firewall: { rateLimit: 500 } } }), /"frontDoor.firewall" must not be set with "frontDoor.webAclArn"/],
  ['SecureHttpApi front door firewall of REGIONAL scope', (s) => new SecureHttpApi(s, 'H', { frontDoor: { firewall: { scope: FirewallScope.REGIONAL } } }), /"frontDoor.firewall.scope" must be CLOUDFRONT/],
  ['SecureHttpApi front door header that CloudFront reserves', (s) => new SecureHttpApi(s, 'H', { frontDoor: { originVerifyHeaderName: 'x-amz-origin' } }), /"frontDoor.originVerifyHeaderName" must be lower case, start with "x-".*got "x-amz-origin"/],
  ['SecureHttpApi front door with an API custom domain', (s) => new SecureHttpApi(s, 'H', { frontDoor: {}, domain: { domainName: 'api.example.com', certificate: acm.Certificate.fromCertificateArn(s, 'C', 'arn:aws:acm:us-east-1:123456789012:certificate/abc') } }), /"domain" must not be set with "frontDoor"/],
  ['SecureHttpApi front door domain without names', (s) => new SecureHttpApi(s, 'H', { frontDoor: { domain: { domainNames: [], certificate: acm.Certificate.fromCertificateArn(s, 'C', 'arn:aws:acm:us-east-1:123456789012:certificate/abc') } } }), /"frontDoor.domain.domainNames" must list at least one domain name/],
  ['ApiFirewall of CLOUDFRONT scope outside us-east-1', (s) => new ApiFirewall(euStack(s), 'F', { scope: FirewallScope.CLOUDFRONT }), /"scope" must be REGIONAL in a stack outside us-east-1 \(this stack is in eu-west-1\)/],
  ['ApiAlarms with an empty HTTP API id', (s) => new ApiAlarms(s, 'A', { restApiName: 'orders', httpApiId: '', stageName: '$default' }), /"httpApiId" must be a non-empty string/],
  ['time-boxed acknowledgement without a reason', (s) => ApiBaseline.acknowledge(s, { id: 'ApiBaseline-StageWebAcl', reason: '', expires: '2027-01-31' }), /"reason" must explain/],
  ['time-boxed acknowledgement with an impossible date', (s) => ApiBaseline.acknowledge(s, { id: 'ApiBaseline-StageWebAcl', reason: 'x', expires: '2027-13-01' }), /"expires" must be a calendar date/],
];

describe('bad input matrix', () => {
  test('covers at least 30 invalid prop combinations', () => {
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(30);
  });

  test.each(BAD_INPUTS)('%s', (_name, build, message) => {
    const stack = testStack();
    expect(() => build(stack)).toThrow(message);
  });
});

/** Weakenings: refused without the opt-out flag, accepted with it. */
const WEAKENINGS: Array<[string, Build, Build, RegExp]> = [
  ['log retention "never expire"',
    (s) => new ProtectedLogGroup(s, 'L', { retention: logs.RetentionDays.INFINITE }),
    (s) => new ProtectedLogGroup(s, 'L', { retention: logs.RetentionDays.INFINITE, allowInfiniteRetention: true }),
    /"retention"/],
  ['passwords shorter than 14 characters',
    (s) => new OAuthUserPool(s, 'P', { passwordMinLength: 12 }),
    (s) => new OAuthUserPool(s, 'P', { passwordMinLength: 12, allowShortPasswords: true }),
    /"passwordMinLength"/],
  ['CORS for any origin ("*")',
    (s) => new SecureRestApi(s, 'Api', { ...LEAN_API, cors: { allowOrigins: ['*'] } }),
    (s) => new SecureRestApi(s, 'Api', { ...LEAN_API, cors: { allowOrigins: ['*'], allowAnyOrigin: true } }),
    /"cors.allowOrigins\[0\]" must name specific origins/],
  ['HTTP API CORS for any origin ("*")',
    (s) => new SecureHttpApi(s, 'Api', { disableAlarms: true, cors: { allowOrigins: ['*'] } }),
    (s) => new SecureHttpApi(s, 'Api', { disableAlarms: true, cors: { allowOrigins: ['*'], allowAnyOrigin: true } }),
    /"cors.allowOrigins\[0\]" must name specific origins/],
  ['access tokens longer than 60 minutes',
    (s) => pool(s).addUserClient('Web', { callbackUrls: ['https://orders.example.com/cb'], accessTokenValidity: Duration.minutes(120) }),
    (s) => pool(s).addUserClient('Web', { callbackUrls: ['https://orders.example.com/cb'], accessTokenValidity: Duration.minutes(120), allowLongTokens: true }),
    /"accessTokenValidity"/],
];

describe('weakenings need their explicit opt-out', () => {
  test.each(WEAKENINGS)('%s', (_name, weakened, optedOut, message) => {
    expect(() => weakened(testStack())).toThrow(message);
    expect(() => optedOut(testStack())).not.toThrow();
  });

  test('TLS 1.0 on a custom domain has no opt-out at all', () => {
    const stack = testStack();
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    expect(() => new SecureRestApi(stack, 'Api', {
      ...LEAN_API, domain: { domainName: 'api.example.com', certificate, securityPolicy: apigw.SecurityPolicy.TLS_1_0 },
    })).toThrow(/"domain.securityPolicy" must be TLS 1.2 or stronger/);
  });

  test('data trace cannot be turned on: the stage never logs request or response bodies', () => {
    const stack = testStack();
    const api = new SecureRestApi(stack, 'Api', LEAN_API);
    const read = api.userPool.addResourceServer('orders', { scopes: { read: 'Read orders' } }).scope('read');
    api.addRoute('GET /orders', { integration: new apigw.MockIntegration(), scopes: [read] });
    const stages = Object.values(templateOf(stack).findResources('AWS::ApiGateway::Stage'));
    expect(stages).toHaveLength(1);
    const settings: any[] = stages[0].Properties.MethodSettings;
    expect(settings.length).toBeGreaterThan(0);
    expect(settings.every((m) => m.DataTraceEnabled === false)).toBe(true);
  });
});
