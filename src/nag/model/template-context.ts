import { isIntrinsic } from '../stack-index';

/** The Parameters and Conditions sections of a template, as written (Map by logical id). */
export interface TemplateContext {
  /** Parameter definitions (`Type`, `Default`, `AllowedValues`, `NoEcho`, ...) by logical id. */
  readonly parameters: Map<string, any>;
  /** Condition expressions by logical id. */
  readonly conditions: Map<string, any>;
}

/**
 * Decides conditions from literals only. Results are remembered for the life of the evaluator, so that a chain of
 * conditions that reference each other costs one evaluation per condition. Every condition on a reference cycle is
 * undecidable (CloudFormation rejects such a template).
 */
class ConditionEvaluator {
  private readonly memo = new Map<string, boolean | undefined>();
  private readonly stack: string[] = [];
  private readonly onStack = new Set<string>();
  private readonly cyclic = new Set<string>();

  constructor(private readonly ctx: TemplateContext) {}

  public condition(name: string): boolean | undefined {
    if (this.memo.has(name)) return this.memo.get(name);
    if (!this.ctx.conditions.has(name)) return undefined;
    if (this.onStack.has(name)) {
      // every condition from `name` up to the top of the stack is on the cycle
      for (let i = this.stack.length - 1; i >= 0; i--) {
        this.cyclic.add(this.stack[i]);
        if (this.stack[i] === name) break;
      }
      return undefined;
    }
    this.stack.push(name);
    this.onStack.add(name);
    const value = this.expression(this.ctx.conditions.get(name));
    this.stack.pop();
    this.onStack.delete(name);
    const result = this.cyclic.has(name) ? undefined : value;
    this.memo.set(name, result);
    return result;
  }

  public expression(expr: unknown): boolean | undefined {
    if (expr === null || typeof expr !== 'object' || Array.isArray(expr)) return undefined;
    const keys = Object.keys(expr);
    if (keys.length !== 1) return undefined;
    const key = keys[0];
    const arg = (expr as Record<string, unknown>)[key];
    switch (key) {
      case 'Condition':
        return typeof arg === 'string' ? this.condition(arg) : undefined;
      case 'Fn::Equals':
        return equals(arg);
      case 'Fn::Not': {
        if (!Array.isArray(arg) || arg.length !== 1) return undefined;
        const inner = this.expression(arg[0]);
        return inner === undefined ? undefined : !inner;
      }
      case 'Fn::And':
      case 'Fn::Or': {
        if (!Array.isArray(arg) || arg.length === 0) return undefined;
        // every part is evaluated (no early exit), so that a cycle is found whatever the order of the parts
        const parts = arg.map((part) => this.expression(part));
        const decisive = key === 'Fn::Or';
        if (parts.includes(decisive)) return decisive;
        return parts.includes(undefined) ? undefined : !decisive;
      }
      default:
        return undefined;
    }
  }
}

/** `Fn::Equals` of two literals, compared as CloudFormation compares them: as strings. */
function equals(arg: unknown): boolean | undefined {
  if (!Array.isArray(arg) || arg.length !== 2) return undefined;
  const [a, b] = arg;
  if (!isLiteral(a) || !isLiteral(b)) return undefined;
  return String(a) === String(b);
}

function isLiteral(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}

/** true / false when the named condition is statically decidable, undefined when it is not (or not defined). */
export function evaluateCondition(name: string, ctx: TemplateContext): boolean | undefined {
  return new ConditionEvaluator(ctx).condition(name);
}

/** Same for a condition expression (Fn::Equals, Fn::Not, Fn::And, Fn::Or, { Condition: name }). */
export function evaluateConditionExpression(expr: unknown, ctx: TemplateContext): boolean | undefined {
  return new ConditionEvaluator(ctx).expression(expr);
}

/** Marks a value that a chosen `Fn::If` branch removed (`AWS::NoValue`). */
const REMOVED: unique symbol = Symbol('removed');
const NO_VALUE = 'AWS::NoValue';

function isNoValue(value: unknown): boolean {
  return isIntrinsic(value) && (value as { Ref?: unknown }).Ref === NO_VALUE;
}

/** Builds an object with the given own properties (`__proto__` included) on the ordinary prototype. */
function objectOf(entries: [string, unknown][]): Record<string, unknown> {
  return Object.fromEntries(entries);
}

/**
 * Replaces every `Fn::If` whose condition is decidable by the chosen branch (`AWS::NoValue` → the key/element
 * removed); undecidable ones stay as they are. Returns the new value and the names of undecidable conditions met.
 *
 * Parts that hold no decidable `Fn::If` are returned as they are (not copied). When the whole value is a decided
 * `Fn::If` that chooses `AWS::NoValue`, the value is `undefined`. Decidable `Fn::If`s inside the branches of an
 * undecidable one are resolved too.
 */
