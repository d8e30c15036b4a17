import { CfnResource, Stack } from 'aws-cdk-lib';
import { ApiModel, ModelApi } from '../nag/model/api-model';
import { GeneratedView, isSamType } from '../nag/model/sam';
import { isIntrinsic, StackIndex } from '../nag/stack-index';

/** One API a template exposes, as the inventory lists it (OWASP API9: improper inventory management). */
export interface InventoryApi {
  /** Logical id of the resource that defines the API. */
  readonly resource: string;
  /** The API's name, when written as text. */
  readonly name?: string;
  /** REST, HTTP or WEBSOCKET; undefined when the kind is only known at deploy time, or for a SAM resource that was not expanded. */
  readonly kind?: string;
  /**
   * How it is written: `REST (methods)`, `REST (OpenAPI)`, `HTTP (routes)`, `HTTP (OpenAPI)`, `HTTP (quick create)`,
   * `WebSocket`, `REST (SAM)` / `HTTP (SAM)` (expanded from a SAM resource), `SAM` (not expanded).
   */
  readonly shape: string;
  /** Stage names (`(computed)` for a name only known at deploy time). */
  readonly stages: string[];
  /** Custom domain names mapped to the API. */
  readonly domains: string[];
  /** Endpoint types (EDGE, REGIONAL, PRIVATE); v2 APIs are REGIONAL. */
  readonly endpointTypes: string[];
  /** The authorization types its operations use (NONE included). */
  readonly authorizationTypes: string[];
  /** Operations anyone can call (no authorization; CORS preflights left out), marked when the finding is acknowledged. */
  readonly publicOperations: string[];
  /** Operations that require an API key, and usage plans that name the API. */
  readonly apiKeys: { readonly operations: number; readonly usagePlans: number };
  /** Owner and environment tags, when present. */
  readonly tags: { readonly [key: string]: string };
  /** True when the pack could read and judge the API's operations. */
  readonly judged: boolean;
  /** Why it could not be judged. */
  readonly notJudgedReason?: string;
}

const TAG_KEYS = /owner|team|environment|^env$|stage|cost-?cent(er|re)|application|^app$/i;

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function tagsOf(props: any): Record<string, string> {
  const out: Record<string, string> = {};
  const tags = props?.Tags;
  const entries: Array<[unknown, unknown]> = Array.isArray(tags)
    ? tags.map((t: any) => [t?.Key, t?.Value])
    : tags !== null && typeof tags === 'object' && !isIntrinsic(tags) ? Object.entries(tags) : [];
  for (const [k, v] of entries) {
    if (typeof k === 'string' && TAG_KEYS.test(k)) out[k] = typeof v === 'string' ? v : '(computed)';
  }
  return out;
}

function shapeOf(api: ModelApi): string {
  // an API the Serverless transform creates from a SAM resource
  if ((api.holder as GeneratedView).origin !== undefined) return `${api.kind ?? 'API'} (SAM)`;
  if (api.kind === 'WEBSOCKET') return 'WebSocket';
  const kind = api.kind ?? 'API';
  if (api.document) return `${kind} (OpenAPI)`;
  if (api.kind === 'HTTP' && api.holder.props.Target !== undefined) return 'HTTP (quick create)';
  if (api.holder.props.BodyS3Location !== undefined) return `${kind} (OpenAPI in S3)`;
  return `${kind} (${api.kind === 'REST' ? 'methods' : 'routes'})`;
}

/**
 * The inventory of every API in `stack` (a template loaded by `loadTemplate`), from the rule pack's API model:
 * shape, stages, domains, endpoint type, authorization, public operations, API-key use and owner tags, and whether
 * the pack could judge it. `acknowledged(resource, id)` tells whether a finding id is acknowledged on a resource;
 * `index` is the stack's index when the caller has built it.
 */
