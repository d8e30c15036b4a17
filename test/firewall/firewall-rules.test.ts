import { Duration, Size } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ApiFirewallProps, PatternAction, PatternField, TextTransformation } from '../../src/firewall';
import { buildFirewallRules, FirewallRuleSet, FirewallSets } from '../../src/firewall/firewall-rules';

/** Sets that only record what the builder asked for and hand out made-up ARNs. */
function recordingSets(): FirewallSets & { created: string[] } {
  const created: string[] = [];
  return {
    created,
    ipSet: (list, version, addresses) => {
      created.push(`${list} ${version} ${addresses.join(',')}`);
      return `arn:ipset:${list}:${version}`;
    },
    regexPatternSet: (id, ruleName, regexes) => {
      created.push(`${id} ${ruleName} ${regexes.join(',')}`);
      return `arn:regex:${id}`;
    },
  };
}

function rules(props: ApiFirewallProps = {}, sampledRequests = true): FirewallRuleSet & { sets: string[] } {
  const sets = recordingSets();
  return { ...buildFirewallRules(props, { sets, sampledRequests }), sets: sets.created };
}

function rule(set: FirewallRuleSet, name: string): wafv2.CfnWebACL.RuleProperty {
  const found = set.rules.find((r) => r.name === name);
  if (!found) throw new Error(`no rule ${name} in ${set.ruleNames.join(', ')}`);
  return found;
}

