import { refId } from '../stack-index';
import { withGlobals } from './sam-globals';
import {
  authorizerPermissions, clone, describe, HTTP_METHODS, identitySources, isMap, methodKey, operationLabel, own, SamContext,
  setOwn, shortHash, validatorName, invokePermission,
} from './sam-values';

/** The implicit REST API of `Api` events without `RestApiId`. */
export const IMPLICIT_REST = 'ServerlessRestApi';

/** A REST API being built: an `AWS::Serverless::Api` or the implicit API of `Api` events. */
interface RestBuild {
  readonly id: string;
  origin: string;
  readonly props: any;
  readonly condition?: string;
  readonly body: any;
  readonly origins: Map<string, string>;
  /** The body came from `DefinitionBody` (an OpenAPI document written by the user). */
  readonly defined: boolean;
  readonly unexpanded: string[];
}

/**
 * The REST APIs of a SAM template (each `AWS::Serverless::Api` and the implicit API of `Api` events), built into the
 * `AWS::ApiGateway::RestApi` with its OpenAPI body, deployment, stage, usage plan and domain the transform creates.
 */
export class SamRestApis {
  private readonly apis = new Map<string, RestBuild>();
  private sharedPlan?: { origin: string; stages: any[]; settings: any; condition?: string };

  constructor(private readonly ctx: SamContext) {}

  /** Creates the resources of every REST API, once every event has added its operations. */
  public finish(): void {
    for (const build of this.apis.values()) this.finishRest(build);
    if (this.sharedPlan) this.finishSharedPlan();
  }


  /** Starts a REST API: an `AWS::Serverless::Api` (`origin` is its logical id) or the implicit API. */
  public startRest(id: string, origin: string, props: any, condition: string | undefined): RestBuild {
    const p = isMap(props) ? props : {};
    const unexpanded: string[] = [];
    let body: any;
    let defined = false;
    if (p.DefinitionBody !== undefined) {
      if (isMap(p.DefinitionBody)) {
        body = clone(p.DefinitionBody);
        defined = true;
      } else {
        // an intrinsic or other value: the reader reports it
        body = p.DefinitionBody;
      }
    } else if (p.DefinitionUri !== undefined) {
      // the API model reports a definition it cannot read (BodyS3Location)
    } else {
      body = { swagger: '2.0', info: { version: '1.0', title: p.Name ?? { Ref: 'AWS::StackName' } }, paths: {} };
    }
    const build: RestBuild = { id, origin, props: p, condition, body, origins: new Map(), defined, unexpanded };
    this.apis.set(id, build);
    return build;
  }

  /** The REST API an event adds to: the one `RestApiId` names, or the implicit API. */
  private restApiOf(samId: string, name: string, event: any): RestBuild | undefined {
    const restApiId = own(event, 'RestApiId');
    if (restApiId === undefined) {
      let build = this.apis.get(IMPLICIT_REST);
      if (!build) {
        const props = withGlobals('AWS::Serverless::Api', { StageName: 'Prod' }, this.ctx.globals);
        build = this.startRest(IMPLICIT_REST, samId, props, undefined);
      }
      return build;
    }
    const target = refId(restApiId);
    const build = target === undefined ? undefined : this.apis.get(target);
    if (!build) {
      this.ctx.note(samId, `the event ${name} names RestApiId ${describe(restApiId)}, which is not an AWS::Serverless::Api of this template`);
    }
    return build;
  }

