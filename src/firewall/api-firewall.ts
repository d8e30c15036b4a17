import { Annotations, ArnFormat, Duration, Names, RemovalPolicy, Size, Stack, Token } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct, IConstruct } from 'constructs';
import {
  ALL_QUERY_ARGUMENTS_WCU,
  GEO_MATCH_WCU,
  INCLUDED_WEB_ACL_WCU,
  IP_SET_WCU,
  MANAGED_GROUP_WCU,
  MAX_WEB_ACL_WCU,
  RATE_BASED_WCU,
  RATE_CUSTOM_KEY_WCU,
  REGEX_PATTERN_SET_WCU,
  SIZE_CONSTRAINT_WCU,
  TEXT_TRANSFORMATION_WCU,
} from './capacity';
import { checkFirewallScope, FirewallScope } from './firewall-scope';
import {
  checkCidrs,
  checkCountryCodes,
  checkHeaderName,
  checkJsonBody,
  checkWafName,
  checkWafRegex,
  MAX_REGEXES_PER_SET,
  SplitCidrs,
} from './firewall-validation';
import { PatternAction, PatternField, PatternRule, TextTransformation } from './pattern-rule';
import { ProtectedLogGroup } from '../encryption/protected-log-group';
import { IFirewallMetrics } from '../monitoring/api-alarms';
import { checkIntegerRange, invalidProp } from '../private/validation';

/** A rule action AWS WAF writes into its log records; used by `FirewallLoggingOptions.keepOnly`. */
export enum FirewallLogAction {
  /** Requests a rule or the default action allowed. */
  ALLOW = 'ALLOW',
  /** Requests a rule blocked. */
  BLOCK = 'BLOCK',
  /** Requests a rule counted (including rules in `countOnly`). */
  COUNT = 'COUNT',
  /** Requests a rule inside a managed group matched while that rule was overridden to count. */
  EXCLUDED_AS_COUNT = 'EXCLUDED_AS_COUNT',
  /** Requests that got a CAPTCHA puzzle. */
  CAPTCHA = 'CAPTCHA',
  /** Requests that got a silent browser challenge. */
  CHALLENGE = 'CHALLENGE',
}

/** How the web ACL's data protection hides a protected field in sampled requests and logs. */
export enum FirewallDataProtectionAction {
  /** Replace the value with the word `REDACTED`. */
  SUBSTITUTION = 'SUBSTITUTION',
  /**
   * Replace the value with a salted SHA-256 hash (Base64): equal values give equal hashes, so one caller's requests
   * can still be correlated without revealing the value. A hash of a short or guessable value can be reversed by
   * trying candidates; prefer SUBSTITUTION for secrets.
   */
  HASH = 'HASH',
}

/**
 * The web ACL's data protection: fields hidden wherever AWS WAF shows request data (sampled requests, logs, Security
 * Lake), including rule-match and rate-based details.
 *
 * Always protected: the headers the logging configuration redacts (`authorization`, `x-api-key`, `cookie`, the
 * API-key header of the per-API-key rate rule and `logging.additionalRedactedHeaders`) and the whole query string
 * when `logging.redactQueryString` is set.
 */
export interface FirewallDataProtectionOptions {
  /**
   * How protected fields are hidden.
   * @default FirewallDataProtectionAction.SUBSTITUTION - values are replaced by `REDACTED`
   */
  readonly action?: FirewallDataProtectionAction;

  /**
   * Headers protected in addition to the always-protected ones (they are redacted in the logs as well).
   * @default - only the always-protected headers
   */
  readonly additionalHeaders?: string[];

  /**
   * Query arguments protected by name, for example `['access_token', 'code']` (names are matched as written).
   * Ignored when `logging.redactQueryString` is set, because the whole query string is protected then.
   * @default - no query argument is protected (unless `logging.redactQueryString` protects the whole query string)
   */
  readonly queryArguments?: string[];

  /**
   * Protect the request body (use when bodies carry credentials or personal data that rules may match).
   * @default false
   */
  readonly body?: boolean;
}

/** Where and how an {@link ApiFirewall} logs the requests it inspects. */
export interface FirewallLoggingOptions {
  /**
   * Name of the log group. AWS WAF only logs to log groups whose name starts with `aws-waf-logs-`.
   * @default - `aws-waf-logs-` followed by a name derived from the construct path (stable across deployments)
   */
  readonly logGroupName?: string;

  /**
   * KMS key that encrypts the log group.
   * @default - a new customer-managed key with rotation
   */
  readonly encryptionKey?: kms.IKey;

