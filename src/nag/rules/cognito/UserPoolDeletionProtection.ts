import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Cognito user pools have deletion protection on (DeletionProtection ACTIVE). */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.WARN,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: ['AWS::Cognito::UserPool'],
  info: 'The Cognito user pool can be deleted (DeletionProtection is not ACTIVE).',
  explanation:
    'Deleting a user pool removes every user, group and client at once and cannot be undone; an accidental stack change or a compromised deployment role would lock all callers out of the API.',
  cfnFix: 'Set `DeletionProtection: ACTIVE` on the `AWS::Cognito::UserPool` and keep `DeletionPolicy: Retain` and `UpdateReplacePolicy: Retain`.',
  fix: 'Set `deletionProtection: true` (DeletionProtection: ACTIVE) and keep `removalPolicy: RemovalPolicy.RETAIN`.',
  check: ({ props }) => {
    const protection = props.DeletionProtection;
    if (isIntrinsic(protection)) return unverifiable('DeletionProtection is an intrinsic');
    return protection === 'ACTIVE' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