describe('buildFirewallRules', () => {
  test('default props: the managed groups, the per-IP rate rule and the size rules, in priority order', () => {
    const set = rules();
    expect(set.ruleNames).toEqual([
      'AWSManagedRulesAmazonIpReputationList', 'AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet',
      'AWSManagedRulesSQLiRuleSet', 'RateLimitPerIp', 'BodySizeLimit', 'QueryStringSizeLimit',
    ]);
    expect(set.rules.map((r) => r.priority)).toEqual([20, 40, 50, 60, 100, 120, 130]);
    expect(set.capacity).toBe(25 + 700 + 200 + 200 + 2 + 1 + 1);
    expect(set.bodyInspectionLimit).toBe('KB_16');
    expect(set.sets).toEqual([]);
  });

  test('managed groups are unpinned, and the Common rule set\'s size rules count', () => {
    const common = rule(rules(), 'AWSManagedRulesCommonRuleSet');
    expect(common.overrideAction).toEqual({ none: {} });
    expect(common.statement).toEqual({
      managedRuleGroupStatement: {
        vendorName: 'AWS',
        name: 'AWSManagedRulesCommonRuleSet',
        ruleActionOverrides: [
          { name: 'SizeRestrictions_BODY', actionToUse: { count: {} } },
          { name: 'SizeRestrictions_QUERYSTRING', actionToUse: { count: {} } },
        ],
      },
    });
  });

  test('the rate rule answers 429 with Retry-After of the window', () => {
    const rate = rule(rules({ rateLimit: 500, rateLimitWindow: Duration.minutes(1) }), 'RateLimitPerIp');
    expect(rate.statement).toEqual({ rateBasedStatement: { aggregateKeyType: 'IP', limit: 500, evaluationWindowSec: 60 } });
    expect(rate.action).toEqual({
      block: {
        customResponse: {
          responseCode: 429, customResponseBodyKey: 'RateLimited', responseHeaders: [{ name: 'Retry-After', value: '60' }],
        },
      },
    });
  });

  test('visibility follows the sampling decision', () => {
    for (const sampled of [true, false]) {
      const set = rules({}, sampled);
      expect(set.rules.every((r) => (r.visibilityConfig as any).sampledRequestsEnabled === sampled)).toBe(true);
      expect(set.rules.map((r) => (r.visibilityConfig as any).metricName)).toEqual(set.ruleNames);
    }
  });

  test('IP lists ask for one set per IP version and refer to their ARNs', () => {
    const set = rules({ deniedCidrs: ['192.0.2.0/24', '2001:DB8::/32'], allowedCidrs: ['203.0.113.0/24'] });
    expect(set.sets).toEqual(['Denied IPV4 192.0.2.0/24', 'Denied IPV6 2001:db8::/32', 'Allowed IPV4 203.0.113.0/24']);
    expect(rule(set, 'IpDenyList').statement).toEqual({
      orStatement: {
        statements: [
          { ipSetReferenceStatement: { arn: 'arn:ipset:Denied:IPV4' } },
          { ipSetReferenceStatement: { arn: 'arn:ipset:Denied:IPV6' } },
        ],
      },
    });
    expect(rule(set, 'IpAllowList').statement).toEqual({
      notStatement: { statement: { ipSetReferenceStatement: { arn: 'arn:ipset:Allowed:IPV4' } } },
    });
    expect(set.ruleNames.slice(0, 2)).toEqual(['IpDenyList', 'IpAllowList']);
  });

  test('pattern rules get a regex pattern set each, after the built-in rules unless given a priority', () => {
    const set = rules({
      patternRules: [
        { name: 'NoScript', regexes: ['<script'], field: PatternField.BODY, textTransformations: [TextTransformation.LOWERCASE] },
        { name: 'Early', regexes: ['^/admin'], field: PatternField.URI_PATH, priority: 5, action: PatternAction.COUNT },
      ],
    });
    expect(set.sets).toEqual(['PatternSet0 NoScript <script', 'PatternSet1 Early ^/admin']);
    expect(set.ruleNames[0]).toBe('Early');
    expect(set.ruleNames[set.ruleNames.length - 1]).toBe('NoScript');
    expect(rule(set, 'NoScript').priority).toBe(200);
    expect(rule(set, 'Early').action).toEqual({ count: {} });
    expect(rule(set, 'NoScript').statement).toEqual({
      regexPatternSetReferenceStatement: {
        arn: 'arn:regex:PatternSet0',
        fieldToMatch: { body: { oversizeHandling: 'CONTINUE' } },
        textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
      },
    });
  });

  test('countOnly turns a rule\'s block (or a group\'s action) into a count', () => {
    const set = rules({ countOnly: ['BodySizeLimit', 'AWSManagedRulesSQLiRuleSet'] });
    expect(rule(set, 'BodySizeLimit').action).toEqual({ count: {} });
    expect(rule(set, 'AWSManagedRulesSQLiRuleSet').overrideAction).toEqual({ count: {} });
    expect(rule(set, 'QueryStringSizeLimit').action).toHaveProperty('block');
  });

  test('a body limit above 16 KB raises the inspection size to the next bucket', () => {
    expect(rules({ maxBodySize: Size.kibibytes(20) }).bodyInspectionLimit).toBe('KB_32');
    expect(rules({ maxBodySize: Size.kibibytes(64) }).bodyInspectionLimit).toBe('KB_64');
  });

  test.each<[string, ApiFirewallProps, RegExp]>([
    ['a rate limit below 10', { rateLimit: 9 }, /"rateLimit" must be an integer between 10 and 2000000000, got 9/],
    ['a window of 90 seconds', { rateLimitWindow: Duration.seconds(90) }, /"rateLimitWindow" must be one of 60, 120, 300, 600 seconds/],
    ['an unknown countOnly rule', { countOnly: ['Nope'] }, /"countOnly\[0\]" must name a rule of this firewall/],
    ['a pattern rule named like a built-in rule', { patternRules: [{ name: 'GeoBlock', regexes: ['x'], field: PatternField.BODY }], blockedCountries: ['KP'] }, /must differ from the name of every other rule/],
    ['a CIDR with host bits', { deniedCidrs: ['192.0.2.1/24'] }, /"deniedCidrs\[0\]" must not set address bits after the prefix/],
  ])('refuses %s', (_name, props, message) => {
    expect(() => rules(props)).toThrow(message);
  });

  test('a rule set over 5,000 WCUs is refused with the capacity of every rule', () => {
    const heavy = Array.from({ length: 15 }, (_, i) => ({
      name: `P${i}`,
      regexes: ['a'],
      field: PatternField.ALL_QUERY_ARGUMENTS,
      textTransformations: [TextTransformation.URL_DECODE, TextTransformation.LOWERCASE, TextTransformation.JS_DECODE,
        TextTransformation.HTML_ENTITY_DECODE, TextTransformation.CMD_LINE, TextTransformation.HEX_DECODE,
        TextTransformation.CSS_DECODE, TextTransformation.BASE64_DECODE, TextTransformation.URL_DECODE_UNI,
        TextTransformation.COMPRESS_WHITE_SPACE],
    }));
    expect(() => rules({ patternRules: [...heavy, ...heavy.map((p) => ({ ...p, name: `Q${p.name}` }))], linuxRules: true, unixRules: true, botControl: true, anonymousIpList: true }))
      .toThrow(/"rules" must fit in the 5000 web ACL capacity units .*AWSManagedRulesCommonRuleSet 700/);
  });
});
