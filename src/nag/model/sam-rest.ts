import { refId } from '../stack-index';
import { withGlobals } from './sam-globals';
import { restDocument, restSecurity } from './sam-rest-document';
import { restDomain, restStage, RestUsagePlans } from './sam-rest-resources';
import { RestBuild } from './sam-types';
import {
  authorizerPermissions, clone, describe, isMap, methodKey, operationLabel, own, SamContext, setOwn, validatorName,
  invokePermission,
} from './sam-values';

/** The implicit REST API of `Api` events without `RestApiId`. */
export const IMPLICIT_REST = 'ServerlessRestApi';

/**
 * The REST APIs of a SAM template (each `AWS::Serverless::Api` and the implicit API of `Api` events), built into the
 * `AWS::ApiGateway::RestApi` with its OpenAPI body, deployment, stage, usage plan and domain the transform creates.
 */
export class SamRestApis {
  private readonly apis = new Map<string, RestBuild>();
  private readonly usagePlans: RestUsagePlans;

  constructor(private readonly ctx: SamContext) {
    this.usagePlans = new RestUsagePlans(ctx);
  }

  /** Creates the resources of every REST API, once every event has added its operations. */
  public finish(): void {
    for (const build of this.apis.values()) this.finishRest(build);
    this.usagePlans.finish();
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
    const security = restSecurity(this.ctx, build, samId, name, auth, apiAuth);
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

  /** Emits the API with its generated or completed document, then its stage, usage plan, permissions and domain. */
  private finishRest(build: RestBuild): void {
    const { id, props, condition } = build;
    const body = build.body;
    const auth = own(props, 'Auth');
    if (auth !== undefined && !isMap(auth)) this.ctx.note(build.origin, `the Auth of ${id} is ${describe(auth)}, not a map`);
    if (isMap(body)) restDocument(this.ctx, build, isMap(auth) ? auth : {});
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

    const stageId = restStage(this.ctx, build);
    if (isMap(auth)) this.usagePlans.add(build, auth, stageId);
    if (isMap(auth)) authorizerPermissions(this.ctx, build.id, build.origin, own(auth, 'Authorizers'), condition, `${id}`);
    restDomain(this.ctx, build, stageId);
  }
}