  /**
   * How long log events are kept.
   * @default logs.RetentionDays.ONE_YEAR
   */
  readonly retention?: logs.RetentionDays;

  /**
   * What happens to the log group when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Headers redacted in the logs in addition to the ones that are always redacted: `authorization`,
   * `x-api-key`, `cookie` and the API-key header of the per-API-key rate rule.
   * @default - only the always-redacted headers
   */
  readonly additionalRedactedHeaders?: string[];

  /**
   * Redact the query string in the logs (use when query strings can carry tokens or personal data).
   * @default false
   */
  readonly redactQueryString?: boolean;

  /**
   * Redact the URI path in the logs (use when paths can carry personal data).
   * @default false
   */
  readonly redactUriPath?: boolean;

  /**
   * Keep only log records whose action is one of these (a WAF logging filter); the other records are dropped.
   * For example `[FirewallLogAction.BLOCK, FirewallLogAction.COUNT, FirewallLogAction.EXCLUDED_AS_COUNT]`
   * keeps what the firewall stopped or would have stopped and drops allowed traffic.
   * @default - every request is logged
   */
  readonly keepOnly?: FirewallLogAction[];
}

/** Properties of an {@link ApiFirewall}. */
export interface ApiFirewallProps {
  /**
   * Name of the web ACL (also its CloudWatch metric name): 1-128 letters, digits, `_` or `-`.
   * @default - a name derived from the construct path
   */
  readonly webAclName?: string;

  /**
   * CIDR ranges (IPv4 and/or IPv6) whose requests are always blocked (rule `IpDenyList`, runs first).
   * @default - no deny list
   */
  readonly deniedCidrs?: string[];

  /**
   * CIDR ranges (IPv4 and/or IPv6) that may call the API: requests from any other address are blocked
   * (rule `IpAllowList`). Requests from these ranges are still inspected by every later rule.
   * @default - no allow list: requests from any address are inspected
   */
  readonly allowedCidrs?: string[];

  /**
   * Add the AWS managed AnonymousIpList group (VPNs, Tor exit nodes, hosting providers), 50 WCUs.
   * @default false
   */
  readonly anonymousIpList?: boolean;

  /**
   * Add the AWS managed LinuxRuleSet group (Linux-specific LFI patterns), 200 WCUs.
   * @default false
   */
  readonly linuxRules?: boolean;

  /**
   * Add the AWS managed UnixRuleSet group (POSIX OS command injection), 100 WCUs.
   * @default false
   */
  readonly unixRules?: boolean;

  /**
   * Add the AWS managed BotControlRuleSet group (common inspection level), 50 WCUs. Bot Control has its own
   * per-request fee, so it runs after the other managed groups: requests they block are not billed for it.
   * @default false
   */
  readonly botControl?: boolean;

  /**
   * Requests one client IP may send in `rateLimitWindow` before the `RateLimitPerIp` rule blocks it (429).
   * AWS WAF accepts 10 to 2,000,000,000.
   * @default 1000
   */
  readonly rateLimit?: number;

  /**
   * The window the rate-based rules count requests in: 60, 120, 300 or 600 seconds.
   * @default Duration.minutes(5)
   */
  readonly rateLimitWindow?: Duration;

  /**
   * Requests one API key (value of `apiKeyHeader`) may send in `rateLimitWindow` before the `RateLimitPerApiKey`
   * rule blocks it (429). Requests without the header are not counted by this rule (the per-IP rule still
   * applies). 10 to 2,000,000,000; costs 32 WCUs.
   * @default - no per-API-key rate rule
   */
  readonly apiKeyRateLimit?: number;

  /**
   * Header that carries the API key, for the per-API-key rate rule.
   * @default 'x-api-key'
   */
  readonly apiKeyHeader?: string;

  /**
   * Largest request body the API accepts; larger bodies are blocked by the `BodySizeLimit` rule. At most 64 KiB.
   *
   * The web ACL's request-body inspection size for API Gateway (`AssociationConfig.RequestBody.API_GATEWAY`) is
   * set to the smallest of 16, 32, 48 or 64 KB that holds this limit, so the body rules see the whole body of
   * every request they let through, and bodies beyond the inspection size match the size rule
   * (`OversizeHandling: MATCH`). Inspection above the default 16 KB costs extra per request.
   *
   * The Common rule set has its own fixed 8 KB body rule (`SizeRestrictions_BODY`). To keep one consistent limit,
   * that rule (and `SizeRestrictions_QUERYSTRING`, see `maxQueryStringSize`) is overridden to Count and this
   * firewall enforces the configured sizes with its own rules.
   * @default Size.kibibytes(8)
   */
  readonly maxBodySize?: Size;

