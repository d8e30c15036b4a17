import { Duration, Size, Token } from 'aws-cdk-lib';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ApiFirewallProps } from './api-firewall-props';
import {
  ALL_QUERY_ARGUMENTS_WCU,
  GEO_MATCH_WCU,
  IP_SET_WCU,
  MANAGED_GROUP_WCU,
  MAX_WEB_ACL_WCU,
  RATE_BASED_WCU,
  RATE_CUSTOM_KEY_WCU,
  REGEX_PATTERN_SET_WCU,
  SIZE_CONSTRAINT_WCU,
  TEXT_TRANSFORMATION_WCU,
} from './capacity';
import {
  checkCidrs, checkCountryCodes, checkHeaderName, checkWafName, checkWafRegex, MAX_REGEXES_PER_SET, SplitCidrs,
} from './firewall-validation';
import { PatternAction, PatternField, PatternRule, TextTransformation } from './pattern-rule';
import { checkIntegerRange, invalidProp } from '../private/validation';

/** Names of the built-in rules of an `ApiFirewall`. */
export const RULE = {
  ipDenyList: 'IpDenyList',
  ipAllowList: 'IpAllowList',
  ipReputation: 'AWSManagedRulesAmazonIpReputationList',
  anonymousIp: 'AWSManagedRulesAnonymousIpList',
  common: 'AWSManagedRulesCommonRuleSet',
  knownBadInputs: 'AWSManagedRulesKnownBadInputsRuleSet',
  sqli: 'AWSManagedRulesSQLiRuleSet',
  linux: 'AWSManagedRulesLinuxRuleSet',
  unix: 'AWSManagedRulesUnixRuleSet',
  botControl: 'AWSManagedRulesBotControlRuleSet',
  ratePerIp: 'RateLimitPerIp',
  ratePerApiKey: 'RateLimitPerApiKey',
  bodySize: 'BodySizeLimit',
  queryStringSize: 'QueryStringSizeLimit',
  geo: 'GeoBlock',
} as const;

/** Fixed priorities of the built-in rules (a disabled rule leaves its slot free). */
const PRIORITY: { readonly [name: string]: number } = {
  [RULE.ipDenyList]: 0,
  [RULE.ipAllowList]: 10,
  [RULE.ipReputation]: 20,
  [RULE.anonymousIp]: 30,
  [RULE.common]: 40,
  [RULE.knownBadInputs]: 50,
  [RULE.sqli]: 60,
  [RULE.linux]: 70,
  [RULE.unix]: 80,
  [RULE.botControl]: 90,
  [RULE.ratePerIp]: 100,
  [RULE.ratePerApiKey]: 110,
  [RULE.bodySize]: 120,
  [RULE.queryStringSize]: 130,
  [RULE.geo]: 140,
};
const FIRST_PATTERN_PRIORITY = 200;

const RATE_LIMIT_MIN = 10;
const RATE_LIMIT_MAX = 2_000_000_000;
const RATE_WINDOWS = [60, 120, 300, 600];
const MAX_BODY_BYTES = 64 * 1024;
const MAX_QUERY_STRING_BYTES = 8 * 1024;
const BODY_INSPECTION_BUCKET_KB = [16, 32, 48, 64];
const MAX_TEXT_TRANSFORMATIONS = 10;
/** Key of the custom response body of blocked requests. */
export const BLOCKED_BODY_KEY = 'Blocked';
/** Key of the custom response body of rate-limited requests. */
export const RATE_LIMITED_BODY_KEY = 'RateLimited';
/** Header that carries the API key when `apiKeyHeader` is not set. */
export const DEFAULT_API_KEY_HEADER = 'x-api-key';

/**
 * The IP sets and regex pattern sets the rules refer to. The builder names each set (a construct id) and receives
 * its ARN; `ApiFirewall` creates the sets, a test can hand out made-up ARNs.
 */
