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
    const verdict = judgeMap(map);
    if (verdict === NagRuleCompliance.NON_COMPLIANT) return verdict;
    if (verdict !== undefined) unknown = verdict;
  }
  return unknown ? unverifiable(unknown) : NagRuleCompliance.COMPLIANT;
}

/** Non-compliant when one response-parameter map allows every origin; the reason when it cannot be told; else undefined. */
function judgeMap(map: unknown): NagRuleCompliance.NON_COMPLIANT | string | undefined {
  if (map === null || map === undefined) return undefined;
  if (isIntrinsic(map)) return 'ResponseParameters is an intrinsic';
  if (typeof map !== 'object') return undefined;
  let unknown: string | undefined;
  for (const name in map) {
    if (!Object.prototype.hasOwnProperty.call(map, name) || !ALLOW_ORIGIN.test(name)) continue;
    const value = (map as any)[name];
    if (isIntrinsic(value)) {
      unknown = `${name} is an intrinsic`;
    } else if (typeof value === 'string' && value.trim().replace(/^'(.*)'$/, '$1').trim() === '*') {
      return NagRuleCompliance.NON_COMPLIANT;
    }
  }
  return unknown;
}

/** Judges what an API resource says of CORS: gateway responses of its OpenAPI document, an HTTP API's CORS configuration. */
function judgeApi(type: string, props: any): RuleOutcome {
  const maps: unknown[] = [];
  const responses = props.Body?.['x-amazon-apigateway-gateway-responses'];
  if (responses !== null && typeof responses === 'object' && !isIntrinsic(responses)) {
    for (const response of Object.values<any>(responses)) maps.push(response?.responseParameters);
  }
  const cors = type === 'AWS::ApiGatewayV2::Api' ? props.CorsConfiguration ?? props.Body?.['x-amazon-apigateway-cors'] : undefined;
  if (cors !== undefined && cors !== null) {
    if (isIntrinsic(cors)) return unverifiable('CorsConfiguration is an intrinsic');
    const origins = cors.AllowOrigins ?? cors.allowOrigins;
    if (isIntrinsic(origins)) return unverifiable('CorsConfiguration.AllowOrigins is an intrinsic');
    if (Array.isArray(origins) && origins.some((o) => typeof o === 'string' && o.trim() === '*')) return NagRuleCompliance.NON_COMPLIANT;
    if (Array.isArray(origins) && origins.some((o) => isIntrinsic(o))) return unverifiable('an allowed origin is an intrinsic');
  }
  if (maps.length === 0 && cors === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  return judge(maps);
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
  resourceTypes: ['AWS::ApiGateway::GatewayResponse', 'AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api'],
  subject: 'operation',
  info: "The API Gateway response or CORS configuration allows every origin (Access-Control-Allow-Origin is '*').",
  explanation:
    'A wildcard origin lets scripts on any website call the API from a user\'s browser and read the answers; CORS must name the front-end origins that are trusted.',
  cfnFix: 'Return the exact front-end origins (e.g. `https://app.example.com`) in `Access-Control-Allow-Origin` of the OPTIONS integration responses and gateway responses, and in `CorsConfiguration.AllowOrigins` of an HTTP API.',
  fix: "Set `allowOrigins` of the CORS options (and of gateway responses) to the exact front-end origins, e.g. `['https://app.example.com']`; on an HTTP API, `CorsConfiguration.AllowOrigins`.",
  check: ({ type, props, operation }) => {
    if (type === 'AWS::ApiGateway::GatewayResponse') return judge([props.ResponseParameters]);
    if (!operation && (type === 'AWS::ApiGateway::RestApi' || type === 'AWS::ApiGatewayV2::Api')) return judgeApi(type, props);
    const integration = props.Integration;
    const integrationResponses = integration?.IntegrationResponses;
    if (isIntrinsic(integration) || isIntrinsic(integrationResponses) || isIntrinsic(props.MethodResponses)) {
      return unverifiable('the method responses are intrinsics');
    }
    // every response of the method, without gathering them first: this runs for every method of the app
    let unknown: string | undefined;
    for (const list of [integrationResponses, props.MethodResponses]) {
      if (!Array.isArray(list)) continue;
      for (const r of list) {
        const verdict = judgeMap(r?.ResponseParameters);
        if (verdict === NagRuleCompliance.NON_COMPLIANT) return verdict;
        if (verdict !== undefined) unknown = verdict;
      }
    }
    return unknown ? unverifiable(unknown) : NagRuleCompliance.COMPLIANT;
  },
});