export function resolveConditionals(value: unknown, ctx: TemplateContext): { value: unknown; undecided: string[] } {
  const evaluator = new ConditionEvaluator(ctx);
  const undecided = new Set<string>();

  const resolve = (v: unknown): unknown => {
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      v.forEach((element, i) => {
        const r = resolve(element);
        if (r !== element && !out) out = v.slice(0, i);
        if (out && r !== REMOVED) out.push(r);
      });
      return out ?? v;
    }
    if (v === null || typeof v !== 'object') return v;
    const fnIf = (v as Record<string, unknown>)['Fn::If'];
    if (isIntrinsic(v) && Array.isArray(fnIf) && fnIf.length === 3 && typeof fnIf[0] === 'string') {
      const decided = evaluator.condition(fnIf[0]);
      if (decided !== undefined) {
        const chosen = decided ? fnIf[1] : fnIf[2];
        return isNoValue(chosen) ? REMOVED : resolve(chosen);
      }
      undecided.add(fnIf[0]);
      const branches = [fnIf[1], fnIf[2]].map((b) => {
        const r = resolve(b);
        return r === REMOVED ? { Ref: NO_VALUE } : r;
      });
      if (branches[0] === fnIf[1] && branches[1] === fnIf[2]) return v;
      return { 'Fn::If': [fnIf[0], ...branches] };
    }
    let changed = false;
    const entries: [string, unknown][] = [];
    for (const key of Object.keys(v)) {
      const element = (v as Record<string, unknown>)[key];
      const r = resolve(element);
      if (r !== element) changed = true;
      if (r !== REMOVED) entries.push([key, r]);
    }
    return changed ? objectOf(entries) : v;
  };

  const resolved = resolve(value);
  return { value: resolved === REMOVED ? undefined : resolved, undecided: [...undecided] };
}

/** One way the parameters a value uses can be set. */
export interface ParameterVariant {
  /** The value with the parameters substituted. */
  readonly value: unknown;
  /** The value given to each substituted parameter, in the order the parameters are first referenced. */
  readonly assignments: { readonly name: string; readonly value: unknown }[];
}

/** How many variants `parameterVariants` returns at most, unless told otherwise. */
export const MAX_PARAMETER_VARIANTS = 64;

/** A parameter that can be expanded: its typed values, the first one being the value it has unless set. */
interface Expandable {
  readonly list: boolean;
  readonly values: unknown[];
}

function isListType(type: string): boolean {
  return type === 'CommaDelimitedList' || /^List<.*>$/.test(type);
}

/** The typed values a parameter can take (its Default or first allowed value first), or undefined to leave it alone. */
function expandable(definition: unknown): Expandable | undefined {
  if (definition === null || typeof definition !== 'object' || Array.isArray(definition)) return undefined;
  const def = definition as Record<string, unknown>;
  const type = typeof def.Type === 'string' ? def.Type.trim() : 'String';
  if (type.startsWith('AWS::SSM::Parameter::Value<')) return undefined;
  if (def.NoEcho === true || String(def.NoEcho).toLowerCase() === 'true') return undefined;
  const list = isListType(type);
  const hasDefault = Object.prototype.hasOwnProperty.call(def, 'Default') && isRaw(def.Default);
  const allowed = Array.isArray(def.AllowedValues) ? def.AllowedValues.filter(isRaw) : [];
  if (!hasDefault && (list || allowed.length === 0)) return undefined;

  const typed = (raw: unknown): unknown => {
    if (list) {
      const text = Array.isArray(raw) ? raw.map(String).join(',') : String(raw);
      return text === '' ? [] : text.split(',').map((s) => s.trim());
    }
    const text = String(raw);
    if (type === 'Number' && text.trim() !== '' && Number.isFinite(Number(text))) return Number(text);
    return text;
  };
  const values: unknown[] = [];
  const seen = new Set<string>();
  for (const raw of hasDefault ? [def.Default, ...allowed] : allowed) {
    const value = typed(raw);
    const key = JSON.stringify(value);
    if (seen.has(key)) continue;
    seen.add(key);
    values.push(value);
  }
  return { list, values };
}

/** A literal a parameter can be set to: strings, numbers, booleans, and (for lists) arrays of those. */
function isRaw(value: unknown): boolean {
  if (Array.isArray(value)) return value.every((v) => isLiteral(v));
  return isLiteral(value);
}

/** Placeholders of an `Fn::Sub` string: `${Name}` and `${Name.Attr}`, not the `${!Literal}` escapes. */
const SUB_PLACEHOLDER = /\$\{(?!!)([^}]*)\}/g;

/** The text and the variables map of an `Fn::Sub`, or undefined when `v` is not one with a literal text. */
function subOf(v: unknown): { text: string; vars?: Record<string, unknown> } | undefined {
  if (!isIntrinsic(v)) return undefined;
  const sub = (v as Record<string, unknown>)['Fn::Sub'];
  if (typeof sub === 'string') return { text: sub };
  if (Array.isArray(sub) && sub.length === 2 && typeof sub[0] === 'string') {
    const vars = sub[1] !== null && typeof sub[1] === 'object' && !Array.isArray(sub[1]) ? sub[1] as Record<string, unknown> : {};
    return { text: sub[0], vars };
  }
  return undefined;
}

function hasOwn(o: object | undefined, key: string): boolean {
  return o !== undefined && Object.prototype.hasOwnProperty.call(o, key);
}