  /**
   * Longest query string the API accepts; longer ones are blocked by the `QueryStringSizeLimit` rule.
   * 1 byte to 8 KiB.
   * @default Size.bytes(2048) - the limit of the Common rule set's SizeRestrictions_QUERYSTRING rule
   */
  readonly maxQueryStringSize?: Size;

  /**
   * Countries (ISO 3166-1 alpha-2 codes, for example `['KP', 'IR']`) whose requests are blocked
   * (rule `GeoBlock`).
   * @default - no geo-blocking
   */
  readonly blockedCountries?: string[];

  /**
   * Custom regex rules, matched against one part of each request.
   * @default - none
   */
  readonly patternRules?: PatternRule[];

  /**
   * Names of rules (see `ruleNames`) that only count matching requests instead of blocking them, for a gradual
   * rollout: watch their metrics and logs, then remove them from this list. For a managed group, the whole group
   * counts. Counting `BodySizeLimit` or `QueryStringSizeLimit` leaves that size unenforced, because the Common
   * rule set's own size rules always count.
   * @default - every rule blocks
   */
  readonly countOnly?: string[];

  /**
   * JSON body of the 403 response the firewall's own rules send when they block (at most 4 KB). AWS WAF cannot
   * put per-request values into a response body: the default body points the caller to the
   * `x-amzn-RequestId` response header, whose value is the `httpRequest.requestId` of the WAF log record.
   * Blocks by the managed rule groups use API Gateway's default 403 response.
   * @default - `{"message":"Forbidden","reason":"The request was blocked by the API firewall.","requestId":"Quote the x-amzn-RequestId response header when you contact support."}`
   */
  readonly blockResponseBody?: string;

  /**
   * JSON body of the 429 response the rate-based rules send (at most 4 KB). It comes with a `Retry-After` header
   * of the rate-limit window.
   * @default - `{"message":"Too Many Requests","reason":"The request rate limit was exceeded.","requestId":"Quote the x-amzn-RequestId response header when you contact support."}`
   */
  readonly rateLimitResponseBody?: string;

  /**
   * Keep sampled requests (the last three hours of matching requests, readable by anyone with
   * `wafv2:GetSampledRequests`) for the web ACL and every rule. Sampled requests show the request data left after
   * the web ACL's data protection (see `dataProtection`), which hides credential headers. Set to false to turn
   * sampling off for the web ACL and every rule; CloudWatch metrics stay on.
   *
   * Data protection cannot hide the URI path: with `logging.redactUriPath` sampling is off, and
   * `sampledRequests: true` is refused (it would show the paths the logs redact).
   * @default - true: sampled requests with the protected fields hidden; false when `logging.redactUriPath` is set
   */
  readonly sampledRequests?: boolean;

  /**
   * The web ACL's data protection: which request fields are hidden in sampled requests and logs, and how.
   * @default - the authorization, x-api-key and cookie headers, the API-key header and every header the logging
   * configuration redacts are replaced by `REDACTED` (and the query string when `logging.redactQueryString` is set)
   */
  readonly dataProtection?: FirewallDataProtectionOptions;

  /**
   * Logging of the web ACL.
   * @default - logs every request to a new KMS-encrypted `aws-waf-logs-` log group kept one year, with the
   * authorization, x-api-key and cookie headers redacted
   */
  readonly logging?: FirewallLoggingOptions;

  /**
   * What the web ACL protects: REGIONAL for API Gateway REST API stages (`associate`), CLOUDFRONT for CloudFront
   * distributions (set the distribution's `webAclId` to `webAclArn`; the stack must be in us-east-1). With
   * CLOUDFRONT the body inspection size applies to CloudFront and the metrics have no `Region` dimension.
   * @default FirewallScope.REGIONAL
   */
  readonly scope?: FirewallScope;
}

