import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { SECURITY_RESPONSE_HEADERS } from './gateway-responses';
import { RouteAccessOptions } from './route-options';

/** The DynamoDB operation a DynamoDB route performs. */
export enum DynamoDbAction {
  /** Reads one item by its key; answers 404 when there is none. */
  GET_ITEM = 'GetItem',
  /** Creates one item; refuses to overwrite an existing item unless `allowOverwrite` is set. */
  PUT_ITEM = 'PutItem',
  /** Deletes one item by its key. */
  DELETE_ITEM = 'DeleteItem',
}

/** The DynamoDB type a request value is stored as. */
export enum DynamoDbAttributeType {
  /** A string attribute (`S`). */
  STRING = 'S',
  /** A number attribute (`N`); DynamoDB rejects values that are not numbers. */
  NUMBER = 'N',
}

/** Where a request value comes from. */
export enum DynamoDbValueSource {
  /** A path parameter of the route, e.g. `id` in `/orders/{id}`. */
  PATH = 'path',
  /** A query-string parameter (declared as required on the method). */
  QUERY_STRING = 'querystring',
  /** A top-level or nested field of the JSON request body. */
  BODY = 'body',
  /** The API Gateway request id (a fresh unique id per request, useful as a generated key). */
  REQUEST_ID = 'requestId',
}

const PARAM_NAME = /^[A-Za-z0-9_.-]{1,128}$/;
const BODY_FIELD = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * A value taken from the request and written into a DynamoDB request. Every caller-supplied value is escaped with
 * `$util.escapeJavaScript` in the mapping template, so it cannot break out of its JSON string.
 */
export class DynamoDbValue {
  /**
   * A path parameter of the route.
   * @param name parameter name, e.g. `id` for `/orders/{id}`
   * @param type DynamoDB type of the attribute
   */
  public static fromPathParameter(name: string, type: DynamoDbAttributeType = DynamoDbAttributeType.STRING): DynamoDbValue {
    return new DynamoDbValue(DynamoDbValueSource.PATH, name, type);
  }

  /**
   * A query-string parameter; the route declares it as required.
   * @param name parameter name
   * @param type DynamoDB type of the attribute
   */
  public static fromQueryString(name: string, type: DynamoDbAttributeType = DynamoDbAttributeType.STRING): DynamoDbValue {
    return new DynamoDbValue(DynamoDbValueSource.QUERY_STRING, name, type);
  }

  /**
   * A field of the JSON request body (the route needs a `requestSchema` that declares it).
   * @param field field name, or a dotted path to a nested field (`address.city`)
   * @param type DynamoDB type of the attribute
   */
  public static fromBody(field: string, type: DynamoDbAttributeType = DynamoDbAttributeType.STRING): DynamoDbValue {
    return new DynamoDbValue(DynamoDbValueSource.BODY, field, type);
  }

  /** The request id, a unique value per request (for generated keys). */
  public static requestId(): DynamoDbValue {
    return new DynamoDbValue(DynamoDbValueSource.REQUEST_ID, 'requestId', DynamoDbAttributeType.STRING);
  }

  /** Where the value comes from. */
  public readonly source: DynamoDbValueSource;
  /** The parameter or field name. */
  public readonly name: string;
  /** The DynamoDB type of the attribute. */
  public readonly type: DynamoDbAttributeType;

  private constructor(source: DynamoDbValueSource, name: string, type: DynamoDbAttributeType) {
    this.source = source;
    this.name = name;
    this.type = type;
  }

  /**
   * The mapping-template expression that yields the value, escaped for use inside a JSON string.
   * A literal `\'` (which escapeJavaScript produces for a quote, and JSON does not accept) is turned back into `'`.
   */
  public toTemplateExpression(): string {
    return `$util.escapeJavaScript(${this.rawExpression()}).replaceAll("\\\\'","'")`;
  }

  private rawExpression(): string {
    switch (this.source) {
      case DynamoDbValueSource.PATH:
      case DynamoDbValueSource.QUERY_STRING:
        return `$input.params('${this.name}')`;
      case DynamoDbValueSource.BODY:
        return this.type === DynamoDbAttributeType.NUMBER ? `$input.json('$.${this.name}')` : `$input.path('$.${this.name}')`;
      default:
        return '$context.requestId';
    }
  }
}

/** Options of `SecureRestApi.addDynamoDbRoute`. */
export interface DynamoDbRouteOptions extends RouteAccessOptions {
  /** The table the route reads or writes. Its key (if any) is granted to the integration role. */
  readonly table: dynamodb.ITable;
  /** The DynamoDB operation. */
  readonly action: DynamoDbAction;
  /** The item key: attribute name → request value, e.g. `{ id: DynamoDbValue.fromPathParameter('id') }`. */
  readonly key: { [attributeName: string]: DynamoDbValue };
  /**
   * Other attributes written by `PUT_ITEM`: attribute name → request value.
   * @default - only the key is written
   */
  readonly attributes?: { [attributeName: string]: DynamoDbValue };
  /**
   * Let `PUT_ITEM` replace an existing item with the same key.
   * @default false - the write is conditional on the key not existing yet (answers 400 otherwise)
   */
  readonly allowOverwrite?: boolean;
}

/** The mapping templates and IAM actions of a DynamoDB route. */
export interface DynamoDbTemplates {
  readonly requestTemplate: string;
  readonly okTemplate: string;
  readonly iamActions: string[];
  readonly writes: boolean;
}

