import { ModelOperation, OpenApiDocument } from './types';
import { isIntrinsic, ResourceView } from '../stack-index';

/** Path-item keys that are operations, by the HTTP method API Gateway gives them. */
const METHODS = new Map<string, string>([
  ['get', 'GET'],
  ['put', 'PUT'],
  ['post', 'POST'],
  ['delete', 'DELETE'],
  ['options', 'OPTIONS'],
  ['head', 'HEAD'],
  ['patch', 'PATCH'],
  ['trace', 'TRACE'],
  ['x-amazon-apigateway-any-method', 'ANY'],
]);

/** Where a request parameter lives, as API Gateway names it in `method.request.<where>.<name>`. */
const PARAMETER_PLACES = new Map<string, string>([
  ['path', 'path'],
  ['query', 'querystring'],
  ['header', 'header'],
]);

/** How a security scheme takes part in a security requirement. */
type SchemeUse =
  | { readonly kind: 'authorizer'; readonly type: string; readonly name: string; readonly scoped: boolean }
  | { readonly kind: 'api-key' }
  | { readonly kind: 'ignored' }
  | { readonly kind: 'none' }
  | { readonly kind: 'unknown'; readonly why: string };

/** One alternative of a security requirement list, read: all of its schemes apply together. */
interface Alternative {
  readonly authorizer?: { readonly type: string; readonly name: string; readonly scopes?: unknown };
  readonly apiKey: boolean;
  /** The alternative names no scheme that is applied (`{}`, or `NONE`): the method needs no credential. */
  readonly empty?: boolean;
  readonly unknown?: string;
}

/**
 * Reads an inline OpenAPI 3.x or Swagger 2.0 document (the `Body` of an `AWS::ApiGateway::RestApi` or an
 * `AWS::ApiGatewayV2::Api`) into the operations of the API model and what the document says of the API as a whole.
 *
 * Each operation gets Method-shaped `props` (`HttpMethod`, `AuthorizationType`, `AuthorizationScopes`, `AuthorizerId`,
 * `ApiKeyRequired`, `RequestValidatorId`, `RequestModels`, `RequestParameters`, `Integration`, `MethodResponses`) and
 * the label `'<METHOD> <path>'`. A list of security alternatives is judged by its weakest alternative; on REST APIs,
 * whose import applies every scheme the list names, an API key in one entry is required with the others. What cannot be
 * read (a string that is not JSON, an intrinsic in place of the document, its paths or an operation, a security scheme
 * or validator name that is not defined) is named in `unreadable` of the document or of the operation, never dropped.
 * Every lookup of a name from the document is an own-property lookup, so names like `constructor` or `__proto__` are
 * read like any other.
 *
 * @param body the document: an object, or a JSON string
 * @param kind the kind of API the document defines (scopes, API keys and validators differ between them)
 * @param holder the resource that holds the document; findings on its operations are reported on it
 * @param api the key of the API in the model, when known
 */
export function readOpenApi(body: unknown, kind: 'REST' | 'HTTP', holder: ResourceView, api: string | undefined): OpenApiDocument {
  let doc = body;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return { operations: [], unreadable: ['the Body is a string that is not JSON'] };
    }
  }
  if (isIntrinsic(doc)) {
    return { operations: [], unreadable: [`the Body is an intrinsic (${Object.keys(doc as object)[0]}), not a document`] };
  }
  if (!isObject(doc)) {
    return { operations: [], unreadable: [`the Body is ${describe(doc)}, not an OpenAPI document`] };
  }
  return new DocumentReader(doc, kind, holder, api).read();
}

/** Reads one document; holds what every operation shares. */
class DocumentReader {
  private readonly unreadable: string[] = [];
  private readonly schemes: Record<string, unknown> | undefined;
  private readonly validators: Record<string, unknown> | undefined;
  private readonly expanded = new Map<string, unknown>();

