import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList, isTrue } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/**
 * DynamoDB tables have deletion protection on: `DeletionProtectionEnabled: true` on an `AWS::DynamoDB::Table`, and
 * on every replica of an `AWS::DynamoDB::GlobalTable` (the global table has the setting per replica only).
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.WARN,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
  info: 'The DynamoDB table (or a replica of the global table) has no deletion protection.',
  explanation:
    'The API data store can be deleted by one `DeleteTable` call, a mistaken stack change or a compromised deployment role; a removal policy only guards CloudFormation deletes. Deletion protection refuses every delete until it is turned off on purpose.',
  cfnFix: 'Set `DeletionProtectionEnabled: true` on the `AWS::DynamoDB::Table` (on every replica of an `AWS::DynamoDB::GlobalTable`).',
  fix: 'Set `deletionProtection: true` on the `Table` or `TableV2` (every replica of a `TableV2` inherits it; `EncryptedTable` sets it by default).',
  check: ({ type, props }) => {
    if (type === 'AWS::DynamoDB::Table') {
      const value = props.DeletionProtectionEnabled;
      if (isIntrinsic(value)) return unverifiable('DeletionProtectionEnabled is an intrinsic');
      return isTrue(value) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    }
    const replicas = props.Replicas;
    if (isIntrinsic(replicas)) return unverifiable('Replicas is an intrinsic');
    let unknown = false;
    for (const r of asList(replicas)) {
      const value = isIntrinsic(r) ? r : r?.DeletionProtectionEnabled;
      if (isIntrinsic(value)) unknown = true;
      else if (!isTrue(value)) return NagRuleCompliance.NON_COMPLIANT;
    }
    if (unknown) return unverifiable('DeletionProtectionEnabled of a replica is an intrinsic');
    return asList(replicas).length > 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
