import { CfnParameter, Duration, Lazy, RemovalPolicy, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import {
  ApiFirewall,
  ApiFirewallProps,
  FirewallDataProtectionAction,
  FirewallLogAction,
  PatternAction,
  PatternField,
  PatternRule,
  TextTransformation,
} from '../../src/firewall';
import { templateOf, testStack } from '../util';

const DEFAULT_RULES = [
  'AWSManagedRulesAmazonIpReputationList',
  'AWSManagedRulesCommonRuleSet',
  'AWSManagedRulesKnownBadInputsRuleSet',
  'AWSManagedRulesSQLiRuleSet',
  'RateLimitPerIp',
  'BodySizeLimit',
  'QueryStringSizeLimit',
];

function firewall(props: ApiFirewallProps = {}, stack = testStack()): ApiFirewall {
  return new ApiFirewall(stack, 'Firewall', props);
}

function build(props: ApiFirewallProps = {}): { stack: Stack; fw: ApiFirewall } {
  const stack = testStack();
  return { stack, fw: firewall(props, stack) };
}

/** The rules of the only web ACL of the stack, keyed by name. */
function rulesOf(stack: Stack): Record<string, any> {
  const acls = templateOf(stack).findResources('AWS::WAFv2::WebACL');
  const [acl] = Object.values(acls);
  return Object.fromEntries(acl.Properties.Rules.map((r: any) => [r.Name, r]));
}

function aclProps(stack: Stack): any {
  return Object.values(templateOf(stack).findResources('AWS::WAFv2::WebACL'))[0].Properties;
}

function pattern(overrides: Partial<PatternRule> = {}): PatternRule {
  return { name: 'NoScriptTags', regexes: ['<script'], field: PatternField.BODY, ...overrides };
}

const TEN_TRANSFORMATIONS = [
  TextTransformation.URL_DECODE, TextTransformation.URL_DECODE_UNI, TextTransformation.HTML_ENTITY_DECODE,
  TextTransformation.LOWERCASE, TextTransformation.COMPRESS_WHITE_SPACE, TextTransformation.CMD_LINE,
  TextTransformation.BASE64_DECODE, TextTransformation.HEX_DECODE, TextTransformation.JS_DECODE,
  TextTransformation.CSS_DECODE,
];

describe('ApiFirewall defaults', () => {
  test('a REGIONAL web ACL that allows by default, with the default rules in priority order', () => {
    const { stack, fw } = build();
    const props = aclProps(stack);
    expect(props.Scope).toBe('REGIONAL');
    expect(props.DefaultAction).toEqual({ Allow: {} });
    expect(props.Rules.map((r: any) => r.Name)).toEqual(DEFAULT_RULES);
    expect(props.Rules.map((r: any) => r.Priority)).toEqual([20, 40, 50, 60, 100, 120, 130]);
    expect(fw.ruleNames).toEqual(DEFAULT_RULES);
    expect(fw.rateRuleName).toBe('RateLimitPerIp');
    expect(fw.capacity).toBe(25 + 700 + 200 + 200 + 2 + 1 + 1);
  });

  test('managed groups are AWS groups with no pinned version and no override', () => {
    const { stack } = build();
    const rules = rulesOf(stack);
    for (const name of DEFAULT_RULES.slice(0, 4)) {
      const group = rules[name].Statement.ManagedRuleGroupStatement;
      expect(group).toMatchObject({ VendorName: 'AWS', Name: name });
      expect(group.Version).toBeUndefined();
      expect(rules[name].OverrideAction).toEqual({ None: {} });
    }
  });

  test('the Common rule set counts its own size rules, which the firewall enforces with the configured sizes', () => {
    const { stack } = build();
    const rules = rulesOf(stack);
    expect(rules.AWSManagedRulesCommonRuleSet.Statement.ManagedRuleGroupStatement.RuleActionOverrides).toEqual([
      { Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } },
      { Name: 'SizeRestrictions_QUERYSTRING', ActionToUse: { Count: {} } },
    ]);
    expect(rules.BodySizeLimit.Statement.SizeConstraintStatement).toEqual({
      ComparisonOperator: 'GT',
      FieldToMatch: { Body: { OversizeHandling: 'MATCH' } },
      Size: 8192,
      TextTransformations: [{ Priority: 0, Type: 'NONE' }],
    });
    expect(rules.QueryStringSizeLimit.Statement.SizeConstraintStatement).toMatchObject({
      ComparisonOperator: 'GT', FieldToMatch: { QueryString: {} }, Size: 2048,
    });
    expect(aclProps(stack).AssociationConfig).toEqual({ RequestBody: { API_GATEWAY: { DefaultSizeInspectionLimit: 'KB_16' } } });
  });

  test('the per-IP rate rule allows 1000 requests per 5 minutes and answers 429 with Retry-After', () => {
    const { stack } = build();
    const rule = rulesOf(stack).RateLimitPerIp;
    expect(rule.Statement.RateBasedStatement).toEqual({ AggregateKeyType: 'IP', Limit: 1000, EvaluationWindowSec: 300 });
    expect(rule.Action).toEqual({
      Block: {
        CustomResponse: {
          ResponseCode: 429,
          CustomResponseBodyKey: 'RateLimited',
          ResponseHeaders: [{ Name: 'Retry-After', Value: '300' }],
        },
      },
    });
  });

  test('own rules block with the JSON block body that refers to the request id', () => {
    const { stack } = build();
    const props = aclProps(stack);
    expect(rulesOf(stack).BodySizeLimit.Action).toEqual({
      Block: { CustomResponse: { ResponseCode: 403, CustomResponseBodyKey: 'Blocked' } },
    });
    expect(props.CustomResponseBodies.Blocked.ContentType).toBe('APPLICATION_JSON');
    const body = JSON.parse(props.CustomResponseBodies.Blocked.Content);
    expect(body.message).toBe('Forbidden');
    expect(body.requestId).toMatch(/x-amzn-RequestId/);
    expect(JSON.parse(props.CustomResponseBodies.RateLimited.Content).message).toBe('Too Many Requests');
  });

  test('metrics and sampled requests are on for the web ACL and every rule, with valid stable names', () => {
    const { stack, fw } = build({
      deniedCidrs: ['192.0.2.0/24'],
      allowedCidrs: ['2001:db8::/32'],
      apiKeyRateLimit: 100,
      blockedCountries: ['KP'],
      anonymousIpList: true,
      linuxRules: true,
      unixRules: true,
      botControl: true,
      patternRules: [pattern()],
    });
    const props = aclProps(stack);
    const metricName = /^[\w#:.\-/]{1,255}$/;
    const configs = [props.VisibilityConfig, ...props.Rules.map((r: any) => r.VisibilityConfig)];
    for (const config of configs) {
      expect(config.CloudWatchMetricsEnabled).toBe(true);
      expect(config.SampledRequestsEnabled).toBe(true);
      expect(config.MetricName).toMatch(metricName);
      expect(['All', 'Default_Action']).not.toContain(config.MetricName);
    }
    expect(props.Rules.map((r: any) => r.VisibilityConfig.MetricName)).toEqual(fw.ruleNames);
    expect(props.VisibilityConfig.MetricName).toBe(fw.webAclName);
    expect(props.Name).toBe(fw.webAclName);
  });

  test('the web ACL name is derived from the construct path and stable', () => {
    expect(firewall().webAclName).toBe(firewall().webAclName);
    expect(firewall().webAclName).toMatch(/^[\w-]{1,128}$/);
  });

  test('no capacity warning for the defaults', () => {
    const { stack } = build();
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('WCUs'));
  });
});

