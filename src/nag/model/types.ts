import { ResourceView } from '../stack-index';

/** The three kinds of API Gateway API. */
export type ApiKind = 'REST' | 'HTTP' | 'WEBSOCKET';

/** How the operations of an API are written. */
export type ApiDefinition = 'resources' | 'openapi' | 'quick-create';

/**
 * One operation of an API in a shape-independent form: a REST method (from an `AWS::ApiGateway::Method` or an
 * OpenAPI operation) or a v2 route. `props` always has the property names of `AWS::ApiGateway::Method`, so that a
 * rule reads every shape the same way.
 */
export interface ModelOperation {
  /** The kind of API the operation belongs to. */
  readonly kind: ApiKind;
  /** The key of its API (see `ApiModel.apiKey`), or undefined when the API cannot be told. */
  readonly api?: string;
  /** The resource that holds the definition: findings are reported on it. */
  readonly holder: ResourceView;
  /**
   * The operation named in the finding id suffix (`GET /pets`, `$connect`); undefined when the holder is the
   * operation itself (an `AWS::ApiGateway::Method`).
   */
  readonly label?: string;
  /**
   * Method-shaped properties: `HttpMethod`, `AuthorizationType` (`NONE`, `AWS_IAM`, `COGNITO_USER_POOLS`, `CUSTOM`,
   * `JWT`), `AuthorizationScopes`, `AuthorizerId`, `ApiKeyRequired`, `RequestValidatorId`, `RequestModels`,
   * `RequestParameters`, `Integration` (`Type`, `Uri`, `IntegrationResponses`), `MethodResponses`.
   */
  readonly props: any;
  /** The request validator settings when they are known without a lookup (OpenAPI `x-amazon-apigateway-request-validators`). */
  readonly validator?: { readonly ValidateRequestBody?: unknown; readonly ValidateRequestParameters?: unknown };
  /** Request body schemas of the operation, by content type, with `$ref`s resolved where they could be. */
  readonly requestSchemas?: { [contentType: string]: unknown };
  /**
   * What could not be read of the operation's definition (a security scheme that is not defined or not understood,
   * a request validator name that is not defined, an intrinsic where a name was expected), as a sentence. A setting
   * it names is left undefined in `props`, so that a rule reports it as unverifiable instead of judging a guess.
   */
  readonly unreadable?: string;
}

/** What an OpenAPI (3.x) or Swagger (2.0) document says of an API as a whole. */
export interface OpenApiDocument {
  /** The operations; `holder` is the resource that holds the document. */
  readonly operations: ModelOperation[];
  /** `x-amazon-apigateway-policy`, when present. */
  readonly policy?: unknown;
  /** `x-amazon-apigateway-endpoint-configuration.disableExecuteApiEndpoint`, when present. */
  readonly disableExecuteApiEndpoint?: unknown;
  /** `x-amazon-apigateway-api-key-source`, when present. */
  readonly apiKeySource?: unknown;
  /** `x-amazon-apigateway-gateway-responses`: response type → `{ responseParameters, ... }`. */
  readonly gatewayResponses?: { [type: string]: any };
  /** `x-amazon-apigateway-cors` (HTTP APIs), when present. */
  readonly cors?: unknown;
  /** Named schemas of the document (`components.schemas` or `definitions`), as written. */
  readonly schemas?: { [name: string]: unknown };
  /**
   * The authorizers the document defines (security schemes with `x-amazon-apigateway-authorizer`, or a Cognito
   * `x-amazon-apigateway-authtype`), by scheme name: shaped like `AWS::ApiGateway::Authorizer` properties for REST APIs
   * and like `AWS::ApiGatewayV2::Authorizer` properties for HTTP APIs. Own properties only, so any name is a key.
   */
  readonly authorizers?: { [name: string]: any };
  /** Parts of the document that could not be read, each a sentence naming the part. */
  readonly unreadable: string[];
}
