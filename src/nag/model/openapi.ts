import { readIntegration, readMethodResponses } from './openapi-integration';
import { DocumentScope } from './openapi-scope';
import { documentAuthorizers, readSecurity } from './openapi-security';
import { describe, hasOwn, isIntrinsicKey, isObject, objectOrUndefined, own, resolvePointer, schemaName, setOwn } from './openapi-values';
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
class DocumentReader implements DocumentScope {
  private readonly unreadable: string[] = [];
  public readonly schemes: Record<string, unknown> | undefined;
  private readonly validators: Record<string, unknown> | undefined;
  private readonly expanded = new Map<string, unknown>();

  constructor(
    public readonly doc: Record<string, unknown>,
    public readonly kind: 'REST' | 'HTTP',
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
      authorizers: documentAuthorizers(this),
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
    readSecurity(this, operation, props, notes);

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

    const integration = readIntegration(this, own(operation, 'x-amazon-apigateway-integration'), notes);
    if (integration) props.Integration = integration;
    const responses = readMethodResponses(this, own(operation, 'responses'));
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


  // ---- references --------------------------------------------------------------------------------------------------

  /** `value`, or what its local `$ref` points at (following chains of references, up to a cycle). */
  public deref(value: unknown): unknown {
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