/**
 * The ways `value` can look for the parameters it references (`{ Ref: P }` where P is in ctx.parameters,
 * also `${P}` inside `Fn::Sub` strings): one variant with every referenced parameter at its `Default`, plus one
 * per other `AllowedValues` entry of each parameter (the others at their Default). A parameter with neither
 * Default nor AllowedValues, an SSM-typed parameter (`AWS::SSM::Parameter::Value<...>`), a `NoEcho` parameter,
 * and list-typed parameters with no Default stay as `{ Ref }`. Values are substituted with the parameter's type:
 * `Number` → number when numeric, `CommaDelimitedList`/`List<...>` → string array. When `value` references no such
 * parameter, returns exactly one variant with the value unchanged and no assignments (cheap: no copy).
 * Caps the number of variants (e.g. 64) and says so via a `truncated` flag.
 *
 * A parameter with AllowedValues but no Default starts at its first allowed value. Inside `Fn::Sub` only scalar
 * parameters are substituted (a name in the `Fn::Sub` variables map is not a parameter); an `Fn::Sub` left with no
 * placeholder becomes the plain string it stands for.
 *
 * @param limit the most variants returned
 */
export function parameterVariants(
  value: unknown,
  ctx: TemplateContext,
  limit: number = MAX_PARAMETER_VARIANTS,
): { variants: ParameterVariant[]; truncated: boolean } {
  // the expandable parameters referenced, in the order first met
  const used = new Map<string, Expandable>();
  const consider = (name: string, inSub: boolean) => {
    if (used.has(name) || !ctx.parameters.has(name)) return;
    const p = expandable(ctx.parameters.get(name));
    if (p && !(inSub && p.list)) used.set(name, p);
  };
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (const element of v) collect(element);
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (isIntrinsic(v)) {
      const ref = (v as Record<string, unknown>).Ref;
      if (typeof ref === 'string') consider(ref, false);
      const sub = subOf(v);
      if (sub) {
        for (const m of sub.text.matchAll(SUB_PLACEHOLDER)) {
          if (!hasOwn(sub.vars, m[1])) consider(m[1], true);
        }
      }
    }
    for (const key of Object.keys(v)) collect((v as Record<string, unknown>)[key]);
  };
  collect(value);
  if (used.size === 0) return { variants: [{ value, assignments: [] }], truncated: false };

  const names = [...used.keys()];
  const base = new Map(names.map((name) => [name, used.get(name)!.values[0]]));
  const settings: Map<string, unknown>[] = [base];
  let truncated = false;
  outer: for (const name of names) {
    for (const alternative of used.get(name)!.values.slice(1)) {
      if (settings.length >= limit) {
        truncated = true;
        break outer;
      }
      settings.push(new Map(base).set(name, alternative));
    }
  }
  const variants = settings.map((setting) => ({
    value: substitute(value, setting),
    assignments: names.map((name) => ({ name, value: setting.get(name) })),
  }));
  return { variants, truncated };
}

/** `value` with every `{ Ref: P }` and `Fn::Sub` `${P}` of a parameter in `setting` replaced; unchanged parts are shared. */
function substitute(value: unknown, setting: Map<string, unknown>): unknown {
  if (Array.isArray(value)) {
    let out: unknown[] | undefined;
    value.forEach((element, i) => {
      const r = substitute(element, setting);
      if (r !== element && !out) out = value.slice(0, i);
      if (out) out.push(r);
    });
    return out ?? value;
  }
  if (value === null || typeof value !== 'object') return value;
  if (isIntrinsic(value)) {
    const ref = (value as Record<string, unknown>).Ref;
    if (typeof ref === 'string' && setting.has(ref)) return setting.get(ref);
    const sub = subOf(value);
    if (sub) return substituteSub(sub.text, sub.vars, setting) ?? value;
  }
  let changed = false;
  const entries: [string, unknown][] = [];
  for (const key of Object.keys(value)) {
    const element = (value as Record<string, unknown>)[key];
    const r = substitute(element, setting);
    if (r !== element) changed = true;
    entries.push([key, r]);
  }
  return changed ? objectOf(entries) : value;
}

/** The `Fn::Sub` with the parameters of `setting` substituted, or undefined when it does not change. */
function substituteSub(text: string, vars: Record<string, unknown> | undefined, setting: Map<string, unknown>): unknown {
  let replaced = false;
  const newText = text.replace(SUB_PLACEHOLDER, (whole, name: string) => {
    if (hasOwn(vars, name) || !setting.has(name)) return whole;
    const v = setting.get(name);
    if (Array.isArray(v)) return whole;
    replaced = true;
    return String(v);
  });
  const newVars = vars === undefined ? undefined : substitute(vars, setting);
  if (!replaced && newVars === vars) return undefined;
  // no placeholder left: the plain string, with `${!Literal}` escapes written as `${Literal}`
  if (newText.match(SUB_PLACEHOLDER) === null) return newText.replace(/\$\{!/g, '${');
  return newVars === undefined ? { 'Fn::Sub': newText } : { 'Fn::Sub': [newText, newVars] };
}