describe('ApiFirewall IP lists', () => {
  test('an IPv4 deny list becomes one IP set referenced by the first rule', () => {
    const { stack, fw } = build({ deniedCidrs: ['192.0.2.0/24', '198.51.100.7/32'] });
    const template = templateOf(stack);
    template.resourceCountIs('AWS::WAFv2::IPSet', 1);
    template.hasResourceProperties('AWS::WAFv2::IPSet', {
      Scope: 'REGIONAL', IPAddressVersion: 'IPV4', Addresses: ['192.0.2.0/24', '198.51.100.7/32'],
    });
    const rule = rulesOf(stack).IpDenyList;
    expect(rule.Priority).toBe(0);
    expect(rule.Statement.IPSetReferenceStatement.Arn).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/DeniedIpv4Set/), 'Arn'] });
    expect(rule.Action.Block.CustomResponse.ResponseCode).toBe(403);
    expect(fw.ruleNames[0]).toBe('IpDenyList');
    expect(fw.capacity).toBe(1129 + 1);
  });

  test('a mixed deny list becomes an IPv4 and an IPv6 set combined with OR', () => {
    const { stack, fw } = build({ deniedCidrs: ['192.0.2.0/24', '2001:DB8::/32'] });
    const template = templateOf(stack);
    template.resourceCountIs('AWS::WAFv2::IPSet', 2);
    template.hasResourceProperties('AWS::WAFv2::IPSet', { IPAddressVersion: 'IPV6', Addresses: ['2001:db8::/32'] });
    expect(rulesOf(stack).IpDenyList.Statement.OrStatement.Statements).toHaveLength(2);
    expect(fw.capacity).toBe(1129 + 2);
  });

  test('an allow list blocks every address outside it, after the deny list', () => {
    const { stack, fw } = build({ deniedCidrs: ['192.0.2.0/24'], allowedCidrs: ['203.0.113.0/24'] });
    const rule = rulesOf(stack).IpAllowList;
    expect(rule.Priority).toBe(10);
    expect(rule.Statement.NotStatement.Statement.IPSetReferenceStatement).toBeDefined();
    expect(rule.Action.Block).toBeDefined();
    expect(fw.ruleNames.slice(0, 2)).toEqual(['IpDenyList', 'IpAllowList']);
  });

  test.each([
    ['not a range', '192.0.2.1', 'must be an IPv4 or IPv6 CIDR block'],
    ['a /0 range', '0.0.0.0/0', 'must not allow every address'],
    ['an IPv4 prefix over 32', '192.0.2.0/33', 'must be an IPv4 CIDR block with a prefix of /1-/32'],
    ['an IPv6 prefix over 128', '2001:db8::/129', 'must be an IPv6 CIDR block with a prefix of /1-/128'],
    ['a bad address', '300.0.2.0/24', 'must be an IPv4 or IPv6 CIDR block'],
    ['a hostname', 'example.com/24', 'must be an IPv4 or IPv6 CIDR block'],
    ['host bits after the prefix', '192.0.2.1/24', 'must not set address bits after the prefix'],
  ])('rejects %s', (_, cidr, rule) => {
    expect(() => firewall({ deniedCidrs: ['192.0.2.0/24', cidr] })).toThrow(`"deniedCidrs[1]" ${rule}`);
    expect(() => firewall({ allowedCidrs: [cidr] })).toThrow(`"allowedCidrs[0]" ${rule}`);
  });

  test('accepts the boundary prefixes /1, /32, /1 and /128', () => {
    expect(() => firewall({ deniedCidrs: ['128.0.0.0/1', '192.0.2.1/32', '8000::/1', '2001:db8::1/128'] })).not.toThrow();
  });

  test('holds at most 10,000 ranges per IP version', () => {
    const hosts = (n: number) => Array.from({ length: n }, (_, i) => `10.${Math.floor(i / 256)}.${i % 256}.0/24`);
    expect(() => firewall({ deniedCidrs: hosts(10_001) })).toThrow(/"deniedCidrs" must hold at most 10000 IPv4 ranges, got "10001 IPv4 ranges"/);
    expect(() => firewall({ deniedCidrs: hosts(10_000) })).not.toThrow();
  });

  test('rejects a CIDR range only known at deploy time (its IP version picks the IP set)', () => {
    expect(() => firewall({ deniedCidrs: [Lazy.string({ produce: () => '192.0.2.0/24' })] }))
      .toThrow(/"deniedCidrs\[0\]" must be a literal CIDR block/);
  });

  test('rejects an empty list', () => {
    expect(() => firewall({ allowedCidrs: [] })).toThrow(/"allowedCidrs" must hold at least one CIDR block/);
  });
});

