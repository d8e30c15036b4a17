/**
 * The example app that `npx cdk synth` runs: an "orders" API built with cdk-api-baseline, as a REST API
 * (`OrdersApi`) and as an HTTP API (`OrdersHttpApi`), checked by the project's own rule pack and by cdk-nag's
 * AwsSolutions, NIST 800-53 R5, PCI DSS 3.2.1, HIPAA Security and Serverless packs on every synth.
 */
import { Annotations, App, Duration, Stack, StackProps, Validations } from 'aws-cdk-lib';
import { JsonSchemaType, MockIntegration, PassthroughBehavior, Period } from 'aws-cdk-lib/aws-apigateway';
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { ApiBaseline, StandardPack } from '../src';
import { DynamoDbAction, DynamoDbAttributeType, DynamoDbValue, SecureRestApi } from '../src/api';
import { OAuthUserPool } from '../src/auth';
import { DataKey, EncryptedBucket, EncryptedTable, ProtectedLogGroup } from '../src/encryption';
import { SecureHttpApi } from '../src/http-api';
import { AlertTopic } from '../src/monitoring';
import { AccessAnalyzer, AccessReview, InspectorScanning } from '../src/scanning';

/** The orders service: storage, API and everything that watches over it. */
export class OrdersStack extends Stack {
  /** Customer-managed KMS key shared by the orders table, the documents bucket and the alert topic. */
  public readonly key: DataKey;
  /** The orders table (DynamoDB, encrypted with `key`). */
  public readonly ordersTable: EncryptedTable;
  /** Order documents (S3, SSE-KMS with `key`, access logs in a separate bucket). */
  public readonly documents: EncryptedBucket;
  /** Encrypted topic for real-time operational alerts. */
  public readonly alerts: AlertTopic;
  /** Cognito OAuth 2.0: the `orders` resource server, its clients and roles. */
  public readonly auth: OAuthUserPool;
  /** The orders REST API (OAuth scopes per route, strict schemas, usage plans, WAF, alarms). */
  public readonly api: SecureRestApi;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    // Encrypted storage and alerts: one DataKey for the orders table, the documents bucket and the alert topic.
    this.key = new DataKey(this, 'DataKey', { alias: 'orders/data' });
    this.ordersTable = new EncryptedTable(this, 'OrdersTable', {
      partitionKey: { name: 'orderId', type: AttributeType.STRING },
      encryptionKey: this.key,
      timeToLiveAttribute: 'expiresAt',
    });
    this.documents = new EncryptedBucket(this, 'OrderDocuments', { encryptionKey: this.key });
    this.alerts = new AlertTopic(this, 'Alerts', { displayName: 'Orders API alerts', masterKey: this.key });

    // OAuth 2.0: resource server "orders", a machine client, a user client and two roles (admin, viewer).
    this.auth = new OAuthUserPool(this, 'Auth', {
      domain: { cognitoDomainPrefix: 'orders-example-login' },
      roles: { admin: ['orders/read', 'orders/write'], viewer: ['orders/read'] },
    });
    const ordersScopes = this.auth.addResourceServer('orders', {
      scopes: { read: 'Read orders', write: 'Create and change orders' },
    });
    this.auth.addMachineClient('FulfilmentService', { scopes: [ordersScopes.scope('read'), ordersScopes.scope('write')] });
    const web = this.auth.addUserClient('OrdersWeb', {
      callbackUrls: ['https://orders.example.com/callback'],
      logoutUrls: ['https://orders.example.com/'],
      scopes: [ordersScopes.scope('read')],
    });
    // the web front end is for staff: every caller is a member of admin or viewer, which grant orders/read
    Annotations.of(web).acknowledgeWarning('cdk-api-baseline:role-gated-scope', 'the web client serves role members only');

