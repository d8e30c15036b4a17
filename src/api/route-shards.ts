import { createHash } from 'crypto';
import { CfnResource, Lazy, NestedStack, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { CfnStack } from 'aws-cdk-lib/aws-cloudformation';
import { Construct, IConstruct } from 'constructs';

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

/** Where a route goes: a resource to add the method to, and the nested stack it lives in. */
export interface ShardPlacement {
  readonly resource: apigw.IResource;
  readonly shard: NestedStack;
}

/**
 * Places routes in nested stacks once the API's own stack is full.
 *
 * Routes are grouped by their top-level path segment: every segment is assigned to a shard the first time a route
 * under it is placed, and later routes under it go to the same shard while it has room. A full shard's segment
 * continues in the newest shard (which imports the segment's existing resources by id). A new shard is opened when
 * the newest one has no room. Decisions depend only on the routes added before, so appending routes never moves
 * routes that were already placed.
 */
export class RouteShards {
  private readonly shards: Shard[] = [];
  private readonly groups = new Map<string, Shard>();

  /**
   * @param scope where the nested stacks are created
   * @param restApi the API whose routes are placed
   * @param threshold resources a shard may hold
   * @param resourcesByPath every API Gateway resource created so far, by path, in whichever stack (shared, updated here)
   */
  constructor(
    private readonly scope: Construct,
    private readonly restApi: apigw.RestApi,
    private readonly threshold: number,
    private readonly resourcesByPath: Map<string, apigw.IResource>,
  ) {}

  /** The nested stacks created so far, in order. */
  public get stacks(): NestedStack[] {
    return this.shards.map((s) => s.stack);
  }

  /**
   * Chooses the shard of a route and returns the resource of its path there (creating the path's missing resources
   * and importing the deepest existing one from another stack).
   *
   * @param segments path segments of the route
   * @param methodCost resources the route adds besides its path resources (method, CORS preflight, permissions)
   */
  public place(segments: string[], methodCost: number): ShardPlacement {
    const group = segments[0] ?? '/';
    const fits = (s: Shard | undefined): s is Shard =>
      s !== undefined && s.count + this.newResources(s, segments) + methodCost <= this.threshold;
    const own = this.groups.get(group);
    const newest = this.shards[this.shards.length - 1];
    let shard: Shard;
    if (fits(own)) shard = own;
    else if (fits(newest)) shard = newest;
    else shard = this.openShard();
    this.groups.set(group, shard);
    return { resource: this.resourceIn(shard, segments), shard: shard.stack };
  }

  /**
   * Records the resources a method added to its shard (the method, permissions scoped to it or to the imported API)
   * so that the shard's count stays exact.
   */
  public recordMethod(shardStack: NestedStack, method: IConstruct, apiChildrenBefore: number): void {
    const shard = this.shards.find((s) => s.stack === shardStack)!;
    shard.count += countCfnResources(method) + (shard.api.node.children.length - apiChildrenBefore);
  }

  /** Number of children of the imported API of a shard (permissions shared by a function are created there). */
  public apiChildren(shardStack: NestedStack): number {
    return this.shards.find((s) => s.stack === shardStack)!.api.node.children.length;
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