  constructor(
    private readonly doc: Record<string, unknown>,
    private readonly kind: 'REST' | 'HTTP',
    private readonly holder: ResourceView,
    private readonly api: string | undefined,
  ) {
    this.schemes = this.container(own(own(doc, 'components'), 'securitySchemes'), 'components.securitySchemes')
      ?? this.container(own(doc, 'securityDefinitions'), 'securityDefinitions');
    this.validators = kind === 'REST'
      ? this.container(own(doc, 'x-amazon-apigateway-request-validators'), 'x-amazon-apigateway-request-validators')
      : undefined;
  }

  public read(): OpenApiDocument {
    const doc = this.doc;
    const operations: ModelOperation[] = [];
    const paths = own(doc, 'paths');
    if (paths === undefined) {
      this.unreadable.push('the document has no paths');
    } else if (isIntrinsic(paths)) {
      this.unreadable.push(`the document's paths are an intrinsic (${Object.keys(paths as object)[0]})`);
    } else if (!isObject(paths)) {
      this.unreadable.push(`the document's paths are ${describe(paths)}, not an object`);
    } else {
      for (const path of Object.keys(paths)) {
        if (path.startsWith('x-')) continue;
        this.readPath(path, paths[path], operations);
      }
    }
    // Swagger 2.0 puts the endpoint configuration at the root; OpenAPI 3 in a server object
    const servers = own(doc, 'servers');
    const endpoint = own(doc, 'x-amazon-apigateway-endpoint-configuration')
      ?? (Array.isArray(servers) ? servers.map((s) => own(s, 'x-amazon-apigateway-endpoint-configuration')).find((e) => e !== undefined) : undefined);
    return {
      operations,
      policy: own(doc, 'x-amazon-apigateway-policy'),
      disableExecuteApiEndpoint: own(endpoint, 'disableExecuteApiEndpoint'),
      apiKeySource: own(doc, 'x-amazon-apigateway-api-key-source'),
      gatewayResponses: objectOrUndefined(own(doc, 'x-amazon-apigateway-gateway-responses')),
      cors: own(doc, 'x-amazon-apigateway-cors'),
      schemas: objectOrUndefined(own(own(doc, 'components'), 'schemas') ?? own(doc, 'definitions')),
      authorizers: this.authorizers(),
      unreadable: this.unreadable,
    };
  }

  /** A map of named things from the document, or undefined (noting it) when it is an intrinsic. */
  private container(value: unknown, where: string): Record<string, unknown> | undefined {
    if (value === undefined) return undefined;
    if (isIntrinsic(value) || !isObject(value)) {
      this.unreadable.push(`${where} is ${describe(value)}, not a map of names`);
      return undefined;
    }
    return value;
  }

  private readPath(path: string, rawItem: unknown, operations: ModelOperation[]): void {
    if (isIntrinsicKey(path)) {
      this.unreadable.push(`the path key "${path}" is an intrinsic, not a path`);
      return;
    }
    const item = this.deref(rawItem);
    if (isIntrinsic(item) || !isObject(item)) {
      this.unreadable.push(`path "${path}" is ${describe(item)}, not a path item`);
      return;
    }
    for (const key of Object.keys(item)) {
      const method = METHODS.get(key.toLowerCase());
      if (method === undefined) continue;
      const label = `${method} ${path}`;
      const operation = this.deref(item[key]);
      if (isIntrinsic(operation) || !isObject(operation)) {
        this.unreadable.push(`operation ${label} is ${describe(operation)}, not an operation`);
        continue;
      }
      operations.push(this.readOperation(label, method, operation, own(item, 'parameters')));
    }
  }

