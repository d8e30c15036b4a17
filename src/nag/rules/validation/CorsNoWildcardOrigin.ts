import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ChecklistArea, defineRule, RuleOutcome, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** The header that names the origins a browser may call from. */
const ALLOW_ORIGIN = /(^|\.)access-control-allow-origin$/i;

/** Judges the response-parameter maps of one resource. */
function judge(maps: unknown[]): RuleOutcome {
  let unknown: string | undefined;
  for (const map of maps) {
    if (map === null || map === undefined) continue;
    if (isIntrinsic(map)) {
      unknown = 'ResponseParameters is an intrinsic';
      continue;
    }
    if (typeof map !== 'object') continue;
    for (const [name, value] of Object.entries(map as object)) {
      if (!ALLOW_ORIGIN.test(name)) continue;
      if (isIntrinsic(value)) {
        unknown = `${name} is an intrinsic`;
      } else if (typeof value === 'string' && value.trim().replace(/^'(.*)'$/, '$1').trim() === '*') {
        return NagRuleCompliance.NON_COMPLIANT;
      }
    }
  }
  return unknown ? unverifiable(unknown) : NagRuleCompliance.COMPLIANT;
}

/**
 * CORS responses never allow every origin: no method integration response, method response or gateway response
 * sets `Access-Control-Allow-Origin` to `'*'`.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.INPUT_VALIDATION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: ['AWS::ApiGateway::Method', 'AWS::ApiGateway::GatewayResponse'],
  info: "The API Gateway response allows every origin (Access-Control-Allow-Origin is '*').",
  explanation:
    'A wildcard origin lets scripts on any website call the API from a user\'s browser and read the answers; CORS must name the front-end origins that are trusted.',
  fix: "Set `allowOrigins` of the CORS options (and of gateway responses) to the exact front-end origins, e.g. `['https://app.example.com']`.",
  check: ({ type, props }) => {
    if (type === 'AWS::ApiGateway::GatewayResponse') return judge([props.ResponseParameters]);
    const integration = props.Integration;
    const integrationResponses = integration?.IntegrationResponses;
    if (isIntrinsic(integration) || isIntrinsic(integrationResponses) || isIntrinsic(props.MethodResponses)) {
      return unverifiable('the method responses are intrinsics');
    }
    const maps: unknown[] = [];
    for (const r of Array.isArray(integrationResponses) ? integrationResponses : []) maps.push(r?.ResponseParameters);
    for (const r of Array.isArray(props.MethodResponses) ? props.MethodResponses : []) maps.push(r?.ResponseParameters);
    return judge(maps);
  },
});
