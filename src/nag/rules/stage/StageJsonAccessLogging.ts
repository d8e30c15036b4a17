import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { flattenText, isOpaque } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/**
 * The values of a JSON access-log format: the `$context` variables it writes, or undefined when the format is not
 * a JSON object. Unquoted variables (`"status": $context.status`) are accepted, as API Gateway substitutes them.
 */
function jsonFormatValues(format: string): string[] | undefined {
  const quoted = format.replace(/(:\s*)(\$[A-Za-z0-9_.]+)(?=\s*[,}])/g, '$1"$2"');
  let parsed: unknown;
  try {
    parsed = JSON.parse(quoted);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const values: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') values.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(parsed);
  return values;
}

/** Stages write access logs, as JSON that carries at least the request id and the response status. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.MONITORING,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: [],
  subject: 'stage',
  info: 'The API Gateway stage does not write JSON access logs with the request id and status.',
  explanation:
    'Access logs are the record of who called what and with which result; without them abuse, credential stuffing and data scraping go unseen. JSON with `$context.requestId` and `$context.status` lets log queries, metric filters and the SIEM correlate calls.',
  cfnFix: 'Set `AccessLogSetting` on the stage: `DestinationArn` of a log group and a JSON `Format` containing `$context.requestId` and `$context.status` (`AccessLogSettings` on an `AWS::ApiGatewayV2::Stage`).',
  fix: 'Set `accessLogDestination` to a log group and `accessLogFormat: AccessLogFormat.jsonWithStandardFields()` (or a JSON object containing `$context.requestId` and `$context.status`).',
  check: ({ props }) => {
    const setting = props.AccessLogSetting;
    if (setting === undefined) return NagRuleCompliance.NON_COMPLIANT;
    if (isIntrinsic(setting)) return unverifiable('AccessLogSetting is an intrinsic');
    // an empty destination (a common "no logs" parameter value) writes no access logs
    if (setting.DestinationArn === undefined || setting.DestinationArn === '' || setting.Format === undefined) return NagRuleCompliance.NON_COMPLIANT;
    const format = flattenText(setting.Format);
    const built = typeof setting.Format !== 'string' && (isOpaque(format) || /\$\{[^}]+\}/.test(format));
    if (built) return unverifiable('AccessLogSetting.Format is only known at deploy time');
    const values = jsonFormatValues(format);
    if (!values) return NagRuleCompliance.NON_COMPLIANT;
    const hasRequestId = values.some((v) => /\$context\.(extendedR|r)equestId\b/.test(v));
    const hasStatus = values.some((v) => /\$context\.status\b/.test(v));
    return hasRequestId && hasStatus ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
