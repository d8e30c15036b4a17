/**
 * The example app that `npx cdk synth` runs: an "orders" API built with cdk-api-baseline, checked by the
 * project's own rule pack and by cdk-nag's AwsSolutions pack on every synth.
 */
import { App, Stack, StackProps } from 'aws-cdk-lib';
import { JsonSchemaType, MockIntegration, PassthroughBehavior, Period } from 'aws-cdk-lib/aws-apigateway';
import { AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { ApiBaseline, StandardPack } from '../src';
import { DynamoDbAction, DynamoDbAttributeType, DynamoDbValue, SecureRestApi } from '../src/api';
import { OAuthUserPool } from '../src/auth';
import { DataKey, EncryptedBucket, EncryptedTable } from '../src/encryption';
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
    this.auth.addUserClient('OrdersWeb', {
      callbackUrls: ['https://orders.example.com/callback'],
      logoutUrls: ['https://orders.example.com/'],
      scopes: [ordersScopes.scope('read')],
    });

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

    // Vulnerability management and access review: Inspector v2, IAM Access Analyzer, weekly AccessReview.
    const securityAlerts = new AlertTopic(this, 'SecurityAlerts');
    new InspectorScanning(this, 'Inspector', { alertTopic: securityAlerts });
    new AccessAnalyzer(this, 'AccessAnalyzer', { alertTopic: securityAlerts });
    new AccessReview(this, 'AccessReview', {
      alertTopic: securityAlerts,
      // TODO(data key): add the stack's DataKey here once OrdersStack exposes it (e.g. `this.key`).
      keys: [securityAlerts.encryptionKey],
      userPools: [this.auth.userPool],
      allowedScopes: [...ordersScopes.scopes.map((s) => s.scopeName), 'openid', 'email'],
    });
  }
}

/** Options of `buildApp`. */
export interface BuildOptions {
  /** Apply the rule packs (ApiBaseline + AwsSolutions) as a synth gate with a compliance report. Default true. */
  readonly checks?: boolean;
}

/** Builds the example app; exported so tests can synthesize it without the CLI. */
export function buildApp(app: App = new App(), options: BuildOptions = {}): App {
  new OrdersStack(app, 'OrdersApi', {
    description: 'Orders API built with cdk-api-baseline (example app)',
  });
  if (options.checks ?? true) {
    ApiBaseline.enforce(app, { standardPacks: [StandardPack.AWS_SOLUTIONS] });
  }
  return app;
}

if (require.main === module) {
  buildApp().synth();
}
