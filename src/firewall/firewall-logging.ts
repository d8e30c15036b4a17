import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import {
  ApiFirewallProps, FirewallDataProtectionAction, FirewallDataProtectionOptions, FirewallLoggingOptions,
} from './api-firewall-props';
import { DEFAULT_API_KEY_HEADER } from './firewall-rules';
import { checkHeaderName } from './firewall-validation';
import { checkEnumValue, checkPattern, invalidProp } from '../private/validation';

/** Headers the logs always redact and data protection always hides. */
const ALWAYS_REDACTED_HEADERS = ['authorization', 'x-api-key', 'cookie'];
/** AWS WAF protects at most this many keys of one field type. */
const MAX_PROTECTED_KEYS = 100;
const LOG_GROUP_NAME = /^aws-waf-logs-[\w\-./#]{1,499}$/;

/**
 * The headers hidden in logs and sampled requests: the always-redacted ones, the API-key header and the additional
 * headers of `logging` and `dataProtection`, lower case, each once.
 */
export function protectedHeaders(props: ApiFirewallProps): string[] {
  const headers = [...ALWAYS_REDACTED_HEADERS, checkHeaderName('apiKeyHeader', props.apiKeyHeader ?? DEFAULT_API_KEY_HEADER)];
  (props.logging?.additionalRedactedHeaders ?? []).forEach((h, i) =>
    headers.push(checkHeaderName(`logging.additionalRedactedHeaders[${i}]`, h)));
  (props.dataProtection?.additionalHeaders ?? []).forEach((h, i) =>
    headers.push(checkHeaderName(`dataProtection.additionalHeaders[${i}]`, h)));
  return [...new Set(headers)];
}

/** Whether the web ACL and its rules keep sampled requests: yes, unless the logs redact the URI path. */
export function checkSampling(sampledRequests: boolean | undefined, redactUriPath: boolean): boolean {
  if (sampledRequests === true && redactUriPath) {
    throw invalidProp('sampledRequests', true, 'must not be true when "logging.redactUriPath" is set (data protection '
      + 'cannot hide the URI path of sampled requests); leave it out to turn sampling off');
  }
  return sampledRequests ?? !redactUriPath;
}

/** The web ACL's data protection: headers, query string or arguments and body, hidden in every output. */
export function dataProtectionConfig(options: FirewallDataProtectionOptions, headers: string[], wholeQueryString: boolean):
wafv2.CfnWebACL.DataProtectionConfigProperty {
  const action = options.action ?? FirewallDataProtectionAction.SUBSTITUTION;
  checkEnumValue('dataProtection.action', action, FirewallDataProtectionAction);
  const protect = (fieldType: string, fieldKeys?: string[]): wafv2.CfnWebACL.DataProtectProperty =>
    ({ action, field: { fieldType, fieldKeys } });
  checkFieldKeys('dataProtection.additionalHeaders', headers);
  const protections = [protect('SINGLE_HEADER', headers)];
  const queryArguments = options.queryArguments ?? [];
  if (options.queryArguments !== undefined && options.queryArguments.length === 0) {
    throw invalidProp('dataProtection.queryArguments', [], 'must name at least one query argument (leave it out to protect none)');
  }
  queryArguments.forEach((name, i) => {
    checkPattern(`dataProtection.queryArguments[${i}]`, name, /^\S{1,64}$/, 'must be a query argument name of 1-64 characters without white space');
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

/** Throws unless a log group name is one AWS WAF logs to (`aws-waf-logs-` and 1-499 more characters). */
export function checkWafLogGroupName(logGroupName: string): void {
  checkPattern('logging.logGroupName', logGroupName, LOG_GROUP_NAME, 'must start with "aws-waf-logs-" followed by 1-499 letters, digits, "_", "-", ".", "/" or "#"');
}

/** What the logging configuration redacts, and its filter when `keepOnly` is set. */
export function loggingSettings(options: FirewallLoggingOptions, headers: string[]): {
  redactedFields: wafv2.CfnLoggingConfiguration.FieldToMatchProperty[];
  loggingFilter?: unknown;
} {
  const redactedFields: wafv2.CfnLoggingConfiguration.FieldToMatchProperty[] = headers
    .map((name) => ({ singleHeader: { Name: name } }));
  if (options.redactQueryString ?? false) redactedFields.push({ queryString: {} });
  if (options.redactUriPath ?? false) redactedFields.push({ uriPath: {} });

  const keepOnly = options.keepOnly;
  if (keepOnly !== undefined && keepOnly.length === 0) {
    throw invalidProp('logging.keepOnly', keepOnly, 'must name at least one action (leave it out to log every request)');
  }
  return {
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
  };
}
