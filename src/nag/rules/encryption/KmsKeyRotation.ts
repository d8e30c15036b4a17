import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { intrinsicIn, isTrue } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';

/** Symmetric KMS keys rotate their key material automatically. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: ['AWS::KMS::Key'],
  info: 'The symmetric KMS key does not rotate its key material.',
  explanation:
    'Rotation limits how much data one key version protects and how long a leaked version stays useful; it is free of downtime for symmetric keys because old versions still decrypt. Asymmetric and HMAC keys cannot rotate and are not checked.',
  cfnFix: 'Set `EnableKeyRotation: true` on the `AWS::KMS::Key`.',
  fix: 'Set `enableKeyRotation: true` on the key (`EnableKeyRotation: true`).',
  check: ({ props }) => {
    const bad = intrinsicIn({ KeySpec: props.KeySpec, EnableKeyRotation: props.EnableKeyRotation });
    if (bad) return unverifiable(`${bad} is an intrinsic`);
    if ((props.KeySpec ?? 'SYMMETRIC_DEFAULT') !== 'SYMMETRIC_DEFAULT') return NagRuleCompliance.NOT_APPLICABLE;
    return isTrue(props.EnableKeyRotation) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
