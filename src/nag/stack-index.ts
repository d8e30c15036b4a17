import { CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * One resource of a stack as it appears in the synthesized template: its logical id, type and resolved
 * properties (intrinsics stay as `{ Ref }`, `{ 'Fn::GetAtt' }`, ... objects).
 */
export interface ResourceView {
  readonly logicalId: string;
  readonly type: string;
  readonly props: any;
  readonly node: CfnResource;
}

/**
 * A per-stack index of every L1 resource, built once per validation run, so that rules which look across
 * resources (stage ↔ web ACL, API ↔ alarm) stay linear in the number of resources.
 */
export class StackIndex {
  /**
   * Builds the index of `stack`: one walk of its tree, one resolve per resource. `indexOf` gives the index of
   * another stack (the parent of a nested stack), so that references passed into a nested stack as parameters
   * can be followed to the resource they name.
   */
  public static build(stack: Stack, indexOf?: (other: Stack) => StackIndex): StackIndex {
    return new StackIndex(stack, indexOf);
  }

  public readonly stack: Stack;
  private readonly byId = new Map<string, ResourceView>();
  private readonly byNode = new Map<CfnResource, ResourceView>();
  private readonly byType = new Map<string, ResourceView[]>();
  private reverse?: Map<string, ResourceView[]>;
  private readonly memos = new Map<string, unknown>();
  private readonly renderErrors = new Map<CfnResource, string>();

  private readonly indexOf?: (other: Stack) => StackIndex;

  private constructor(stack: Stack, indexOf?: (other: Stack) => StackIndex) {
    this.stack = stack;
    this.indexOf = indexOf;
    const visit = (c: IConstruct) => {
      if (CfnResource.isCfnResource(c) && Stack.of(c) === stack) {
        try {
          this.add(c);
        } catch (e) {
          // one resource that cannot be rendered must not stop the validation of the others
          this.renderErrors.set(c, (e as Error).message);
        }
      }
      for (const child of c.node.children) {
        // resources of nested stacks belong to their own index
        if (Stack.isStack(child) && child !== stack) continue;
        visit(child);
      }
    };
    visit(stack);
  }

  /** The view of `node`, or undefined when it is not in this stack. */
  public view(node: CfnResource): ResourceView | undefined {
    return this.byNode.get(node);
  }

  /** Why `node` could not be rendered to CloudFormation (it then has no view), or undefined. */
  public renderError(node: CfnResource): string | undefined {
    return this.renderErrors.get(node);
  }

  /** The resource with this logical id. */
  public get(logicalId: string): ResourceView | undefined {
    return this.byId.get(logicalId);
  }

  /** All resources of a CloudFormation type, in tree order. */
  public ofType(type: string): ResourceView[] {
    return this.byType.get(type) ?? [];
  }

  /**
   * The resource a value points at: `{ Ref: id }`, `{ 'Fn::GetAtt': [id, attr] }` or `'id.attr'` GetAtt strings.
   * Undefined for literals, parameters, imports and resources outside this stack.
   */
  public target(value: unknown): ResourceView | undefined {
    const id = refId(value);
    if (id === undefined) return undefined;
    return this.byId.get(id) ?? this.passedIn(id);
  }

  /**
   * A nested stack's reference to a resource of its parent: after synthesis it is `{ Ref: parameter }`, which the
   * parent fills through the nested stack resource's `Parameters`; before synthesis the reference still names the
   * parent's logical id. Both are followed into the parent's index.
   */
  private passedIn(id: string): ResourceView | undefined {
    const parent = this.stack.nestedStackParent;
    const resource = this.stack.nestedStackResource;
    if (!parent || !resource || !this.indexOf) return undefined;
    const parentIndex = this.indexOf(parent);
    const passed = parentIndex.view(resource)?.props?.Parameters?.[id];
    return parentIndex.target(passed ?? { Ref: id });
  }

  /** Resources of `type` (or any type) whose properties reference `logicalId` anywhere (Ref, GetAtt, Sub). */
  public referrers(logicalId: string, type?: string): ResourceView[] {
    if (!this.reverse) {
      this.reverse = new Map();
      for (const view of this.byId.values()) {
        for (const id of referencedIds(view.props)) {
          const list = this.reverse.get(id) ?? [];
          if (list[list.length - 1] !== view) list.push(view);
          this.reverse.set(id, list);
        }
      }
    }
    const all = this.reverse.get(logicalId) ?? [];
    return type === undefined ? all : all.filter((v) => v.type === type);
  }

  /**
   * A value derived from the whole stack (e.g. "APIs in a usage plan"), computed once per index under `key`, so
   * that a rule which needs it for every resource of a type stays linear.
   */
  public memo<T>(key: string, compute: (index: StackIndex) => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute(this));
    return this.memos.get(key) as T;
  }

  private add(node: CfnResource): void {
    const template: any = this.stack.resolve((node as any)._toCloudFormation());
    for (const [logicalId, body] of Object.entries<any>(template?.Resources ?? {})) {
      const view: ResourceView = { logicalId, type: body.Type ?? node.cfnResourceType, props: body.Properties ?? {}, node };
      this.byId.set(logicalId, view);
      this.byNode.set(node, view);
      const list = this.byType.get(view.type) ?? [];
      list.push(view);
      this.byType.set(view.type, list);
    }
  }
}

/** The logical id behind a Ref or GetAtt, or undefined. */
export function refId(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const v = value as any;
  if (typeof v.Ref === 'string') return v.Ref;
  const getAtt = v['Fn::GetAtt'];
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') return getAtt[0];
  if (typeof getAtt === 'string') return getAtt.split('.')[0];
  return undefined;
}

/** Every logical id referenced anywhere inside a JSON value (Ref, GetAtt and `${X}` / `${X.Attr}` in Fn::Sub). */
export function referencedIds(value: unknown, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const v of value) referencedIds(v, out);
  } else if (value !== null && typeof value === 'object') {
    const id = refId(value);
    if (id !== undefined) out.add(id);
    const sub = (value as any)['Fn::Sub'];
    const subText = typeof sub === 'string' ? sub : Array.isArray(sub) && typeof sub[0] === 'string' ? sub[0] : undefined;
    if (subText) {
      for (const m of subText.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}/g)) out.add(m[1]);
    }
    for (const v of Object.values(value as object)) referencedIds(v, out);
  }
  return out;
}

/** True when a resolved value is a CloudFormation intrinsic (an object whose one key is Ref or Fn::*). */
export function isIntrinsic(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const keys = Object.keys(value as object);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0].startsWith('Fn::'));
}
