import { isIntrinsic, refId, ResourceView, StackIndex } from '../stack-index';
import { readOpenApi } from './openapi';
import { ApiKind, ModelOperation, OpenApiDocument } from './types';

/** One API of a stack: a REST API or a v2 (HTTP or WebSocket) API. */
export interface ModelApi {
  /** The key other resources name the API by (see `ApiModel.apiKey`). */
  readonly key: string;
  /** REST, HTTP or WEBSOCKET; undefined when `ProtocolType` is only known at deploy time. */
  readonly kind?: ApiKind;
  /** The `AWS::ApiGateway::RestApi` or `AWS::ApiGatewayV2::Api` resource. */
  readonly holder: ResourceView;
  /**
   * API-wide settings with the property names of the resource, completed from the OpenAPI document where the
   * resource leaves them out: `Name`, `DisableExecuteApiEndpoint`, `Policy`, `EndpointConfiguration`,
   * `CorsConfiguration` (HTTP APIs).
   */
  readonly props: any;
  /** The OpenAPI document of the API, when it has an inline `Body`. */
  readonly document?: OpenApiDocument;
  /** Why (some of) the API's operations cannot be read at synth, when they cannot. */
  readonly unreadable?: string;
}

/**
 * One stage of an API in the property names of `AWS::ApiGateway::Stage`: `StageName`, `RestApiId` (the API id for
 * every kind), `AccessLogSetting` (`DestinationArn`, `Format`), `MethodSettings` (the stage-wide entry has
 * `ResourcePath: '/*'` and `HttpMethod: '*'`; a v2 route's entry has the route key as `ResourcePath`),
 * `TracingEnabled`, `CacheClusterEnabled`.
 */
export interface ModelStage {
  /** The kind of its API, when known. */
  readonly kind?: ApiKind;
  /** The key of its API. */
  readonly api?: string;
  /** The resource that holds the stage definition (a stage, a deployment, or an API with a quick-create stage). */
  readonly holder: ResourceView;
  /** Stage-shaped properties (see the interface). */
  readonly props: any;
}

/** The resource types that hold operations, stages and APIs. */
export const HOLDER_TYPES = {
  operation: [
    'AWS::ApiGateway::Method', 'AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Route',
  ],
  stage: ['AWS::ApiGateway::Stage', 'AWS::ApiGateway::Deployment', 'AWS::ApiGatewayV2::Stage', 'AWS::ApiGatewayV2::Api'],
  api: ['AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api'],
};

/** The `MethodSettings` fields a stage-wide setting of a deployment's `StageDescription` carries. */
const STAGE_DESCRIPTION_SETTINGS = [
  'LoggingLevel', 'DataTraceEnabled', 'MetricsEnabled', 'ThrottlingRateLimit', 'ThrottlingBurstLimit',
  'CachingEnabled', 'CacheDataEncrypted', 'CacheTtlInSeconds',
];

/** The `RouteSettings` / `DefaultRouteSettings` fields of a v2 stage, by the method-setting name they map to. */
const ROUTE_SETTINGS: [string, string][] = [
  ['LoggingLevel', 'LoggingLevel'], ['DataTraceEnabled', 'DataTraceEnabled'],
  ['DetailedMetricsEnabled', 'MetricsEnabled'], ['ThrottlingRateLimit', 'ThrottlingRateLimit'],
  ['ThrottlingBurstLimit', 'ThrottlingBurstLimit'],
];

/**
 * Every API of a stack read once into one form: APIs, operations and stages of REST APIs (by `Method` resources or
 * an OpenAPI `Body`), HTTP APIs and WebSocket APIs (by `Route` resources, an OpenAPI `Body` or quick create). Rules
 * read the model instead of raw resource types, so that a control is judged the same way in every shape.
 */
export class ApiModel {
  /** The model of the stack behind `index`, built on first use in a validation run. */
  public static of(index: StackIndex): ApiModel {
    return index.memo('api-model', (i) => new ApiModel(i));
  }

  /** Every API of the stack, by key. */
  public readonly apis = new Map<string, ModelApi>();
  private readonly operationsByHolder = new Map<string, ModelOperation[]>();
  private readonly stagesByHolder = new Map<string, ModelStage[]>();
  private readonly apisByHolder = new Map<string, ModelApi>();
  /** By referenced logical id: the key of the resource it points at, or null when it points at none of the stack. */
  private readonly apiKeys = new Map<string, string | null>();

