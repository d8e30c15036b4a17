import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { OAuthScope } from '../auth/oauth-scope';

/** Who may call a route and what its requests must look like (shared by every kind of route). */
export interface RouteAccessOptions {
  /**
   * OAuth scopes the caller's access token must carry (any one of them). Every scope must be defined by a resource
   * server of the API's user pool.
   * @default - none; then the route must be declared public with `publicRoute`
   */
  readonly scopes?: OAuthScope[];
  /**
   * Declares the route public (no OAuth token needed) and says why. Required for a route without scopes; the
   * reason is recorded as the acknowledgement of the authorization findings of the method.
   * @default - the route is not public and needs scopes
   */
  readonly publicRoute?: string;
  /**
   * Lets a public route be called without an API key either (anyone on the internet). Only with `publicRoute`.
   * @default false - a public route requires an API key, so the API needs `plans`
   */
  readonly allowAnonymous?: boolean;
  /**
   * Whether callers must send an API key of a usage plan (`x-api-key` header).
   * @default - true when the API has `plans` (or the route is public), false otherwise
   */
  readonly apiKeyRequired?: boolean;
  /**
   * JSON Schema (draft 4) of the request body. It is tightened before use: objects are closed
   * (`additionalProperties: false`), strings need `maxLength` (or the API's `maxStringLength`), arrays need
   * `items` and `maxItems`, patterns must compile. Routes with the same tightened schema share one model.
   * @default - no body model (a body-carrying method still gets the body validator)
   */
  readonly requestSchema?: apigw.JsonSchema;
  /**
   * Explicit opt-out that accepts unbounded strings and arrays, open objects, `$ref`s and untyped values in
   * `requestSchema`.
   * @default false
   */
  readonly allowUnboundedSchema?: boolean;
  /**
   * Request parameters to declare and validate: `method.request.querystring.<name>`, `method.request.header.<name>`
   * (or `multivaluequerystring` / `multivalueheader`) → whether it is required. Path parameters of the route are
   * declared as required automatically.
   * @default - only the path parameters
   */
  readonly requestParameters?: { [name: string]: boolean };
}

/** Options of `SecureRestApi.addRoute`. */
export interface RouteOptions extends RouteAccessOptions {
  /** The backend of the route, e.g. `api.lambdaIntegration(fn)`, an `apigw.AwsIntegration` or a `MockIntegration`. */
  readonly integration: apigw.Integration;
  /**
   * Method responses (status codes, response models and headers) the method declares.
   * @default - none beyond what the integration needs (proxy integrations pass responses through)
   */
  readonly responses?: apigw.MethodResponse[];
  /**
   * Name of the operation, shown in generated SDKs and documentation.
   * @default - none
   */
  readonly operationName?: string;
}
