import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { FirewallScope } from './firewall-scope';
import { PatternRule } from './pattern-rule';

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

/** Where and how an `ApiFirewall` logs the requests it inspects. */
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

/** Properties of an `ApiFirewall`. */
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
   * (rule `IpAllowList`). Requests from these ranges are still inspected by every later rule. The same name and
   * CIDR rule as `SecureRestApiProps.allowedCidrs` (network addresses, IPv4 /1-/32, IPv6 /1-/128).
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
