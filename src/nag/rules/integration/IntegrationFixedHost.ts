import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { flattenText, isOpaque } from '../../helpers/baseline-values';
import { httpIntegrationOf, viaVpcLink } from '../../helpers/integration-uri';
import { ChecklistArea, defineRule, isUnverifiable, unverifiable } from '../../rule';

/** A part of a host that comes from the request (`{proxy}`, `{param}`, `$request.`) or from a stage variable. */
const VARIABLE_HOST = /stageVariables\.|\$request\.|\$\{request\.|(^|[^$])\{[^}]*\}/i;

/**
 * HTTP and HTTP_PROXY integrations call a fixed host: no part of the host in the integration URI is built from
 * request data (`{proxy}` or any `{param}`, `$request.` mappings) or from stage variables.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.WARN,
  area: ChecklistArea.INPUT_VALIDATION,
  owasp: 'API7:2023 Server Side Request Forgery',
  resourceTypes: ['AWS::ApiGatewayV2::Integration'],
  subject: 'operation',
  shapes: 'REST (Method, OpenAPI), HTTP and WebSocket (Integration resources, OpenAPI, quick create)',
  info: 'The host of the HTTP integration URI is built from request data or a stage variable (`{proxy}` or `{param}` in the host, `${stageVariables.x}`, `$request.`).',
  explanation:
    'When a caller (or whoever can change a stage variable) decides the host, API Gateway becomes a proxy that sends requests, with the headers it adds, to any address: internal services, cloud metadata endpoints or third parties (server-side request forgery). Path parameters after a fixed host do not have this problem.',
  cfnFix: 'Write a fixed host in the integration URI (`https://backend.example.com/{proxy}`: the request may choose the path, never the host); for one backend per stage, use one integration per stage with its fixed URI or a VPC link to a private load balancer, or acknowledge the finding with the reason the stage variable is controlled.',
  fix: 'Write a fixed host in the integration URI (`https://backend.example.com/{proxy}`: the request may choose the path, never the host); for one backend per stage, use one integration per stage with its fixed URI or a VPC link to a private load balancer, or acknowledge the finding with the reason the stage variable is controlled.',
  check: (view) => {
    const integration = httpIntegrationOf(view);
    if (integration === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    if (isUnverifiable(integration)) return integration;
    // through a VPC link the request goes to the link's load balancer, whatever host the URI names
    if (viaVpcLink(integration) === true) return NagRuleCompliance.COMPLIANT;
    if (integration.uri === undefined || integration.uri === null) return NagRuleCompliance.NOT_APPLICABLE;
    // `${!name}` is how Fn::Sub writes a literal `${name}`
    const text = flattenText(integration.uri).replace(/\$\{!/g, '${');
    const match = /^[a-z][a-z0-9+.-]*:\/\/([^/?#]*)/i.exec(text);
    const host = match ? match[1] : text;
    if (VARIABLE_HOST.test(host)) return NagRuleCompliance.NON_COMPLIANT;
    if (isOpaque(host)) return unverifiable('the host of the URI is built from values only known at deploy time');
    if (!match && host.startsWith('${')) return unverifiable('the URI is a reference only known at deploy time');
    return NagRuleCompliance.COMPLIANT;
  },
});