  private constructor(private readonly index: StackIndex) {
    for (const view of index.ofType('AWS::ApiGateway::RestApi')) this.addRestApi(view);
    for (const view of index.ofType('AWS::ApiGatewayV2::Api')) this.addV2Api(view);
    for (const view of index.ofType('AWS::ApiGateway::Method')) {
      this.addOperation({ kind: 'REST', api: this.apiKey(view.props.RestApiId), holder: view, props: view.props });
    }
    for (const view of index.ofType('AWS::ApiGatewayV2::Route')) this.addRoute(view);
    for (const view of index.ofType('AWS::ApiGateway::Stage')) {
      this.addStage({ kind: 'REST', api: this.apiKey(view.props.RestApiId), holder: view, props: view.props });
    }
    for (const view of index.ofType('AWS::ApiGateway::Deployment')) this.addDeploymentStage(view);
    for (const view of index.ofType('AWS::ApiGatewayV2::Stage')) this.addV2Stage(view);
  }

  /**
   * A stable key for the API a value (`RestApiId`, `ApiId`) designates: `resource:<logicalId>` when it points at a
   * resource of the stack, otherwise `value:<json>` (a literal id or an import), so that equal values match.
   */
  public apiKey(value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    // every method of an API names it the same way: follow each reference once (what it points at depends on the
    // logical id alone, whether it is a Ref or a GetAtt)
    const id = refId(value);
    let key = id === undefined ? undefined : this.apiKeys.get(id);
    if (key === undefined) {
      const target = this.index.target(value);
      key = target ? `resource:${target.logicalId}` : null;
      if (id !== undefined) this.apiKeys.set(id, key);
    }
    return key ?? `value:${JSON.stringify(value)}`;
  }

  /** The API a key names, when it is an API of this stack. */
  public api(key: string | undefined): ModelApi | undefined {
    return key === undefined ? undefined : this.apis.get(key);
  }

  /** The operations whose definition lives in the resource `logicalId`. */
  public operationsOf(logicalId: string): ModelOperation[] {
    return this.operationsByHolder.get(logicalId) ?? [];
  }

  /** The stages whose definition lives in the resource `logicalId`. */
  public stagesOf(logicalId: string): ModelStage[] {
    return this.stagesByHolder.get(logicalId) ?? [];
  }

  /** The API defined by the resource `logicalId`. */
  public apiOf(logicalId: string): ModelApi | undefined {
    return this.apisByHolder.get(logicalId);
  }

  /** Every operation of the stack. */
  public allOperations(): ModelOperation[] {
    return [...this.operationsByHolder.values()].flat();
  }

  /** Every stage of the stack. */
  public allStages(): ModelStage[] {
    return [...this.stagesByHolder.values()].flat();
  }

  private addApi(api: ModelApi): void {
    this.apis.set(api.key, api);
    this.apisByHolder.set(api.holder.logicalId, api);
  }

  private addOperation(op: ModelOperation): void {
    const list = this.operationsByHolder.get(op.holder.logicalId) ?? [];
    list.push(op);
    this.operationsByHolder.set(op.holder.logicalId, list);
  }

  private addStage(stage: ModelStage): void {
    const list = this.stagesByHolder.get(stage.holder.logicalId) ?? [];
    list.push(stage);
    this.stagesByHolder.set(stage.holder.logicalId, list);
  }

  private addRestApi(view: ResourceView): void {
    const key = `resource:${view.logicalId}`;
    const props = view.props;
    const { document, unreadable } = this.readBody(view, 'REST', key);
    for (const op of document?.operations ?? []) this.addOperation(op);
    this.addApi({
      key,
      kind: 'REST',
      holder: view,
      document,
      unreadable,
      props: {
        Name: props.Name ?? props.Body?.info?.title,
        DisableExecuteApiEndpoint: props.DisableExecuteApiEndpoint ?? document?.disableExecuteApiEndpoint,
        Policy: props.Policy ?? document?.policy,
        EndpointConfiguration: props.EndpointConfiguration,
      },
    });
  }