/** Checks the options of a DynamoDB route against its path; returns the problem (prop, value, rule) or undefined. */
export function checkDynamoDbOptions(
  options: DynamoDbRouteOptions,
  pathParameters: string[],
): { prop: string; value: unknown; rule: string } | undefined {
  if (!Object.values(DynamoDbAction).includes(options.action)) {
    return { prop: 'action', value: options.action, rule: `must be one of ${Object.values(DynamoDbAction).join(', ')}` };
  }
  const keyEntries = Object.entries(options.key ?? {});
  if (keyEntries.length === 0 || keyEntries.length > 2) {
    return { prop: 'key', value: options.key, rule: 'must map the partition key (and the sort key, if any) to request values' };
  }
  const attributes = Object.entries(options.attributes ?? {});
  if (attributes.length > 0 && options.action !== DynamoDbAction.PUT_ITEM) {
    return { prop: 'attributes', value: Object.keys(options.attributes ?? {}), rule: 'must only be set for PUT_ITEM' };
  }
  for (const [group, entries] of [['key', keyEntries], ['attributes', attributes]] as const) {
    for (const [name, value] of entries) {
      if (!/^[A-Za-z0-9_.-]{1,255}$/.test(name)) {
        return { prop: `${group}`, value: name, rule: 'must use attribute names of 1-255 letters, digits, "_", "." or "-"' };
      }
      if (!(value instanceof DynamoDbValue)) {
        return { prop: `${group}.${name}`, value, rule: 'must be a DynamoDbValue' };
      }
      const pattern = value.source === DynamoDbValueSource.BODY ? BODY_FIELD : PARAM_NAME;
      if (!pattern.test(value.name)) {
        return { prop: `${group}.${name}`, value: value.name, rule: 'must name a parameter or field of letters, digits and "_"' };
      }
      if (value.source === DynamoDbValueSource.PATH && !pathParameters.includes(value.name)) {
        return { prop: `${group}.${name}`, value: value.name, rule: `must name a path parameter of the route (${pathParameters.join(', ') || 'none'})` };
      }
      if (value.source === DynamoDbValueSource.BODY && options.requestSchema === undefined) {
        return { prop: `${group}.${name}`, value: value.name, rule: 'reads the request body, so the route needs a "requestSchema"' };
      }
    }
  }
  if (keyEntries.some(([k]) => attributes.some(([a]) => a === k))) {
    return { prop: 'attributes', value: Object.keys(options.attributes ?? {}), rule: 'must not repeat a key attribute' };
  }
  return undefined;
}

/** Builds the request and success-response templates of a DynamoDB route. */
export function dynamoDbTemplates(tableName: string, options: DynamoDbRouteOptions): DynamoDbTemplates {
  const attr = (entries: [string, DynamoDbValue][]) =>
    `{${entries.map(([name, v]) => `${JSON.stringify(name)}:{"${v.type}":"${v.toTemplateExpression()}"}`).join(',')}}`;
  const key = Object.entries(options.key);
  const table = `"TableName":"${tableName}"`;
  switch (options.action) {
    case DynamoDbAction.GET_ITEM:
      return {
        requestTemplate: `{${table},"Key":${attr(key)},"ConsistentRead":true}`,
        okTemplate: [
          '#if("$input.path(\'$.Item\')" == "")',
          '#set($context.responseOverride.status = 404)',
          '{"message":"Not found","requestId":"$context.requestId"}',
          '#else',
          '$input.json(\'$.Item\')',
          '#end',
        ].join('\n'),
        iamActions: ['dynamodb:GetItem'],
        writes: false,
      };
    case DynamoDbAction.DELETE_ITEM:
      return {
        requestTemplate: `{${table},"Key":${attr(key)}}`,
        okTemplate: '{"requestId":"$context.requestId"}',
        iamActions: ['dynamodb:DeleteItem'],
        writes: true,
      };
    default: {
      const item = [...key, ...Object.entries(options.attributes ?? {})];
      const condition = options.allowOverwrite === true ? ''
        : `,"ConditionExpression":"attribute_not_exists(#k)","ExpressionAttributeNames":{"#k":${JSON.stringify(key[0][0])}}`;
      return {
        requestTemplate: `{${table},"Item":${attr(item)}${condition}}`,
        okTemplate: `{"key":${attr(key)},"requestId":"$context.requestId"}`,
        iamActions: ['dynamodb:PutItem'],
        writes: true,
      };
    }
  }
}

const RESPONSE_HEADERS: { [name: string]: string } = Object.fromEntries(
  Object.entries(SECURITY_RESPONSE_HEADERS).map(([k, v]) => [`method.response.header.${k}`, v]),
);

/** Integration responses of a DynamoDB route: success, then DynamoDB 4XX → 400 and 5XX → 500 without detail. */
export function dynamoDbIntegrationResponses(okTemplate: string): apigw.IntegrationResponse[] {
  const error = (message: string) => `{"message":"${message}","requestId":"$context.requestId"}`;
  return [
    { statusCode: '200', responseParameters: RESPONSE_HEADERS, responseTemplates: { 'application/json': okTemplate } },
    { statusCode: '400', selectionPattern: '4\\d{2}', responseParameters: RESPONSE_HEADERS, responseTemplates: { 'application/json': error('Bad request') } },
    { statusCode: '500', selectionPattern: '5\\d{2}', responseParameters: RESPONSE_HEADERS, responseTemplates: { 'application/json': error('Internal server error') } },
  ];
}

/** Method responses of a DynamoDB route. */
export function dynamoDbMethodResponses(): apigw.MethodResponse[] {
  const headers = Object.fromEntries(Object.keys(RESPONSE_HEADERS).map((k) => [k, true]));
  return ['200', '400', '404', '500'].map((statusCode) => ({ statusCode, responseParameters: headers }));
}