describe('ApiFirewall optional managed groups', () => {
  test('AnonymousIpList, Linux, Unix and BotControl are added in their slots with their capacity', () => {
    const { stack, fw } = build({ anonymousIpList: true, linuxRules: true, unixRules: true, botControl: true });
    expect(fw.ruleNames).toEqual([
      'AWSManagedRulesAmazonIpReputationList',
      'AWSManagedRulesAnonymousIpList',
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesSQLiRuleSet',
      'AWSManagedRulesLinuxRuleSet',
      'AWSManagedRulesUnixRuleSet',
      'AWSManagedRulesBotControlRuleSet',
      'RateLimitPerIp',
      'BodySizeLimit',
      'QueryStringSizeLimit',
    ]);
    expect(fw.capacity).toBe(1129 + 50 + 200 + 100 + 50);
    const bot = rulesOf(stack).AWSManagedRulesBotControlRuleSet.Statement.ManagedRuleGroupStatement;
    expect(bot.ManagedRuleGroupConfigs).toEqual([{ AWSManagedRulesBotControlRuleSet: { InspectionLevel: 'COMMON' } }]);
    expect(bot.Version).toBeUndefined();
  });

  test('a rule set above 1,500 WCUs gets a pricing warning', () => {
    const { stack, fw } = build({ anonymousIpList: true, linuxRules: true, unixRules: true, botControl: true });
    expect(fw.capacity).toBeGreaterThan(1500);
    Annotations.fromStack(stack).hasWarning('/Test/Firewall', Match.stringLikeRegexp('needs 1529 WCUs'));
  });
});

describe('ApiFirewall rate limits', () => {
  test('limit and window are configurable', () => {
    const { stack } = build({ rateLimit: 200, rateLimitWindow: Duration.minutes(1) });
    const rule = rulesOf(stack).RateLimitPerIp;
    expect(rule.Statement.RateBasedStatement).toEqual({ AggregateKeyType: 'IP', Limit: 200, EvaluationWindowSec: 60 });
    expect(rule.Action.Block.CustomResponse.ResponseHeaders).toEqual([{ Name: 'Retry-After', Value: '60' }]);
  });

  test.each([9, 2_000_000_001, 100.5, -1])('rejects rateLimit %p', (limit) => {
    expect(() => firewall({ rateLimit: limit })).toThrow(/"rateLimit" must be an integer between 10 and 2000000000/);
  });

  test.each([10, 2_000_000_000])('accepts rateLimit %p', (limit) => {
    expect(() => firewall({ rateLimit: limit })).not.toThrow();
  });

  test('a rate limit only known at deploy time is passed through unchecked', () => {
    const stack = testStack();
    const limit = new CfnParameter(stack, 'Limit', { type: 'Number' }).valueAsNumber;
    new ApiFirewall(stack, 'Firewall', { rateLimit: limit, apiKeyRateLimit: limit });
    expect(rulesOf(stack).RateLimitPerIp.Statement.RateBasedStatement.Limit).toEqual({ Ref: 'Limit' });
    expect(rulesOf(stack).RateLimitPerApiKey.Statement.RateBasedStatement.Limit).toEqual({ Ref: 'Limit' });
  });

  test.each([30, 90, 900])('rejects a %p second window', (seconds) => {
    expect(() => firewall({ rateLimitWindow: Duration.seconds(seconds) }))
      .toThrow(new RegExp(`"rateLimitWindow" must be one of 60, 120, 300, 600 seconds, got "${seconds} seconds"`));
  });

  test.each([60, 120, 300, 600])('accepts a %p second window', (seconds) => {
    expect(() => firewall({ rateLimitWindow: Duration.seconds(seconds) })).not.toThrow();
  });

  test('the per-API-key rule aggregates on the x-api-key header', () => {
    const { stack, fw } = build({ apiKeyRateLimit: 500 });
    const rule = rulesOf(stack).RateLimitPerApiKey;
    expect(rule.Priority).toBe(110);
    expect(rule.Statement.RateBasedStatement).toEqual({
      AggregateKeyType: 'CUSTOM_KEYS',
      Limit: 500,
      EvaluationWindowSec: 300,
      CustomKeys: [{ Header: { Name: 'x-api-key', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }],
    });
    expect(rule.Action.Block.CustomResponse.ResponseCode).toBe(429);
    expect(fw.capacity).toBe(1129 + 32);
  });

  test('the API-key header is configurable and redacted in the logs', () => {
    const { stack } = build({ apiKeyRateLimit: 500, apiKeyHeader: 'X-Partner-Key' });
    expect(rulesOf(stack).RateLimitPerApiKey.Statement.RateBasedStatement.CustomKeys[0].Header.Name).toBe('x-partner-key');
    templateOf(stack).hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: Match.arrayWith([{ SingleHeader: { Name: 'x-partner-key' } }]),
    });
  });

  test('validates apiKeyRateLimit and apiKeyHeader', () => {
    expect(() => firewall({ apiKeyRateLimit: 9 })).toThrow(/"apiKeyRateLimit" must be an integer between 10 and 2000000000, got 9/);
    expect(() => firewall({ apiKeyRateLimit: 10 })).not.toThrow();
    expect(() => firewall({ apiKeyRateLimit: 10, apiKeyHeader: 'x api key' })).toThrow(/"apiKeyHeader" must be an HTTP header name/);
    expect(() => firewall({ apiKeyRateLimit: 10, apiKeyHeader: 'a'.repeat(65) })).toThrow(/"apiKeyHeader"/);
    expect(() => firewall({ apiKeyRateLimit: 10, apiKeyHeader: 'a'.repeat(64) })).not.toThrow();
  });
});

describe('ApiFirewall size limits', () => {
  test.each([
    [1, 1024, 'KB_16'],
    [16, 16384, 'KB_16'],
    [17, 17408, 'KB_32'],
    [40, 40960, 'KB_48'],
    [64, 65536, 'KB_64'],
  ])('maxBodySize of %p KiB → size %p, inspection %p', (kib, bytes, limit) => {
    const { stack } = build({ maxBodySize: Size.kibibytes(kib) });
    expect(rulesOf(stack).BodySizeLimit.Statement.SizeConstraintStatement.Size).toBe(bytes);
    expect(aclProps(stack).AssociationConfig.RequestBody.API_GATEWAY.DefaultSizeInspectionLimit).toBe(limit);
  });

  test('rejects a body limit above 64 KiB or below 1 byte', () => {
    expect(() => firewall({ maxBodySize: Size.bytes(65537) })).toThrow(/"maxBodySize" must be an integer between 1 and 65536, got 65537/);
    expect(() => firewall({ maxBodySize: Size.bytes(0) })).toThrow(/"maxBodySize" must be an integer between 1 and 65536/);
    expect(() => firewall({ maxBodySize: Size.bytes(1) })).not.toThrow();
  });

  test('the query-string limit is configurable up to 8 KiB', () => {
    const { stack } = build({ maxQueryStringSize: Size.kibibytes(8) });
    expect(rulesOf(stack).QueryStringSizeLimit.Statement.SizeConstraintStatement.Size).toBe(8192);
    expect(() => firewall({ maxQueryStringSize: Size.bytes(8193) }))
      .toThrow(/"maxQueryStringSize" must be an integer between 1 and 8192, got 8193/);
  });
});