export function inventoryOf(
  stack: Stack, acknowledged: (resource: string, id: string) => boolean, index: StackIndex = StackIndex.build(stack),
): InventoryApi[] {
  const model = ApiModel.of(index);
  const operations = model.allOperations();
  const stages = model.allStages();
  const domainsByApi = new Map<string, string[]>();
  for (const [type, apiProp] of [['AWS::ApiGateway::BasePathMapping', 'RestApiId'], ['AWS::ApiGatewayV2::ApiMapping', 'ApiId']]) {
    for (const mapping of index.ofType(type)) {
      const key = model.apiKey(mapping.props[apiProp]);
      if (!key) continue;
      const domain = mapping.props.DomainName;
      const name = text(domain) ?? text(index.target(domain)?.props.DomainName) ?? '(computed)';
      domainsByApi.set(key, [...(domainsByApi.get(key) ?? []), name]);
    }
  }
  const usagePlansByApi = new Map<string, number>();
  for (const plan of index.ofType('AWS::ApiGateway::UsagePlan')) {
    const apiStages = Array.isArray(plan.props.ApiStages) ? plan.props.ApiStages : [];
    for (const key of new Set(apiStages.map((s: any) => model.apiKey(s?.ApiId)).filter(Boolean) as string[])) {
      usagePlansByApi.set(key, (usagePlansByApi.get(key) ?? 0) + 1);
    }
  }
  const out: InventoryApi[] = [];
  for (const api of model.apis.values()) {
    const ops = operations.filter((o) => o.api === api.key);
    const opName = (o: typeof ops[number]) => o.label ?? `${text(o.props.HttpMethod) ?? '?'} (${o.holder.logicalId})`;
    const auth = (o: typeof ops[number]) => text(o.props.AuthorizationType) ?? (o.props.AuthorizationType === undefined ? 'NONE' : '(computed)');
    const endpoint = api.kind === 'REST'
      ? (api.props.EndpointConfiguration?.Types ?? ['EDGE']).map((t: unknown) => text(t) ?? '(computed)')
      : api.kind ? ['REGIONAL'] : [];
    const origin = (api.holder as GeneratedView).origin;
    out.push({
      // a SAM API is named by the resource a user edits (the implicit API by the first function with an event for it)
      resource: origin === undefined || origin === api.holder.logicalId ? api.holder.logicalId : `${api.holder.logicalId} (from ${origin})`,
      name: text(api.props.Name),
      kind: api.kind,
      shape: shapeOf(api),
      stages: stages.filter((s) => s.api === api.key).map((s) => text(s.props.StageName) ?? '(computed)').sort(),
      domains: (domainsByApi.get(api.key) ?? []).sort(),
      endpointTypes: endpoint,
      authorizationTypes: [...new Set(ops.map(auth))].sort(),
      publicOperations: ops
        .filter((o) => auth(o) === 'NONE' && o.props.HttpMethod !== 'OPTIONS')
        .map((o) => `${opName(o)}${acknowledged(o.holder.logicalId, 'ApiBaseline-MethodAuthorization') ? ' (acknowledged)' : ''}`)
        .sort(),
      apiKeys: { operations: ops.filter((o) => o.props.ApiKeyRequired === true).length, usagePlans: usagePlansByApi.get(api.key) ?? 0 },
      tags: tagsOf(api.holder.props),
      judged: api.unreadable === undefined,
      ...(api.unreadable !== undefined ? { notJudgedReason: api.unreadable } : {}),
    });
  }
  // SAM resources that may define APIs but could not be expanded (a nested application, a GraphQL API, an unknown
  // property or event) are listed as not judged
  for (const c of stack.node.findAll()) {
    if (!CfnResource.isCfnResource(c) || !isSamType(c.cfnResourceType)) continue;
    const logicalId = stack.resolve(c.logicalId);
    const reasons = typeof logicalId === 'string' ? index.unexpanded(logicalId) : [];
    if (reasons.length === 0) continue;
    out.push({
      resource: logicalId,
      shape: 'SAM',
      stages: [],
      domains: [],
      endpointTypes: [],
      authorizationTypes: [],
      publicOperations: [],
      apiKeys: { operations: 0, usagePlans: 0 },
      tags: {},
      judged: false,
      notJudgedReason: reasons.join('; '),
    });
  }
  return out.sort((a, b) => a.resource.localeCompare(b.resource));
}