    // The orders API: scoped routes, a strict body schema, DynamoDB routes without Lambda, two usage plans, a key.
    this.api = new SecureRestApi(this, 'Api', {
      restApiName: 'orders',
      description: 'Orders API (example)',
      userPool: this.auth,
      alertTopic: this.alerts,
      plans: {
        free: { throttle: { rateLimit: 5, burstLimit: 10 }, quota: { limit: 1_000, period: Period.DAY } },
        partner: { throttle: { rateLimit: 100, burstLimit: 200 }, quota: { limit: 1_000_000, period: Period.MONTH } },
      },
    });
    const readOrders = ordersScopes.scope('read');
    const writeOrders = ordersScopes.scope('write');
    this.api.addRoute('GET /orders', {
      scopes: [readOrders],
      requestParameters: { 'method.request.querystring.status': false },
      integration: new MockIntegration({
        passthroughBehavior: PassthroughBehavior.NEVER,
        requestTemplates: { 'application/json': '{"statusCode":200}' },
        integrationResponses: [{ statusCode: '200', responseTemplates: { 'application/json': '{"orders":[]}' } }],
      }),
      responses: [{ statusCode: '200' }],
    });
    this.api.addDynamoDbRoute('POST /orders', {
      table: this.ordersTable,
      action: DynamoDbAction.PUT_ITEM,
      scopes: [writeOrders],
      requestSchema: {
        type: JsonSchemaType.OBJECT,
        required: ['customer', 'item', 'quantity'],
        properties: {
          customer: { type: JsonSchemaType.STRING, minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' },
          item: { type: JsonSchemaType.STRING, minLength: 1, maxLength: 128 },
          quantity: { type: JsonSchemaType.INTEGER, minimum: 1, maximum: 1000 },
        },
      },
      key: { orderId: DynamoDbValue.requestId() },
      attributes: {
        customer: DynamoDbValue.fromBody('customer'),
        item: DynamoDbValue.fromBody('item'),
        quantity: DynamoDbValue.fromBody('quantity', DynamoDbAttributeType.NUMBER),
      },
    });
    this.api.addDynamoDbRoute('GET /orders/{id}', {
      table: this.ordersTable,
      action: DynamoDbAction.GET_ITEM,
      scopes: [readOrders],
      key: { orderId: DynamoDbValue.fromPathParameter('id') },
    });
    this.api.addDynamoDbRoute('DELETE /orders/{id}', {
      table: this.ordersTable,
      action: DynamoDbAction.DELETE_ITEM,
      scopes: [writeOrders],
      key: { orderId: DynamoDbValue.fromPathParameter('id') },
    });
    this.api.addApiKey('PartnerAcme', { plan: 'partner', expires: '2027-06-30' });

    // Growing the API: append routes with the same addRoute calls (e.g. 'GET /invoices/{id}'); once this stack would
    // pass the API's shardingThreshold (450 resources), new routes go to nested stacks by top-level path segment
    // (api.shards) and existing routes keep their logical ids. See "Large APIs" in the README.

    // Vulnerability management and access review: Inspector v2, IAM Access Analyzer, weekly AccessReview.
    const securityAlerts = new AlertTopic(this, 'SecurityAlerts');
    new InspectorScanning(this, 'Inspector', { alertTopic: securityAlerts });
    new AccessAnalyzer(this, 'AccessAnalyzer', { alertTopic: securityAlerts });
    new AccessReview(this, 'AccessReview', {
      alertTopic: securityAlerts,
      keys: [this.key, securityAlerts.encryptionKey],
      userPools: [this.auth.userPool],
      allowedScopes: [...ordersScopes.scopes.map((s) => s.scopeName), 'openid', 'email'],
    });

    // Findings of the standard packs this app accepts, each on the narrowest construct, with its reason.
    acknowledgeExampleExceptions(this);
  }
}

/**
 * The orders service as an HTTP API (API Gateway v2): the same OAuth scopes per route, on a Lambda backend. HTTP APIs
 * are cheaper and faster than REST APIs but have no request validation, usage plans or WAF association: `SecureHttpApi`
 * acknowledges the pack's `[Unavailable]` warnings with the limitation and the alternative (see "Known
 * acknowledgements" in the README). No CloudFront front door here: the stack is environment-agnostic and the deploy
 * smoke test's moto_server has no CloudFront or API Gateway v2 support.
 */