export interface FirewallSets {
  /** An IP set of one IP version of the `Denied` or `Allowed` list; returns its ARN. */
  ipSet(list: string, version: 'IPV4' | 'IPV6', addresses: string[]): string;
  /** A regex pattern set; returns its ARN. */
  regexPatternSet(id: string, ruleName: string, regexes: string[]): string;
}

/** The rules of a web ACL and what was decided on the way. */
export interface FirewallRuleSet {
  /** The rules, in priority order, as `CfnWebACL` takes them. */
  readonly rules: wafv2.CfnWebACL.RuleProperty[];
  /** Names of the rules in priority order (each also its metric name). */
  readonly ruleNames: string[];
  /** Web ACL capacity units (WCUs) the rules need. */
  readonly capacity: number;
  /** The smallest API Gateway body-inspection size that holds `maxBodySize` (`KB_16` ... `KB_64`). */
  readonly bodyInspectionLimit: string;
}

/** What the rule builder needs besides the props. */
export interface RuleBuildContext {
  /** Creates (or, in tests, pretends to create) the IP and regex pattern sets. */
  readonly sets: FirewallSets;
  /** Whether the rules keep sampled requests. */
  readonly sampledRequests: boolean;
}

/** A rule while the rule set is being built. */
interface RuleSpec {
  readonly name: string;
  readonly priority: number;
  readonly wcu: number;
  readonly prop: string;
  readonly build: (count: boolean) => wafv2.CfnWebACL.RuleProperty;
}

type RuleBody = Omit<wafv2.CfnWebACL.RuleProperty, 'name' | 'priority' | 'visibilityConfig'>;

/** The visibility of a rule or web ACL: CloudWatch metrics always, sampled requests as decided. */
export function visibilityConfig(metricName: string, sampledRequests: boolean): wafv2.CfnWebACL.VisibilityConfigProperty {
  return { cloudWatchMetricsEnabled: true, sampledRequestsEnabled: sampledRequests, metricName };
}

/**
 * The rules of an `ApiFirewall`, from its props: IP lists, the AWS managed groups, rate limits, size limits, geo
 * blocking and pattern rules, each checked, in their fixed priority slots, with their capacity; rules named in
 * `countOnly` count instead of blocking. Throws when a prop breaks a rule or the rules do not fit in a web ACL.
 */
