import { Stack, Validations } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as cr from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { accountTopicTarget } from './topic-target';
import { ProtectedLogGroup } from '../encryption/protected-log-group';
import { AlertTopic } from '../monitoring/alert-topic';
import { invalidProp, withConstructPath } from '../private/validation';

/** Resource types Amazon Inspector v2 can scan. */
export enum ScanResourceType {
  /** Lambda functions: package vulnerabilities of the dependencies. */
  LAMBDA = 'LAMBDA',
  /** Lambda functions: code vulnerabilities in the function code itself. */
  LAMBDA_CODE = 'LAMBDA_CODE',
  /** Container images in Amazon ECR. */
  ECR = 'ECR',
  /** EC2 instances. */
  EC2 = 'EC2',
}

/** Severity of an Amazon Inspector finding, in increasing order. */
export enum InspectorSeverity {
  /** Informational findings and above (everything except untriaged findings). */
  INFORMATIONAL = 'INFORMATIONAL',
  /** Low severity and above. */
  LOW = 'LOW',
  /** Medium severity and above. */
  MEDIUM = 'MEDIUM',
  /** High severity and above. */
  HIGH = 'HIGH',
  /** Critical findings only. */
  CRITICAL = 'CRITICAL',
}

const SEVERITY_ORDER = [
  InspectorSeverity.INFORMATIONAL,
  InspectorSeverity.LOW,
  InspectorSeverity.MEDIUM,
  InspectorSeverity.HIGH,
  InspectorSeverity.CRITICAL,
];

/** Properties of {@link InspectorScanning}. */
export interface InspectorScanningProps {
  /**
   * What Inspector scans. Enabling is additive: removing a type later does not disable its scanning.
   * @default - [ScanResourceType.LAMBDA, ScanResourceType.LAMBDA_CODE, ScanResourceType.ECR]
   */
  readonly resourceTypes?: ScanResourceType[];

  /**
   * Disable scanning of `resourceTypes` when this construct is removed from the stack (or the stack is deleted).
   * Scanning is an account-wide security control, so it stays on unless asked otherwise.
   * @default false
   */
  readonly disableOnDelete?: boolean;

  /**
   * Findings of this severity and above are sent to the alert topic.
   * @default InspectorSeverity.HIGH (HIGH and CRITICAL findings)
   */
  readonly minimumSeverity?: InspectorSeverity;

  /**
   * Topic the findings are sent to.
   *
   * EventBridge may publish to it for this construct's rule of this account only: a topic other than an
   * {@link AlertTopic} (which already allows EventBridge of this account) gets a topic-policy statement for
   * `events.amazonaws.com` with `aws:SourceAccount` and `aws:SourceArn` (the rule's ARN), and its KMS key, unless a
   * {@link DataKey}, a key-policy statement with `aws:SourceAccount`. An imported topic or key is not changed and
   * must already allow this.
   * @default - a new AlertTopic (KMS-encrypted, TLS only) created inside this construct
   */
  readonly alertTopic?: sns.ITopic;
}

/** The name of the service-linked role Inspector v2 creates when it is enabled. */
const SERVICE_LINKED_ROLE = 'aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2';

/**
 * Enables Amazon Inspector v2 for this account and region (Lambda, Lambda code and ECR scanning by default) and
 * sends its active findings of severity HIGH and above, as a readable message, to an alert topic.
 *
 * Inspector has no CloudFormation resource: a custom resource calls `inspector2:Enable` on create and on update
 * (the call is idempotent) and, only with `disableOnDelete: true`, `inspector2:Disable` on delete. Its Lambda
 * function runs with a dedicated role that holds nothing but these calls, the creation of Inspector's
 * service-linked role and writing to its own encrypted log group.
 */
export class InspectorScanning extends Construct {
  /** The topic that receives the findings. */
  public readonly alertTopic: sns.ITopic;

  /** The EventBridge rule that forwards the findings. */
  public readonly findingsRule: events.Rule;