  private addV2Api(view: ResourceView): void {
    const key = `resource:${view.logicalId}`;
    const props = view.props;
    const protocol = props.ProtocolType;
    const kind: ApiKind | undefined = protocol === 'WEBSOCKET' ? 'WEBSOCKET' : protocol === 'HTTP' ? 'HTTP' : undefined;
    let { document, unreadable } = kind === 'WEBSOCKET' ? { document: undefined, unreadable: undefined } : this.readBody(view, 'HTTP', key);
    if (kind === undefined && (props.Body !== undefined || props.BodyS3Location !== undefined)) {
      // a Body is only accepted by HTTP APIs
      ({ document, unreadable } = this.readBody(view, 'HTTP', key));
    } else if (kind === undefined) {
      unreadable = `ProtocolType ${JSON.stringify(protocol)} is not HTTP or WEBSOCKET at synth`;
    }
    for (const op of document?.operations ?? []) this.addOperation(op);
    if (props.Target !== undefined) {
      // quick create: a `$default` route (or RouteKey) without authorization, and a `$default` stage that deploys it
      const routeKey = props.RouteKey ?? '$default';
      this.addOperation({
        kind: kind ?? 'HTTP',
        api: key,
        holder: view,
        label: typeof routeKey === 'string' ? routeKey : '$default',
        props: {
          HttpMethod: methodOfRouteKey(routeKey),
          RouteKey: routeKey,
          AuthorizationType: 'NONE',
          Integration: { Type: 'AWS_PROXY', Uri: props.Target },
        },
      });
      this.addStage({ kind: kind ?? 'HTTP', api: key, holder: view, props: { StageName: '$default', RestApiId: { Ref: view.logicalId }, MethodSettings: [] } });
    }
    this.addApi({
      key,
      kind: kind ?? (document ? 'HTTP' : undefined),
      holder: view,
      document,
      unreadable,
      props: {
        Name: props.Name ?? props.Body?.info?.title,
        DisableExecuteApiEndpoint: props.DisableExecuteApiEndpoint ?? document?.disableExecuteApiEndpoint,
        Policy: document?.policy,
        CorsConfiguration: props.CorsConfiguration ?? document?.cors,
      },
    });
  }

  /** Reads an API's inline OpenAPI `Body`; a body in S3 is reported as unreadable. */
  private readBody(view: ResourceView, kind: 'REST' | 'HTTP', key: string): { document?: OpenApiDocument; unreadable?: string } {
    const props = view.props;
    if (props.Body !== undefined) {
      const document = readOpenApi(props.Body, kind, view, key);
      const unreadable = document.unreadable.length > 0 ? document.unreadable.join('; ') : undefined;
      return { document, unreadable };
    }
    if (props.BodyS3Location !== undefined) {
      return { unreadable: 'the OpenAPI definition is read from S3 (BodyS3Location) at deploy time, so its operations cannot be judged at synth' };
    }
    return {};
  }

  private addRoute(view: ResourceView): void {
    const props = view.props;
    const api = this.apiKey(props.ApiId);
    const kind = this.api(api)?.kind ?? (typeof props.RouteKey === 'string' && props.RouteKey.startsWith('$') && props.RouteKey !== '$default' ? 'WEBSOCKET' : undefined);
    const integration = this.integrationOf(props.Target);
    this.addOperation({
      kind: kind ?? 'HTTP',
      api,
      holder: view,
      label: typeof props.RouteKey === 'string' ? props.RouteKey : `route ${view.logicalId}`,
      props: {
        HttpMethod: methodOfRouteKey(props.RouteKey),
        RouteKey: props.RouteKey,
        AuthorizationType: props.AuthorizationType ?? 'NONE',
        AuthorizationScopes: props.AuthorizationScopes,
        AuthorizerId: props.AuthorizerId,
        ApiKeyRequired: props.ApiKeyRequired,
        RequestModels: props.RequestModels,
        RequestParameters: props.RequestParameters,
        ModelSelectionExpression: props.ModelSelectionExpression,
        Integration: integration,
      },
    });
  }

