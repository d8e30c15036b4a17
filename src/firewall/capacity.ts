/**
 * Web ACL capacity units (WCUs) of the statements an ApiFirewall builds.
 *
 * Sources (AWS WAF Developer Guide):
 * - managed rule groups: "AWS Managed Rules rule groups list" (capacity of each group)
 *   https://docs.aws.amazon.com/waf/latest/developerguide/aws-managed-rule-groups-list.html
 * - match statements (IP set, geo, size constraint, regex pattern set, text transformations, all query arguments):
 *   https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statements-match.html
 * - rate-based statements (base cost, custom aggregation keys):
 *   https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html
 * - logical statements (AND, OR, NOT) cost the sum of their nested statements:
 *   https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statements-logical.html
 * - web ACL maximum and pricing: https://docs.aws.amazon.com/waf/latest/developerguide/aws-waf-capacity-units.html
 */

/** Capacity of the AWS managed rule groups the firewall can use (fixed by AWS per group). */
export const MANAGED_GROUP_WCU: { readonly [group: string]: number } = {
  AWSManagedRulesAmazonIpReputationList: 25,
  AWSManagedRulesAnonymousIpList: 50,
  AWSManagedRulesCommonRuleSet: 700,
  AWSManagedRulesKnownBadInputsRuleSet: 200,
  AWSManagedRulesSQLiRuleSet: 200,
  AWSManagedRulesLinuxRuleSet: 200,
  AWSManagedRulesUnixRuleSet: 100,
  AWSManagedRulesBotControlRuleSet: 50,
};

/** IP set match statement (no forwarded-IP header). */
export const IP_SET_WCU = 1;
/** Geographic match statement. */
export const GEO_MATCH_WCU = 1;
/** Size constraint statement, base cost. */
export const SIZE_CONSTRAINT_WCU = 1;
/** Regex pattern set reference statement, base cost per pattern set. */
export const REGEX_PATTERN_SET_WCU = 25;
/** Added to a match statement that inspects all query arguments. */
export const ALL_QUERY_ARGUMENTS_WCU = 10;
/** Added for each text transformation other than NONE. */
export const TEXT_TRANSFORMATION_WCU = 10;
/** Rate-based statement, base cost. */
export const RATE_BASED_WCU = 2;
/** Added to a rate-based statement for each custom aggregation key. */
export const RATE_CUSTOM_KEY_WCU = 30;

/** Maximum capacity of one web ACL. */
export const MAX_WEB_ACL_WCU = 5000;
/** Capacity included in the web ACL base price; every further 500 WCUs adds a per-request fee. */
export const INCLUDED_WEB_ACL_WCU = 1500;
