import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { flattenText, isOpaque } from '../../helpers/baseline-values';
import { httpIntegrationOf, viaVpcLink } from '../../helpers/integration-uri';
import { ChecklistArea, defineRule, isUnverifiable, unverifiable } from '../../rule';

/**
 * HTTP and HTTP_PROXY integrations call their backend over `https://`, or through a VPC link. Judged on REST methods,
 * OpenAPI operations (REST and HTTP APIs), `AWS::ApiGatewayV2::Integration` resources and quick-create targets.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: ['AWS::ApiGatewayV2::Integration'],
  subject: 'operation',
  shapes: 'REST (Method, OpenAPI), HTTP and WebSocket (Integration resources, OpenAPI, quick create)',
  info: 'The HTTP integration calls its backend over plain http:// on the internet (Integration Uri / IntegrationUri without https:// and without a VPC link).',
  explanation:
    'API Gateway forwards the request, including its headers, tokens and body, to the integration URI. Over plain http the call crosses the internet unencrypted, so anyone on the path can read or change requests and responses, and the client\'s TLS to API Gateway protects nothing past it.',
  cfnFix: 'Use an `https://` endpoint in `Integration.Uri` (REST) or `IntegrationUri` (`AWS::ApiGatewayV2::Integration`), or reach a private backend through a VPC link (`ConnectionType: VPC_LINK` with `ConnectionId`).',
  fix: 'Use an `https://` endpoint URI (`HttpIntegration(\'https://...\')`, `HttpUrlIntegration(id, \'https://...\')`), or reach a private backend through a VPC link (`connectionType: VPC_LINK`, `HttpAlbIntegration` / `HttpNlbIntegration`, `VpcLink`).',
  check: (view) => {
    const integration = httpIntegrationOf(view);
    if (integration === undefined) return NagRuleCompliance.NOT_APPLICABLE;
    if (isUnverifiable(integration)) return integration;
    const link = viaVpcLink(integration);
    if (link === true) return NagRuleCompliance.COMPLIANT;
    if (integration.uri === undefined || integration.uri === null) return NagRuleCompliance.NOT_APPLICABLE;
    const text = flattenText(integration.uri);
    if (/^https:\/\//i.test(text)) return NagRuleCompliance.COMPLIANT;
    if (/^[a-z][a-z0-9+.-]*:/i.test(text)) return isUnverifiable(link) ? link : NagRuleCompliance.NON_COMPLIANT;
    if (/^\$\{!?stageVariables\./i.test(text)) return unverifiable('the URI comes from a stage variable, so its scheme is only known per stage');
    return unverifiable(isOpaque(text) || text.startsWith('${')
      ? 'the URI is built from values only known at deploy time, so its scheme cannot be told'
      : 'the URI has no scheme');
  },
});
