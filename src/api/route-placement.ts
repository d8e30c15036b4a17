import { createHash } from 'crypto';
import { CfnResource, Lazy, NestedStack, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { CfnStack } from 'aws-cdk-lib/aws-cloudformation';
import { Construct, IConstruct } from 'constructs';
import { ParsedRoute, routeError } from './route-path';

/** CloudFormation's limit of resources per template. */
export const CLOUDFORMATION_RESOURCE_LIMIT = 500;
/** Default number of resources a stack of routes may reach before routes go to nested stacks. */
export const DEFAULT_SHARDING_THRESHOLD = 450;
/** Smallest threshold accepted: below it a shard could not hold a deep route. */
export const MIN_SHARDING_THRESHOLD = 20;

/** One nested stack of routes. */
interface Shard {
  readonly stack: NestedStack;
  /** The REST API imported into the nested stack (id and root resource id are parameters). */
  readonly api: apigw.IRestApi;
  /** API Gateway resources usable in this shard by path: created here or imported from another stack. */
  readonly resources: Map<string, apigw.IResource>;
  /** CloudFormation resources in the nested stack so far (exact). */
  count: number;
}

/**
 * Places the routes of a REST API: the API Gateway resources of each path (created once, reused by later routes),
 * the CORS preflight of each resource, and the stack each route lives in.
 *
 * Routes go to the API's own stack while it holds fewer than `threshold` resources. From the first route that
 * would pass it (never the first route), this route and every later one go to nested stacks, grouped by their
 * top-level path segment: every segment is assigned to a shard the first time a route under it is placed, and later
 * routes under it go to the same shard while it has room. A full shard's segment continues in the newest shard
 * (which imports the segment's existing resources by id). A new shard is opened when the newest one has no room.
 * Decisions depend only on the routes added before, so appending routes never moves routes already placed.
 */
export class RoutePlacement {
  /** Every API Gateway resource created for a route path, by path, in whichever stack it lives. */
  private readonly resourcesByPath = new Map<string, apigw.IResource>();
  /** The path parameter used below each path (API Gateway allows one per level). */
  private readonly pathParameterNames = new Map<string, string>();
  /** Paths whose resource already has its CORS preflight. */
  private readonly corsResources = new Set<string>();
  private readonly shards: Shard[] = [];
  private readonly groups = new Map<string, Shard>();
  /** CloudFormation resources under the API's root resource in the API's stack (route resources and methods). */
  private rootRouteResources = 0;
  private placedRoutes = 0;
  /** Whether routes go to shards (from the first route that did not fit in the API's stack on). */
  private sharding = false;

  /**
   * @param scope where the nested stacks are created (the API construct)
   * @param restApi the API whose routes are placed
   * @param threshold resources the API's stack, and each shard, may hold
   * @param corsOptions the CORS preflight each route's resource gets, if any
   */
  constructor(
    private readonly scope: Construct,
    private readonly restApi: apigw.RestApi,
    private readonly threshold: number,
    private readonly corsOptions?: apigw.CorsOptions,
  ) {}

  /** The nested stacks created so far, in order. */
  public get stacks(): NestedStack[] {
    return this.shards.map((s) => s.stack);
  }

  /**
   * Places a route: finds or creates the resource of its path (in the API's stack or a shard), lets `addMethod`
   * add the method there, adds the resource's CORS preflight once and keeps the resource counts exact.
   *
   * @param parsed the route
   * @param integration the route's integration (Lambda permissions count as resources)
   * @param addMethod adds the route's method to the resource
   */
  public addMethod(
    parsed: ParsedRoute,
    integration: apigw.Integration,
    addMethod: (resource: apigw.IResource) => apigw.Method,
  ): apigw.Method {
    this.checkPathParameters(parsed);
    const methodCost = 1 + (this.needsPreflight(parsed.path) ? 1 : 0) + lambdaPermissionCost(integration);
    if (!this.sharding && this.placedRoutes > 0) {
      const newResources = parsed.segments.filter((_, i) => !this.resourcesByPath.has(pathOf(parsed.segments, i))).length;
      // The route resources under the root are counted as they are added (the rest of the stack is walked), so that
      // each check costs the size of the rest of the stack, not of all routes.
      const stackResources = countStackResources(Stack.of(this.scope), this.restApi.root) + this.rootRouteResources;
      if (stackResources + newResources + methodCost > this.threshold) this.sharding = true;
    }
    const shard = this.sharding ? this.shardFor(parsed.segments, methodCost) : undefined;
    const resource = shard ? this.resourceIn(shard, parsed.segments) : this.resourceInRoot(parsed.segments);
    const apiChildrenBefore = shard ? shard.api.node.children.length : 0;

    const method = addMethod(resource);
    this.placedRoutes++;
    const preflight = this.needsPreflight(resource.path) ? resource.addCorsPreflight(this.corsOptions!) : undefined;
    this.corsResources.add(resource.path);
    if (!shard) {
      this.rootRouteResources += countCfnResources(method) + (preflight ? countCfnResources(preflight) : 0);
    } else {
      this.recordMethod(shard, method, apiChildrenBefore);
      if (preflight) this.recordMethod(shard, preflight, shard.api.node.children.length);
    }
    return method;
  }

  private needsPreflight(path: string): boolean {
    return this.corsOptions !== undefined && !this.corsResources.has(path);
  }

  /** API Gateway allows one path parameter per level: all routes must name it the same. */
  private checkPathParameters(parsed: ParsedRoute): void {
    parsed.segments.forEach((segment, i) => {
      if (!segment.startsWith('{')) return;
      const parent = i === 0 ? '/' : pathOf(parsed.segments, i - 1);
      const existing = this.pathParameterNames.get(parent);
      if (existing !== undefined && existing !== segment) {
        throw routeError(parsed.route, 'path', parsed.path,
          `must use the same path parameter as other routes at ${parent === '/' ? '' : parent}/${existing} (API Gateway allows one per level)`);
      }
      this.pathParameterNames.set(parent, segment);
    });
  }

  /** The resource of a path in the API's own stack, creating the missing resources. */
  private resourceInRoot(segments: string[]): apigw.IResource {
    let resource: apigw.IResource = this.restApi.root;
    segments.forEach((segment, i) => {
      const path = pathOf(segments, i);
      let next = this.resourcesByPath.get(path);
      if (!next) {
        next = resource.addResource(segment);
        this.resourcesByPath.set(path, next);
        this.rootRouteResources++;
      }
      resource = next;
    });
    return resource;
  }

  /** The shard of a route: its segment's shard if it has room, else the newest shard, else a new one. */
  private shardFor(segments: string[], methodCost: number): Shard {
    const group = segments[0] ?? '/';
    const fits = (s: Shard | undefined): s is Shard =>
      s !== undefined && s.count + this.newResources(s, segments) + methodCost <= this.threshold;
    const own = this.groups.get(group);
    const newest = this.shards[this.shards.length - 1];
    const shard = fits(own) ? own : fits(newest) ? newest : this.openShard();
    this.groups.set(group, shard);
    return shard;
  }

  /**
   * Records the resources a method added to its shard (the method, permissions scoped to it or to the imported API)
   * so that the shard's count stays exact.
   */
  private recordMethod(shard: Shard, method: IConstruct, apiChildrenBefore: number): void {
    shard.count += countCfnResources(method) + (shard.api.node.children.length - apiChildrenBefore);
  }

  private openShard(): Shard {
    const n = this.shards.length + 1;
    const stack = new NestedStack(this.scope, `Routes${n}`, {
      description: `Routes of ${this.scope.node.path} (part ${n})`,
    });
    const api = apigw.RestApi.fromRestApiAttributes(stack, 'Api', {
      restApiId: this.restApi.restApiId,
      rootResourceId: this.restApi.restApiRootResourceId,
      restApiName: this.restApi.restApiName,
    });
    const deployment = this.restApi.latestDeployment;
    if (deployment) {
      // The stage must not be redeployed before every shard's methods exist, and must be redeployed when anything in
      // a shard changes: the nested template's URL names its content hash, so it is part of the deployment's logical
      // id (one value per shard, however many routes it holds).
      deployment.node.addDependency(stack);
      const templateUrl = (stack.nestedStackResource as CfnStack).templateUrl;
      deployment.addToLogicalId({ routesTemplate: Lazy.uncachedAny({ produce: () => Stack.of(this.restApi).resolve(templateUrl) }) });
    }
    const shard: Shard = { stack, api, resources: new Map([['/', api.root]]), count: 0 };
    this.shards.push(shard);
    return shard;
  }

  /** Resources the route's path would add to a shard (paths neither in the shard nor created elsewhere). */
  private newResources(shard: Shard, segments: string[]): number {
    let count = 0;
    let path = '';
    for (const segment of segments) {
      path += `/${segment}`;
      if (!shard.resources.has(path) && !this.resourcesByPath.has(path)) count++;
    }
    return count;
  }

  /**
   * The resource of a path in a shard, creating the path's missing resources and importing the deepest existing
   * one from another stack.
   */
  private resourceIn(shard: Shard, segments: string[]): apigw.IResource {
    let resource = shard.resources.get('/')!;
    let path = '';
    let pendingImport: { path: string; resource: apigw.IResource } | undefined;
    for (const segment of segments) {
      path += `/${segment}`;
      const local = shard.resources.get(path);
      if (local) {
        resource = local;
        continue;
      }
      const elsewhere = this.resourcesByPath.get(path);
      if (elsewhere) {
        // Import only the deepest existing resource of the path.
        pendingImport = { path, resource: elsewhere };
        continue;
      }
      if (pendingImport) {
        resource = this.importInto(shard, pendingImport.path, pendingImport.resource);
        pendingImport = undefined;
      }
      const created = resource.addResource(segment);
      shard.count++;
      shard.resources.set(path, created);
      this.resourcesByPath.set(path, created);
      resource = created;
    }
    if (pendingImport) resource = this.importInto(shard, pendingImport.path, pendingImport.resource);
    return resource;
  }

  private importInto(shard: Shard, path: string, existing: apigw.IResource): apigw.IResource {
    const id = `Resource${createHash('sha256').update(path).digest('hex').slice(0, 12)}`;
    const imported = apigw.Resource.fromResourceAttributes(shard.stack, id, {
      resourceId: existing.resourceId,
      restApi: shard.api,
      path,
    });
    shard.resources.set(path, imported);
    return imported;
  }
}

/** The path of the first `i + 1` segments, e.g. `/orders/{id}`. */
function pathOf(segments: string[], i: number): string {
  return `/${segments.slice(0, i + 1).join('/')}`;
}

/** Lambda permissions a route's integration may add: one shared per function and API, or two per method. */
function lambdaPermissionCost(integration: apigw.Integration): number {
  if (!(integration instanceof apigw.LambdaIntegration)) return 0;
  return (integration as any).scopePermissionToMethod === true ? 2 : 1;
}

/**
 * CloudFormation resources of a stack, not counting those of its nested stacks (each nested stack counts once) nor
 * those under `skip` (counted by the caller).
 */
export function countStackResources(stack: Stack, skip?: IConstruct): number {
  let count = 0;
  const todo: IConstruct[] = [...stack.node.children];
  while (todo.length > 0) {
    const c = todo.pop()!;
    if (c === skip || Stack.isStack(c)) continue;
    if (CfnResource.isCfnResource(c)) count++;
    todo.push(...c.node.children);
  }
  return count;
}

/** CloudFormation resources in a construct's subtree. */
export function countCfnResources(scope: IConstruct): number {
  return scope.node.findAll().filter((c) => CfnResource.isCfnResource(c)).length;
}
