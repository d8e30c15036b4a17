import { Token } from 'aws-cdk-lib';
import { checkCidrList } from '../private/cidr';
import { invalidProp } from '../private/validation';

/** Rule, web ACL and response-body key names: `^[\w-]{1,128}$` (AWS WAF API). */
const WAF_NAME = /^[\w-]{1,128}$/;
/** HTTP header field names (RFC 9110 token), at most 64 characters as WAF's SingleHeader allows. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,64}$/;
/** Maximum length of one regex in a regex pattern set (AWS WAF quota). */
export const MAX_REGEX_LENGTH = 200;
/** Maximum number of regexes in one regex pattern set (AWS WAF quota). */
export const MAX_REGEXES_PER_SET = 10;
/** Maximum number of addresses in one IP set (AWS WAF quota). */
export const MAX_IP_SET_ADDRESSES = 10_000;
/** Maximum size of one custom response body (AWS WAF quota). */
export const MAX_RESPONSE_BODY_BYTES = 4096;

/**
 * PCRE constructs AWS WAF rejects (and that JavaScript's parser may accept): backreferences, `\K`, `\R`, `\C`,
 * atomic groups, possessive quantifiers, conditionals, recursion/subroutines, backtracking verbs, lookbehind
 * assertions and callouts.
 */
const UNSUPPORTED_REGEX: Array<[RegExp, string]> = [
  [/(^|[^\\])(\\\\)*\\[1-9]/, 'backreferences'],
  [/(^|[^\\])(\\\\)*\\k[<{']/, 'named backreferences'],
  [/(^|[^\\])(\\\\)*\\[KRC]/, 'the \\K, \\R and \\C directives'],
  [/\(\?>/, 'atomic groups'],
  [/[*+?}]\+/, 'possessive quantifiers'],
  [/\(\?\(/, 'conditional patterns'],
  [/\(\?(R|[+-]?\d|&|P>)/, 'recursion and subroutine calls'],
  [/\(\*[A-Z]/, 'backtracking control verbs'],
  [/\(\?<[=!]/, 'lookbehind assertions'],
  [/\(\?C/, 'callouts'],
];

/**
 * PCRE inline option settings that AWS WAF accepts but JavaScript does not: `(?i)`, `(?-i)`, `(?im)` and the
 * scoped form `(?i:...)`. They are removed (the scoped form becomes `(?:...)`) before the JavaScript syntax check.
 */
const INLINE_OPTIONS = /(?<=(?:^|[^\\])(?:\\\\)*)\(\?(?:[imsxnUJ]+(?:-[imsxnUJ]*)?|-[imsxnUJ]+)([:)])/g;

/** The CIDR ranges of a list, split by IP version (WAF keeps IPv4 and IPv6 in separate IP sets). */
export interface SplitCidrs {
  readonly ipv4: string[];
  readonly ipv6: string[];
}

/**
 * Checks the CIDR blocks of a firewall IP list with the library's CIDR rule (see `checkCidr`), refuses unresolved
 * tokens (the IP version of a block decides its IP set) and splits the list by IP version, IPv6 in lower case.
 */
export function checkCidrs(prop: string, cidrs: string[]): SplitCidrs {
  if (cidrs.length === 0) {
    throw invalidProp(prop, cidrs, 'must hold at least one CIDR block (leave it out to disable the rule)');
  }
  cidrs.forEach((cidr, i) => {
    if (Token.isUnresolved(cidr)) {
      throw invalidProp(`${prop}[${i}]`, cidr, 'must be a literal CIDR block (its IP version decides the IP set)');
    }
  });
  const split = checkCidrList(prop, cidrs);
  const ipv4 = split.ipv4;
  const ipv6 = split.ipv6.map((cidr) => cidr.toLowerCase());
  for (const [version, list] of [['IPv4', ipv4], ['IPv6', ipv6]] as const) {
    if (list.length > MAX_IP_SET_ADDRESSES) {
      throw invalidProp(prop, `${list.length} ${version} ranges`, `must hold at most ${MAX_IP_SET_ADDRESSES} ${version} ranges`);
    }
  }
  return { ipv4, ipv6 };
}

/** ISO 3166-1 alpha-2 country codes, the codes a WAF geo match statement accepts. */
const COUNTRY_CODES = new Set((
  'AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ ' +
  'CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO ' +
  'FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE ' +
  'JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO ' +
  'MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW ' +
  'PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM ' +
  'TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW'
).split(' '));

/** Validates a list of country codes (ISO 3166-1 alpha-2, upper case, no duplicates). */
export function checkCountryCodes(prop: string, codes: string[]): void {
  if (codes.length === 0) {
    throw invalidProp(prop, codes, 'must hold at least one country code (leave it out to disable geo-blocking)');
  }
  const seen = new Set<string>();
  codes.forEach((code, i) => {
    if (Token.isUnresolved(code)) return;
    if (!COUNTRY_CODES.has(code)) {
      throw invalidProp(`${prop}[${i}]`, code, 'must be an upper-case ISO 3166-1 alpha-2 country code');
    }
    if (seen.has(code)) {
      throw invalidProp(`${prop}[${i}]`, code, 'must not repeat a country code');
    }
    seen.add(code);
  });
}

/**
 * Validates a regex for a WAF regex pattern set: length, syntax (checked with JavaScript's parser, after removing PCRE
 * inline options such as `(?i)` that WAF supports) and the PCRE subset WAF supports.
 */
export function checkWafRegex(prop: string, pattern: string): void {
  if (Token.isUnresolved(pattern)) return;
  if (pattern.length < 1 || pattern.length > MAX_REGEX_LENGTH) {
    throw invalidProp(prop, pattern, `must be 1-${MAX_REGEX_LENGTH} characters long`);
  }
  const withoutOptions = pattern.replace(INLINE_OPTIONS, (_m, end) => (end === ':' ? '(?:' : ''));
  try {
    new RegExp(withoutOptions);
  } catch (e) {
    throw invalidProp(prop, pattern, `must be a valid regular expression (${(e as Error).message.replace(withoutOptions, pattern)})`);
  }
  for (const [construct, what] of UNSUPPORTED_REGEX) {
    if (construct.test(pattern)) {
      throw invalidProp(prop, pattern, `must not use ${what} (AWS WAF does not support them)`);
    }
  }
}

/** Validates a WAF name (rule, web ACL): 1-128 letters, digits, `_` or `-`. */
export function checkWafName(prop: string, name: string): void {
  if (Token.isUnresolved(name)) return;
  if (!WAF_NAME.test(name)) {
    throw invalidProp(prop, name, 'must be 1-128 letters, digits, "_" or "-"');
  }
}

/** Validates an HTTP header name and returns it in lower case (WAF matches header names case-insensitively). */
export function checkHeaderName(prop: string, name: string): string {
  if (Token.isUnresolved(name)) return name;
  if (!HEADER_NAME.test(name)) {
    throw invalidProp(prop, name, 'must be an HTTP header name of 1-64 characters');
  }
  return name.toLowerCase();
}

/** Validates a custom JSON response body: valid JSON, at most 4 KB. */
export function checkJsonBody(prop: string, body: string): void {
  if (Token.isUnresolved(body)) return;
  if (Buffer.byteLength(body, 'utf8') > MAX_RESPONSE_BODY_BYTES || body.length === 0) {
    throw invalidProp(prop, body, `must be 1-${MAX_RESPONSE_BODY_BYTES} bytes long`);
  }
  try {
    JSON.parse(body);
  } catch (e) {
    throw invalidProp(prop, body, `must be valid JSON (${(e as Error).message})`);
  }
}