describe('ApiFirewall geo-blocking', () => {
  test('blocks the listed countries', () => {
    const { stack, fw } = build({ blockedCountries: ['KP', 'IR'] });
    const rule = rulesOf(stack).GeoBlock;
    expect(rule.Priority).toBe(140);
    expect(rule.Statement).toEqual({ GeoMatchStatement: { CountryCodes: ['KP', 'IR'] } });
    expect(rule.Action.Block).toBeDefined();
    expect(fw.capacity).toBe(1129 + 1);
  });

  test.each([['us'], ['XX'], ['USA'], ['']])('rejects country code %p', (code) => {
    expect(() => firewall({ blockedCountries: ['DE', code] }))
      .toThrow(/"blockedCountries\[1\]" must be an upper-case ISO 3166-1 alpha-2 country code/);
  });

  test('rejects duplicates and an empty list', () => {
    expect(() => firewall({ blockedCountries: ['KP', 'KP'] })).toThrow(/"blockedCountries\[1\]" must not repeat/);
    expect(() => firewall({ blockedCountries: [] })).toThrow(/"blockedCountries" must hold at least one country code/);
  });
});

describe('ApiFirewall pattern rules', () => {
  test('a pattern rule creates a regex pattern set and a rule after the built-in rules', () => {
    const { stack, fw } = build({
      patternRules: [pattern({ textTransformations: [TextTransformation.URL_DECODE, TextTransformation.HTML_ENTITY_DECODE] })],
    });
    templateOf(stack).hasResourceProperties('AWS::WAFv2::RegexPatternSet', { Scope: 'REGIONAL', RegularExpressionList: ['<script'] });
    const rule = rulesOf(stack).NoScriptTags;
    expect(rule.Priority).toBe(200);
    expect(rule.Statement.RegexPatternSetReferenceStatement).toEqual({
      Arn: { 'Fn::GetAtt': [expect.stringMatching(/PatternSet0/), 'Arn'] },
      FieldToMatch: { Body: { OversizeHandling: 'CONTINUE' } },
      TextTransformations: [{ Priority: 0, Type: 'URL_DECODE' }, { Priority: 1, Type: 'HTML_ENTITY_DECODE' }],
    });
    expect(rule.Action.Block.CustomResponse.ResponseCode).toBe(403);
    expect(fw.ruleNames[fw.ruleNames.length - 1]).toBe('NoScriptTags');
    expect(fw.capacity).toBe(1129 + 25 + 20);
  });

  test.each([
    [PatternField.QUERY_STRING, { QueryString: {} }, 25],
    [PatternField.URI_PATH, { UriPath: {} }, 25],
    [PatternField.ALL_QUERY_ARGUMENTS, { AllQueryArguments: {} }, 35],
  ])('field %p', (field, fieldToMatch, wcu) => {
    const { stack, fw } = build({ patternRules: [pattern({ field })] });
    expect(rulesOf(stack).NoScriptTags.Statement.RegexPatternSetReferenceStatement.FieldToMatch).toEqual(fieldToMatch);
    expect(rulesOf(stack).NoScriptTags.Statement.RegexPatternSetReferenceStatement.TextTransformations)
      .toEqual([{ Priority: 0, Type: 'NONE' }]);
    expect(fw.capacity).toBe(1129 + wcu);
  });

  test('SINGLE_HEADER inspects the named header and requires it', () => {
    const { stack } = build({ patternRules: [pattern({ field: PatternField.SINGLE_HEADER, headerName: 'User-Agent' })] });
    expect(rulesOf(stack).NoScriptTags.Statement.RegexPatternSetReferenceStatement.FieldToMatch)
      .toEqual({ SingleHeader: { Name: 'user-agent' } });
    expect(() => firewall({ patternRules: [pattern({ field: PatternField.SINGLE_HEADER })] }))
      .toThrow(/"patternRules\[0\].headerName" is required when "field" is SINGLE_HEADER/);
    expect(() => firewall({ patternRules: [pattern({ headerName: 'user-agent' })] }))
      .toThrow(/"patternRules\[0\].headerName" is only allowed when "field" is SINGLE_HEADER, not BODY/);
  });

  test('action COUNT only counts', () => {
    const { stack } = build({ patternRules: [pattern({ action: PatternAction.COUNT })] });
    expect(rulesOf(stack).NoScriptTags.Action).toEqual({ Count: {} });
  });

  test('an explicit priority places the rule among the built-in rules', () => {
    const { fw } = build({ patternRules: [pattern({ priority: 5 })] });
    expect(fw.ruleNames.slice(0, 2)).toEqual(['NoScriptTags', 'AWSManagedRulesAmazonIpReputationList']);
  });

  test('rejects invalid regexes, with the rule and index in the message', () => {
    expect(() => firewall({ patternRules: [pattern({ regexes: ['ok', '(unclosed'] })] }))
      .toThrow(/"patternRules\[0\].regexes\[1\]" must be a valid regular expression/);
    expect(() => firewall({ patternRules: [pattern({ regexes: ['a'.repeat(201)] })] }))
      .toThrow(/"patternRules\[0\].regexes\[0\]" must be 1-200 characters long/);
    expect(() => firewall({ patternRules: [pattern({ regexes: ['a'.repeat(200)] })] })).not.toThrow();
    expect(() => firewall({ patternRules: [pattern({ regexes: [''] })] })).toThrow(/must be 1-200 characters long/);
  });

  test.each([
    ['(a)\\1', 'backreferences'],
    ['(?<x>a)\\k<x>', 'named backreferences'],
    ['foo\\Kbar', 'the \\\\K, \\\\R and \\\\C directives'],
    ['(?<=user=)admin', 'lookbehind assertions'],
    ['(?<!\\\\)select', 'lookbehind assertions'],
    ['(?i)(?<=a)b', 'lookbehind assertions'],
  ])('rejects the unsupported construct in %p', (regex, what) => {
    expect(() => firewall({ patternRules: [pattern({ regexes: [regex] })] }))
      .toThrow(new RegExp(`"patternRules\\[0\\].regexes\\[0\\]" must not use ${what}`));
  });

  test('accepts PCRE inline options, which AWS WAF supports', () => {
    for (const regex of ['(?i)union\\s+select', '(?i:select)\\s+from', '(?-i)Admin', '(?is)<script.*?>', '(?i)(?m)^drop', 'a(?x: b c )d', '(?=select)\\w+']) {
      expect(() => firewall({ patternRules: [pattern({ regexes: [regex] })] })).not.toThrow();
    }
    const { stack } = build({ patternRules: [pattern({ regexes: ['(?i)<script'] })] });
    // the pattern set keeps the regex as written
    templateOf(stack).hasResourceProperties('AWS::WAFv2::RegexPatternSet', { RegularExpressionList: ['(?i)<script'] });
  });

  test('refuses unknown inline options and escaped look-alikes that are not valid', () => {
    expect(() => firewall({ patternRules: [pattern({ regexes: ['(?z)select'] })] }))
      .toThrow(/"patternRules\[0\].regexes\[0\]" must be a valid regular expression .*got "\(\?z\)select"/);
    // "\\(?i)" is an optional literal "(" followed by "i)": an unbalanced parenthesis, not an option
    expect(() => firewall({ patternRules: [pattern({ regexes: ['\\(?i)'] })] })).toThrow(/must be a valid regular expression/);
    expect(() => firewall({ patternRules: [pattern({ regexes: ['\\\\(?i)x'] })] })).not.toThrow();
  });

  test('accepts escaped backslashes and non-capturing groups', () => {
    expect(() => firewall({ patternRules: [pattern({ regexes: ['\\\\1', '(?:union|select)\\s+', '\\d{1,3}'] })] })).not.toThrow();
  });

  test('allows 1 to 10 regexes per rule', () => {
    const ten = Array.from({ length: 10 }, (_, i) => `p${i}`);
    expect(() => firewall({ patternRules: [pattern({ regexes: ten })] })).not.toThrow();
    expect(() => firewall({ patternRules: [pattern({ regexes: [...ten, 'p10'] })] }))
      .toThrow(/"patternRules\[0\].regexes" must hold 1-10 regular expressions/);
    expect(() => firewall({ patternRules: [pattern({ regexes: [] })] })).toThrow(/must hold 1-10 regular expressions/);
  });

  test('validates text transformations', () => {
    expect(() => firewall({ patternRules: [pattern({ textTransformations: TEN_TRANSFORMATIONS })] })).not.toThrow();
    expect(() => firewall({ patternRules: [pattern({ textTransformations: [...TEN_TRANSFORMATIONS, TextTransformation.MD5] })] }))
      .toThrow(/"patternRules\[0\].textTransformations" must hold 1-10 transformations/);
    expect(() => firewall({ patternRules: [pattern({ textTransformations: [TextTransformation.NONE, TextTransformation.LOWERCASE] })] }))
      .toThrow(/must not combine NONE with other transformations/);
    expect(() => firewall({ patternRules: [pattern({ textTransformations: [TextTransformation.LOWERCASE, TextTransformation.LOWERCASE] })] }))
      .toThrow(/must not repeat a transformation/);
  });

  test('validates rule names', () => {
    expect(() => firewall({ patternRules: [pattern({ name: 'no spaces' })] }))
      .toThrow(/"patternRules\[0\].name" must be 1-128 letters, digits, "_" or "-", got "no spaces"/);
    expect(() => firewall({ patternRules: [pattern({ name: 'a'.repeat(129) })] })).toThrow(/"patternRules\[0\].name"/);
    expect(() => firewall({ patternRules: [pattern({ name: 'a'.repeat(128) })] })).not.toThrow();
  });

  test('rejects duplicate rule names', () => {
    expect(() => firewall({ patternRules: [pattern(), pattern()] }))
      .toThrow(/"patternRules\[1\].name" must differ from the name of every other rule \(patternRules\[0\] uses it\), got "NoScriptTags"/);
    expect(() => firewall({ patternRules: [pattern({ name: 'RateLimitPerIp' })] }))
      .toThrow(/"patternRules\[0\].name" must differ from the name of every other rule/);
  });

  test('rejects duplicate priorities, and accepts the slot of a disabled built-in rule', () => {
    expect(() => firewall({ patternRules: [pattern({ priority: 100 })] }))
      .toThrow(/"patternRules\[0\].priority" must differ from the priority of rule "RateLimitPerIp", got 100/);
    expect(() => firewall({ patternRules: [pattern({ priority: 210 }), pattern({ name: 'Second' })] }))
      .toThrow(/"patternRules\[1\].priority" must differ from the priority of rule "NoScriptTags", got 210/);
    expect(() => firewall({ patternRules: [pattern({ priority: 140 })] })).not.toThrow();
    expect(() => firewall({ patternRules: [pattern({ priority: -1 })] })).toThrow(/"patternRules\[0\].priority" must be an integer/);
  });

  test('warns above 10 pattern rules (regex pattern sets per account and Region)', () => {
    const rules = Array.from({ length: 11 }, (_, i) => pattern({ name: `P${i}` }));
    const { stack } = build({ patternRules: rules });
    templateOf(stack).resourceCountIs('AWS::WAFv2::RegexPatternSet', 11);
    Annotations.fromStack(stack).hasWarning('/Test/Firewall', Match.stringLikeRegexp('AWS WAF allows 10 per account'));
    const { stack: ten } = build({ patternRules: rules.slice(0, 10) });
    Annotations.fromStack(ten).hasNoWarning('*', Match.stringLikeRegexp('regex pattern sets'));
  });
});