export class OrdersHttpStack extends Stack {
  /** Customer-managed KMS key of the alert topic and the function's logs. */
  public readonly key: DataKey;
  /** Encrypted topic for real-time operational alerts. */
  public readonly alerts: AlertTopic;
  /** Cognito OAuth 2.0: the `orders` resource server and a machine client. */
  public readonly auth: OAuthUserPool;
  /** The function behind every route. */
  public readonly handler: lambda.Function;
  /** The orders HTTP API (JWT authorizer with scopes per route, throttling, access logs, alarms). */
  public readonly api: SecureHttpApi;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, props);

    this.key = new DataKey(this, 'DataKey', { alias: 'orders-http/data' });
    this.alerts = new AlertTopic(this, 'Alerts', { displayName: 'Orders HTTP API alerts', masterKey: this.key });

    this.auth = new OAuthUserPool(this, 'Auth');
    const orders = this.auth.addResourceServer('orders', {
      scopes: { read: 'Read orders', write: 'Create and change orders' },
    });
    this.auth.addMachineClient('FulfilmentService', { scopes: [orders.scope('read'), orders.scope('write')] });

    // The backend: one function for every route, with its own encrypted log group and a role that may only write it.
    const logGroup = new ProtectedLogGroup(this, 'HandlerLogs');
    const role = new iam.Role(this, 'HandlerRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Orders HTTP API handler: writes its own log group only',
    });
    logGroup.grantWrite(role);
    this.handler = new lambda.Function(this, 'OrdersHandler', {
      runtime: lambda.Runtime.NODEJS_24_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline([
        'exports.handler = async (event) => ({',
        '  statusCode: 200,',
        '  headers: { "content-type": "application/json" },',
        '  body: JSON.stringify({ route: event.routeKey, orders: [] }),',
        '});',
      ].join('\n')),
      description: 'Orders HTTP API example backend',
      role,
      logGroup,
      timeout: Duration.seconds(10),
      memorySize: 256,
      reservedConcurrentExecutions: 20,
      tracing: lambda.Tracing.ACTIVE,
    });

    this.api = new SecureHttpApi(this, 'Api', {
      apiName: 'orders-http',
      description: 'Orders HTTP API (example)',
      userPool: this.auth,
      alertTopic: this.alerts,
      throttle: { rateLimit: 50, burstLimit: 100 },
    });
    const integration = this.api.lambdaIntegration(this.handler);
    this.api.addRoute('GET /orders', { integration, scopes: [orders.scope('read')] });
    this.api.addRoute('POST /orders', { integration, scopes: [orders.scope('write')], throttle: { rateLimit: 10, burstLimit: 20 } });
    this.api.addRoute('GET /orders/{id}', { integration, scopes: [orders.scope('read')] });
    this.api.addRoute('DELETE /orders/{id}', { integration, scopes: [orders.scope('write')], throttle: { rateLimit: 5, burstLimit: 10 } });

    acknowledgeExampleExceptions(this, EXAMPLE_HTTP_ACKNOWLEDGEMENTS);
  }
}

/** One accepted exception of the example app: where it applies, which finding ids, and why. */
export interface ExampleAcknowledgement {
  /** Construct paths relative to the stack; a `*` at the end of a segment matches generated id suffixes. */
  readonly paths: string[];
  /** The finding ids (one per pack that reports the same concern). */
  readonly ids: string[];
  /** Why the finding is accepted here. */
  readonly reason: string;
}

const NIST = 'NIST.800.53.R5';
const PCI = 'PCI.DSS.321';
const HIPAA = 'HIPAA.Security';
const SERVERLESS = 'Serverless';
/** Provider function that aws-cdk-lib's AwsCustomResource shares per stack (here: enabling Amazon Inspector). */
const CUSTOM_RESOURCE_PROVIDER = 'AWS679f53fac002430cb0da5b7982bd2287';

/**
 * The example app's accepted findings of the standard cdk-nag packs, in one place. The README's
 * "Known acknowledgements" table lists the same ids (a test keeps both in step).
 */
