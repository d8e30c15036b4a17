/** The part of a web request a {@link PatternRule} inspects. */
export enum PatternField {
  /** The request body (the first part AWS WAF can inspect; see `ApiFirewallProps.maxBodySize`). */
  BODY = 'BODY',
  /** The raw query string, without the leading `?`. */
  QUERY_STRING = 'QUERY_STRING',
  /** The URI path, for example `/orders/42`. */
  URI_PATH = 'URI_PATH',
  /** One header, named by `PatternRule.headerName`. */
  SINGLE_HEADER = 'SINGLE_HEADER',
  /** The values of all query arguments (costs 10 WCUs more than the other fields). */
  ALL_QUERY_ARGUMENTS = 'ALL_QUERY_ARGUMENTS',
}

/** What a {@link PatternRule} does with a request that matches one of its patterns. */
export enum PatternAction {
  /** Block the request with the firewall's JSON block response (403). */
  BLOCK = 'BLOCK',
  /** Only count the request (visible in metrics and logs), then continue with the next rule. */
  COUNT = 'COUNT',
}

/**
 * An AWS WAF text transformation, applied to the inspected field before the patterns are matched.
 * Every transformation other than `NONE` costs 10 WCUs.
 */
export enum TextTransformation {
  /** No transformation. */
  NONE = 'NONE',
  /** Decode URL-encoded (`%xx`) characters. */
  URL_DECODE = 'URL_DECODE',
  /** Decode URL-encoded characters including Microsoft `%u` encoding. */
  URL_DECODE_UNI = 'URL_DECODE_UNI',
  /** Decode HTML entities (`&lt;`, `&#x3c;`, ...). */
  HTML_ENTITY_DECODE = 'HTML_ENTITY_DECODE',
  /** Convert upper-case letters to lower case. */
  LOWERCASE = 'LOWERCASE',
  /** Replace runs of white space with one space. */
  COMPRESS_WHITE_SPACE = 'COMPRESS_WHITE_SPACE',
  /** Normalize command-line obfuscation (`\`, `"`, `'`, `^`, spaces before `/` and `(`, case). */
  CMD_LINE = 'CMD_LINE',
  /** Decode Base64. */
  BASE64_DECODE = 'BASE64_DECODE',
  /** Decode Base64, ignoring characters that are not valid Base64. */
  BASE64_DECODE_EXT = 'BASE64_DECODE_EXT',
  /** Decode hexadecimal strings. */
  HEX_DECODE = 'HEX_DECODE',
  /** Decode JavaScript escape sequences. */
  JS_DECODE = 'JS_DECODE',
  /** Decode CSS escape sequences. */
  CSS_DECODE = 'CSS_DECODE',
  /** Decode ANSI C escape sequences. */
  ESCAPE_SEQ_DECODE = 'ESCAPE_SEQ_DECODE',
  /** Decode SQL hexadecimal literals. */
  SQL_HEX_DECODE = 'SQL_HEX_DECODE',
  /** Replace C-style comments with a space. */
  REPLACE_COMMENTS = 'REPLACE_COMMENTS',
  /** Remove `./` and `../` segments and multiple slashes from paths. */
  NORMALIZE_PATH = 'NORMALIZE_PATH',
  /** Like NORMALIZE_PATH, after turning `\` into `/`. */
  NORMALIZE_PATH_WIN = 'NORMALIZE_PATH_WIN',
  /** Remove NULL bytes. */
  REMOVE_NULLS = 'REMOVE_NULLS',
  /** Replace NULL bytes with spaces. */
  REPLACE_NULLS = 'REPLACE_NULLS',
  /** Convert UTF-8 sequences to Unicode. */
  UTF8_TO_UNICODE = 'UTF8_TO_UNICODE',
  /** Replace the field with its MD5 hash. */
  MD5 = 'MD5',
}

/**
 * A custom rule that matches regular expressions (an `AWS::WAFv2::RegexPatternSet`) against one part of each
 * request: the "pattern matching" input sanitization of the baseline.
 */
export interface PatternRule {
  /**
   * Rule name (also its CloudWatch metric name): 1-128 letters, digits, `_` or `-`, unique in the firewall.
   */
  readonly name: string;

  /**
   * Regular expressions (PCRE syntax as AWS WAF supports it). A request matches when any of them matches.
   * 1-10 patterns of 1-200 characters each; backreferences, atomic groups, possessive quantifiers,
   * conditionals, recursion, lookbehind assertions (`(?<=...)`, `(?<!...)`), callouts, `\K`, `\R` and `\C` are
   * rejected because AWS WAF does not support them. PCRE inline options such as `(?i)` or `(?i:...)` are accepted.
   * Prefer non-capturing groups `(?:...)`.
   */
  readonly regexes: string[];

  /** The part of the request to inspect. */
  readonly field: PatternField;

  /**
   * Header to inspect when `field` is `SINGLE_HEADER` (case-insensitive); not allowed for other fields.
   * @default - no header (required for SINGLE_HEADER)
   */
  readonly headerName?: string;

  /**
   * Transformations applied in order before matching (at most 10; each one other than NONE costs 10 WCUs).
   * @default [TextTransformation.NONE] - the field is matched as received
   */
  readonly textTransformations?: TextTransformation[];

  /**
   * What to do with a matching request. Listing the rule in `ApiFirewallProps.countOnly` also makes it COUNT.
   * @default PatternAction.BLOCK
   */
  readonly action?: PatternAction;

  /**
   * Priority of the rule in the web ACL (lower runs first). Must differ from the priority of every other rule;
   * the built-in rules use the fixed priorities listed in the README (0-140).
   * @default - 200 + 10 × the rule's index in `patternRules`, so pattern rules run last, in the order given
   */
  readonly priority?: number;
}