export function buildFirewallRules(props: ApiFirewallProps, context: RuleBuildContext): FirewallRuleSet {
  const rateLimit = props.rateLimit ?? 1000;
  checkIntegerRange('rateLimit', rateLimit, RATE_LIMIT_MIN, RATE_LIMIT_MAX);
  checkIntegerRange('apiKeyRateLimit', props.apiKeyRateLimit, RATE_LIMIT_MIN, RATE_LIMIT_MAX);
  const windowSeconds = checkRateWindow(props.rateLimitWindow ?? Duration.minutes(5));
  const apiKeyHeader = checkHeaderName('apiKeyHeader', props.apiKeyHeader ?? DEFAULT_API_KEY_HEADER);
  const bodyBytes = checkSize('maxBodySize', props.maxBodySize ?? Size.kibibytes(8), MAX_BODY_BYTES);
  const queryStringBytes = checkSize('maxQueryStringSize', props.maxQueryStringSize ?? Size.bytes(2048), MAX_QUERY_STRING_BYTES);

  const block = (count: boolean, bodyKey = BLOCKED_BODY_KEY, status = 403, headers?: wafv2.CfnWebACL.CustomHTTPHeaderProperty[]):
  wafv2.CfnWebACL.RuleActionProperty => count
    ? { count: {} }
    : { block: { customResponse: { responseCode: status, customResponseBodyKey: bodyKey, responseHeaders: headers } } };
  const rateLimited = (count: boolean) =>
    block(count, RATE_LIMITED_BODY_KEY, 429, [{ name: 'Retry-After', value: String(windowSeconds) }]);

  const specs: RuleSpec[] = [];
  const add = (name: string, wcu: number, prop: string, build: (count: boolean) => RuleBody, priority = PRIORITY[name]) => {
    specs.push({
      name,
      priority,
      wcu,
      prop,
      build: (count) => ({ name, priority, visibilityConfig: visibilityConfig(name, context.sampledRequests), ...build(count) }),
    });
  };

  if (props.deniedCidrs !== undefined) {
    const match = ipSetStatement('Denied', checkCidrs('deniedCidrs', props.deniedCidrs), context.sets);
    add(RULE.ipDenyList, match.wcu, 'deniedCidrs', (count) => ({ action: block(count), statement: match.statement }));
  }
  if (props.allowedCidrs !== undefined) {
    const match = ipSetStatement('Allowed', checkCidrs('allowedCidrs', props.allowedCidrs), context.sets);
    add(RULE.ipAllowList, match.wcu, 'allowedCidrs', (count) => ({
      action: block(count),
      statement: { notStatement: { statement: match.statement } },
    }));
  }

  const managed = (name: string, prop: string, extra: Partial<wafv2.CfnWebACL.ManagedRuleGroupStatementProperty> = {}) =>
    add(name, MANAGED_GROUP_WCU[name], prop, (count) => ({
      overrideAction: count ? { count: {} } : { none: {} },
      // No `version`: the group stays on the default version, which AWS updates.
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name, ...extra } },
    }));
  managed(RULE.ipReputation, 'default');
  if (props.anonymousIpList ?? false) managed(RULE.anonymousIp, 'anonymousIpList');
  managed(RULE.common, 'default', {
    // Size limits are enforced by BodySizeLimit and QueryStringSizeLimit, with the configured sizes.
    ruleActionOverrides: ['SizeRestrictions_BODY', 'SizeRestrictions_QUERYSTRING']
      .map((rule) => ({ name: rule, actionToUse: { count: {} } })),
  });
  managed(RULE.knownBadInputs, 'default');
  managed(RULE.sqli, 'default');
  if (props.linuxRules ?? false) managed(RULE.linux, 'linuxRules');
  if (props.unixRules ?? false) managed(RULE.unix, 'unixRules');
  if (props.botControl ?? false) {
    managed(RULE.botControl, 'botControl', {
      managedRuleGroupConfigs: [{ awsManagedRulesBotControlRuleSet: { inspectionLevel: 'COMMON' } }],
    });
  }

  add(RULE.ratePerIp, RATE_BASED_WCU, 'rateLimit', (count) => ({
    action: rateLimited(count),
    statement: { rateBasedStatement: { aggregateKeyType: 'IP', limit: rateLimit, evaluationWindowSec: windowSeconds } },
  }));
  if (props.apiKeyRateLimit !== undefined) {
    add(RULE.ratePerApiKey, RATE_BASED_WCU + RATE_CUSTOM_KEY_WCU, 'apiKeyRateLimit', (count) => ({
      action: rateLimited(count),
      statement: {
        rateBasedStatement: {
          aggregateKeyType: 'CUSTOM_KEYS',
          limit: props.apiKeyRateLimit!,
          evaluationWindowSec: windowSeconds,
          customKeys: [{ header: { name: apiKeyHeader, textTransformations: [{ priority: 0, type: 'NONE' }] } }],
        },
      },
    }));
  }

  add(RULE.bodySize, SIZE_CONSTRAINT_WCU, 'maxBodySize', (count) => ({
    action: block(count),
    statement: sizeStatement({ body: { oversizeHandling: 'MATCH' } }, bodyBytes),
  }));
  add(RULE.queryStringSize, SIZE_CONSTRAINT_WCU, 'maxQueryStringSize', (count) => ({
    action: block(count),
    statement: sizeStatement({ queryString: {} }, queryStringBytes),
  }));

  if (props.blockedCountries !== undefined) {
    checkCountryCodes('blockedCountries', props.blockedCountries);
    add(RULE.geo, GEO_MATCH_WCU, 'blockedCountries', (count) => ({
      action: block(count),
      statement: { geoMatchStatement: { countryCodes: props.blockedCountries } },
    }));
  }

  (props.patternRules ?? []).forEach((rule, i) => {
    const prop = `patternRules[${i}]`;
    const match = patternRuleStatement(prop, rule, i, context.sets);
    if (rule.priority !== undefined) checkIntegerRange(`${prop}.priority`, rule.priority, 0, 1_000_000);
    add(rule.name, match.wcu, prop, (count) => ({
      action: block(count || (rule.action ?? PatternAction.BLOCK) === PatternAction.COUNT),
      statement: match.statement,
    }), rule.priority ?? FIRST_PATTERN_PRIORITY + 10 * i);
  });

  checkUnique(specs);
  specs.sort((a, b) => a.priority - b.priority);
  const ruleNames = specs.map((s) => s.name);
  const countOnly = checkCountOnly(props.countOnly ?? [], ruleNames);
  const capacity = specs.reduce((sum, s) => sum + s.wcu, 0);
  if (capacity > MAX_WEB_ACL_WCU) {
    const detail = specs.map((s) => `${s.name} ${s.wcu}`).join(', ');
    throw invalidProp('rules', `${capacity} WCUs (${detail})`,
      `must fit in the ${MAX_WEB_ACL_WCU} web ACL capacity units (WCUs) AWS WAF allows`);
  }
  return {
    rules: specs.map((s) => s.build(countOnly.has(s.name))),
    ruleNames,
    capacity,
    bodyInspectionLimit: inspectionLimit(bodyBytes),
  };
}

