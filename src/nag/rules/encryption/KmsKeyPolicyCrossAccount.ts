import { parse } from 'path';
import { Token } from 'aws-cdk-lib';
import { NagMessageLevel } from 'cdk-nag';
import { asList, flattenText, isOpaque } from '../../helpers/baseline-values';
import { judgeUnconditionedAllows } from '../../key-policy';
import { ChecklistArea, defineRule } from '../../rule';
import { isIntrinsic, StackIndex } from '../../stack-index';

/** Stands for `${AWS::AccountId}` in a flattened principal. */
const SELF = '<this account>';

/** Actions that give a principal the data or the key: decrypt, re-encrypt from, grant themselves, rewrite the policy. */
const SENSITIVE = ['kms:Decrypt', 'kms:ReEncryptFrom', 'kms:CreateGrant', 'kms:PutKeyPolicy'];

/** The expressions of the action patterns seen so far (key policies repeat the same few patterns). */
const PATTERNS = new Map<string, RegExp>();

/** True when the IAM action pattern (`kms:*`, `kms:De*`, `*`) matches `action` (case-insensitive). */
function matches(pattern: string, action: string): boolean {
  let expression = PATTERNS.get(pattern);
  if (expression === undefined) {
    const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    expression = new RegExp(`^${re}$`, 'i');
    if (PATTERNS.size >= 1000) PATTERNS.clear();
    PATTERNS.set(pattern, expression);
  }
  return expression.test(action);
}

/** 'yes' when the statement allows a sensitive action, 'unknown' when an action is an intrinsic. */
function grantsSensitive(statement: any): 'yes' | 'no' | 'unknown' {
  if (statement.NotAction !== undefined) {
    // everything but the listed actions: sensitive unless every sensitive action is listed
    if (isIntrinsic(statement.NotAction) || asList(statement.NotAction).some((a) => typeof a !== 'string')) return 'unknown';
    const excluded = asList(statement.NotAction) as string[];
    return SENSITIVE.every((s) => excluded.some((p) => matches(p, s))) ? 'no' : 'yes';
  }
  if (isIntrinsic(statement.Action)) return 'unknown';
  let result: 'yes' | 'no' | 'unknown' = 'no';
  for (const a of asList(statement.Action)) {
    if (typeof a !== 'string') {
      result = 'unknown';
      continue;
    }
    if (SENSITIVE.some((s) => matches(a, s))) return 'yes';
  }
  return result;
}

/**
 * 'other' when an AWS principal value names another account than the stack's, 'unknown' when that cannot be
 * told (a parameter, an import, a literal account in a stack without a resolved account), else 'same'.
 * `*` is left to KmsKeyPolicyNoWildcard.
 */
function accountOf(value: unknown, index: StackIndex): 'same' | 'other' | 'unknown' {
  if (value === '*') return 'same';
  const text = flattenText(value).replace(/\$\{AWS::Partition\}/g, 'aws').replace(/\$\{AWS::AccountId\}/g, SELF);
  if (isOpaque(text)) return 'unknown';
  const ref = /^\$\{([A-Za-z0-9]+)(?:\.[A-Za-z0-9.]+)?\}$/.exec(text);
  // the ARN of a role or user of this stack; a parameter may name any account
  if (ref) return index.get(ref[1]) !== undefined ? 'same' : 'unknown';
  const arn = /^arn:[^:]+:(?:iam|sts)::([^:]*):/.exec(text);
  const account = arn ? arn[1] : text;
  if (account === SELF) return 'same';
  if (!/^\d{12}$/.test(account)) return 'unknown';
  const own = index.stack.account;
  if (Token.isUnresolved(own)) return 'unknown';
  return account === own ? 'same' : 'other';
}

/** The account of the AWS principals of a statement: 'other' if any names another account. */
function principalAccount(statement: any, index: StackIndex): 'same' | 'other' | 'unknown' {
  const principal = statement.Principal;
  if (principal === undefined || principal === '*') return 'same';
  if (isIntrinsic(principal)) return 'unknown';
  const aws = principal.AWS;
  if (aws === undefined) return 'same';
  let result: 'same' | 'other' | 'unknown' = 'same';
  for (const v of asList(aws)) {
    const account = accountOf(v, index);
    if (account === 'other') return account;
    if (account === 'unknown') result = account;
  }
  return result;
}

/**
 * No key-policy statement allows a principal of another AWS account to decrypt with the key or take it over
 * (`kms:*`, `kms:Decrypt`, `kms:ReEncryptFrom`, `kms:CreateGrant`, `kms:PutKeyPolicy`, or a wildcard that matches
 * one of them, or a `NotAction` that leaves one of them allowed) without a condition. Principals of the stack's own
 * account (`${AWS::AccountId}`, roles of the stack) are fine; a principal `*` is judged by KmsKeyPolicyNoWildcard.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API1:2023 Broken Object Level Authorization',
  resourceTypes: ['AWS::KMS::Key', 'AWS::KMS::ReplicaKey'],
  info: 'The KMS key policy lets a principal of another AWS account decrypt with the key or control it (kms:*, kms:Decrypt, kms:ReEncryptFrom, kms:CreateGrant or kms:PutKeyPolicy) without a condition.',
  explanation:
    'A key policy statement for another account is trusted by KMS on its own: every role that account\'s administrators allow can then decrypt the logs, tables and buckets the key protects, outside this account\'s IAM and audit. Cross-account use should be limited to the actions needed and narrowed with conditions such as `kms:ViaService`, `kms:EncryptionContext:*` or `aws:PrincipalArn`.',
  cfnFix: 'Remove the statement from the `KeyPolicy`, or give the other account only the actions it needs with a `Condition` (for example `kms:ViaService` for the one service that uses the key on its behalf).',
  fix: 'Remove the statement, or give the other account only the actions it needs with a condition (for example `kms:ViaService` for the one service that uses the key on its behalf).',
  check: ({ props }, index) => judgeUnconditionedAllows(props.KeyPolicy, (s) => {
    const grants = grantsSensitive(s);
    if (grants === 'no') return 'pass';
    const account = principalAccount(s, index);
    if (account === 'same') return 'pass';
    return account === 'other' && grants === 'yes' ? 'fail' : 'unknown';
  }, 'an action or an AWS principal of the key policy is an intrinsic'),
});
