import { flattenText, isOpaque } from './baseline-values';
import { unverifiable, Unverifiable } from '../rule';
import { isIntrinsic } from '../stack-index';

/** Condition keys that limit who can call an API to a network, an organisation or an account. */
export const NARROWING_KEYS = [
  'aws:sourcevpce', 'aws:sourcevpc', 'aws:sourceip', 'aws:vpcsourceip', 'aws:principalorgid', 'aws:sourceaccount',
  'aws:principalaccount',
];

/** Condition keys that limit callers to VPC endpoints or VPCs. */
export const VPC_KEYS = ['aws:sourcevpce', 'aws:sourcevpc'];

/** Operators that hold only when the key matches one of the values. */
const POSITIVE = ['stringequals', 'stringequalsignorecase', 'stringlike', 'arnequals', 'arnlike', 'ipaddress'];

/** Operators that hold when the key matches none of the values. */
const NEGATED = ['stringnotequals', 'stringnotequalsignorecase', 'stringnotlike', 'arnnotequals', 'arnnotlike', 'notipaddress'];

/**
 * The statements of a resource policy (an object or a JSON string), each checked to be an object; unverifiable when
 * the document or a statement is only known at deploy time.
 */
export function policyStatements(policy: unknown): any[] | Unverifiable {
  let doc = policy;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return unverifiable('the policy is a string that is not JSON');
    }
  }
  if (isIntrinsic(doc)) return unverifiable('the policy is an intrinsic');
  if (doc === null || typeof doc !== 'object') return unverifiable(`the policy is ${JSON.stringify(doc)}`);
  const statements = (doc as any).Statement;
  if (statements === undefined) return [];
  if (isIntrinsic(statements)) return unverifiable('the policy Statement is an intrinsic');
  const list = Array.isArray(statements) ? statements : [statements];
  for (const s of list) {
    if (s === null || typeof s !== 'object' || Array.isArray(s)) return unverifiable(`a policy statement is ${JSON.stringify(s)}`);
    if (isIntrinsic(s)) return unverifiable('a policy statement is an intrinsic');
    for (const key of ['Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition']) {
      if (isIntrinsic(s[key])) return unverifiable(`the ${key} of a policy statement is an intrinsic`);
    }
  }
  return list;
}

/** The statement's effect, upper case (`ALLOW`, `DENY`). */
export function effectOf(statement: any): string {
  return typeof statement.Effect === 'string' ? statement.Effect.toUpperCase() : '';
}

/** True when a statement applies to every principal (`*`, `{ AWS: '*' }`, or `NotPrincipal` on an Allow). */
export function isOpenPrincipal(statement: any): boolean {
  if (statement.NotPrincipal !== undefined) return true;
  const principal = statement.Principal;
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object') return false;
  return Object.values(principal).some((p) => (Array.isArray(p) ? p : [p]).some((v) => v === '*'));
}

/** The entries of a condition block: `{ operator, key, values }`, operator and key lower case. */
function conditionEntries(statement: any): { operator: string; key: string; values: unknown[] }[] {
  const out: { operator: string; key: string; values: unknown[] }[] = [];
  const condition = statement.Condition;
  if (condition === null || typeof condition !== 'object') return out;
  for (const [operator, block] of Object.entries<any>(condition)) {
    if (block === null || typeof block !== 'object' || isIntrinsic(block)) continue;
    for (const [key, values] of Object.entries(block)) {
      out.push({ operator: operator.toLowerCase(), key: key.toLowerCase(), values: Array.isArray(values) ? values : [values] });
    }
  }
  return out;
}

/** True for a condition value that matches every caller (`*`, `0.0.0.0/0`, `::/0`). */
function matchesEveryone(value: unknown): boolean {
  return value === '*' || value === '0.0.0.0/0' || value === '::/0';
}

/**
 * True when the statement's own condition holds only for callers whose `keys` value is one of a list: a positive
 * operator (no `IfExists`, which holds when the key is absent; no `ForAllValues:`, which holds for an empty set) with
 * values that are not wildcards.
 */
export function narrowedByCondition(statement: any, keys: string[]): boolean {
  return conditionEntries(statement).some(({ operator, key, values }) => {
    const op = operator.replace(/^foranyvalue:/, '');
    return POSITIVE.includes(op) && keys.includes(key) && values.length > 0 && !values.some(matchesEveryone);
  });
}

/** True when the statement's condition holds for callers whose `keys` value is not in a list (a Deny that narrows). */
function deniesOutside(statement: any, keys: string[]): boolean {
  return conditionEntries(statement).some(({ operator, key, values }) => {
    const op = operator.replace(/^for(any|all)values:/, '').replace(/ifexists$/, '');
    return NEGATED.includes(op) && keys.includes(key) && values.length > 0 && !values.some(matchesEveryone);
  });
}

function asTexts(value: unknown): string[] {
  return (Array.isArray(value) ? value : value === undefined ? [] : [value]).map(flattenText);
}

/** True when the IAM wildcard `pattern` (`*`, `?`) matches `text` (case-insensitive when `ci`). */
function globMatch(pattern: string, text: string, ci: boolean): boolean {
  if (isOpaque(pattern) || isOpaque(text)) return pattern === text;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.split('?').map(escape).join('.')).join('.*')}$`, ci ? 'i' : '');
  return re.test(text);
}

function escape(text: string): string {
  return text.replace(/[.+^${}()|[\]\\]/g, '\\$&');
}

/** True when the statement's actions include `action` (e.g. `execute-api:Invoke`). */
export function coversAction(statement: any, action: string): boolean {
  if (statement.NotAction !== undefined) return !asTexts(statement.NotAction).some((p) => globMatch(p, action, true));
  return asTexts(statement.Action).some((p) => globMatch(p, action, true));
}

/** True when every action and resource of `allow` is also named by `deny`. */
function denyCovers(deny: any, allow: any): boolean {
  if (deny.NotAction !== undefined || deny.NotResource !== undefined) return false;
  const denyActions = asTexts(deny.Action);
  const allowActions = allow.NotAction !== undefined ? ['*'] : asTexts(allow.Action);
  if (!allowActions.every((a) => denyActions.some((p) => globMatch(p, a, true)))) return false;
  const denyResources = asTexts(deny.Resource);
  const allowResources = allow.NotResource !== undefined ? ['*'] : asTexts(allow.Resource);
  return allowResources.every((r) => denyResources.some((p) => p === '*' || p === 'execute-api:/*' || globMatch(p, r, false)));
}

/**
 * True when an Allow statement only takes effect for callers whose `keys` value is in a list: by its own condition,
 * or because a Deny statement for every principal refuses the same actions and resources to callers outside it
 * (`StringNotEquals: { 'aws:SourceVpce': ... }`, `NotIpAddress: { 'aws:SourceIp': ... }`).
 */
export function allowIsNarrowed(allow: any, statements: any[], keys: string[]): boolean {
  if (narrowedByCondition(allow, keys)) return true;
  return statements.some((s) => effectOf(s) === 'DENY' && isOpenPrincipal(s) && deniesOutside(s, keys) && denyCovers(s, allow));
}
