import { parse } from 'path';
import { NagMessageLevel } from 'cdk-nag';
import { asList } from '../../helpers/baseline-values';
import { judgeUnconditionedAllows } from '../../key-policy';
import { ChecklistArea, defineRule } from '../../rule';
import { isIntrinsic, StackIndex } from '../../stack-index';

/** 'wildcard', 'other' or 'unknown' for one principal value (a string, an intrinsic, or a list of them). */
function principalKind(value: unknown, index: StackIndex): 'wildcard' | 'other' | 'unknown' {
  let kind: 'wildcard' | 'other' | 'unknown' = 'other';
  for (const v of asList(value)) {
    if (v === '*') return 'wildcard';
    if (!isIntrinsic(v)) continue;
    // Fn::Join / Fn::Sub / GetAtt build an ARN, pseudo parameters and resources name one principal
    if ('Fn::Join' in v || 'Fn::Sub' in v || 'Fn::GetAtt' in v) continue;
    if (typeof v.Ref === 'string' && (v.Ref.startsWith('AWS::') || index.get(v.Ref) !== undefined)) continue;
    // a template parameter, an import or a condition may be anything, '*' included
    kind = 'unknown';
  }
  return kind;
}

/** The kind of the principal of a statement (`Principal` or the everyone-but of `NotPrincipal`). */
function statementPrincipal(statement: any, index: StackIndex): 'wildcard' | 'other' | 'unknown' {
  if (statement.NotPrincipal !== undefined) return 'wildcard';
  const principal = statement.Principal;
  if (principal === '*') return 'wildcard';
  if (principal === undefined) return 'other';
  if (isIntrinsic(principal)) return 'unknown';
  let kind: 'wildcard' | 'other' | 'unknown' = 'other';
  for (const v of Object.values(principal)) {
    const k = principalKind(v, index);
    if (k === 'wildcard') return k;
    if (k === 'unknown') kind = k;
  }
  return kind;
}

/** No key-policy statement allows a wildcard principal without a condition. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API1:2023 Broken Object Level Authorization',
  resourceTypes: ['AWS::KMS::Key'],
  info: 'The KMS key policy allows any principal (`*`) without a condition.',
  explanation:
    'A key policy is the only policy KMS trusts on its own; an unconditioned `*` principal lets any AWS account use or manage the key, and with it decrypt every log, table and bucket it protects.',
  cfnFix: 'Name the principals (account root, roles, services) in the `KeyPolicy` of the `AWS::KMS::Key`, or restrict a `*` principal with a `Condition` such as `kms:CallerAccount` or `kms:ViaService`.',
  fix: 'Name the principals (account root, roles, services) in the key policy, or restrict a `*` principal with a condition such as `kms:CallerAccount` or `kms:ViaService`.',
  check: ({ props }, index) => judgeUnconditionedAllows(props.KeyPolicy, (s) => {
    const kind = statementPrincipal(s, index);
    return kind === 'wildcard' ? 'fail' : kind === 'unknown' ? 'unknown' : 'pass';
  }, 'a principal of the key policy is an intrinsic'),
});