/** Creates the IP sets of one CIDR list and returns a statement that matches any of them. */
function ipSetStatement(list: string, cidrs: SplitCidrs, sets: FirewallSets): { statement: wafv2.CfnWebACL.StatementProperty; wcu: number } {
  const statements: wafv2.CfnWebACL.StatementProperty[] = [];
  for (const [version, addresses] of [['IPV4', cidrs.ipv4], ['IPV6', cidrs.ipv6]] as const) {
    if (addresses.length === 0) continue;
    const arn = sets.ipSet(list, version, addresses);
    statements.push({ ipSetReferenceStatement: { arn } });
  }
  return {
    statement: statements.length === 1 ? statements[0] : { orStatement: { statements } },
    wcu: statements.length * IP_SET_WCU,
  };
}

/** Checks a pattern rule, creates its regex pattern set and returns its statement and capacity. */
function patternRuleStatement(prop: string, rule: PatternRule, index: number, sets: FirewallSets):
{ statement: wafv2.CfnWebACL.StatementProperty; wcu: number } {
  checkWafName(`${prop}.name`, rule.name);
  if (rule.regexes.length < 1 || rule.regexes.length > MAX_REGEXES_PER_SET) {
    throw invalidProp(`${prop}.regexes`, rule.regexes, `must hold 1-${MAX_REGEXES_PER_SET} regular expressions`);
  }
  rule.regexes.forEach((regex, j) => checkWafRegex(`${prop}.regexes[${j}]`, regex));

  const transformations = rule.textTransformations ?? [TextTransformation.NONE];
  if (transformations.length < 1 || transformations.length > MAX_TEXT_TRANSFORMATIONS) {
    throw invalidProp(`${prop}.textTransformations`, transformations, `must hold 1-${MAX_TEXT_TRANSFORMATIONS} transformations`);
  }
  if (transformations.length > 1 && transformations.includes(TextTransformation.NONE)) {
    throw invalidProp(`${prop}.textTransformations`, transformations, 'must not combine NONE with other transformations');
  }
  if (new Set(transformations).size !== transformations.length) {
    throw invalidProp(`${prop}.textTransformations`, transformations, 'must not repeat a transformation');
  }

  let fieldToMatch: wafv2.CfnWebACL.FieldToMatchProperty;
  if (rule.field === PatternField.SINGLE_HEADER) {
    if (rule.headerName === undefined) {
      throw invalidProp(`${prop}.headerName`, undefined, 'is required when "field" is SINGLE_HEADER');
    }
    fieldToMatch = { singleHeader: { Name: checkHeaderName(`${prop}.headerName`, rule.headerName) } };
  } else {
    if (rule.headerName !== undefined) {
      throw invalidProp(`${prop}.headerName`, rule.headerName, `is only allowed when "field" is SINGLE_HEADER, not ${rule.field}`);
    }
    fieldToMatch = patternField(rule.field);
  }

  const arn = sets.regexPatternSet(`PatternSet${index}`, rule.name, rule.regexes);
  const wcu = REGEX_PATTERN_SET_WCU
    + (rule.field === PatternField.ALL_QUERY_ARGUMENTS ? ALL_QUERY_ARGUMENTS_WCU : 0)
    + transformations.filter((t) => t !== TextTransformation.NONE).length * TEXT_TRANSFORMATION_WCU;
  return {
    wcu,
    statement: {
      regexPatternSetReferenceStatement: {
        arn,
        fieldToMatch,
        textTransformations: transformations.map((type, priority) => ({ priority, type })),
      },
    },
  };
}