/** Names of the built-in rules of an {@link ApiFirewall}. */
const RULE = {
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
const MAX_REGEX_PATTERN_SETS = 10;
const ALWAYS_REDACTED_HEADERS = ['authorization', 'x-api-key', 'cookie'];
const MAX_PROTECTED_KEYS = 100;
const BLOCKED_BODY_KEY = 'Blocked';
const RATE_LIMITED_BODY_KEY = 'RateLimited';
const DEFAULT_BLOCK_BODY = JSON.stringify({
  message: 'Forbidden',
  reason: 'The request was blocked by the API firewall.',
  requestId: 'Quote the x-amzn-RequestId response header when you contact support.',
});
const DEFAULT_RATE_LIMIT_BODY = JSON.stringify({
  message: 'Too Many Requests',
  reason: 'The request rate limit was exceeded.',
  requestId: 'Quote the x-amzn-RequestId response header when you contact support.',
});

/** Stages already associated with a firewall, app-wide: AWS allows one web ACL per stage. */
const ASSOCIATED_STAGES = new WeakMap<IConstruct, string>();

/** A rule while the firewall is being built. */
interface RuleSpec {
  readonly name: string;
  readonly priority: number;
  readonly wcu: number;
  readonly prop: string;
  readonly build: (count: boolean) => wafv2.CfnWebACL.RuleProperty;
}

/**
 * A REGIONAL AWS WAFv2 web ACL for API Gateway REST API stages.
 *
 * Rules, in priority order: optional IP deny and allow lists; the AWS managed groups AmazonIpReputationList,
 * (optional AnonymousIpList), CommonRuleSet, KnownBadInputsRuleSet, SQLiRuleSet, (optional LinuxRuleSet,
 * UnixRuleSet, BotControlRuleSet) — unpinned, so AWS keeps them up to date; a rate limit per client IP and
 * optionally per API key; body and query-string size limits; optional geo-blocking; optional regex pattern rules.
 * Every rule and the web ACL publish CloudWatch metrics and sampled requests; the web ACL logs to a KMS-encrypted
 * `aws-waf-logs-` log group with the authorization, x-api-key and cookie headers redacted. The web ACL's data
 * protection hides the same headers in sampled requests (and logs), where log redaction does not apply; see
 * `sampledRequests` and `dataProtection`.
 *
 * The WCU total of the rule set is computed at synth (see `capacity`); more than AWS WAF's maximum of 5,000 is
 * an error. Above 1,500 WCUs AWS WAF charges an extra fee per 500 WCUs, so the firewall adds a warning.
 *
 * Attach it to stages with `associate(stage)`; one firewall can serve several APIs in its region.
 */
export class ApiFirewall extends Construct implements IFirewallMetrics {
  /** The web ACL. */
  public readonly webAcl: wafv2.CfnWebACL;

  /** ARN of the web ACL. */
  public readonly webAclArn: string;

  /** Name of the web ACL (the `WebACL` dimension of its CloudWatch metrics). */
  public readonly webAclName: string;

  /** The encrypted log group the web ACL logs to. */
  public readonly logGroup: ProtectedLogGroup;

  /** The logging configuration of the web ACL. */
  public readonly loggingConfiguration: wafv2.CfnLoggingConfiguration;

  /** Metric name (the `Rule` dimension) of the per-client-IP rate rule, for alarms. */
  public readonly rateRuleName: string;

  /** Names of all rules in priority order; each is also the rule's metric name. */
  public readonly ruleNames: string[];

  /** Web ACL capacity units (WCUs) the rule set needs. */
  public readonly capacity: number;

  /** What the web ACL protects: REGIONAL (API Gateway stages) or CLOUDFRONT (distributions). */
  public readonly scope: FirewallScope;

  constructor(scope: Construct, id: string, props: ApiFirewallProps = {}) {
    super(scope, id);
    this.scope = checkFirewallScope(this, props.scope ?? FirewallScope.REGIONAL);

    this.webAclName = props.webAclName ?? Names.uniqueResourceName(this, { maxLength: 128, separator: '-' });
    checkWafName('webAclName', this.webAclName);
    this.rateRuleName = RULE.ratePerIp;

    const rateLimit = props.rateLimit ?? 1000;
    checkIntegerRange('rateLimit', rateLimit, RATE_LIMIT_MIN, RATE_LIMIT_MAX);
    checkIntegerRange('apiKeyRateLimit', props.apiKeyRateLimit, RATE_LIMIT_MIN, RATE_LIMIT_MAX);
    const windowSeconds = resolveWindow(props.rateLimitWindow ?? Duration.minutes(5));
    const apiKeyHeader = checkHeaderName('apiKeyHeader', props.apiKeyHeader ?? 'x-api-key');
    const bodyBytes = resolveSize('maxBodySize', props.maxBodySize ?? Size.kibibytes(8), MAX_BODY_BYTES);
    const queryStringBytes = resolveSize('maxQueryStringSize', props.maxQueryStringSize ?? Size.bytes(2048), MAX_QUERY_STRING_BYTES);
    checkJsonBody('blockResponseBody', props.blockResponseBody ?? DEFAULT_BLOCK_BODY);
    checkJsonBody('rateLimitResponseBody', props.rateLimitResponseBody ?? DEFAULT_RATE_LIMIT_BODY);
    const loggingOptions = props.logging ?? {};
    const redactedHeaders = [...ALWAYS_REDACTED_HEADERS, apiKeyHeader];
    (loggingOptions.additionalRedactedHeaders ?? []).forEach((h, i) =>
      redactedHeaders.push(checkHeaderName(`logging.additionalRedactedHeaders[${i}]`, h)));
    (props.dataProtection?.additionalHeaders ?? []).forEach((h, i) =>
      redactedHeaders.push(checkHeaderName(`dataProtection.additionalHeaders[${i}]`, h)));
    const protectedHeaders = [...new Set(redactedHeaders)];
    const sampled = resolveSampling(props.sampledRequests, loggingOptions.redactUriPath ?? false);
    const visibility = (metricName: string): wafv2.CfnWebACL.VisibilityConfigProperty =>
      ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: sampled, metricName });

    const block = (count: boolean, bodyKey = BLOCKED_BODY_KEY, status = 403, headers?: wafv2.CfnWebACL.CustomHTTPHeaderProperty[]):
    wafv2.CfnWebACL.RuleActionProperty => count
      ? { count: {} }
      : { block: { customResponse: { responseCode: status, customResponseBodyKey: bodyKey, responseHeaders: headers } } };
    const rateLimited = (count: boolean) =>
      block(count, RATE_LIMITED_BODY_KEY, 429, [{ name: 'Retry-After', value: String(windowSeconds) }]);

    // Rules, collected with their capacity and the prop that enabled them.
    const specs: RuleSpec[] = [];
    const add = (name: string, wcu: number, prop: string, build: (count: boolean) => Omit<wafv2.CfnWebACL.RuleProperty, 'name' | 'priority' | 'visibilityConfig'>, priority?: number) => {
      const p = priority ?? PRIORITY[name];
      specs.push({
        name,
        priority: p,
        wcu,
        prop,
        build: (count) => ({ name, priority: p, visibilityConfig: visibility(name), ...build(count) }),
      });
    };

    if (props.deniedCidrs !== undefined) {
      const statement = this.ipSetStatement('Denied', checkCidrs('deniedCidrs', props.deniedCidrs));
      add(RULE.ipDenyList, statement.wcu, 'deniedCidrs', (count) => ({ action: block(count), statement: statement.statement }));
    }
    if (props.allowedCidrs !== undefined) {
      const statement = this.ipSetStatement('Allowed', checkCidrs('allowedCidrs', props.allowedCidrs));
      add(RULE.ipAllowList, statement.wcu, 'allowedCidrs', (count) => ({
        action: block(count),
        statement: { notStatement: { statement: statement.statement } },
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

    const patternRules = props.patternRules ?? [];
    if (patternRules.length > MAX_REGEX_PATTERN_SETS) {
      Annotations.of(this).addWarningV2('cdk-api-baseline:firewallRegexPatternSets',
        `${patternRules.length} pattern rules create ${patternRules.length} regex pattern sets; AWS WAF allows ` +
        `${MAX_REGEX_PATTERN_SETS} per account and Region (a quota that cannot be raised).`);
    }
    patternRules.forEach((rule, i) => {
      const prop = `patternRules[${i}]`;
      const spec = this.patternRule(prop, rule, i);
      if (rule.priority !== undefined) checkIntegerRange(`${prop}.priority`, rule.priority, 0, 1_000_000);
      add(rule.name, spec.wcu, prop, (count) => ({
        action: block(count || (rule.action ?? PatternAction.BLOCK) === PatternAction.COUNT),
        statement: spec.statement,
      }), rule.priority ?? FIRST_PATTERN_PRIORITY + 10 * i);
    });

    checkUnique(specs);
    specs.sort((a, b) => a.priority - b.priority);
    this.ruleNames = specs.map((s) => s.name);
    const countOnly = resolveCountOnly(props.countOnly ?? [], this.ruleNames);

    this.capacity = specs.reduce((sum, s) => sum + s.wcu, 0);
    if (this.capacity > MAX_WEB_ACL_WCU) {
      const detail = specs.map((s) => `${s.name} ${s.wcu}`).join(', ');
      throw invalidProp('rules', `${this.capacity} WCUs (${detail})`,
        `must fit in the ${MAX_WEB_ACL_WCU} web ACL capacity units (WCUs) AWS WAF allows`);
    }
    if (this.capacity > INCLUDED_WEB_ACL_WCU) {
      Annotations.of(this).addWarningV2('cdk-api-baseline:firewallCapacity',
        `The rule set needs ${this.capacity} WCUs; above ${INCLUDED_WEB_ACL_WCU} WCUs AWS WAF charges an extra fee per 500 WCUs.`);
    }

    this.webAcl = new wafv2.CfnWebACL(this, 'WebAcl', {
      name: this.webAclName,
      description: 'API firewall: managed rule groups, rate limits, size limits and custom rules',
      scope: this.scope,
      defaultAction: { allow: {} },
      visibilityConfig: visibility(this.webAclName),
      rules: specs.map((s) => s.build(countOnly.has(s.name))),
      customResponseBodies: {
        [BLOCKED_BODY_KEY]: { contentType: 'APPLICATION_JSON', content: props.blockResponseBody ?? DEFAULT_BLOCK_BODY },
        [RATE_LIMITED_BODY_KEY]: { contentType: 'APPLICATION_JSON', content: props.rateLimitResponseBody ?? DEFAULT_RATE_LIMIT_BODY },
      },
      associationConfig: {
        requestBody: { [this.scope === FirewallScope.CLOUDFRONT ? 'CLOUDFRONT' : 'API_GATEWAY']: { defaultSizeInspectionLimit: inspectionLimit(bodyBytes) } },
      },
      dataProtectionConfig: dataProtection(props.dataProtection ?? {}, protectedHeaders, loggingOptions.redactQueryString ?? false),
    });
    this.webAclArn = this.webAcl.attrArn;

    const logging = this.configureLogging(loggingOptions, protectedHeaders);
    this.logGroup = logging.logGroup;
    this.loggingConfiguration = logging.config;
  }

  /**
   * Associates the web ACL with an API Gateway REST API stage in the firewall's region. One firewall can serve
   * the stages of several APIs; a stage can be associated with one web ACL only.
   *
   * The association is created in the stage's stack (inside this firewall when both are in the same stack).
   * @returns the association
   */
  public associate(stage: apigw.IStage): wafv2.CfnWebACLAssociation {
    if (this.scope === FirewallScope.CLOUDFRONT) {
      throw invalidProp('stage', stage.node.path, 'must not be associated with a CLOUDFRONT-scope firewall: set the distribution\'s webAclId to webAclArn');
    }
    const previous = ASSOCIATED_STAGES.get(stage);
    if (previous !== undefined) {
      const rule = previous === this.node.path
        ? 'must not be associated with the same firewall twice'
        : `must not already be associated with another firewall (${previous})`;
      throw invalidProp('stage', stage.node.path, rule);
    }
    const stageStack = Stack.of(stage);
    const thisStack = Stack.of(this);
    if (!Token.isUnresolved(stageStack.region) && !Token.isUnresolved(thisStack.region) && stageStack.region !== thisStack.region) {
      throw invalidProp('stage', stage.node.path, `must be in the firewall's region ${thisStack.region} (a REGIONAL web ACL), not ${stageStack.region}`);
    }
    ASSOCIATED_STAGES.set(stage, this.node.path);

    const resourceArn = stageStack.formatArn({
      service: 'apigateway',
      account: '',
      resource: '/restapis',
      resourceName: `${stage.restApi.restApiId}/stages/${stage.stageName}`,
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const sameStack = stageStack === thisStack;
    const association = new wafv2.CfnWebACLAssociation(
      sameStack ? this : stage,
      sameStack ? `Association${Names.nodeUniqueId(stage.node)}` : `WebAclAssociation${Names.nodeUniqueId(this.node)}`,
      { resourceArn, webAclArn: this.webAclArn },
    );
    // A stage's name is its Ref, so the ARN already orders the association after the stage; only a stage whose
    // name is a literal needs the explicit dependency (a redundant DependsOn is a cfn-lint warning, W3005).
    if (!Token.isUnresolved(stage.stageName)) association.node.addDependency(stage);
    return association;
  }

  /**
   * A metric of the web ACL in the `AWS/WAFV2` namespace (dimensions `WebACL`, `Region`, `Rule`).
   * @param metricName for example `BlockedRequests`, `AllowedRequests`, `CountedRequests`
   * @param ruleName a rule's metric name (see `ruleNames`), or `ALL` for the whole web ACL
   */
  public metric(metricName: string, ruleName: string, props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    if (ruleName !== 'ALL' && !this.ruleNames.includes(ruleName)) {
      throw invalidProp('ruleName', ruleName, `must be "ALL" or a rule of this firewall (${this.ruleNames.join(', ')})`);
    }
    return new cloudwatch.Metric({
      namespace: 'AWS/WAFV2',
      metricName,
      // CloudFront web ACLs publish their metrics without a Region dimension
      dimensionsMap: this.scope === FirewallScope.CLOUDFRONT
        ? { WebACL: this.webAclName, Rule: ruleName }
        : { WebACL: this.webAclName, Region: Stack.of(this).region, Rule: ruleName },
      statistic: cloudwatch.Stats.SUM,
      period: Duration.minutes(5),
      ...props,
    });
  }

  /** Requests the web ACL blocked (all rules). Sum over 5 minutes by default. */
  public metricBlockedRequests(props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('BlockedRequests', 'ALL', props);
  }

  /** Requests the web ACL allowed. Sum over 5 minutes by default. */
  public metricAllowedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('AllowedRequests', 'ALL', props);
  }

  /** Requests the web ACL counted without blocking (rules in `countOnly` and COUNT pattern rules). */
  public metricCountedRequests(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.metric('CountedRequests', 'ALL', props);
  }

  /**
   * Requests one rule blocked, for example `firewall.metricRuleBlockedRequests(firewall.rateRuleName)`.
   * @param ruleName one of `ruleNames`
   */
  public metricRuleBlockedRequests(ruleName: string, props?: cloudwatch.MetricOptions): cloudwatch.IMetric {
    return this.metric('BlockedRequests', ruleName, props);
  }

  /** Builds the IP sets of one CIDR list and a statement that matches any of them. */
  private ipSetStatement(id: string, cidrs: SplitCidrs): { statement: wafv2.CfnWebACL.StatementProperty; wcu: number } {
    const statements: wafv2.CfnWebACL.StatementProperty[] = [];
    for (const [version, addresses] of [['IPV4', cidrs.ipv4], ['IPV6', cidrs.ipv6]] as const) {
      if (addresses.length === 0) continue;
      const set = new wafv2.CfnIPSet(this, `${id}${version === 'IPV4' ? 'Ipv4' : 'Ipv6'}Set`, {
        scope: this.scope,
        ipAddressVersion: version,
        addresses,
        description: `${id} ${version} ranges of ${this.webAclName}`.slice(0, 256),
      });
      statements.push({ ipSetReferenceStatement: { arn: set.attrArn } });
    }
    return {
      statement: statements.length === 1 ? statements[0] : { orStatement: { statements } },
      wcu: statements.length * IP_SET_WCU,
    };
  }

  /** Validates a pattern rule, creates its regex pattern set and returns its statement and capacity. */
  private patternRule(prop: string, rule: PatternRule, index: number): { statement: wafv2.CfnWebACL.StatementProperty; wcu: number } {
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

    const set = new wafv2.CfnRegexPatternSet(this, `PatternSet${index}`, {
      scope: this.scope,
      regularExpressionList: rule.regexes,
      description: `Patterns of the rule ${rule.name}`,
    });
    const wcu = REGEX_PATTERN_SET_WCU
      + (rule.field === PatternField.ALL_QUERY_ARGUMENTS ? ALL_QUERY_ARGUMENTS_WCU : 0)
      + transformations.filter((t) => t !== TextTransformation.NONE).length * TEXT_TRANSFORMATION_WCU;
    return {
      wcu,
      statement: {
        regexPatternSetReferenceStatement: {
          arn: set.attrArn,
          fieldToMatch,
          textTransformations: transformations.map((type, priority) => ({ priority, type })),
        },
      },
    };
  }

  /** Creates the log group and the logging configuration with redacted fields and the optional filter. */
  private configureLogging(options: FirewallLoggingOptions, headers: string[]) {
    const logGroupName = options.logGroupName
      ?? `aws-waf-logs-${Names.uniqueResourceName(this, { maxLength: 499, separator: '-' })}`;
    if (!Token.isUnresolved(logGroupName) && !/^aws-waf-logs-[\w\-./#]{1,499}$/.test(logGroupName)) {
      throw invalidProp('logging.logGroupName', logGroupName,
        'must start with "aws-waf-logs-" followed by 1-499 letters, digits, "_", "-", ".", "/" or "#"');
    }
    const logGroup = new ProtectedLogGroup(this, 'Logs', {
      logGroupName,
      encryptionKey: options.encryptionKey,
      retention: options.retention,
      removalPolicy: options.removalPolicy,
    });

    const redactedFields: wafv2.CfnLoggingConfiguration.FieldToMatchProperty[] = headers
      .map((name) => ({ singleHeader: { Name: name } }));
    if (options.redactQueryString ?? false) redactedFields.push({ queryString: {} });
    if (options.redactUriPath ?? false) redactedFields.push({ uriPath: {} });

    const keepOnly = options.keepOnly;
    if (keepOnly !== undefined && keepOnly.length === 0) {
      throw invalidProp('logging.keepOnly', keepOnly, 'must name at least one action (leave it out to log every request)');
    }

    const config = new wafv2.CfnLoggingConfiguration(this, 'Logging', {
      resourceArn: this.webAclArn,
      // WAF wants the log group ARN without the trailing ":*" of logGroup.logGroupArn.
      logDestinationConfigs: [Stack.of(this).formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: logGroupName,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      })],
      redactedFields,
      // LoggingFilter is an untyped property: CloudFormation's own key names are used as-is.
      loggingFilter: keepOnly === undefined ? undefined : {
        DefaultBehavior: 'DROP',
        Filters: [{
          Behavior: 'KEEP',
          Requirement: 'MEETS_ANY',
          Conditions: [...new Set(keepOnly)].map((action) => ({ ActionCondition: { Action: action } })),
        }],
      },
    });
    config.node.addDependency(logGroup);
    return { logGroup, config };
  }
}

/** Whether the web ACL and its rules keep sampled requests. */
function resolveSampling(sampledRequests: boolean | undefined, redactUriPath: boolean): boolean {
  if (sampledRequests === true && redactUriPath) {
    throw invalidProp('sampledRequests', true, 'must not be true when "logging.redactUriPath" is set (data protection '
      + 'cannot hide the URI path of sampled requests); leave it out to turn sampling off');
  }
  return sampledRequests ?? !redactUriPath;
}

/** The web ACL's data protection: headers, query string or arguments and body, hidden in every output. */
function dataProtection(options: FirewallDataProtectionOptions, headers: string[], wholeQueryString: boolean):
wafv2.CfnWebACL.DataProtectionConfigProperty {
  const action = options.action ?? FirewallDataProtectionAction.SUBSTITUTION;
  if (!Object.values(FirewallDataProtectionAction).includes(action)) {
    throw invalidProp('dataProtection.action', action, `must be one of ${Object.values(FirewallDataProtectionAction).join(', ')}`);
  }
  const protect = (fieldType: string, fieldKeys?: string[]): wafv2.CfnWebACL.DataProtectProperty =>
    ({ action, field: { fieldType, fieldKeys } });
  checkFieldKeys('dataProtection.additionalHeaders', headers);
  const protections = [protect('SINGLE_HEADER', headers)];
  const queryArguments = options.queryArguments ?? [];
  if (options.queryArguments !== undefined && options.queryArguments.length === 0) {
    throw invalidProp('dataProtection.queryArguments', [], 'must name at least one query argument (leave it out to protect none)');
  }
  queryArguments.forEach((name, i) => {
    if (!Token.isUnresolved(name) && !/^\S{1,64}$/.test(name)) {
      throw invalidProp(`dataProtection.queryArguments[${i}]`, name, 'must be a query argument name of 1-64 characters without white space');
    }
  });
  if (wholeQueryString) {
    protections.push(protect('QUERY_STRING'));
  } else if (queryArguments.length > 0) {
    const names = [...new Set(queryArguments)];
    checkFieldKeys('dataProtection.queryArguments', names);
    protections.push(protect('SINGLE_QUERY_ARGUMENT', names));
  }
  if (options.body ?? false) protections.push(protect('BODY'));
  return { dataProtections: protections };
}

/** AWS WAF protects at most 100 keys of one field type. */
function checkFieldKeys(prop: string, keys: string[]): void {
  if (keys.length > MAX_PROTECTED_KEYS) {
    throw invalidProp(prop, `${keys.length} names`, `must leave at most ${MAX_PROTECTED_KEYS} protected names in total (an AWS WAF limit)`);
  }
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

function resolveWindow(window: Duration): number {
  const seconds = window.toSeconds();
  if (Token.isUnresolved(seconds)) return seconds;
  if (!RATE_WINDOWS.includes(seconds)) {
    throw invalidProp('rateLimitWindow', `${seconds} seconds`, `must be one of ${RATE_WINDOWS.join(', ')} seconds`);
  }
  return seconds;
}

function resolveSize(prop: string, size: Size, maxBytes: number): number {
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

function resolveCountOnly(countOnly: string[], ruleNames: string[]): Set<string> {
  countOnly.forEach((name, i) => {
    if (!ruleNames.includes(name)) {
      throw invalidProp(`countOnly[${i}]`, name, `must name a rule of this firewall (${ruleNames.join(', ')})`);
    }
  });
  return new Set(countOnly);
}
