import { Duration, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { checkWholeDays } from '../private/duration';
import { logsKeyStatement, publisherKeyStatement } from '../private/encryption-policy';
import { atConstructPath, childPath, invalidProp } from '../private/validation';

/** Properties of a {@link DataKey}. */
export interface DataKeyProps {
  /**
   * Alias of the key (`alias/` is prepended when missing). Letters, digits, `/`, `_` and `-`; must not start
   * with `alias/aws/`.
   * @default - no alias
   */
  readonly alias?: string;

  /**
   * Description of the key.
   * @default - "Customer-managed data key (cdk-api-baseline)"
   */
  readonly description?: string;

  /**
   * How often KMS rotates the key material. Between 90 and 2560 days.
   * @default Duration.days(365)
   */
  readonly rotationPeriod?: Duration;

  /**
   * Days KMS waits before deleting the key once deletion is scheduled. Between 7 and 30 days.
   * @default Duration.days(30)
   */
  readonly pendingWindow?: Duration;

  /**
   * What happens to the key when it leaves the stack.
   * @default RemovalPolicy.RETAIN
   */
  readonly removalPolicy?: RemovalPolicy;

  /**
   * Principals allowed to administer (but not use) the key.
   * @default - only the account root principal administers the key
   */
  readonly admins?: iam.IPrincipal[];

  /**
   * Let IAM principals create grants on the key directly. By default the key policy denies `kms:CreateGrant` unless
   * the grant is for an AWS resource (`kms:GrantIsForAWSResource`) or the caller is an AWS service
   * (`aws:PrincipalIsAWSService`), so integrated services (DynamoDB, Lambda, ...) keep working while a
   * principal cannot hand itself or others lasting access outside IAM. Administration (`kms:PutKeyPolicy`,
   * rotation, deletion) is not affected.
   * @default false - direct grants are denied
   */
  readonly allowDirectGrants?: boolean;
}

const ALIAS_PATTERN = /^(alias\/)?[a-zA-Z0-9/_-]{1,250}$/;

/**
 * A customer-managed symmetric KMS key (AES-256, SYMMETRIC_DEFAULT) with automatic rotation, a 30-day pending
 * window and `RemovalPolicy.RETAIN`.
 *
 * Its key policy grants only what the library's resources need: the account root (administration through IAM),
 * CloudWatch Logs of this region for log groups of this account (encryption-context condition), and CloudWatch
 * alarms, EventBridge and SNS of this account so they can publish to topics encrypted with it. No Allow statement
 * has a wildcard principal; one Deny statement keeps `kms:CreateGrant` for grants that AWS services create for
 * their resources (see `allowDirectGrants`). Grant other principals access with the inherited `grant*` methods.
 */
export class DataKey extends kms.Key {
  constructor(scope: Construct, id: string, props: DataKeyProps = {}) {
    super(scope, id, atConstructPath(childPath(scope, id), () => ({
      alias: checkAlias(props.alias),
      description: props.description ?? 'Customer-managed data key (cdk-api-baseline)',
      enableKeyRotation: true,
      rotationPeriod: wholeDays('rotationPeriod', props.rotationPeriod ?? Duration.days(365), 90, 2560),
      pendingWindow: wholeDays('pendingWindow', props.pendingWindow ?? Duration.days(30), 7, 30),
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      keySpec: kms.KeySpec.SYMMETRIC_DEFAULT,
      keyUsage: kms.KeyUsage.ENCRYPT_DECRYPT,
      admins: props.admins,
    })));
    this.addToResourcePolicy(logsKeyStatement(this, 'AllowCloudWatchLogsOfThisAccount'));
    this.addToResourcePolicy(publisherKeyStatement(this, 'AllowAlarmAndEventPublishingOfThisAccount'));
    if (!(props.allowDirectGrants ?? false)) {
      this.addToResourcePolicy(new iam.PolicyStatement({
        sid: 'DenyGrantsNotForAwsResources',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:CreateGrant'],
        resources: ['*'],
        conditions: {
          BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' },
        },
      }));
    }
  }
}

function checkAlias(alias: string | undefined): string | undefined {
  if (alias === undefined || Token.isUnresolved(alias)) return alias;
  if (!ALIAS_PATTERN.test(alias) || alias.startsWith('alias/aws/') || alias === 'alias/') {
    throw invalidProp('alias', alias,
      'must be 1-256 characters of letters, digits, "/", "_" or "-" and must not start with "alias/aws/"');
  }
  return alias;
}

/** The duration itself, once `checkWholeDays` accepts it. */
function wholeDays(prop: string, value: Duration, min: number, max: number): Duration {
  checkWholeDays(prop, value, min, max);
  return value;
}