  /** The integration a route target (`integrations/<id>`) names, in the property names of a REST method's `Integration`. */
  private integrationOf(target: unknown): any {
    if (target === undefined) return undefined;
    const text = typeof target === 'string' ? target : undefined;
    let id: string | undefined;
    if (text) {
      id = /^integrations\/(.+)$/.exec(text)?.[1];
    } else {
      const join = (target as any)?.['Fn::Join'];
      if (Array.isArray(join) && Array.isArray(join[1])) id = refId(join[1].find((p: unknown) => refId(p) !== undefined));
      const sub = (target as any)?.['Fn::Sub'];
      if (typeof sub === 'string') id = /^integrations\/\$\{([A-Za-z0-9]+)\}$/.exec(sub)?.[1];
    }
    const view = id === undefined ? undefined : this.index.get(id);
    if (!view || view.type !== 'AWS::ApiGatewayV2::Integration') return { Target: target };
    return {
      Type: view.props.IntegrationType,
      Uri: view.props.IntegrationUri,
      ConnectionType: view.props.ConnectionType,
      Method: view.props.IntegrationMethod,
    };
  }

  private addDeploymentStage(view: ResourceView): void {
    const props = view.props;
    if (props.StageName === undefined || props.StageName === '') return;
    const description = props.StageDescription;
    const api = this.apiKey(props.RestApiId);
    // a StageDescription built by an intrinsic leaves every stage setting unknown
    const unknown = isIntrinsic(description);
    const d = unknown ? {} : description ?? {};
    const stageWide: any = { ResourcePath: '/*', HttpMethod: '*' };
    for (const name of STAGE_DESCRIPTION_SETTINGS) if (d[name] !== undefined) stageWide[name] = d[name];
    const settings = Array.isArray(d.MethodSettings) ? d.MethodSettings : d.MethodSettings === undefined ? [] : [d.MethodSettings];
    this.addStage({
      kind: 'REST',
      api,
      holder: view,
      props: {
        StageName: props.StageName,
        RestApiId: props.RestApiId,
        AccessLogSetting: unknown ? description : d.AccessLogSetting,
        MethodSettings: unknown ? description : isIntrinsic(d.MethodSettings) ? d.MethodSettings : [stageWide, ...settings],
        TracingEnabled: unknown ? description : d.TracingEnabled,
        CacheClusterEnabled: unknown ? description : d.CacheClusterEnabled,
      },
    });
  }

  private addV2Stage(view: ResourceView): void {
    const props = view.props;
    const api = this.apiKey(props.ApiId);
    const kind = this.api(api)?.kind;
    const logs = props.AccessLogSettings;
    const defaults = props.DefaultRouteSettings;
    const routes = props.RouteSettings;
    let methodSettings: any;
    if (isIntrinsic(defaults) || isIntrinsic(routes)) {
      methodSettings = isIntrinsic(defaults) ? defaults : routes;
    } else {
      methodSettings = [];
      if (defaults !== undefined) methodSettings.push(routeSetting('/*', defaults));
      if (routes !== null && typeof routes === 'object') {
        for (const [routeKey, setting] of Object.entries(routes)) {
          methodSettings.push(isIntrinsic(setting) ? setting : routeSetting(routeKey, setting));
        }
      }
    }
    this.addStage({
      kind,
      api,
      holder: view,
      props: {
        StageName: props.StageName,
        RestApiId: props.ApiId,
        AccessLogSetting: logs === undefined || isIntrinsic(logs) ? logs : { DestinationArn: logs.DestinationArn, Format: logs.Format },
        MethodSettings: methodSettings,
      },
    });
  }
}

/** A v2 route setting as a REST method setting (`ResourcePath` is `/*` for the stage-wide default, else the route key). */
function routeSetting(routeKey: string, setting: any): any {
  const out: any = { ResourcePath: routeKey, HttpMethod: '*' };
  if (setting === null || typeof setting !== 'object') return out;
  for (const [from, to] of ROUTE_SETTINGS) if (setting[from] !== undefined) out[to] = setting[from];
  return out;
}

/** The HTTP method of a route key (`GET /pets` → `GET`); WebSocket and `$default` keys are returned whole. */
function methodOfRouteKey(routeKey: unknown): unknown {
  if (typeof routeKey !== 'string') return routeKey;
  const m = /^([A-Za-z]+) \S/.exec(routeKey);
  return m ? m[1].toUpperCase() : routeKey;
}