  private readOperation(label: string, method: string, operation: Record<string, unknown>, pathParameters: unknown): ModelOperation {
    const notes: string[] = [];
    const props: Record<string, unknown> = { HttpMethod: method };
    this.readSecurity(operation, props, notes);

    let validator: ModelOperation['validator'];
    if (this.kind === 'REST') validator = this.readValidator(operation, props, notes);

    const parameters = this.parameters(pathParameters, operation, notes);
    const requestParameters: Record<string, unknown> = {};
    for (const parameter of parameters.values()) {
      const where = PARAMETER_PLACES.get(parameter.in as string);
      if (where === undefined || typeof parameter.name !== 'string') continue;
      setOwn(requestParameters, `method.request.${where}.${parameter.name}`, where === 'path' ? true : parameter.required === true);
    }
    if (Object.keys(requestParameters).length > 0) props.RequestParameters = requestParameters;

    const bodies = this.requestBodies(operation, parameters, notes);
    if (bodies) {
      props.RequestModels = bodies.models;
    }

    const integration = this.integration(own(operation, 'x-amazon-apigateway-integration'), notes);
    if (integration) props.Integration = integration;
    const responses = this.methodResponses(own(operation, 'responses'));
    if (responses) props.MethodResponses = responses;

    return {
      kind: this.kind,
      api: this.api,
      holder: this.holder,
      label,
      props,
      ...(validator ? { validator } : {}),
      ...(bodies ? { requestSchemas: bodies.schemas } : {}),
      ...(notes.length > 0 ? { unreadable: notes.join('; ') } : {}),
    };
  }

  // ---- security ----------------------------------------------------------------------------------------------------

  private readSecurity(operation: Record<string, unknown>, props: Record<string, unknown>, notes: string[]): void {
    const security = hasOwn(operation, 'security') ? operation.security : own(this.doc, 'security');
    if (this.kind === 'REST') props.ApiKeyRequired = false;
    if (security === undefined) {
      props.AuthorizationType = 'NONE';
      return;
    }
    if (isIntrinsic(security) || !Array.isArray(security)) {
      notes.push(`security is ${describe(security)}, not a list of requirements`);
      if (this.kind === 'REST') props.ApiKeyRequired = undefined;
      return;
    }
    if (security.length === 0) {
      props.AuthorizationType = 'NONE';
      return;
    }
    const alternatives = security.map((requirement) => this.alternative(requirement));
    if (this.kind === 'REST') {
      // API Gateway applies every scheme a REST method's list names (it has no "either" of an API key and an
      // authorizer): an API key named in one entry is required, and an entry that is only the API key is no
      // alternative without authorization (the Serverless transform writes `[{ Auth: [] }, { api_key: [] }]`)
      props.ApiKeyRequired = alternatives.some((a) => a.apiKey);
      const withAuthorizer = alternatives.filter((a) => a.authorizer || a.unknown !== undefined);
      if (withAuthorizer.length > 0 && !alternatives.some((a) => a.empty)) {
        alternatives.splice(0, alternatives.length, ...withAuthorizer);
      }
    }
    if (alternatives.some((a) => !a.authorizer && a.unknown === undefined)) {
      props.AuthorizationType = 'NONE';
      return;
    }
    const unknown = alternatives.find((a) => !a.authorizer);
    if (unknown) {
      notes.push(unknown.unknown!);
      return;
    }
    // every alternative names an authorizer: the weakest is one whose scopes are not checked
    const weakest = alternatives.find((a) => a.authorizer!.scopes === undefined) ?? alternatives[0];
    const authorizer = weakest.authorizer!;
    props.AuthorizationType = authorizer.type;
    if (authorizer.type !== 'AWS_IAM') props.AuthorizerId = authorizer.name;
    if (authorizer.scopes !== undefined) props.AuthorizationScopes = authorizer.scopes;
  }

  private alternative(requirement: unknown): Alternative {
    if (isIntrinsic(requirement) || !isObject(requirement)) {
      return { apiKey: false, unknown: `a security requirement is ${describe(requirement)}, not a map of scheme names` };
    }
    let authorizer: Alternative['authorizer'];
    let apiKey = false;
    let unknown: string | undefined;
    let applied = 0;
    for (const name of Object.keys(requirement)) {
      const use = this.schemeUse(name);
      if (use.kind !== 'none' && use.kind !== 'ignored') applied++;
      if (use.kind === 'api-key') {
        apiKey = true;
      } else if (use.kind === 'unknown') {
        unknown = unknown ?? use.why;
      } else if (use.kind === 'authorizer' && !authorizer) {
        const scopes = requirement[name];
        const listed = use.scoped && (isIntrinsic(scopes) || (Array.isArray(scopes) && scopes.length > 0));
        authorizer = { type: use.type, name: use.name, scopes: listed ? scopes : undefined };
      }
    }
    return { authorizer, apiKey, unknown, empty: applied === 0 };
  }