/** A statement that matches when `field` is larger than `bytes`. */
function sizeStatement(fieldToMatch: wafv2.CfnWebACL.FieldToMatchProperty, bytes: number): wafv2.CfnWebACL.StatementProperty {
  return {
    sizeConstraintStatement: {
      fieldToMatch,
      comparisonOperator: 'GT',
      size: bytes,
      textTransformations: [{ priority: 0, type: 'NONE' }],
    },
  };
}

function patternField(field: PatternField): wafv2.CfnWebACL.FieldToMatchProperty {
  switch (field) {
    case PatternField.BODY: return { body: { oversizeHandling: 'CONTINUE' } };
    case PatternField.QUERY_STRING: return { queryString: {} };
    case PatternField.URI_PATH: return { uriPath: {} };
    case PatternField.ALL_QUERY_ARGUMENTS: return { allQueryArguments: {} };
    default: throw invalidProp('field', field, 'must be a PatternField');
  }
}

/** The smallest API Gateway body-inspection size (16/32/48/64 KB) that holds `bytes`. */
function inspectionLimit(bytes: number): string {
  const kb = BODY_INSPECTION_BUCKET_KB.find((b) => b * 1024 >= bytes) ?? 64;
  return `KB_${kb}`;
}

function checkRateWindow(window: Duration): number {
  const seconds = window.toSeconds();
  if (Token.isUnresolved(seconds)) return seconds;
  if (!RATE_WINDOWS.includes(seconds)) {
    throw invalidProp('rateLimitWindow', `${seconds} seconds`, `must be one of ${RATE_WINDOWS.join(', ')} seconds`);
  }
  return seconds;
}

function checkSize(prop: string, size: Size, maxBytes: number): number {
  const bytes = size.toBytes();
  checkIntegerRange(prop, bytes, 1, maxBytes);
  return bytes;
}

function checkUnique(specs: RuleSpec[]): void {
  const names = new Map<string, RuleSpec>();
  const priorities = new Map<number, RuleSpec>();
  for (const spec of specs) {
    const sameName = names.get(spec.name);
    if (sameName) {
      throw invalidProp(`${spec.prop}.name`, spec.name, `must differ from the name of every other rule (${sameName.prop} uses it)`);
    }
    const samePriority = priorities.get(spec.priority);
    if (samePriority) {
      throw invalidProp(`${spec.prop}.priority`, spec.priority, `must differ from the priority of rule "${samePriority.name}"`);
    }
    names.set(spec.name, spec);
    priorities.set(spec.priority, spec);
  }
}

function checkCountOnly(countOnly: string[], ruleNames: string[]): Set<string> {
  countOnly.forEach((name, i) => {
    if (!ruleNames.includes(name)) {
      throw invalidProp(`countOnly[${i}]`, name, `must name a rule of this firewall (${ruleNames.join(', ')})`);
    }
  });
  return new Set(countOnly);
}