describe('ApiFirewall capacity budget', () => {
  // 1129 (defaults) + 1 (one IPv4 deny set) + 30 pattern rules on all query arguments:
  // 30 × (25 + 10) + 282 transformations × 10 = 3870 → 5000 WCUs exactly.
  function budgetRules(): PatternRule[] {
    return Array.from({ length: 30 }, (_, i) => pattern({
      name: `P${i}`,
      field: PatternField.ALL_QUERY_ARGUMENTS,
      textTransformations: i < 28 ? TEN_TRANSFORMATIONS : i === 28 ? TEN_TRANSFORMATIONS.slice(0, 2) : [TextTransformation.NONE],
    }));
  }

  test('a rule set of exactly 5,000 WCUs is accepted', () => {
    const fw = firewall({ deniedCidrs: ['192.0.2.0/24'], patternRules: budgetRules() });
    expect(fw.capacity).toBe(5000);
  });

  test('a rule set of 5,001 WCUs is rejected with its total', () => {
    expect(() => firewall({ deniedCidrs: ['192.0.2.0/24', '2001:db8::/32'], patternRules: budgetRules() }))
      .toThrow(/"rules" must fit in the 5000 web ACL capacity units \(WCUs\) AWS WAF allows, got "5001 WCUs \(IpDenyList 2, AWSManagedRulesAmazonIpReputationList 25, /);
  });
});

describe('ApiFirewall count overrides', () => {
  test('a managed group in countOnly counts as a whole; an own rule counts instead of blocking', () => {
    const { stack } = build({ countOnly: ['AWSManagedRulesSQLiRuleSet', 'RateLimitPerIp', 'BodySizeLimit'] });
    const rules = rulesOf(stack);
    expect(rules.AWSManagedRulesSQLiRuleSet.OverrideAction).toEqual({ Count: {} });
    expect(rules.AWSManagedRulesCommonRuleSet.OverrideAction).toEqual({ None: {} });
    expect(rules.RateLimitPerIp.Action).toEqual({ Count: {} });
    expect(rules.BodySizeLimit.Action).toEqual({ Count: {} });
    expect(rules.QueryStringSizeLimit.Action.Block).toBeDefined();
  });

  test('a pattern rule in countOnly counts', () => {
    const { stack } = build({ patternRules: [pattern()], countOnly: ['NoScriptTags'] });
    expect(rulesOf(stack).NoScriptTags.Action).toEqual({ Count: {} });
  });

  test('rejects unknown names and names of disabled rules', () => {
    expect(() => firewall({ countOnly: ['RateLimitPerIp', 'Nope'] }))
      .toThrow(/"countOnly\[1\]" must name a rule of this firewall \(AWSManagedRulesAmazonIpReputationList, .*\), got "Nope"/);
    expect(() => firewall({ countOnly: ['GeoBlock'] })).toThrow(/"countOnly\[0\]" must name a rule of this firewall/);
    expect(() => firewall({ blockedCountries: ['KP'], countOnly: ['GeoBlock'] })).not.toThrow();
  });
});

describe('ApiFirewall responses', () => {
  test('custom JSON bodies', () => {
    const { stack } = build({ blockResponseBody: '{"error":"blocked"}', rateLimitResponseBody: '{"error":"slow down"}' });
    const bodies = aclProps(stack).CustomResponseBodies;
    expect(bodies.Blocked).toEqual({ ContentType: 'APPLICATION_JSON', Content: '{"error":"blocked"}' });
    expect(bodies.RateLimited.Content).toBe('{"error":"slow down"}');
  });

  test('rejects bodies that are not JSON or larger than 4 KB', () => {
    expect(() => firewall({ blockResponseBody: 'blocked' })).toThrow(/"blockResponseBody" must be valid JSON/);
    expect(() => firewall({ rateLimitResponseBody: '' })).toThrow(/"rateLimitResponseBody" must be 1-4096 bytes long/);
    const body = (n: number) => JSON.stringify({ m: 'x'.repeat(n - 8) });
    expect(body(4096)).toHaveLength(4096);
    expect(() => firewall({ blockResponseBody: body(4096) })).not.toThrow();
    expect(() => firewall({ blockResponseBody: body(4097) })).toThrow(/"blockResponseBody" must be 1-4096 bytes long/);
  });
});

describe('ApiFirewall logging', () => {
  test('logs to a KMS-encrypted, retained aws-waf-logs- log group kept one year', () => {
    const { stack, fw } = build();
    const template = templateOf(stack);
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: {
        LogGroupName: Match.stringLikeRegexp('^aws-waf-logs-Test-Firewall-'),
        RetentionInDays: 365,
        KmsKeyId: { 'Fn::GetAtt': [Match.anyValue(), 'Arn'] },
      },
      DeletionPolicy: 'Retain',
    });
    template.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      ResourceArn: { 'Fn::GetAtt': [stack.getLogicalId(fw.webAcl), 'Arn'] },
    });
    const config = Object.values(template.findResources('AWS::WAFv2::LoggingConfiguration'))[0];
    const destination = JSON.stringify(stack.resolve(config.Properties.LogDestinationConfigs));
    expect(destination).toMatch(/:log-group:aws-waf-logs-Test-Firewall-[\w-]+"/);
    expect(destination).not.toMatch(/:\*/);
    expect(config.DependsOn).toEqual(expect.arrayContaining([stack.getLogicalId(fw.logGroup.node.defaultChild as logs.CfnLogGroup)]));
    expect(config.Properties.RedactedFields).toEqual([
      { SingleHeader: { Name: 'authorization' } },
      { SingleHeader: { Name: 'x-api-key' } },
      { SingleHeader: { Name: 'cookie' } },
    ]);
    expect(config.Properties.LoggingFilter).toBeUndefined();
  });

  test('log group name, key, retention, removal policy and redaction are configurable', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    const fw = firewall({
      logging: {
        logGroupName: 'aws-waf-logs-orders',
        encryptionKey: key,
        retention: logs.RetentionDays.TWO_YEARS,
        removalPolicy: RemovalPolicy.DESTROY,
        additionalRedactedHeaders: ['X-Session', 'Authorization'],
        redactQueryString: true,
        redactUriPath: true,
      },
    }, stack);
    expect(fw.logGroup.encryptionKey).toBe(key);
    const template = templateOf(stack);
    template.hasResource('AWS::Logs::LogGroup', {
      Properties: { LogGroupName: 'aws-waf-logs-orders', RetentionInDays: 731, KmsKeyId: { 'Fn::GetAtt': [stack.getLogicalId(key.node.defaultChild as kms.CfnKey), 'Arn'] } },
      DeletionPolicy: 'Delete',
    });
    template.hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [
        { SingleHeader: { Name: 'authorization' } },
        { SingleHeader: { Name: 'x-api-key' } },
        { SingleHeader: { Name: 'cookie' } },
        { SingleHeader: { Name: 'x-session' } },
        { QueryString: {} },
        { UriPath: {} },
      ],
    });
  });

  test('keepOnly becomes a logging filter that keeps those actions and drops the rest', () => {
    const { stack } = build({ logging: { keepOnly: [FirewallLogAction.BLOCK, FirewallLogAction.COUNT, FirewallLogAction.EXCLUDED_AS_COUNT] } });
    templateOf(stack).hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      LoggingFilter: {
        DefaultBehavior: 'DROP',
        Filters: [{
          Behavior: 'KEEP',
          Requirement: 'MEETS_ANY',
          Conditions: [
            { ActionCondition: { Action: 'BLOCK' } },
            { ActionCondition: { Action: 'COUNT' } },
            { ActionCondition: { Action: 'EXCLUDED_AS_COUNT' } },
          ],
        }],
      },
    });
  });

  test('validates the logging options', () => {
    expect(() => firewall({ logging: { keepOnly: [] } })).toThrow(/"logging.keepOnly" must name at least one action/);
    expect(() => firewall({ logging: { logGroupName: 'waf-logs' } }))
      .toThrow(/"logging.logGroupName" must start with "aws-waf-logs-"/);
    expect(() => firewall({ logging: { logGroupName: 'aws-waf-logs-' } })).toThrow(/"logging.logGroupName"/);
    expect(() => firewall({ logging: { logGroupName: 'aws-waf-logs-a' } })).not.toThrow();
    expect(() => firewall({ logging: { additionalRedactedHeaders: ['bad header'] } }))
      .toThrow(/"logging.additionalRedactedHeaders\[0\]" must be an HTTP header name/);
  });

  test('validates the web ACL name', () => {
    expect(() => firewall({ webAclName: 'orders api' })).toThrow(/"webAclName" must be 1-128 letters, digits, "_" or "-", got "orders api"/);
    expect(() => firewall({ webAclName: 'a'.repeat(129) })).toThrow(/"webAclName"/);
    const fw = firewall({ webAclName: 'orders-api' });
    expect(fw.webAclName).toBe('orders-api');
  });
});

