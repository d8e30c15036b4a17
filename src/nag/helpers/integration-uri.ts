import { flattenText } from './baseline-values';
import { SubjectView, unverifiable, Unverifiable } from '../rule';
import { isIntrinsic } from '../stack-index';

/** An integration that calls an HTTP endpoint (`HTTP` or `HTTP_PROXY`), in shape-independent form. */
export interface HttpIntegration {
  /** The endpoint URI as written (a literal or an intrinsic). */
  readonly uri: unknown;
  /** `INTERNET`, `VPC_LINK`, an intrinsic, or undefined (internet). */
  readonly connectionType: unknown;
}

const HTTP_TYPES = ['HTTP', 'HTTP_PROXY'];

/**
 * The HTTP integration a subject describes: the `Integration` of a REST method or OpenAPI operation, an
 * `AWS::ApiGatewayV2::Integration` resource, or the quick-create `Target` URL of a v2 Api. v2 routes give undefined:
 * their integration is judged once, on the `AWS::ApiGatewayV2::Integration` resource the route targets.
 * Undefined when the integration is not an HTTP one; unverifiable when its type cannot be told at synth.
 */
export function httpIntegrationOf(view: SubjectView): HttpIntegration | Unverifiable | undefined {
  if (view.type === 'AWS::ApiGatewayV2::Route') return undefined;
  let integration: any;
  if (view.type === 'AWS::ApiGatewayV2::Integration') {
    integration = { Type: view.props.IntegrationType, Uri: view.props.IntegrationUri, ConnectionType: view.props.ConnectionType };
  } else {
    integration = view.props.Integration;
    if (integration === undefined || integration === null) return undefined;
    if (isIntrinsic(integration)) return unverifiable('the integration is an intrinsic');
    if (typeof integration !== 'object') return undefined;
  }
  const type = integration.Type;
  if (isIntrinsic(type)) return unverifiable('the integration type is an intrinsic');
  // most integrations are not HTTP ones: tell the usual spellings apart without an upper-case copy
  if (type === 'MOCK' || type === 'AWS' || (type === 'AWS_PROXY' && view.type !== 'AWS::ApiGatewayV2::Api')) return undefined;
  const typeText = typeof type === 'string' ? type.toUpperCase() : '';
  if (HTTP_TYPES.includes(typeText)) return { uri: integration.Uri, connectionType: integration.ConnectionType };
  // quick create: the Target of an HTTP API is a Lambda ARN or the URL of an HTTP proxy integration
  if (view.type === 'AWS::ApiGatewayV2::Api' && typeText === 'AWS_PROXY' && /^https?:\/\//i.test(flattenText(integration.Uri))) {
    return { uri: integration.Uri, connectionType: undefined };
  }
  return undefined;
}

/** Whether an integration goes through a VPC link: true, false, or an outcome when the connection type is unknown. */
export function viaVpcLink(integration: HttpIntegration): boolean | Unverifiable {
  const connection = integration.connectionType;
  if (connection === undefined || connection === null) return false;
  if (isIntrinsic(connection)) return unverifiable('ConnectionType is an intrinsic');
  return connection === 'VPC_LINK';
}

