import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isTrue } from '../../helpers/api-methods';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Resources that map a REST API to a custom domain. */
const MAPPING_TYPES: [string, string][] = [
  ['AWS::ApiGateway::BasePathMapping', 'RestApiId'],
  ['AWS::ApiGateway::BasePathMappingV2', 'RestApiId'],
  ['AWS::ApiGatewayV2::ApiMapping', 'ApiId'],
];

/**
 * A REST API served on a custom domain (it is the target of a base path mapping) disables its default
 * `execute-api` endpoint (`DisableExecuteApiEndpoint: true`).
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: [],
  subject: 'api',
  info: 'The API is mapped to a custom domain but its default execute-api endpoint is still enabled.',
  explanation:
    'The default endpoint bypasses everything configured on the custom domain (TLS policy, mutual TLS, the front door the clients know), so it stays a second, less protected way into the API.',
  cfnFix: 'Set `DisableExecuteApiEndpoint: true` on the `AWS::ApiGateway::RestApi` or `AWS::ApiGatewayV2::Api` (in an OpenAPI document `x-amazon-apigateway-endpoint-configuration.disableExecuteApiEndpoint`) once clients use the custom domain.',
  fix: 'Set `disableExecuteApiEndpoint: true` on the RestApi (or the HTTP/WebSocket API; in an OpenAPI document `x-amazon-apigateway-endpoint-configuration.disableExecuteApiEndpoint`) once clients use the custom domain.',
  check: ({ logicalId, props }, index) => {
    const mapped = MAPPING_TYPES.some(([type, prop]) =>
      index.referrers(logicalId, type).some((m) => index.target(m.props[prop])?.logicalId === logicalId));
    if (!mapped) return NagRuleCompliance.NOT_APPLICABLE;
    const disabled = props.DisableExecuteApiEndpoint;
    if (isIntrinsic(disabled)) return unverifiable('DisableExecuteApiEndpoint is an intrinsic');
    return isTrue(disabled) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