  private schemeUse(name: string): SchemeUse {
    const raw = own(this.schemes, name);
    // the Serverless transform writes `NONE` (not defined) for an event with `Authorizer: NONE`
    if (raw === undefined && name === 'NONE') return { kind: 'none' };
    if (raw === undefined) return { kind: 'unknown', why: `security scheme "${name}" is not defined` };
    const scheme = this.deref(raw);
    if (isIntrinsic(scheme) || !isObject(scheme)) {
      return { kind: 'unknown', why: `security scheme "${name}" is ${describe(scheme)}, not a scheme` };
    }
    const authType = own(scheme, 'x-amazon-apigateway-authtype');
    const authorizer = own(scheme, 'x-amazon-apigateway-authorizer');
    const authorizerType = own(authorizer, 'type');
    const rest = this.kind === 'REST';
    const authorizerUse = (type: string, scoped: boolean): SchemeUse => ({ kind: 'authorizer', type, name, scoped });
    const unsupported = (what: string): SchemeUse =>
      ({ kind: 'unknown', why: `security scheme "${name}" is ${what}, which ${this.kind} APIs do not support` });

    if (typeof authType === 'string' && authType.toLowerCase() === 'awssigv4') return authorizerUse('AWS_IAM', false);
    if (authorizer !== undefined) {
      if (typeof authorizerType !== 'string') {
        return { kind: 'unknown', why: `the authorizer type of security scheme "${name}" is ${describe(authorizerType)}` };
      }
      switch (authorizerType.toLowerCase()) {
        case 'cognito_user_pools': return rest ? authorizerUse('COGNITO_USER_POOLS', true) : unsupported('a Cognito authorizer');
        case 'token': return rest ? authorizerUse('CUSTOM', false) : unsupported('a TOKEN authorizer');
        case 'request': return authorizerUse('CUSTOM', false);
        case 'jwt': return rest ? unsupported('a JWT authorizer') : authorizerUse('JWT', true);
        default:
          return { kind: 'unknown', why: `security scheme "${name}" has an authorizer of unknown type "${authorizerType}"` };
      }
    }
    if (typeof authType === 'string' && authType.toLowerCase() === 'cognito_user_pools') {
      return rest ? authorizerUse('COGNITO_USER_POOLS', true) : unsupported('a Cognito authorizer');
    }
    if (authType === undefined && own(scheme, 'type') === 'apiKey') {
      // API Gateway's own API key; HTTP APIs have none and ignore the scheme
      return rest ? { kind: 'api-key' } : { kind: 'ignored' };
    }
    return {
      kind: 'unknown',
      why: `security scheme "${name}" (${describe(own(scheme, 'type'))}) has no API Gateway authorizer, so API Gateway does not enforce it`,
    };
  }

  private authorizers(): { [name: string]: any } | undefined {
    if (!this.schemes) return undefined;
    const out: { [name: string]: any } = {};
    for (const name of Object.keys(this.schemes)) {
      const scheme = this.deref(this.schemes[name]);
      if (!isObject(scheme) || isIntrinsic(scheme)) continue;
      const authorizer = own(scheme, 'x-amazon-apigateway-authorizer');
      const authType = own(scheme, 'x-amazon-apigateway-authtype');
      const cognito = typeof authType === 'string' && authType.toLowerCase() === 'cognito_user_pools';
      if (authorizer === undefined && !cognito) continue;
      const type = own(authorizer, 'type');
      const upper = typeof type === 'string' ? type.toUpperCase() : cognito ? 'COGNITO_USER_POOLS' : type;
      setOwn(out, name, this.kind === 'REST' ? restAuthorizer(name, scheme, authorizer, upper) : httpAuthorizer(name, authorizer, upper));
    }
    return out;
  }

  // ---- validation --------------------------------------------------------------------------------------------------

