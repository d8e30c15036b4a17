import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Condition keys that tie a publish to the caller's account or resource (any principal). */
const SOURCE_KEYS = ['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceowner'];
/** Condition keys that tie a `*` principal to an account or organization. */
const PRINCIPAL_KEYS = ['aws:principalaccount', 'aws:principalorgid'];

/** True when the IAM action pattern (`sns:*`, `sns:Pub*`, `*`) matches `action` (case-insensitive). */
function matches(pattern: string, action: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 'i').test(action);
}

/** 'yes' when the statement allows `sns:Publish`, 'unknown' when an action is an intrinsic. */
function allowsPublish(statement: any): 'yes' | 'no' | 'unknown' {
  const notAction = statement.NotAction !== undefined;
  const actions = notAction ? statement.NotAction : statement.Action;
  if (isIntrinsic(actions) || asList(actions).some((a) => typeof a !== 'string')) return 'unknown';
  const listed = asList(actions).some((a: string) => matches(a, 'sns:Publish'));
  return listed !== notAction ? 'yes' : 'no';
}

/** 'wildcard' for `*` (or NotPrincipal), 'service' for a service principal, else 'other'. */
function principalKind(statement: any): 'wildcard' | 'service' | 'other' | 'unknown' {
  if (statement.NotPrincipal !== undefined) return 'wildcard';
  const principal = statement.Principal;
  if (principal === '*') return 'wildcard';
  if (principal === undefined) return 'other';
  if (isIntrinsic(principal)) return 'unknown';
  if (asList(principal.AWS).includes('*')) return 'wildcard';
  if (principal.Service !== undefined) return 'service';
  const values = [...asList(principal.AWS), ...asList(principal.Federated), ...asList(principal.CanonicalUser)];
  return values.some((v) => isIntrinsic(v) && v.Ref !== undefined && !String(v.Ref).startsWith('AWS::')) ? 'unknown' : 'other';
}

/**
 * 'narrowed' when the condition names one of `keys` with an operator that requires the key (not `...IfExists`,
 * not `Null`), 'unknown' when it is an intrinsic.
 */
function narrowed(condition: any, keys: string[]): 'narrowed' | 'open' | 'unknown' {
  if (condition === undefined) return 'open';
  if (isIntrinsic(condition)) return 'unknown';
  for (const [operator, block] of Object.entries(condition)) {
    if (/IfExists$/i.test(operator) || /^Null$/i.test(operator)) continue;
    if (block === undefined) continue;
    if (isIntrinsic(block)) return 'unknown';
    const named = Object.entries(block as object).filter(([, v]) => v !== undefined).map(([k]) => k.toLowerCase());
    if (named.some((k) => keys.includes(k))) return 'narrowed';
  }
  return 'open';
}

/**
 * SNS topic policies let everyone (`*`) or an AWS service publish only with a condition on the source:
 * `aws:SourceAccount`, `aws:SourceArn` or `aws:SourceOwner` (for `*`, `aws:PrincipalAccount` or
 * `aws:PrincipalOrgID` too). Operators that pass when the key is missing (`...IfExists`, `Null`) do not narrow.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.MONITORING,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: ['AWS::SNS::TopicPolicy', 'AWS::SNS::TopicInlinePolicy'],
  info: 'The topic policy lets everyone (`*`) or an AWS service publish without an `aws:SourceAccount`, `aws:SourceArn` or `aws:SourceOwner` condition.',
  explanation:
    'A service principal such as `events.amazonaws.com` or `cloudwatch.amazonaws.com` acts for every AWS customer: without a source condition, a rule or alarm in any account can publish to the topic (the confused-deputy problem) and flood or forge the alerts it carries. A `*` principal without a condition lets anyone publish.',
  cfnFix: 'Add `Condition: { StringEquals: { "aws:SourceAccount": { Ref: AWS::AccountId } } }` (and `ArnEquals: { "aws:SourceArn": ... }` where the publisher is known) to the statement of the `AWS::SNS::TopicPolicy`.',
  fix: 'Add `conditions: { StringEquals: { \'aws:SourceAccount\': Stack.of(this).account } }` (and `ArnEquals: { \'aws:SourceArn\': ... }` where the publisher is known) to the statement; `AlertTopic` does this for its publishers.',
  check: ({ props }) => {
    const document = props.PolicyDocument;
    if (isIntrinsic(document) || isIntrinsic(document?.Statement)) return unverifiable('PolicyDocument is an intrinsic');
    let unknown = false;
    for (const s of asList(document?.Statement)) {
      if (isIntrinsic(s)) {
        unknown = true;
        continue;
      }
      if (s.Effect !== 'Allow') continue;
      const publish = allowsPublish(s);
      const kind = principalKind(s);
      if (publish === 'no' || kind === 'other') continue;
      const keys = kind === 'wildcard' ? [...SOURCE_KEYS, ...PRINCIPAL_KEYS] : SOURCE_KEYS;
      const narrow = narrowed(s.Condition, keys);
      if (narrow === 'narrowed') continue;
      if (narrow === 'open' && publish === 'yes' && kind !== 'unknown') return NagRuleCompliance.NON_COMPLIANT;
      unknown = true;
    }
    return unknown ? unverifiable('an action, a principal or a condition of the topic policy is an intrinsic') : NagRuleCompliance.COMPLIANT;
  },
});
