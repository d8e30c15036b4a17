import { createHash } from 'crypto';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The role of one table and what it may do so far. */
interface TableRole {
  readonly role: iam.Role;
  readonly actions: Set<string>;
  /** Whether the role may use the table's key for writes (undefined: no key statement yet). */
  keyWrites?: boolean;
}

/**
 * The integration roles of an API's DynamoDB routes: one role per table, shared by every route on that table,
 * that grows with the item actions (and KMS key use) of the routes added. Roles are created in `scope` and named
 * after a hash of the table's construct path, so adding routes never renames a role.
 */
export class DynamoDbRoles {
  private readonly roles = new Map<string, TableRole>();

  constructor(private readonly scope: Construct) {}

  /**
   * The role of a table, allowed the given item actions on it and, for an encrypted table, the use of its key
   * (decrypt always, encrypt when the route writes).
   */
  public roleFor(table: dynamodb.ITable, actions: string[], writes: boolean): iam.Role {
    const key = table.node.path;
    let entry = this.roles.get(key);
    if (!entry) {
      const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
      const role = new iam.Role(this.scope, `DynamoDbRole${hash}`, {
        assumedBy: new iam.ServicePrincipal('apigateway.amazonaws.com'),
        description: `Lets ${this.scope.node.path} perform its routes' item operations on ${key}`,
      });
      entry = { role, actions: new Set() };
      this.roles.set(key, entry);
    }
    const added = actions.filter((a) => !entry!.actions.has(a));
    if (added.length > 0) {
      added.forEach((a) => entry!.actions.add(a));
      entry.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: added, resources: [table.tableArn] }));
    }
    const tableKey = table.encryptionKey;
    if (tableKey && (entry.keyWrites === undefined || (writes && !entry.keyWrites))) {
      const keyActions = entry.keyWrites === undefined ? ['kms:Decrypt', 'kms:DescribeKey'] : [];
      if (writes) keyActions.push('kms:Encrypt', 'kms:GenerateDataKey');
      entry.role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: keyActions, resources: [tableKey.keyArn] }));
      entry.keyWrites = writes;
    }
    return entry.role;
  }
}