  private readValidator(operation: Record<string, unknown>, props: Record<string, unknown>, notes: string[]): ModelOperation['validator'] {
    const key = 'x-amazon-apigateway-request-validator';
    const name = hasOwn(operation, key) ? operation[key] : own(this.doc, key);
    if (name === undefined) return undefined;
    if (typeof name !== 'string') {
      notes.push(`the request validator is ${describe(name)}, not a validator name`);
      props.RequestValidatorId = isIntrinsic(name) ? name : undefined;
      return undefined;
    }
    const settings = own(this.validators, name);
    if (settings === undefined || isIntrinsic(settings) || !isObject(settings)) {
      notes.push(settings === undefined
        ? `request validator "${name}" is not defined in x-amazon-apigateway-request-validators`
        : `request validator "${name}" is ${describe(settings)}, not validator settings`);
      return undefined;
    }
    props.RequestValidatorId = name;
    return {
      ValidateRequestBody: own(settings, 'validateRequestBody') ?? false,
      ValidateRequestParameters: own(settings, 'validateRequestParameters') ?? false,
    };
  }

  // ---- parameters and bodies ---------------------------------------------------------------------------------------

  /** Path-level then operation-level parameters, the latter overriding by place and name. */
  private parameters(pathParameters: unknown, operation: Record<string, unknown>, notes: string[]): Map<string, Record<string, unknown>> {
    const out = new Map<string, Record<string, unknown>>();
    for (const list of [pathParameters, own(operation, 'parameters')]) {
      if (list === undefined) continue;
      if (!Array.isArray(list)) {
        notes.push(`parameters are ${describe(list)}, not a list`);
        continue;
      }
      for (const raw of list) {
        const parameter = this.deref(raw);
        if (isIntrinsic(parameter) || !isObject(parameter)) {
          notes.push(`a parameter is ${describe(parameter)}, not a parameter`);
          continue;
        }
        out.set(`${String(own(parameter, 'in'))}\u0000${String(own(parameter, 'name'))}`, parameter);
      }
    }
    return out;
  }

  /** The request body schemas: OpenAPI 3 `requestBody`, or a Swagger 2 `in: body` parameter. */
  private requestBodies(
    operation: Record<string, unknown>,
    parameters: Map<string, Record<string, unknown>>,
    notes: string[],
  ): { models: Record<string, string>; schemas: Record<string, unknown> } | undefined {
    const bySwagger = [...parameters.values()].find((p) => own(p, 'in') === 'body');
    const schemasByType: Array<[string, unknown]> = [];
    if (hasOwn(operation, 'requestBody')) {
      const body = this.deref(operation.requestBody);
      const content = own(body, 'content');
      if (isIntrinsic(body) || !isObject(body) || (content !== undefined && (isIntrinsic(content) || !isObject(content)))) {
        notes.push('the request body is not readable');
        return undefined;
      }
      for (const type of Object.keys(content ?? {})) {
        const schema = own(own(content, type), 'schema');
        if (schema !== undefined) schemasByType.push([type, schema]);
      }
    } else if (bySwagger) {
      const schema = own(bySwagger, 'schema');
      const consumes = own(operation, 'consumes') ?? own(this.doc, 'consumes');
      const types = Array.isArray(consumes) && consumes.length > 0 ? consumes.filter((t) => typeof t === 'string') : ['application/json'];
      if (schema !== undefined) for (const type of types) schemasByType.push([type, schema]);
    } else {
      return undefined;
    }
    if (schemasByType.length === 0) return undefined;
    const models: Record<string, string> = {};
    const schemas: Record<string, unknown> = {};
    for (const [type, schema] of schemasByType) {
      setOwn(models, type, schemaName(schema) ?? 'inline');
      setOwn(schemas, type, this.expand(schema, []));
    }
    return { models, schemas };
  }

