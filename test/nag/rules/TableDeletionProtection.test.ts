import { Fn } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-TableDeletionProtection';
const partitionKey = { name: 'id', type: dynamodb.AttributeType.STRING };

describe('TableDeletionProtection', () => {
  test('Noncompliance 1: Table without deletion protection', () => {
    const stack = testStack();
    new dynamodb.Table(stack, 'Table', { partitionKey });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('warning');
  });

  test('Noncompliance 2: Table with deletion protection off', () => {
    const stack = testStack();
    new dynamodb.Table(stack, 'Table', { partitionKey, deletionProtection: false });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Table/Resource']);
  });

  test('Noncompliance 3: TableV2 without deletion protection', () => {
    const stack = testStack();
    new dynamodb.TableV2(stack, 'Table', { partitionKey });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: a global table replica without deletion protection', () => {
    const stack = testStack();
    const table = new dynamodb.TableV2(stack, 'Table', { partitionKey, deletionProtection: true, replicas: [{ region: 'us-west-2' }] });
    (table.node.defaultChild as dynamodb.CfnGlobalTable).addPropertyOverride('Replicas.1.DeletionProtectionEnabled', false);
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    new dynamodb.Table(stack, 'Table', { partitionKey, deletionProtection: true });
    new dynamodb.TableV2(stack, 'TableV2', { partitionKey, deletionProtection: true, replicas: [{ region: 'us-west-2' }] });
    new dynamodb.CfnTable(stack, 'L1', {
      keySchema: [{ attributeName: 'id', keyType: 'HASH' }],
      attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }],
      billingMode: 'PAY_PER_REQUEST',
    }).addPropertyOverride('DeletionProtectionEnabled', 'true');
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: deletion protection from an import gives a warning, not a throw', () => {
    const stack = testStack();
    const table = new dynamodb.Table(stack, 'Table', { partitionKey });
    (table.node.defaultChild as dynamodb.CfnTable).addPropertyOverride('DeletionProtectionEnabled', Fn.importValue('Protect'));
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
