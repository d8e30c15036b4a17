import { ApiModel } from './model/api-model';
import { GeneratedView } from './model/sam';
import { ApiKind } from './model/types';
import { ResourceView, StackIndex } from './stack-index';

/** One API of a stack, as reports group findings by it. */
export interface MemberApi {
  /** Logical id of the resource that defines the API (`ServerlessRestApi` for SAM's implicit API). */
  readonly logicalId: string;
  /** Logical id of the SAM resource it was expanded from, when it differs. */
  readonly origin?: string;
  /** REST, HTTP or WEBSOCKET, when known. */
  readonly kind?: ApiKind;
}

/** The APIs of a stack and, for each resource that is part of one, which. */
export interface ApiMembership {
  readonly apis: MemberApi[];
  /** The `logicalId` of the API of each resource that belongs to one (its definition, stages, operations, parts). */
  readonly apiOf: Map<string, string>;
}

/** Resources that name their API with `RestApiId` or `ApiId`. */
const PART_TYPES = [
  'AWS::ApiGateway::Resource', 'AWS::ApiGateway::Method', 'AWS::ApiGateway::Deployment', 'AWS::ApiGateway::Stage',
  'AWS::ApiGateway::Authorizer', 'AWS::ApiGateway::Model', 'AWS::ApiGateway::RequestValidator',
  'AWS::ApiGateway::GatewayResponse', 'AWS::ApiGateway::BasePathMapping', 'AWS::ApiGateway::BasePathMappingV2',
  'AWS::ApiGatewayV2::Route', 'AWS::ApiGatewayV2::Integration', 'AWS::ApiGatewayV2::Stage', 'AWS::ApiGatewayV2::Authorizer',
  'AWS::ApiGatewayV2::Deployment', 'AWS::ApiGatewayV2::Model', 'AWS::ApiGatewayV2::ApiMapping',
  'AWS::ApiGatewayV2::RouteResponse', 'AWS::ApiGatewayV2::IntegrationResponse',
];

/**
 * Which API each resource of a stack belongs to, from the pack's API model: REST, HTTP and WebSocket APIs in every
 * shape, SAM APIs included (a resource expanded from a SAM resource is listed under the SAM resource's logical id too).
 */
export function apiMembership(index: StackIndex): ApiMembership {
  const model = ApiModel.of(index);
  const apis: MemberApi[] = [];
  const byKey = new Map<string, string>();
  for (const api of model.apis.values()) {
    const origin = (api.holder as GeneratedView).origin;
    apis.push({ logicalId: api.holder.logicalId, kind: api.kind, ...(origin !== undefined && origin !== api.holder.logicalId ? { origin } : {}) });
    byKey.set(api.key, api.holder.logicalId);
  }
  const apiOf = new Map<string, string>();
  const add = (view: ResourceView, key: string | undefined) => {
    const api = key === undefined ? undefined : byKey.get(key);
    if (api === undefined) return;
    for (const id of [view.logicalId, (view as GeneratedView).origin]) if (id !== undefined && !apiOf.has(id)) apiOf.set(id, api);
  };
  for (const api of model.apis.values()) add(api.holder, api.key);
  for (const op of model.allOperations()) add(op.holder, op.api);
  for (const stage of model.allStages()) add(stage.holder, stage.api);
  for (const type of PART_TYPES) {
    for (const view of index.ofType(type)) add(view, model.apiKey(view.props.RestApiId ?? view.props.ApiId));
  }
  return { apis: apis.sort((a, b) => a.logicalId.localeCompare(b.logicalId)), apiOf };
}