  /**
   * A copy of `value` with local `$ref`s replaced by what they point at, expanded in turn. A `$ref` met again inside
   * its own expansion (a cyclic schema) and a `$ref` that cannot be followed stay in place.
   */
  private expand(value: unknown, stack: string[], state = { cyclic: false }): unknown {
    if (Array.isArray(value)) return value.map((v) => this.expand(v, stack, state));
    if (!isObject(value)) return value;
    const ref = own(value, '$ref');
    if (typeof ref === 'string') {
      if (stack.includes(ref)) {
        state.cyclic = true;
        return value;
      }
      if (this.expanded.has(ref)) return this.expanded.get(ref);
      const target = resolvePointer(this.doc, ref);
      if (target === undefined) return value;
      const inner = { cyclic: false };
      const result = this.expand(target, [...stack, ref], inner);
      // an expansion that left a cycle in place depends on where it was met; others can be shared
      if (inner.cyclic) state.cyclic = true;
      else this.expanded.set(ref, result);
      return result;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) setOwn(out, key, this.expand(value[key], stack, state));
    return out;
  }

  // ---- integration and responses -----------------------------------------------------------------------------------

  private integration(raw: unknown, notes: string[]): Record<string, unknown> | undefined {
    if (raw === undefined) return undefined;
    const integration = this.deref(raw);
    if (isIntrinsic(integration) || !isObject(integration)) {
      notes.push(`the integration is ${describe(integration)}, not an integration`);
      return isIntrinsic(integration) ? (integration as Record<string, unknown>) : undefined;
    }
    const type = own(integration, 'type');
    const out: Record<string, unknown> = {
      Type: typeof type === 'string' ? type.toUpperCase() : type,
      Uri: own(integration, 'uri'),
      IntegrationHttpMethod: own(integration, 'httpMethod'),
      ConnectionType: own(integration, 'connectionType'),
      ConnectionId: own(integration, 'connectionId'),
      Credentials: own(integration, 'credentials'),
      PassthroughBehavior: own(integration, 'passthroughBehavior'),
      RequestParameters: own(integration, 'requestParameters'),
      RequestTemplates: own(integration, 'requestTemplates'),
      PayloadFormatVersion: own(integration, 'payloadFormatVersion'),
    };
    const responses = own(integration, 'responses');
    if (isObject(responses) && !isIntrinsic(responses)) {
      out.IntegrationResponses = Object.keys(responses).map((pattern) => {
        const response = responses[pattern];
        return withoutUndefined({
          StatusCode: own(response, 'statusCode'),
          SelectionPattern: pattern === 'default' ? undefined : pattern,
          ResponseParameters: own(response, 'responseParameters'),
          ResponseTemplates: own(response, 'responseTemplates'),
        });
      });
    } else if (responses !== undefined) {
      out.IntegrationResponses = responses;
    }
    return withoutUndefined(out);
  }

  private methodResponses(raw: unknown): unknown[] | undefined {
    const responses = this.deref(raw);
    if (!isObject(responses) || isIntrinsic(responses)) return undefined;
    return Object.keys(responses).filter((code) => !code.startsWith('x-')).map((code) => {
      const headers = own(this.deref(responses[code]), 'headers');
      const parameters: Record<string, boolean> = {};
      if (isObject(headers) && !isIntrinsic(headers)) {
        for (const header of Object.keys(headers)) setOwn(parameters, `method.response.header.${header}`, true);
      }
      return Object.keys(parameters).length > 0 ? { StatusCode: code, ResponseParameters: parameters } : { StatusCode: code };
    });
  }

  // ---- references --------------------------------------------------------------------------------------------------

  /** `value`, or what its local `$ref` points at (following chains of references, up to a cycle). */
  private deref(value: unknown): unknown {
    const seen = new Set<string>();
    let current = value;
    for (;;) {
      const ref = own(current, '$ref');
      if (typeof ref !== 'string' || seen.has(ref)) return current;
      seen.add(ref);
      const target = resolvePointer(this.doc, ref);
      if (target === undefined) return current;
      current = target;
    }
  }
}

