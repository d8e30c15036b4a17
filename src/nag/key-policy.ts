import { NagRuleCompliance } from 'cdk-nag';
import { asList } from './helpers/baseline-values';
import { RuleOutcome, unverifiable } from './rule';
import { isIntrinsic } from './stack-index';

/**
 * Judges the `Allow` statements without a condition of a KMS key policy (`KeyPolicy`, an object or JSON text):
 * `judge` says of each whether it breaks the rule (`fail`), not (`pass`) or cannot tell (`unknown`). A key without a
 * policy gets the default one, which trusts its own account only.
 */
export function judgeUnconditionedAllows(
  keyPolicy: unknown,
  judge: (statement: any) => 'fail' | 'pass' | 'unknown',
  unknownReason: string,
): RuleOutcome {
  let policy: any = keyPolicy;
  if (policy === undefined) return NagRuleCompliance.COMPLIANT;
  if (typeof policy === 'string') {
    try {
      policy = JSON.parse(policy);
    } catch {
      return unverifiable('KeyPolicy is not valid JSON');
    }
  }
  if (isIntrinsic(policy) || isIntrinsic(policy.Statement)) return unverifiable('KeyPolicy is an intrinsic');
  let unknown = false;
  for (const s of asList(policy.Statement)) {
    if (isIntrinsic(s)) {
      unknown = true;
      continue;
    }
    if (s.Effect !== 'Allow' || s.Condition !== undefined) continue;
    const verdict = judge(s);
    if (verdict === 'fail') return NagRuleCompliance.NON_COMPLIANT;
    if (verdict === 'unknown') unknown = true;
  }
  return unknown ? unverifiable(unknownReason) : NagRuleCompliance.COMPLIANT;
}