export const EXAMPLE_ACKNOWLEDGEMENTS: ExampleAcknowledgement[] = [
  {
    paths: ['OrdersTable'],
    ids: [`${NIST}-DynamoDBInBackupPlan`, `${HIPAA}-DynamoDBInBackupPlan`],
    reason: 'The table has point-in-time recovery (35 days), deletion protection and RETAIN; AWS Backup plans are '
      + 'assigned per account or organisation (by tag), not by the application stack.',
  },
  {
    paths: ['OrderDocuments', 'AccessReview/Reports'],
    ids: [`${NIST}-S3BucketReplicationEnabled`, `${PCI}-S3BucketReplicationEnabled`, `${HIPAA}-S3BucketReplicationEnabled`],
    reason: 'Single-region example: the buckets (and their access-log buckets) are versioned and retained; '
      + 'cross-region replication needs a bucket and KMS key in a second region that a deployment chooses.',
  },
  {
    paths: ['OrderDocuments/AccessLogs', 'AccessReview/Reports/AccessLogs'],
    ids: [`${NIST}-S3DefaultEncryptionKMS`, `${PCI}-S3DefaultEncryptionKMS`, `${HIPAA}-S3DefaultEncryptionKMS`],
    reason: 'S3 server access logging delivers only to buckets encrypted with SSE-S3, not SSE-KMS; these buckets '
      + 'hold nothing but access logs and are TLS-only, private, versioned and retained.',
  },
  {
    paths: ['Auth/RoleScopesRole', 'Api/DynamoDbRole*', 'Inspector/ProviderRole', 'Inspector/Enable', 'AccessReview/Role'],
    ids: [`${NIST}-IAMNoInlinePolicy`, `${PCI}-IAMNoInlinePolicy`, `${HIPAA}-IAMNoInlinePolicy`],
    reason: 'Each inline policy belongs to exactly one role, is created and deleted with it and lists '
      + 'resource-scoped statements for that role only; a managed policy would add a separately versioned object '
      + 'without narrowing any permission.',
  },
  {
    paths: ['Auth/RoleScopes'],
    ids: [`${NIST}-LambdaConcurrency`, `${HIPAA}-LambdaConcurrency`, `${NIST}-LambdaDLQ`, `${HIPAA}-LambdaDLQ`, `${SERVERLESS}-LambdaDLQ`],
    reason: 'Cognito pre-token-generation trigger: Cognito invokes it synchronously during sign-in, so a dead-letter '
      + 'queue never receives anything and a concurrency cap would make sign-ins fail under load.',
  },
  {
    paths: [CUSTOM_RESOURCE_PROVIDER],
    ids: [`${NIST}-LambdaConcurrency`, `${HIPAA}-LambdaConcurrency`, `${NIST}-LambdaDLQ`, `${HIPAA}-LambdaDLQ`, `${SERVERLESS}-LambdaDLQ`],
    reason: 'Custom-resource provider (enables Amazon Inspector): CloudFormation invokes it only during stack '
      + 'create, update and delete and reports a failure itself by rolling the stack back.',
  },
  {
    paths: ['AccessReview/Function'],
    ids: [`${NIST}-LambdaDLQ`, `${HIPAA}-LambdaDLQ`, `${SERVERLESS}-LambdaDLQ`],
    reason: 'A run that fails after its retry goes to the on-failure destination (the security alert topic) with '
      + 'the event and the error; a dead-letter queue would receive the same event without the error.',
  },
  {
    paths: ['Auth/RoleScopes', CUSTOM_RESOURCE_PROVIDER, 'AccessReview/Function'],
    ids: [`${NIST}-LambdaInsideVPC`, `${PCI}-LambdaInsideVPC`, `${HIPAA}-LambdaInsideVPC`],
    reason: 'The functions reach no private network resource: the trigger calls nothing, the other two call only '
      + 'AWS service APIs over TLS with SigV4; a VPC would add NAT or endpoints without protecting any data.',
  },
  {
    paths: ['Api/Resource/DeploymentStage.prod'],
    ids: [`${NIST}-APIGWCacheEnabledAndEncrypted`, `${PCI}-APIGWCacheEnabledAndEncrypted`, `${HIPAA}-APIGWCacheEnabledAndEncrypted`],
    reason: 'Caching is off on purpose: responses depend on the caller\'s OAuth scopes and on current table data; '
      + 'should caching be turned on, ApiBaseline-StageCacheEncrypted requires the cache to be encrypted.',
  },
  {
    paths: ['Api/Resource/DeploymentStage.prod'],
    ids: [`${NIST}-APIGWSSLEnabled`, `${PCI}-APIGWSSLEnabled`, `${HIPAA}-APIGWSSLEnabled`],
    reason: 'A client certificate authenticates API Gateway to HTTP backends; this API has none (DynamoDB service '
      + 'integrations signed with SigV4 over TLS, and a mock integration).',
  },
  {
    paths: ['Inspector/FindingsRule', 'AccessAnalyzer/FindingsRule', 'AccessReview/Schedule'],
    ids: [`${SERVERLESS}-EventBusDLQ`],
    reason: 'Nothing is lost when a delivery fails after EventBridge\'s 24 hours of retries: Inspector and IAM '
      + 'Access Analyzer keep their findings, and the weekly review runs again on its next schedule.',
  },
];