/** `AWS::ApiGateway::Authorizer`-shaped properties of a REST API's security scheme. */
function restAuthorizer(name: string, scheme: Record<string, unknown>, authorizer: unknown, type: unknown): Record<string, unknown> {
  const header = own(scheme, 'in') === 'header' && typeof own(scheme, 'name') === 'string'
    ? `method.request.header.${own(scheme, 'name') as string}` : undefined;
  const out: Record<string, unknown> = {
    Name: name,
    Type: type,
    ProviderARNs: own(authorizer, 'providerARNs'),
    IdentitySource: own(authorizer, 'identitySource') ?? (type === 'REQUEST' ? undefined : header),
    IdentityValidationExpression: own(authorizer, 'identityValidationExpression'),
    AuthorizerResultTtlInSeconds: own(authorizer, 'authorizerResultTtlInSeconds'),
    AuthorizerUri: own(authorizer, 'authorizerUri'),
    AuthorizerCredentials: own(authorizer, 'authorizerCredentials'),
  };
  return withoutUndefined(out);
}

/** `AWS::ApiGatewayV2::Authorizer`-shaped properties of an HTTP API's security scheme. */
function httpAuthorizer(name: string, authorizer: unknown, type: unknown): Record<string, unknown> {
  const jwt = own(authorizer, 'jwtConfiguration');
  const source = own(authorizer, 'identitySource');
  const out: Record<string, unknown> = {
    Name: name,
    AuthorizerType: type,
    JwtConfiguration: jwt === undefined ? undefined : isIntrinsic(jwt) ? jwt : withoutUndefined({
      Issuer: own(jwt, 'issuer'),
      Audience: own(jwt, 'audience'),
    }),
    IdentitySource: typeof source === 'string'
      ? source.split(',').map((s) => s.trim()).filter((s) => s.length > 0)
      : source,
    AuthorizerUri: own(authorizer, 'authorizerUri'),
    AuthorizerCredentialsArn: own(authorizer, 'authorizerCredentials'),
    AuthorizerPayloadFormatVersion: own(authorizer, 'authorizerPayloadFormatVersion'),
    AuthorizerResultTtlInSeconds: own(authorizer, 'authorizerResultTtlInSeconds'),
    EnableSimpleResponses: own(authorizer, 'enableSimpleResponses'),
  };
  return withoutUndefined(out);
}

/** The name a `$ref` gives a schema (its last pointer segment), or undefined for an inline schema. */
function schemaName(schema: unknown): string | undefined {
  const ref = own(schema, '$ref');
  if (typeof ref !== 'string') return undefined;
  const segments = ref.split('/');
  return unescapeSegment(segments[segments.length - 1]);
}

/** What a local JSON pointer (`#/components/schemas/Pet`) points at in `doc`, or undefined. */
function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  const pointer = ref.slice(1);
  if (pointer === '') return doc;
  if (!pointer.startsWith('/')) return undefined;
  let current = doc;
  for (const segment of pointer.slice(1).split('/')) {
    const key = unescapeSegment(segment);
    if (Array.isArray(current)) {
      current = /^\d+$/.test(key) ? current[Number(key)] : undefined;
    } else {
      current = own(current, key);
    }
    if (current === undefined) return undefined;
  }
  return current;
}

function unescapeSegment(segment: string): string {
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // a segment that is not percent-encoded is read as written
  }
  return decoded.replace(/~1/g, '/').replace(/~0/g, '~');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function hasOwn(value: unknown, key: string): boolean {
  return isObject(value) && Object.prototype.hasOwnProperty.call(value, key);
}

/** `value[key]` when it is an own property of an object, else undefined. */
function own(value: unknown, key: string): unknown {
  return hasOwn(value, key) ? (value as Record<string, unknown>)[key] : undefined;
}

/** Sets an own, enumerable property, even for keys like `__proto__`. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** A path key that is written like an intrinsic function (`Ref`, `Fn::...`). */
function isIntrinsicKey(key: string): boolean {
  return key === 'Ref' || key.startsWith('Fn::');
}

function objectOrUndefined(value: unknown): { [name: string]: any } | undefined {
  return isObject(value) ? value : undefined;
}

function withoutUndefined(value: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(value)) if (value[key] === undefined) delete value[key];
  return value;
}

/** A short description of a value that is not what was expected, for `unreadable` sentences. */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (isIntrinsic(value)) return `an intrinsic (${Object.keys(value as object)[0]})`;
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value} (${JSON.stringify(value)})`;
}
