import { CfnParameter } from 'aws-cdk-lib';
import * as ddb from 'aws-cdk-lib/aws-dynamodb';
import * as kms from 'aws-cdk-lib/aws-kms';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-TableCmkPitr';
const partitionKey = { name: 'pk', type: ddb.AttributeType.STRING };
const pitr = { pointInTimeRecoveryEnabled: true };

describe('TableCmkPitr', () => {
  test('Noncompliance 1: L2 table with AWS-owned encryption and no PITR', () => {
    const stack = testStack();
    new ddb.Table(stack, 'Table', { partitionKey });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: customer-managed key but no PITR', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new ddb.Table(stack, 'Table', { partitionKey, encryption: ddb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: key });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: PITR with the AWS-managed key', () => {
    const stack = testStack();
    new ddb.Table(stack, 'Table', { partitionKey, encryption: ddb.TableEncryption.AWS_MANAGED, pointInTimeRecoverySpecification: pitr });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: TableV2 with a key but no PITR, and an L1 table with SSE off', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new ddb.TableV2(stack, 'V2', { partitionKey, encryption: ddb.TableEncryptionV2.customerManagedKey(key) });
    new ddb.CfnTable(stack, 'L1', {
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
      sseSpecification: { sseEnabled: false },
      pointInTimeRecoverySpecification: pitr,
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/V2/Resource', 'Test/L1']);
  });

  test('Noncompliance 5: L1 table naming the AWS-managed alias', () => {
    const stack = testStack();
    new ddb.CfnTable(stack, 'Table', {
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
      sseSpecification: { sseEnabled: true, sseType: 'KMS', kmsMasterKeyId: 'alias/aws/dynamodb' },
      pointInTimeRecoverySpecification: pitr,
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Table']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const key = new kms.Key(stack, 'Key', { enableKeyRotation: true });
    new ddb.Table(stack, 'Table', {
      partitionKey, encryption: ddb.TableEncryption.CUSTOMER_MANAGED, encryptionKey: key, pointInTimeRecoverySpecification: pitr,
    });
    new ddb.TableV2(stack, 'V2', {
      partitionKey, encryption: ddb.TableEncryptionV2.customerManagedKey(key), pointInTimeRecoverySpecification: pitr,
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: PITR from a parameter gives a warning, not a throw', () => {
    const stack = testStack();
    new ddb.CfnTable(stack, 'Table', {
      keySchema: [{ attributeName: 'pk', keyType: 'HASH' }],
      attributeDefinitions: [{ attributeName: 'pk', attributeType: 'S' }],
      sseSpecification: { sseEnabled: true, sseType: 'KMS', kmsMasterKeyId: 'alias/data' },
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: new CfnParameter(stack, 'Pitr').valueAsString as any },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