/**
 * The accepted findings of the HTTP API stack: the packs' findings on its Lambda backend. (The controls HTTP APIs
 * cannot have, the pack's `[Unavailable]` warnings, are acknowledged by `SecureHttpApi` itself.) The README's "Known
 * acknowledgements" table lists them too.
 */
export const EXAMPLE_HTTP_ACKNOWLEDGEMENTS: ExampleAcknowledgement[] = [
  {
    paths: ['HandlerRole'],
    ids: [`${NIST}-IAMNoInlinePolicy`, `${PCI}-IAMNoInlinePolicy`, `${HIPAA}-IAMNoInlinePolicy`],
    reason: 'The inline policy belongs to the handler role only, is created and deleted with it and lists the '
      + 'handler\'s own log group and the X-Ray actions; a managed policy would not narrow any permission.',
  },
  {
    paths: ['HandlerRole/DefaultPolicy'],
    ids: ['AwsSolutions-IAM5[Resource::*]'],
    reason: 'The X-Ray tracing actions (xray:PutTraceSegments, xray:PutTelemetryRecords) support no resource-level '
      + 'permissions; every other statement of the role names its log group.',
  },
  {
    paths: ['OrdersHandler'],
    ids: [`${NIST}-LambdaDLQ`, `${HIPAA}-LambdaDLQ`, `${SERVERLESS}-LambdaDLQ`],
    reason: 'API Gateway invokes the handler synchronously and returns its error to the caller, so a dead-letter '
      + 'queue would never receive an event; failures show in the 5xx alarms and the access log.',
  },
  {
    paths: ['OrdersHandler'],
    ids: [`${NIST}-LambdaInsideVPC`, `${PCI}-LambdaInsideVPC`, `${HIPAA}-LambdaInsideVPC`],
    reason: 'The example handler reaches no network resource at all (it answers from memory); a VPC would add NAT '
      + 'or endpoints without protecting any data.',
  },
];

/**
 * Applies accepted exceptions ({@link EXAMPLE_ACKNOWLEDGEMENTS} by default) to `stack`; a path that matches no
 * construct is an error.
 */
export function acknowledgeExampleExceptions(stack: Stack, acknowledgements: ExampleAcknowledgement[] = EXAMPLE_ACKNOWLEDGEMENTS): void {
  for (const ack of acknowledgements) {
    for (const path of ack.paths) {
      const target = findConstruct(stack, path);
      for (const id of ack.ids) Validations.of(target).acknowledge({ id, reason: ack.reason });
    }
  }
}

function findConstruct(stack: Stack, path: string): Construct {
  let current: Construct = stack;
  for (const segment of path.split('/')) {
    const next = segment.endsWith('*')
      ? current.node.children.find((c) => c.node.id.startsWith(segment.slice(0, -1)))
      : current.node.tryFindChild(segment);
    if (!next) throw new Error(`acknowledgement path "${path}" matches no construct under ${stack.node.path}`);
    current = next as Construct;
  }
  return current;
}

/** Options of `buildApp`. */
export interface BuildOptions {
  /**
   * Apply the rule packs (ApiBaseline + AwsSolutions, NIST 800-53 R5, PCI DSS 3.2.1, HIPAA Security, Serverless) as a
   * synth gate with a compliance report. Default true.
   */
  readonly checks?: boolean;
}

/** Builds the example app; exported so tests can synthesize it without the CLI. */
export function buildApp(app: App = new App(), options: BuildOptions = {}): App {
  new OrdersStack(app, 'OrdersApi', {
    description: 'Orders API built with cdk-api-baseline (example app)',
  });
  new OrdersHttpStack(app, 'OrdersHttpApi', {
    description: 'Orders HTTP API built with cdk-api-baseline (example app)',
  });
  if (options.checks ?? true) {
    ApiBaseline.enforce(app, {
      standardPacks: [
        StandardPack.AWS_SOLUTIONS,
        StandardPack.NIST_800_53_R5,
        StandardPack.PCI_DSS_321,
        StandardPack.HIPAA_SECURITY,
        StandardPack.SERVERLESS,
      ],
    });
  }
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