  /** Adds the operation of a function's `Api` event, and its invoke permission. */
  public restFunctionOperation(fnId: string, name: string, event: any): void {
    const uri = { 'Fn::Sub': `arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${fnId}.Arn}/invocations` };
    const build = this.restOperation(fnId, name, event, { type: 'aws_proxy', httpMethod: 'POST', uri });
    if (!build) return;
    const path = own(event, 'Path');
    const method = own(event, 'Method');
    const stage = typeof build.props.StageName === 'string' ? build.props.StageName : '';
    const arnPath = typeof path === 'string' ? path.replace(/\{[^}]+\}/g, '*') : '*';
    const arnMethod = typeof method === 'string' ? (method.toLowerCase() === 'any' ? '*' : method.toUpperCase()) : '*';
    const arn = `arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/\${__Stage__}/${arnMethod}${arnPath}`;
    invokePermission(this.ctx, `${fnId}${name}Permission${stage}`, fnId, [arn, { __ApiId__: { Ref: build.id }, __Stage__: '*' }]);
  }

  /** Adds the operation of a state machine's `Api` event. */
  public restStateMachineOperation(machineId: string, name: string, event: any): void {
    const integration = {
      type: 'aws',
      httpMethod: 'POST',
      uri: { 'Fn::Sub': 'arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution' },
      credentials: { 'Fn::GetAtt': [`${machineId}${name}Role`, 'Arn'] },
    };
    this.restOperation(machineId, name, event, integration);
  }

  /** Adds one `Api` event's operation to its REST API's body; the API it went to. */
  private restOperation(samId: string, name: string, event: any, integration: any): RestBuild | undefined {
    const build = this.restApiOf(samId, name, event);
    if (!build) return undefined;
    const path = own(event, 'Path');
    const method = own(event, 'Method');
    if (typeof path !== 'string' || typeof method !== 'string') {
      this.ctx.note(samId, `the event ${name} has Path ${describe(path)} and Method ${describe(method)}, which are not both text`);
      return build;
    }
    if (!isMap(build.body)) return build;
    const paths = isMap(build.body.paths) ? build.body.paths : (build.body.paths = {});
    const item = isMap(own(paths, path)) ? paths[path] : {};
    setOwn(paths, path, item);
    const operation: Record<string, any> = { 'x-amazon-apigateway-integration': integration, 'responses': {} };
    setOwn(item, methodKey(method), operation);
    build.origins.set(operationLabel(path, method === 'any' || method === 'ANY' ? 'ANY' : method), samId);

    const auth = own(event, 'Auth') ?? {};
    const apiAuth = own(build.props, 'Auth') ?? {};
    const security = this.restSecurity(build, samId, name, auth, apiAuth);
    if (security.length > 0) operation.security = security;

    const parameters: any[] = [];
    const model = own(event, 'RequestModel');
    if (model !== undefined) {
      if (!isMap(model) || typeof model.Model !== 'string') {
        this.ctx.note(samId, `the RequestModel of event ${name} is ${describe(model)}, not a model name`);
      } else {
        const modelName = model.Model.toLowerCase();
        parameters.push({ in: 'body', name: modelName, required: model.Required === true, schema: { $ref: `#/definitions/${modelName}` } });
        const validator = validatorName(model.ValidateBody, model.ValidateParameters);
        if (validator) {
          operation['x-amazon-apigateway-request-validator'] = validator.name;
          const validators = isMap(build.body['x-amazon-apigateway-request-validators']) ? build.body['x-amazon-apigateway-request-validators'] : {};
          setOwn(validators, validator.name, { validateRequestBody: validator.body, validateRequestParameters: validator.parameters });
          build.body['x-amazon-apigateway-request-validators'] = validators;
        }
      }
    }
    const requestParameters = own(event, 'RequestParameters');
    if (requestParameters !== undefined) {
      if (!Array.isArray(requestParameters)) {
        this.ctx.note(samId, `the RequestParameters of event ${name} are ${describe(requestParameters)}, not a list`);
      } else {
        for (const entry of requestParameters) {
          const [key, settings] = typeof entry === 'string' ? [entry, {}] : isMap(entry) && Object.keys(entry).length === 1 ? [Object.keys(entry)[0], entry[Object.keys(entry)[0]]] : [undefined, undefined];
          const m = typeof key === 'string' ? /^method\.request\.(header|querystring|path)\.(.+)$/.exec(key) : null;
          if (!m) {
            this.ctx.note(samId, `a RequestParameters entry of event ${name} is ${describe(entry)}, not a method.request parameter`);
            continue;
          }
          const where = m[1] === 'querystring' ? 'query' : m[1];
          parameters.push({ in: where, name: m[2], type: 'string', required: own(settings, 'Required') === true });
        }
      }
    }
    if (parameters.length > 0) operation.parameters = parameters;
    return build;
  }

  /** The `security` of a REST operation, as the transform writes it. */
  private restSecurity(build: RestBuild, samId: string, event: string, auth: any, apiAuth: any): any[] {
    const security: any[] = [];
    const name = own(auth, 'Authorizer') ?? own(apiAuth, 'DefaultAuthorizer');
    if (name !== undefined) {
      if (typeof name !== 'string') {
        this.ctx.note(samId, `the authorizer of event ${event} is ${describe(name)}, not a name`);
      } else if (name === 'NONE') {
        security.push({ NONE: [] });
      } else if (name === 'AWS_IAM') {
        this.restScheme(build, 'AWS_IAM', { 'in': 'header', 'type': 'apiKey', 'name': 'Authorization', 'x-amazon-apigateway-authtype': 'awsSigv4' });
        security.push({ AWS_IAM: [] });
      } else {
        const authorizer = own(own(apiAuth, 'Authorizers'), name);
        const scopes = own(auth, 'AuthorizationScopes') ?? own(authorizer, 'AuthorizationScopes') ?? [];
        security.push({ [name]: scopes });
      }
    }
    const apiKey = own(auth, 'ApiKeyRequired') ?? own(apiAuth, 'ApiKeyRequired');
    if (apiKey === true) {
      this.restScheme(build, 'api_key', { type: 'apiKey', name: 'x-api-key', in: 'header' });
      security.push({ api_key: [] });
    } else if (apiKey !== undefined && apiKey !== false) {
      this.ctx.note(samId, `ApiKeyRequired of event ${event} is ${describe(apiKey)}, not true or false`);
    }
    return security;
  }

  private restScheme(build: RestBuild, name: string, scheme: any): void {
    if (!isMap(build.body)) return;
    const schemes = isMap(build.body.securityDefinitions) ? build.body.securityDefinitions : (build.body.securityDefinitions = {});
    if (own(schemes, name) === undefined) setOwn(schemes, name, scheme);
  }

  private finishRest(build: RestBuild): void {
    const { id, props, condition } = build;
    const body = build.body;
    const auth = own(props, 'Auth');
    if (auth !== undefined && !isMap(auth)) this.ctx.note(build.origin, `the Auth of ${id} is ${describe(auth)}, not a map`);
    if (isMap(body)) this.restDocument(build, isMap(auth) ? auth : {});
    for (const note of build.unexpanded) this.ctx.note(build.origin, note);

    const api: Record<string, any> = {};
    if (body !== undefined) api.Body = body;
    else api.BodyS3Location = props.DefinitionUri;
    for (const key of ['Name', 'Description', 'BinaryMediaTypes', 'MinimumCompressionSize', 'Mode', 'ApiKeySourceType', 'FailOnWarnings', 'DisableExecuteApiEndpoint']) {
      if (props[key] !== undefined) api[key] = props[key];
    }
    const endpoint = props.EndpointConfiguration;
    if (endpoint !== undefined) {
      api.EndpointConfiguration = typeof endpoint === 'string' ? { Types: [endpoint] }
        : isMap(endpoint) ? { Types: [endpoint.Type], ...(endpoint.VPCEndpointIds !== undefined ? { VpcEndpointIds: endpoint.VPCEndpointIds } : {}) }
          : endpoint;
    }
    this.ctx.emit({ logicalId: id, type: 'AWS::ApiGateway::RestApi', props: api, condition, origin: build.origin, operationOrigins: build.origins });

    const stageName = props.StageName;
    const openApi3 = typeof props.OpenApiVersion === 'string' && /^3\.\d+(\.\d+)?$/.test(props.OpenApiVersion);
    // the transform adds a hash of the definition to the deployment's id; without it the id (and acknowledgements of
    // findings on the deployment's stage) stays the same when the API changes
    const deploymentId = `${id}Deployment`;
    this.ctx.emit({
      logicalId: deploymentId,
      type: 'AWS::ApiGateway::Deployment',
      props: { RestApiId: { Ref: id }, ...(openApi3 ? {} : { StageName: 'Stage' }) },
      condition,
      origin: build.origin,
    });
    const stageId = `${id}${typeof stageName === 'string' ? stageName.replace(/[^A-Za-z0-9]/g, '') : ''}Stage`;
    const stage: Record<string, any> = { RestApiId: { Ref: id }, DeploymentId: { Ref: deploymentId }, StageName: stageName };
    for (const key of ['AccessLogSetting', 'MethodSettings', 'TracingEnabled', 'CacheClusterEnabled', 'CacheClusterSize', 'Variables', 'CanarySetting', 'Description', 'Tags']) {
      if (props[key] !== undefined) stage[key] = props[key];
    }
    if (stageName === undefined) this.ctx.note(build.origin, `${id} has no StageName`);
    this.ctx.references.set(`${id}.Stage`, stageId);
    this.ctx.references.set(`${id}.Deployment`, deploymentId);
    this.ctx.emit({ logicalId: stageId, type: 'AWS::ApiGateway::Stage', props: stage, condition, origin: build.origin });

    if (isMap(auth)) this.restUsagePlan(build, auth, stageId);
    if (isMap(auth)) authorizerPermissions(this.ctx, build.id, build.origin, own(auth, 'Authorizers'), condition, `${id}`);
    this.restDomain(build, stageId);
  }

  /** Authorizers, CORS preflights, models, gateway responses and the resource policy of a generated document. */
  private restDocument(build: RestBuild, auth: any): void {
    const body = build.body;
    const props = build.props;
    this.restAuthorizers(build, auth);
    if (build.defined) this.restDefaultAuth(build, auth);
    // CORS: a MOCK OPTIONS method on every path
    const cors = props.Cors;
    if (cors !== undefined) {
      const c = typeof cors === 'string' ? { AllowOrigin: cors } : cors;
      if (!isMap(c)) {
        this.ctx.note(build.origin, `the Cors of ${build.id} is ${describe(cors)}, not an origin or a map`);
      } else {
        for (const path of Object.keys(body.paths)) this.restPreflight(build, path, c, auth);
      }
    }
    const models = props.Models;
    if (isMap(models)) {
      const openApi3 = body.openapi !== undefined;
      const holder = openApi3 ? (isMap(body.components) ? body.components : (body.components = {})) : body;
      const key = openApi3 ? 'schemas' : 'definitions';
      const definitions: Record<string, any> = isMap(holder[key]) ? holder[key] : {};
      for (const name of Object.keys(models)) setOwn(definitions, name.toLowerCase(), models[name]);
      holder[key] = definitions;
    } else if (models !== undefined) {
      this.ctx.note(build.origin, `the Models of ${build.id} are ${describe(models)}, not a map`);
    }
    const responses = props.GatewayResponses;
    if (isMap(responses)) {
      const out: Record<string, any> = {};
      for (const type of Object.keys(responses)) {
        const response = responses[type];
        const converted: Record<string, any> = { responseParameters: {}, responseTemplates: own(response, 'ResponseTemplates') ?? {} };
        const parameters = own(response, 'ResponseParameters');
        for (const [where, prefix] of [['Headers', 'header'], ['Paths', 'path'], ['QueryStrings', 'querystring']]) {
          const values = own(parameters, where);
          if (isMap(values)) for (const key of Object.keys(values)) setOwn(converted.responseParameters, `gatewayresponse.${prefix}.${key}`, values[key]);
        }
        if (own(response, 'StatusCode') !== undefined) converted.statusCode = response.StatusCode;
        setOwn(out, type, converted);
      }
      body['x-amazon-apigateway-gateway-responses'] = out;
    } else if (responses !== undefined) {
      this.ctx.note(build.origin, `the GatewayResponses of ${build.id} are ${describe(responses)}, not a map`);
    }
    const policy = own(auth, 'ResourcePolicy');
    if (policy !== undefined) this.restPolicy(build, policy);
  }

  /**
   * The API's default authorizer and API key on the operations of a `DefinitionBody` that set no `security` of their
   * own (the operations of events already have theirs).
   */
  private restDefaultAuth(build: RestBuild, auth: any): void {
    const paths = build.body.paths;
    if (!isMap(paths)) return;
    for (const path of Object.keys(paths)) {
      const item = paths[path];
      if (!isMap(item)) continue;
      for (const key of Object.keys(item)) {
        const operation = item[key];
        const method = key === 'x-amazon-apigateway-any-method' ? 'ANY' : key.toUpperCase();
        if (!isMap(operation) || !HTTP_METHODS.has(method) || build.origins.has(operationLabel(path, method))) continue;
        if (own(operation, 'security') !== undefined) continue;
        const security = this.restSecurity(build, build.origin, `${method} ${path}`, {}, auth);
        if (security.length > 0) operation.security = security;
      }
    }
  }

  private restAuthorizers(build: RestBuild, auth: any): void {
    const authorizers = own(auth, 'Authorizers');
    if (authorizers === undefined) return;
    if (!isMap(authorizers)) {
      this.ctx.note(build.origin, `the Authorizers of ${build.id} are ${describe(authorizers)}, not a map`);
      return;
    }
    for (const name of Object.keys(authorizers)) {
      const a = authorizers[name];
      if (!isMap(a)) {
        this.ctx.note(build.origin, `the authorizer ${name} of ${build.id} is ${describe(a)}, not a map`);
        continue;
      }
      const identity = isMap(a.Identity) ? a.Identity : {};
      if (a.UserPoolArn !== undefined) {
        const authorizer: Record<string, any> = { type: 'cognito_user_pools', providerARNs: Array.isArray(a.UserPoolArn) ? a.UserPoolArn : [a.UserPoolArn] };
        if (identity.ValidationExpression !== undefined) authorizer.identityValidationExpression = identity.ValidationExpression;
        if (identity.ReauthorizeEvery !== undefined) authorizer.authorizerResultTtlInSeconds = identity.ReauthorizeEvery;
        this.restScheme(build, name, {
          'type': 'apiKey',
          'name': identity.Header ?? 'Authorization',
          'in': 'header',
          'x-amazon-apigateway-authtype': 'cognito_user_pools',
          'x-amazon-apigateway-authorizer': authorizer,
        });
      } else if (a.FunctionArn !== undefined) {
        const request = a.FunctionPayloadType === 'REQUEST';
        const authorizer: Record<string, any> = {
          type: request ? 'request' : 'token',
          authorizerUri: { 'Fn::Sub': ['arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${__FunctionArn__}/invocations', { __FunctionArn__: a.FunctionArn }] },
        };
        if (a.FunctionInvokeRole !== undefined) authorizer.authorizerCredentials = a.FunctionInvokeRole;
        if (identity.ReauthorizeEvery !== undefined) authorizer.authorizerResultTtlInSeconds = identity.ReauthorizeEvery;
        if (request) {
          const sources = identitySources(identity, 'REST');
          if (sources.length > 0) authorizer.identitySource = sources.join(', ');
        } else if (identity.ValidationExpression !== undefined) {
          authorizer.identityValidationExpression = identity.ValidationExpression;
        }
        this.restScheme(build, name, {
          'type': 'apiKey',
          'name': request ? 'Unused' : identity.Header ?? 'Authorization',
          'in': 'header',
          'x-amazon-apigateway-authtype': 'custom',
          'x-amazon-apigateway-authorizer': authorizer,
        });
      } else {
        this.ctx.note(build.origin, `the authorizer ${name} of ${build.id} has neither UserPoolArn nor FunctionArn`);
      }
    }
  }

  private restPreflight(build: RestBuild, path: string, cors: any, auth: any): void {
    const item = build.body.paths[path];
    if (!isMap(item) || own(item, 'options') !== undefined) return;
    const methods = Object.keys(item)
      .map((k) => (k === 'x-amazon-apigateway-any-method' ? 'ANY' : k.toUpperCase()))
      .filter((m) => m !== 'PARAMETERS');
    const allowMethods = methods.includes('ANY') ? "'DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT'" : `'${[...methods, 'OPTIONS'].sort().join(',')}'`;
    const headers: Record<string, any> = { 'method.response.header.Access-Control-Allow-Origin': cors.AllowOrigin };
    headers['method.response.header.Access-Control-Allow-Methods'] = cors.AllowMethods ?? allowMethods;
    if (cors.AllowHeaders !== undefined) headers['method.response.header.Access-Control-Allow-Headers'] = cors.AllowHeaders;
    if (cors.MaxAge !== undefined) headers['method.response.header.Access-Control-Max-Age'] = cors.MaxAge;
    if (cors.AllowCredentials === true) headers['method.response.header.Access-Control-Allow-Credentials'] = "'true'";
    const options: Record<string, any> = {
      'summary': 'CORS support',
      'x-amazon-apigateway-integration': {
        type: 'mock',
        requestTemplates: { 'application/json': '{\n  "statusCode" : 200\n}\n' },
        responses: { default: { statusCode: '200', responseParameters: headers, responseTemplates: { 'application/json': '{}\n' } } },
      },
      'responses': { 200: { description: 'Default response for CORS method', headers: {} } },
    };
    const security: any[] = [];
    const name = own(auth, 'DefaultAuthorizer');
    if (typeof name === 'string' && name !== 'NONE' && own(auth, 'AddDefaultAuthorizerToCorsPreflight') !== false) {
      if (name === 'AWS_IAM') security.push({ AWS_IAM: [] });
      else security.push({ [name]: own(own(own(auth, 'Authorizers'), name), 'AuthorizationScopes') ?? [] });
    }
    if (own(auth, 'ApiKeyRequired') === true && own(auth, 'AddApiKeyRequiredToCorsPreflight') !== false) security.push({ api_key: [] });
    if (security.length > 0) options.security = security;
    setOwn(item, 'options', options);
  }

  /** The resource policy of `Auth.ResourcePolicy`, one statement per kind of list, over every operation. */
  private restPolicy(build: RestBuild, policy: unknown): void {
    if (!isMap(policy)) {
      this.ctx.note(build.origin, `the ResourcePolicy of ${build.id} is ${describe(policy)}, not a map`);
      return;
    }
    const resource = { 'Fn::Sub': ['execute-api:/${__Stage__}/*', { __Stage__: build.props.StageName ?? '*' }] };
    const statement = (effect: string, principal: unknown, condition?: unknown) => ({
      Action: 'execute-api:Invoke',
      Resource: [resource],
      Effect: effect,
      Principal: principal,
      ...(condition !== undefined ? { Condition: condition } : {}),
    });
    const statements: any[] = [];
    const known = new Set(['AwsAccountWhitelist', 'AwsAccountBlacklist', 'IpRangeWhitelist', 'IpRangeBlacklist',
      'SourceVpcWhitelist', 'SourceVpcBlacklist', 'IntrinsicVpcWhitelist', 'IntrinsicVpceWhitelist',
      'IntrinsicVpcBlacklist', 'IntrinsicVpceBlacklist', 'CustomStatements']);
    for (const key of Object.keys(policy)) {
      if (!known.has(key)) this.ctx.note(build.origin, `the ResourcePolicy setting ${key} of ${build.id} is not expanded by this pack`);
    }
    const list = (v: unknown) => (Array.isArray(v) ? v : [v]);
    if (policy.AwsAccountBlacklist !== undefined) statements.push(statement('Deny', { AWS: list(policy.AwsAccountBlacklist) }));
    if (policy.AwsAccountWhitelist !== undefined) statements.push(statement('Allow', { AWS: list(policy.AwsAccountWhitelist) }));
    if (policy.IpRangeWhitelist !== undefined) {
      statements.push(statement('Allow', '*'));
      statements.push(statement('Deny', '*', { NotIpAddress: { 'aws:SourceIp': list(policy.IpRangeWhitelist) } }));
    }
    if (policy.IpRangeBlacklist !== undefined) {
      statements.push(statement('Allow', '*'));
      statements.push(statement('Deny', '*', { IpAddress: { 'aws:SourceIp': list(policy.IpRangeBlacklist) } }));
    }
    const vpcs = (keys: string[], vpcPrefix: (v: unknown) => boolean) => {
      const vpc: unknown[] = [];
      const vpce: unknown[] = [];
      for (const key of keys) {
        for (const v of policy[key] === undefined ? [] : list(policy[key])) {
          if (key.startsWith('IntrinsicVpce')) vpce.push(v);
          else if (key.startsWith('IntrinsicVpc')) vpc.push(v);
          else (vpcPrefix(v) ? vpce : vpc).push(v);
        }
      }
      return { vpc, vpce };
    };
    const isVpce = (v: unknown) => typeof v === 'string' && v.startsWith('vpce-');
    const allow = vpcs(['SourceVpcWhitelist', 'IntrinsicVpcWhitelist', 'IntrinsicVpceWhitelist'], isVpce);
    if (allow.vpc.length + allow.vpce.length > 0) {
      const condition: Record<string, unknown> = {};
      if (allow.vpc.length > 0) condition['aws:SourceVpc'] = allow.vpc;
      if (allow.vpce.length > 0) condition['aws:SourceVpce'] = allow.vpce;
      statements.push(statement('Allow', '*'));
      statements.push(statement('Deny', '*', { StringNotEquals: condition }));
    }
    const deny = vpcs(['SourceVpcBlacklist', 'IntrinsicVpcBlacklist', 'IntrinsicVpceBlacklist'], isVpce);
    if (deny.vpc.length + deny.vpce.length > 0) {
      const condition: Record<string, unknown> = {};
      if (deny.vpc.length > 0) condition['aws:SourceVpc'] = deny.vpc;
      if (deny.vpce.length > 0) condition['aws:SourceVpce'] = deny.vpce;
      statements.push(statement('Allow', '*'));
      statements.push(statement('Deny', '*', { StringEquals: condition }));
    }
    if (policy.CustomStatements !== undefined) statements.push(...list(policy.CustomStatements));
    if (statements.length > 0) build.body['x-amazon-apigateway-policy'] = { Version: '2012-10-17', Statement: statements };
  }

  private restUsagePlan(build: RestBuild, auth: any, stageId: string): void {
    const plan = own(auth, 'UsagePlan');
    if (plan === undefined) return;
    if (!isMap(plan)) {
      this.ctx.note(build.origin, `the UsagePlan of ${build.id} is ${describe(plan)}, not a map`);
      return;
    }
    const create = plan.CreateUsagePlan;
    const settings: Record<string, any> = {};
    for (const key of ['Description', 'Quota', 'Tags', 'Throttle', 'UsagePlanName']) if (plan[key] !== undefined) settings[key] = plan[key];
    const stage = { ApiId: { Ref: build.id }, Stage: { Ref: stageId } };
    if (create === 'PER_API') {
      this.ctx.emit({ logicalId: `${build.id}UsagePlan`, type: 'AWS::ApiGateway::UsagePlan', props: { ...settings, ApiStages: [stage] }, condition: build.condition, origin: build.origin });
      this.ctx.emit({ logicalId: `${build.id}ApiKey`, type: 'AWS::ApiGateway::ApiKey', props: { Enabled: true, StageKeys: [{ RestApiId: { Ref: build.id }, StageName: { Ref: stageId } }] }, condition: build.condition, origin: build.origin });
    } else if (create === 'SHARED') {
      if (!this.sharedPlan) this.sharedPlan = { origin: build.origin, stages: [], settings, condition: build.condition };
      this.sharedPlan.stages.push(stage);
    } else if (create !== 'NONE') {
      this.ctx.note(build.origin, `CreateUsagePlan of ${build.id} is ${describe(create)}, not PER_API, SHARED or NONE`);
    }
  }

  private finishSharedPlan(): void {
    const plan = this.sharedPlan!;
    this.ctx.emit({ logicalId: 'ServerlessUsagePlan', type: 'AWS::ApiGateway::UsagePlan', props: { ...plan.settings, ApiStages: plan.stages }, origin: plan.origin });
    this.ctx.emit({ logicalId: 'ServerlessApiKey', type: 'AWS::ApiGateway::ApiKey', props: { Enabled: true, StageKeys: plan.stages.map((s) => ({ RestApiId: s.ApiId, StageName: s.Stage })) }, origin: plan.origin });
  }

  private restDomain(build: RestBuild, stageId: string): void {
    const domain = build.props.Domain;
    if (domain === undefined) return;
    if (!isMap(domain)) {
      this.ctx.note(build.origin, `the Domain of ${build.id} is ${describe(domain)}, not a map`);
      return;
    }
    const endpoint = domain.EndpointConfiguration ?? 'REGIONAL';
    const props: Record<string, any> = {
      DomainName: domain.DomainName,
      EndpointConfiguration: { Types: [endpoint] },
      [endpoint === 'EDGE' ? 'CertificateArn' : 'RegionalCertificateArn']: domain.CertificateArn,
    };
    if (domain.SecurityPolicy !== undefined) props.SecurityPolicy = domain.SecurityPolicy;
    if (domain.MutualTlsAuthentication !== undefined) props.MutualTlsAuthentication = domain.MutualTlsAuthentication;
    const ownership = domain.OwnershipVerificationCertificateArn;
    if (ownership !== undefined) props.OwnershipVerificationCertificateArn = ownership;
    const domainId = `ApiGatewayDomainName${shortHash(JSON.stringify(domain.DomainName))}`;
    this.ctx.references.set(`${build.id}.DomainName`, domainId);
    this.ctx.emit({ logicalId: domainId, type: 'AWS::ApiGateway::DomainName', props, condition: build.condition, origin: build.origin });
    const basePaths = Array.isArray(domain.BasePath) ? domain.BasePath : [domain.BasePath ?? undefined];
    basePaths.forEach((basePath: unknown, i: number) => this.ctx.emit({
      logicalId: `${build.id}BasePathMapping${i === 0 ? '' : i}`,
      type: 'AWS::ApiGateway::BasePathMapping',
      props: {
        DomainName: { Ref: domainId },
        RestApiId: { Ref: build.id },
        Stage: { Ref: stageId },
        ...(basePath !== undefined ? { BasePath: basePath } : {}),
      },
      condition: build.condition,
      origin: build.origin,
    }));
  }

}