  /** The resource types scanned. */
  public readonly resourceTypes: ScanResourceType[];

  constructor(scope: Construct, id: string, props: InspectorScanningProps = {}) {
    super(scope, id);
    try {
      const stack = Stack.of(this);

      this.resourceTypes = props.resourceTypes ?? [ScanResourceType.LAMBDA, ScanResourceType.LAMBDA_CODE, ScanResourceType.ECR];
      if (this.resourceTypes.length === 0) {
        throw invalidProp('resourceTypes', [], 'must name at least one resource type');
      }
      const resourceTypes = [...new Set(this.resourceTypes)];
      const minimumSeverity = props.minimumSeverity ?? InspectorSeverity.HIGH;
      this.alertTopic = props.alertTopic ?? new AlertTopic(this, 'AlertTopic');

      const logGroup = new ProtectedLogGroup(this, 'ProviderLogs');
      const role = new iam.Role(this, 'ProviderRole', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: 'Enables Amazon Inspector v2 for the account (custom resource)',
      });
      logGroup.grantWrite(role);

      const call = (action: string): cr.AwsSdkCall => ({
        service: 'Inspector2',
        action,
        parameters: { accountIds: [stack.account], resourceTypes },
        physicalResourceId: cr.PhysicalResourceId.of(`inspector2-${stack.account}-${stack.region}`),
      });

      const enabler = new cr.AwsCustomResource(this, 'Enable', {
        resourceType: 'Custom::InspectorScanning',
        onCreate: call('enable'),
        onUpdate: call('enable'),
        onDelete: (props.disableOnDelete ?? false) ? call('disable') : undefined,
        installLatestAwsSdk: false,
        // An explicit size instead of Lambda's 128 MB default: the SDK call loads the whole AWS SDK for JavaScript.
        memorySize: 256,
        role,
        logGroup,
        policy: cr.AwsCustomResourcePolicy.fromStatements([
          new iam.PolicyStatement({
            actions: ['inspector2:Enable', 'inspector2:Disable'],
            resources: ['*'],
          }),
          new iam.PolicyStatement({
            actions: ['iam:CreateServiceLinkedRole'],
            resources: [stack.formatArn({ service: 'iam', region: '', resource: 'role', resourceName: SERVICE_LINKED_ROLE })],
            conditions: { StringEquals: { 'iam:AWSServiceName': 'inspector2.amazonaws.com' } },
          }),
        ]),
      });
      Validations.of(enabler).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'inspector2:Enable and inspector2:Disable support no resource-level permissions (Service Authorization '
          + 'Reference); the statement holds only these two actions',
      });

      this.findingsRule = new events.Rule(this, 'FindingsRule', {
        description: `Amazon Inspector findings of severity ${minimumSeverity} and above`,
        eventPattern: {
          source: ['aws.inspector2'],
          detailType: ['Inspector2 Finding'],
          detail: {
            severity: SEVERITY_ORDER.slice(SEVERITY_ORDER.indexOf(minimumSeverity)),
            status: ['ACTIVE'],
          },
        },
      });
      const message = events.RuleTargetInput.fromText([
        `Amazon Inspector finding (${events.EventField.fromPath('$.detail.severity')}): ${events.EventField.fromPath('$.detail.title')}`,
        `Resource: ${events.EventField.fromPath('$.detail.resources[0].type')} ${events.EventField.fromPath('$.detail.resources[0].id')}`,
        `Account/region: ${events.EventField.account} ${events.EventField.region}`,
        `Fix: ${events.EventField.fromPath('$.detail.remediation.recommendation.text')}`,
        `Finding: ${events.EventField.fromPath('$.detail.findingArn')}`,
      ].join('\n'));
      // EventBridge may publish for this rule of this account only (see accountTopicTarget).
      this.findingsRule.addTarget(accountTopicTarget(this.alertTopic, message));
    } catch (e) {
      throw withConstructPath(this, e);
    }
  }
}
