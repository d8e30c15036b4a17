import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList, intrinsicIn, isAwsManagedKey, isTrue } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** The outcome for one set of encryption and recovery settings. */
function judge(values: { [name: string]: unknown }, keyId: unknown, pitr: unknown) {
  const bad = intrinsicIn({ ...values, PointInTimeRecoveryEnabled: pitr });
  if (bad) return unverifiable(`${bad} is an intrinsic`);
  const cmk = isTrue(values.SSEEnabled) && values.SSEType === 'KMS' && keyId !== undefined && !isAwsManagedKey(keyId);
  return cmk && isTrue(pitr) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}

/**
 * DynamoDB tables are encrypted with a customer-managed KMS key and have point-in-time recovery on. For global
 * tables (`TableV2`) every replica must name its key and enable recovery.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.ENCRYPTION,
  owasp: 'API3:2023 Broken Object Property Level Authorization',
  resourceTypes: ['AWS::DynamoDB::Table', 'AWS::DynamoDB::GlobalTable'],
  info: 'The DynamoDB table is not encrypted with a customer-managed KMS key or has no point-in-time recovery.',
  explanation:
    'The API data store holds the objects callers read and write; a customer-managed key makes access auditable and revocable beyond IAM, and point-in-time recovery restores the data after a destructive bug or a malicious bulk change.',
  cfnFix: 'On `AWS::DynamoDB::Table`: `SSESpecification: { SSEEnabled: true, SSEType: KMS, KMSMasterKeyId }` and `PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }`. On `AWS::DynamoDB::GlobalTable`: `SSESpecification` with `SSEType: KMS` and a `KMSMasterKeyId` in each replica\'s `SSESpecification`, and point-in-time recovery on every replica.',
  fix: 'For `Table`: `encryption: TableEncryption.CUSTOMER_MANAGED` with `encryptionKey`, and `pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true }`. For `TableV2`: `encryption: TableEncryptionV2.customerManagedKey(key)` and point-in-time recovery on every replica.',
  check: ({ type, props }) => {
    const sse = props.SSESpecification ?? {};
    if (isIntrinsic(sse)) return unverifiable('SSESpecification is an intrinsic');
    if (type === 'AWS::DynamoDB::Table') {
      const pitr = props.PointInTimeRecoverySpecification;
      if (isIntrinsic(pitr)) return unverifiable('PointInTimeRecoverySpecification is an intrinsic');
      return judge({ SSEEnabled: sse.SSEEnabled, SSEType: sse.SSEType }, sse.KMSMasterKeyId, pitr?.PointInTimeRecoveryEnabled);
    }
    const replicas = props.Replicas;
    if (isIntrinsic(replicas)) return unverifiable('Replicas is an intrinsic');
    let outcome = asList(replicas).length > 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
    for (const r of asList(replicas)) {
      if (isIntrinsic(r) || isIntrinsic(r.SSESpecification) || isIntrinsic(r.PointInTimeRecoverySpecification)) {
        return unverifiable('a replica specification is an intrinsic');
      }
      const result = judge({ SSEEnabled: sse.SSEEnabled, SSEType: sse.SSEType }, r.SSESpecification?.KMSMasterKeyId,
        r.PointInTimeRecoverySpecification?.PointInTimeRecoveryEnabled);
      if (result !== NagRuleCompliance.COMPLIANT) return result;
      outcome = result;
    }
    return outcome;
  },
});
