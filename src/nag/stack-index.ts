import { CfnCondition, CfnElement, CfnParameter, CfnResource, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { expandSam, GeneratedView, isSamType, resolveSamReferences, TRANSFORM_PLACEHOLDER_TYPE } from './model/sam';
import { evaluateCondition, TemplateContext } from './model/template-context';
import { TemplateResources } from './synthesized-templates';
import { DEFAULT_THRESHOLDS, ResolvedThresholds } from './thresholds';

/**
 * One resource of a stack as it appears in the synthesized template: its logical id, type and resolved
 * properties (intrinsics stay as `{ Ref }`, `{ 'Fn::GetAtt' }`, ... objects).
 */
export interface ResourceView {
  readonly logicalId: string;
  readonly type: string;
  readonly props: any;
  /** The name of the `Condition` the resource is created under, if any. */
  readonly condition?: string;
}

/**
 * A per-stack index of every L1 resource, built once per validation run, so that rules which look across
 * resources (stage ↔ web ACL, API ↔ alarm) stay linear in the number of resources.
 */
export class StackIndex {
  /**
   * Builds the index of `stack`. With `template` (the stack's synthesized template) the index holds the template's
   * resources and finds a construct's resource by its logical id; without, it walks the stack's tree once and renders
   * and resolves each L1 resource. `indexOf` gives the index of another stack (the parent of a nested stack), so that
   * references passed into a nested stack as parameters can be followed to the resource they name.
   */
  public static build(
    stack: Stack, indexOf?: (other: Stack) => StackIndex, template?: TemplateResources,
    thresholds: ResolvedThresholds = DEFAULT_THRESHOLDS,
  ): StackIndex {
    return new StackIndex(stack, indexOf, template, thresholds);
  }

  public readonly stack: Stack;
  /** Construct path of the stack. */
  public readonly stackPath: string;
  private readonly byId = new Map<string, ResourceView>();
  private readonly byNode = new Map<CfnResource, ResourceView>();
  private readonly byType = new Map<string, ResourceView[]>();
  private readonly paths = new Map<IConstruct, string>();
  private readonly lookedUp = new Set<CfnResource>();
  private readonly reverse = new Map<string, Map<string, ResourceView[]>>();
  private readonly memos = new Map<string, unknown>();
  private readonly renderErrors = new Map<CfnResource, string>();
  private readonly parameters = new Map<string, any>();
  private readonly conditions = new Map<string, any>();
  private readonly conditionValues = new Map<string, boolean | undefined>();
  private readonly parameterUse = new WeakMap<ResourceView, boolean>();
  private triedParameters?: Set<string>;
  private readonly conditionalUse = new WeakMap<ResourceView, boolean>();
  /** SAM resources by logical id: the transform replaces them, so they are kept apart from the template's resources. */
  private readonly samViews = new Map<string, ResourceView>();
  private readonly generatedBySam = new Map<string, GeneratedView[]>();
  private samUnexpanded: ReadonlyMap<string, string[]> = new Map();
  private globals: unknown;

  private readonly indexOf?: (other: Stack) => StackIndex;
  private readonly template?: TemplateResources;

  /** The numbers rules judge against (see `BaselineThresholds`). */
  public readonly thresholds: ResolvedThresholds;

  private constructor(
    stack: Stack,
    indexOf: ((other: Stack) => StackIndex) | undefined,
    template: TemplateResources | undefined,
    thresholds: ResolvedThresholds,
  ) {
    this.stack = stack;
    this.thresholds = thresholds;
    this.stackPath = stack.node.path;
    this.indexOf = indexOf;
    this.template = template;
    if (template) {
      // forEach hands over each entry without building a [key, value] pair (a large stack has thousands)
      template.resources.forEach((body, logicalId) => {
        if (body !== null && typeof body === 'object') this.addView(viewOf(logicalId, body, body.Type));
      });
      for (const [id, p] of template.parameters) this.parameters.set(id, p);
      for (const [id, c] of template.conditions) this.conditions.set(id, c);
      this.globals = template.globals;
      this.expandSam();
      return;
    }
    // resources of nested stacks (and of stages) belong to their own index
    const visit = (c: IConstruct) => {
      if (CfnResource.isCfnResource(c)) this.render(c);
      else if (c instanceof CfnParameter || c instanceof CfnCondition) this.renderSection(c);
      else if (CfnElement.isCfnElement(c)) this.renderGlobals(c);
      for (const child of c.node.children) {
        if (!Stack.isStack(child) && !Stage.isStage(child)) visit(child);
      }
    };
    visit(stack);
    this.expandSam();
  }

  /**
   * The plain CloudFormation resources the Serverless transform creates from the SAM resource `samId` (those reported
   * on it, and generated APIs that hold operations of its events).
   */
  public generatedFrom(samId: string): GeneratedView[] {
    return this.generatedBySam.get(samId) ?? [];
  }

  /** What could not be expanded of the SAM resource `samId`, as sentences. */
  public unexpanded(samId: string): string[] {
    return this.samUnexpanded.get(samId) ?? [];
  }

  /** Expands the stack's SAM resources into the resources the transform creates, and indexes those. */
  private expandSam(): void {
    if (this.samViews.size === 0) return;
    const expansion = expandSam([...this.samViews.values()], this.globals, (id) => this.byId.has(id));
    this.samUnexpanded = expansion.unexpanded;
    // `!Ref MyApi.Stage` and the like name the resources the transform creates
    if (expansion.references.size > 0) {
      const nodes = new Map<ResourceView, CfnResource[]>();
      for (const [node, view] of this.byNode) nodes.set(view, [...(nodes.get(view) ?? []), node]);
      for (const [id, view] of this.byId) {
        const props = resolveSamReferences(view.props, expansion.references);
        if (props === view.props) continue;
        const resolved = { ...view, props };
        this.byId.set(id, resolved);
        const list = this.byType.get(view.type)!;
        list[list.indexOf(view)] = resolved;
        for (const node of nodes.get(view) ?? []) this.byNode.set(node, resolved);
      }
    }
    for (const view of expansion.generated) {
      this.addView(view);
      const origins = new Set([view.origin, ...(view.operationOrigins?.values() ?? [])]);
      for (const origin of origins) {
        const list = this.generatedBySam.get(origin) ?? [];
        list.push(view);
        this.generatedBySam.set(origin, list);
      }
    }
  }

  /** The view of `node` (an L1 resource of this stack), or undefined when it does not synthesize. */
  public view(node: CfnResource): ResourceView | undefined {
    const known = this.byNode.get(node);
    if (known || !this.template || this.lookedUp.has(node)) return known;
    const logicalId = this.template.logicalIdOf(node, this.pathOf(node));
    const inTemplate = logicalId === undefined ? undefined
      : isSamType(node.cfnResourceType) ? this.samViews.get(logicalId) : this.byId.get(logicalId);
    if (inTemplate) {
      this.byNode.set(node, inTemplate);
      return inTemplate;
    }
    this.lookedUp.add(node);
    // not in the template (or not found there): judge it as rendered, as without a template
    this.render(node);
    return this.byNode.get(node);
  }

  /**
   * Construct path of `c`, built from the paths of its ancestors computed before (`node.path` walks up to the root
   * each time, and the L1 resources of a stack share most of their ancestors).
   */
  public pathOf(c: IConstruct): string {
    if (c === this.stack) return this.stackPath;
    let path = this.paths.get(c);
    if (path === undefined) {
      const scope = c.node.scope;
      const parent = scope ? this.pathOf(scope) : undefined;
      path = parent === undefined ? c.node.path : parent === '' ? c.node.id : `${parent}/${c.node.id}`;
      this.paths.set(c, path);
    }
    return path;
  }

  /** Why `node` could not be rendered to CloudFormation (it then has no view), or undefined. */
  public renderError(node: CfnResource): string | undefined {
    return this.renderErrors.get(node);
  }

  /** The `Parameters` and `Conditions` of the stack's template. */
  public get context(): TemplateContext {
    return { parameters: this.parameters, conditions: this.conditions };
  }

  /** True when the properties of `view` reference a parameter with a default or allowed values (by `Ref` or in `Fn::Sub`). */
  public usesParameters(view: ResourceView): boolean {
    // only a parameter with a default or allowed values has values to try
    if (this.triedParameters === undefined) {
      this.triedParameters = new Set([...this.parameters]
        .filter(([, p]) => p !== undefined && p !== null && (p.Default !== undefined || p.AllowedValues !== undefined)
          // an SSM parameter's default names the parameter, not its value; a NoEcho value is never substituted
          && !(typeof p.Type === 'string' && p.Type.startsWith('AWS::SSM::Parameter::Value')) && !isTrueValue(p.NoEcho))
        .map(([id]) => id));
    }
    const tried = this.triedParameters;
    if (tried.size === 0) return false;
    let uses = this.parameterUse.get(view);
    if (uses === undefined) {
      uses = [...referencedIds(view.props)].some((id) => tried.has(id));
      this.parameterUse.set(view, uses);
    }
    return uses;
  }

  /** True when the properties of `view` hold an `Fn::If` and the template has conditions to decide it. */
  public usesConditionals(view: ResourceView): boolean {
    if (this.conditions.size === 0) return false;
    let uses = this.conditionalUse.get(view);
    if (uses === undefined) {
      uses = containsKey(view.props, 'Fn::If');
      this.conditionalUse.set(view, uses);
    }
    return uses;
  }

  /**
   * Whether the resource is created: true without a condition or under a condition that holds, false under one that
   * does not, undefined when the condition cannot be decided at synth.
   */
  public conditionOf(view: ResourceView): boolean | undefined {
    if (view.condition === undefined) return true;
    if (!this.conditionValues.has(view.condition)) {
      this.conditionValues.set(view.condition, evaluateCondition(view.condition, this.context));
    }
    return this.conditionValues.get(view.condition);
  }

  /**
   * The resources of `type` that can protect another resource (an association, a logging configuration, an alarm):
   * those under a condition known to be false protect nothing and are left out; `undecided` lists the ones whose
   * condition cannot be decided.
   */
  public protectors(type: string): { readonly created: ResourceView[]; readonly undecided: ResourceView[] } {
    return this.memo(`protectors:${type}`, () => {
      const created: ResourceView[] = [];
      const undecided: ResourceView[] = [];
      for (const view of this.ofType(type)) {
        const holds = this.conditionOf(view);
        if (holds === true) created.push(view);
        else if (holds === undefined) undecided.push(view);
      }
      return { created, undecided };
    });
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
    // one reverse map per type asked for, so that a rule about stages does not walk every method
    const key = type ?? '*';
    let reverse = this.reverse.get(key);
    if (!reverse) {
      reverse = new Map();
      for (const view of type === undefined ? this.byId.values() : this.ofType(type)) {
        for (const id of referencedIds(view.props)) {
          const list = reverse.get(id) ?? [];
          if (list[list.length - 1] !== view) list.push(view);
          reverse.set(id, list);
        }
      }
      this.reverse.set(key, reverse);
    }
    return reverse.get(logicalId) ?? [];
  }

  /**
   * A value derived from the whole stack (e.g. "APIs in a usage plan"), computed once per index under `key`, so
   * that a rule which needs it for every resource of a type stays linear.
   */
  public memo<T>(key: string, compute: (index: StackIndex) => T): T {
    if (!this.memos.has(key)) this.memos.set(key, compute(this));
    return this.memos.get(key) as T;
  }

  private addView(view: ResourceView, node?: CfnResource): void {
    // a placeholder stands for a resource the expansion of the SAM resources gives
    if (view.type === TRANSFORM_PLACEHOLDER_TYPE) return;
    if (node) this.byNode.set(node, view);
    if (isSamType(view.type)) {
      // the transform replaces a SAM resource with the resources it creates, some under the same logical id
      this.samViews.set(view.logicalId, view);
      return;
    }
    this.byId.set(view.logicalId, view);
    const list = this.byType.get(view.type) ?? [];
    list.push(view);
    this.byType.set(view.type, list);
  }

  /** Renders and resolves `node` into the index; a resource that cannot be rendered keeps the reason instead. */
  private render(node: CfnResource): void {
    try {
      const raw: any = (node as any)._toCloudFormation();
      // the logical id and the body are resolved apart: resolving `{ [id]: body }` whole loses an id like `__proto__`
      for (const [key, rawBody] of Object.entries<any>(raw?.Resources ?? {})) {
        const logicalId: string = this.stack.resolve(key);
        const body: any = this.stack.resolve(rawBody);
        const inTemplate = this.template ? (isSamType(body.Type ?? '') ? this.samViews.get(logicalId) : this.byId.get(logicalId)) : undefined;
        if (inTemplate) this.byNode.set(node, inTemplate);
        else this.addView(viewOf(logicalId, body, body.Type ?? node.cfnResourceType), node);
      }
    } catch (e) {
      // one resource that cannot be rendered must not stop the validation of the others
      this.renderErrors.set(node, (e as Error).message);
    }
  }

  /** Reads the SAM `Globals` section an element (an included template) writes. */
  private renderGlobals(element: CfnElement): void {
    try {
      const rendered: any = (element as any)._toCloudFormation();
      if (rendered?.Globals !== undefined) this.globals = this.stack.resolve(rendered.Globals);
    } catch {
      // an element that cannot be rendered adds no globals
    }
  }

  /** Renders a parameter or condition of the stack into the template context. */
  private renderSection(element: CfnParameter | CfnCondition): void {
    try {
      const rendered: any = this.stack.resolve((element as any)._toCloudFormation());
      for (const [id, p] of Object.entries<any>(rendered?.Parameters ?? {})) this.parameters.set(id, p);
      for (const [id, c] of Object.entries<any>(rendered?.Conditions ?? {})) this.conditions.set(id, c);
    } catch {
      // a section that cannot be rendered leaves its references undecided
    }
  }
}

/** True for `true` or `'true'`. */
function isTrueValue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** True when an object anywhere inside `value` has the key `key`. */
function containsKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => containsKey(v, key));
  if (value === null || typeof value !== 'object') return false;
  if (Object.prototype.hasOwnProperty.call(value, key)) return true;
  return Object.values(value as object).some((v) => containsKey(v, key));
}

/** The view of a template resource body. */
function viewOf(logicalId: string, body: any, type: string): ResourceView {
  const condition = typeof body.Condition === 'string' ? body.Condition : undefined;
  return condition === undefined
    ? { logicalId, type, props: body.Properties ?? {} }
    : { logicalId, type, props: body.Properties ?? {}, condition };
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