describe('ApiFirewall data protection of sampled requests', () => {
  test('defaults: sampled requests stay on and the credential headers are replaced by REDACTED', () => {
    const { stack } = build();
    const props = aclProps(stack);
    expect(props.VisibilityConfig.SampledRequestsEnabled).toBe(true);
    expect(props.DataProtectionConfig).toEqual({
      DataProtections: [{
        Action: 'SUBSTITUTION',
        Field: { FieldType: 'SINGLE_HEADER', FieldKeys: ['authorization', 'x-api-key', 'cookie'] },
      }],
    });
    // rule-match and rate-based details stay protected too (no exclusions)
    expect(JSON.stringify(props.DataProtectionConfig)).not.toMatch(/Exclude/);
  });

  test('every header the logs redact is protected in sampled requests too, and log redaction stays', () => {
    const { stack } = build({
      apiKeyHeader: 'X-Partner-Key',
      apiKeyRateLimit: 100,
      logging: { additionalRedactedHeaders: ['X-Session'], redactQueryString: true },
    });
    const [headers, queryString] = aclProps(stack).DataProtectionConfig.DataProtections;
    expect(headers.Field.FieldKeys).toEqual(['authorization', 'x-api-key', 'cookie', 'x-partner-key', 'x-session']);
    expect(queryString).toEqual({ Action: 'SUBSTITUTION', Field: { FieldType: 'QUERY_STRING' } });
    templateOf(stack).hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: [
        { SingleHeader: { Name: 'authorization' } },
        { SingleHeader: { Name: 'x-api-key' } },
        { SingleHeader: { Name: 'cookie' } },
        { SingleHeader: { Name: 'x-partner-key' } },
        { SingleHeader: { Name: 'x-session' } },
        { QueryString: {} },
      ],
    });
  });

  test('dataProtection adds headers (also redacted in logs), query arguments and the body, and can hash', () => {
    const { stack } = build({
      dataProtection: {
        action: FirewallDataProtectionAction.HASH,
        additionalHeaders: ['X-Amz-Security-Token', 'cookie'],
        queryArguments: ['access_token', 'code', 'access_token'],
        body: true,
      },
    });
    expect(aclProps(stack).DataProtectionConfig.DataProtections).toEqual([
      { Action: 'HASH', Field: { FieldType: 'SINGLE_HEADER', FieldKeys: ['authorization', 'x-api-key', 'cookie', 'x-amz-security-token'] } },
      { Action: 'HASH', Field: { FieldType: 'SINGLE_QUERY_ARGUMENT', FieldKeys: ['access_token', 'code'] } },
      { Action: 'HASH', Field: { FieldType: 'BODY' } },
    ]);
    templateOf(stack).hasResourceProperties('AWS::WAFv2::LoggingConfiguration', {
      RedactedFields: Match.arrayWith([{ SingleHeader: { Name: 'x-amz-security-token' } }]),
    });
  });

  test('the whole query string wins over single query arguments', () => {
    const { stack } = build({ dataProtection: { queryArguments: ['token'] }, logging: { redactQueryString: true } });
    const types = aclProps(stack).DataProtectionConfig.DataProtections.map((d: any) => d.Field.FieldType);
    expect(types).toEqual(['SINGLE_HEADER', 'QUERY_STRING']);
  });

  test('sampledRequests: false turns sampling off for the web ACL and every rule, metrics stay on', () => {
    const { stack } = build({ sampledRequests: false, patternRules: [pattern()] });
    const props = aclProps(stack);
    for (const config of [props.VisibilityConfig, ...props.Rules.map((r: any) => r.VisibilityConfig)]) {
      expect(config.SampledRequestsEnabled).toBe(false);
      expect(config.CloudWatchMetricsEnabled).toBe(true);
    }
    // the logs are still protected
    expect(props.DataProtectionConfig.DataProtections[0].Field.FieldKeys).toContain('authorization');
  });

  test('a redacted URI path turns sampling off (data protection cannot hide it); asking for samples is refused', () => {
    const { stack } = build({ logging: { redactUriPath: true } });
    const props = aclProps(stack);
    expect(props.VisibilityConfig.SampledRequestsEnabled).toBe(false);
    expect(props.Rules.every((r: any) => r.VisibilityConfig.SampledRequestsEnabled === false)).toBe(true);
    expect(() => firewall({ sampledRequests: true, logging: { redactUriPath: true } }))
      .toThrow(/"sampledRequests" must not be true when "logging.redactUriPath" is set .*, got true/);
    expect(() => firewall({ sampledRequests: false, logging: { redactUriPath: true } })).not.toThrow();
    expect(() => firewall({ sampledRequests: true })).not.toThrow();
  });

  test('validates the data protection options', () => {
    expect(() => firewall({ dataProtection: { additionalHeaders: ['bad header'] } }))
      .toThrow(/"dataProtection.additionalHeaders\[0\]" must be an HTTP header name of 1-64 characters, got "bad header"/);
    expect(() => firewall({ dataProtection: { queryArguments: [] } }))
      .toThrow(/"dataProtection.queryArguments" must name at least one query argument/);
    expect(() => firewall({ dataProtection: { queryArguments: ['a b'] } }))
      .toThrow(/"dataProtection.queryArguments\[0\]" must be a query argument name of 1-64 characters/);
    expect(() => firewall({ dataProtection: { queryArguments: ['q'.repeat(65)] } })).toThrow(/"dataProtection.queryArguments\[0\]"/);
    expect(() => firewall({ dataProtection: { queryArguments: ['q'.repeat(64)] } })).not.toThrow();
    expect(() => firewall({ dataProtection: { action: 'MASK' as FirewallDataProtectionAction } }))
      .toThrow(/"dataProtection.action" must be one of SUBSTITUTION, HASH, got "MASK"/);
    const many = Array.from({ length: 98 }, (_, i) => `x-h${i}`);
    expect(() => firewall({ dataProtection: { additionalHeaders: many } }))
      .toThrow(/"dataProtection.additionalHeaders" must leave at most 100 protected names in total .*, got "101 names"/);
    expect(() => firewall({ dataProtection: { additionalHeaders: many.slice(1) } })).not.toThrow();
  });
});

describe('ApiFirewall.associate', () => {
  function api(stack: Stack, id: string): apigw.RestApi {
    const restApi = new apigw.RestApi(stack, id);
    restApi.root.addMethod('GET');
    return restApi;
  }

  test('associates a stage by its ARN, after the stage exists', () => {
    const { stack, fw } = build();
    const restApi = api(stack, 'Api');
    const association = fw.associate(restApi.deploymentStage);
    const template = templateOf(stack);
    const stageId = stack.getLogicalId(restApi.deploymentStage.node.defaultChild as apigw.CfnStage);
    template.hasResource('AWS::WAFv2::WebACLAssociation', {
      Properties: {
        WebACLArn: { 'Fn::GetAtt': [stack.getLogicalId(fw.webAcl), 'Arn'] },
        ResourceArn: {
          'Fn::Join': ['', [
            'arn:', { Ref: 'AWS::Partition' }, ':apigateway:us-east-1::/restapis/',
            { Ref: stack.getLogicalId(restApi.node.defaultChild as apigw.CfnRestApi) }, '/stages/', { Ref: stageId },
          ]],
        },
      },
      // the Ref to the stage orders the association; no redundant DependsOn (cfn-lint W3005)
      DependsOn: Match.absent(),
    });
    expect(association.node.scope).toBe(fw);
  });

  test('a stage whose name is a literal gets an explicit dependency', () => {
    const { stack, fw } = build();
    const restApi = api(stack, 'Api');
    const stage = restApi.deploymentStage;
    Object.defineProperty(stage, 'stageName', { value: 'prod' });
    fw.associate(stage);
    const stageId = stack.getLogicalId(stage.node.defaultChild as apigw.CfnStage);
    templateOf(stack).hasResource('AWS::WAFv2::WebACLAssociation', {
      Properties: { ResourceArn: { 'Fn::Join': ['', Match.arrayWith(['/stages/prod'])] } },
      DependsOn: Match.arrayWith([stageId]),
    });
  });

  test('one firewall serves several APIs', () => {
    const { stack, fw } = build();
    fw.associate(api(stack, 'Orders').deploymentStage);
    fw.associate(api(stack, 'Billing').deploymentStage);
    templateOf(stack).resourceCountIs('AWS::WAFv2::WebACLAssociation', 2);
  });

  test('associating the same stage twice is an error', () => {
    const { stack, fw } = build();
    const stage = api(stack, 'Api').deploymentStage;
    fw.associate(stage);
    expect(() => fw.associate(stage)).toThrow(/"stage" must not be associated with the same firewall twice, got "Test\/Api\/DeploymentStage.prod"/);
    const other = new ApiFirewall(stack, 'Other');
    expect(() => other.associate(stage)).toThrow(/"stage" must not already be associated with another firewall \(Test\/Firewall\)/);
  });

  test('a stage in another stack of the same region gets the association in its own stack', () => {
    const { stack, fw } = build();
    const apiStack = new Stack(stack.node.scope as any, 'ApiStack', { env: { account: '123456789012', region: 'us-east-1' } });
    const association = fw.associate(api(apiStack, 'Api').deploymentStage);
    expect(Stack.of(association)).toBe(apiStack);
    templateOf(apiStack).resourceCountIs('AWS::WAFv2::WebACLAssociation', 1);
    templateOf(stack).resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
  });

  test('a stage in another region is an error', () => {
    const { stack, fw } = build();
    const apiStack = new Stack(stack.node.scope as any, 'EuStack', { env: { account: '123456789012', region: 'eu-west-1' } });
    expect(() => fw.associate(api(apiStack, 'Api').deploymentStage))
      .toThrow(/"stage" must be in the firewall's region us-east-1 \(a REGIONAL web ACL\), not eu-west-1/);
  });
});

describe('ApiFirewall metrics', () => {
  test('web ACL metrics use the AWS/WAFV2 namespace with the WebACL, Region and Rule dimensions', () => {
    const { stack, fw } = build();
    const blocked = fw.metricBlockedRequests() as cloudwatch.Metric;
    expect(blocked.namespace).toBe('AWS/WAFV2');
    expect(blocked.metricName).toBe('BlockedRequests');
    expect(blocked.statistic).toBe('Sum');
    expect(blocked.period.toSeconds()).toBe(300);
    expect(stack.resolve(blocked.dimensions)).toEqual({ WebACL: fw.webAclName, Region: 'us-east-1', Rule: 'ALL' });
    expect(fw.metricAllowedRequests().metricName).toBe('AllowedRequests');
    expect(fw.metricCountedRequests({ period: Duration.minutes(1) }).period.toSeconds()).toBe(60);
  });

  test('per-rule blocked requests, for example of the rate rule', () => {
    const { fw } = build();
    const metric = fw.metricRuleBlockedRequests(fw.rateRuleName) as cloudwatch.Metric;
    expect(metric.dimensions).toMatchObject({ Rule: 'RateLimitPerIp', WebACL: fw.webAclName });
    expect(() => fw.metricRuleBlockedRequests('Nope')).toThrow(/"ruleName" must be "ALL" or a rule of this firewall .*got "Nope"/);
  });
});
