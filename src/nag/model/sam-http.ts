import { refId } from '../stack-index';
import { withGlobals } from './sam-globals';
import { ApiBuild } from './sam-types';
import {
  authorizerPermissions, clone, describe, identitySources, isMap, methodKey, operationLabel, own, SamContext, setOwn,
  shortHash, invokePermission,
} from './sam-values';

/** The implicit HTTP API of `HttpApi` events without `ApiId`. */
export const IMPLICIT_HTTP = 'ServerlessHttpApi';

/** An HTTP API being built: an `AWS::Serverless::HttpApi` or the implicit API of `HttpApi` events. */
interface HttpBuild extends ApiBuild {
  /** Route settings set by events, by route key. */
  readonly eventRouteSettings: Record<string, any>;
}

/**
 * The HTTP APIs of a SAM template (each `AWS::Serverless::HttpApi` and the implicit API of `HttpApi` events), built
 * into the `AWS::ApiGatewayV2::Api` with its OpenAPI body, stage and domain the transform creates.
 */
export class SamHttpApis {
  private readonly apis = new Map<string, HttpBuild>();

  constructor(private readonly ctx: SamContext) {}

  /** Creates the resources of every HTTP API, once every event has added its routes. */
  public finish(): void {
    for (const build of this.apis.values()) this.finishHttp(build);
  }

  /** Starts an HTTP API: an `AWS::Serverless::HttpApi` (`origin` is its logical id) or the implicit API. */
  public startHttp(id: string, origin: string, props: any, condition: string | undefined): HttpBuild {
    const p = isMap(props) ? props : {};
    const unexpanded: string[] = [];
    let body: any;
    if (p.DefinitionBody !== undefined) {
      body = isMap(p.DefinitionBody) ? clone(p.DefinitionBody) : p.DefinitionBody;
    } else if (p.DefinitionUri !== undefined) {
      // the API model reports a definition it cannot read (BodyS3Location)
    } else {
      body = { openapi: '3.0.1', info: { version: '1.0', title: p.Name ?? { Ref: 'AWS::StackName' } }, paths: {} };
    }
    const build: HttpBuild = { id, origin, props: p, condition, body, origins: new Map(), unexpanded, eventRouteSettings: {} };
    this.apis.set(id, build);
    return build;
  }

  /** Adds the route of a function's `HttpApi` event, and its invoke permission. */
  public httpFunctionOperation(fnId: string, name: string, event: any, condition: string | undefined): void {
    const apiId = own(event, 'ApiId');
    let build: HttpBuild | undefined;
    if (apiId === undefined) {
      build = this.apis.get(IMPLICIT_HTTP)
        ?? this.startHttp(IMPLICIT_HTTP, fnId, withGlobals('AWS::Serverless::HttpApi', {}, this.ctx.globals), undefined);
    } else {
      const target = refId(apiId);
      build = target === undefined ? undefined : this.apis.get(target);
      if (!build) {
        this.ctx.note(fnId, `the event ${name} names ApiId ${describe(apiId)}, which is not an AWS::Serverless::HttpApi of this template`);
        return;
      }
    }
    const path = own(event, 'Path') ?? '$default';
    const method = own(event, 'Method') ?? 'any';
    if (typeof path !== 'string' || typeof method !== 'string') {
      this.ctx.note(fnId, `the event ${name} has Path ${describe(path)} and Method ${describe(method)}, which are not both text`);
      return;
    }
    const uri = { 'Fn::Sub': `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${fnId}.Arn}/invocations` };
    if (isMap(build.body)) {
      const paths = isMap(build.body.paths) ? build.body.paths : (build.body.paths = {});
      const item = isMap(own(paths, path)) ? paths[path] : {};
      setOwn(paths, path, item);
      const integration: Record<string, any> = { type: 'aws_proxy', httpMethod: 'POST', uri, payloadFormatVersion: own(event, 'PayloadFormatVersion') ?? '2.0' };
      if (own(event, 'TimeoutInMillis') !== undefined) integration.timeoutInMillis = event.TimeoutInMillis;
      const operation: Record<string, any> = { 'x-amazon-apigateway-integration': integration, 'responses': {} };
      const auth = own(event, 'Auth') ?? {};
      const apiAuth = own(build.props, 'Auth') ?? {};
      const authorizer = own(auth, 'Authorizer') ?? own(apiAuth, 'DefaultAuthorizer');
      if (typeof authorizer === 'string' && authorizer !== 'NONE') {
        if (authorizer === 'AWS_IAM') {
          this.httpScheme(build, 'AWS_IAM', { 'type': 'apiKey', 'name': 'Authorization', 'in': 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' });
          operation.security = [{ AWS_IAM: [] }];
        } else {
          const scopes = own(auth, 'AuthorizationScopes') ?? own(own(own(apiAuth, 'Authorizers'), authorizer), 'AuthorizationScopes') ?? [];
          operation.security = [{ [authorizer]: scopes }];
        }
      } else if (authorizer !== undefined && authorizer !== 'NONE') {
        this.ctx.note(fnId, `the authorizer of event ${name} is ${describe(authorizer)}, not a name`);
      }
      setOwn(item, methodKey(method), operation);
      const label = path === '$default' ? '$default' : operationLabel(path, method.toLowerCase() === 'any' ? 'ANY' : method);
      build.origins.set(path === '$default' ? operationLabel(path, 'ANY') : label, fnId);
    }
    const routeSettings = own(event, 'RouteSettings');
    if (routeSettings !== undefined) {
      const key = path === '$default' ? '$default' : `${method.toLowerCase() === 'any' ? 'ANY' : method.toUpperCase()} ${path}`;
      build.eventRouteSettings[key] = routeSettings;
    }
    const arnPath = path === '$default' ? '' : path.replace(/\{[^}]+\}/g, '*');
    const arnMethod = method.toLowerCase() === 'any' ? '*' : method.toUpperCase();
    const arn = path === '$default' ? 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/*'
      : `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/*/${arnMethod}${arnPath}`;
    invokePermission(this.ctx, `${fnId}${name}Permission`, fnId, [arn, { __ApiId__: { Ref: build.id } }], condition);
  }

  private httpScheme(build: HttpBuild, name: string, scheme: any): void {
    if (!isMap(build.body)) return;
    const components = isMap(build.body.components) ? build.body.components : (build.body.components = {});
    const schemes = isMap(components.securitySchemes) ? components.securitySchemes : (components.securitySchemes = {});
    if (own(schemes, name) === undefined) setOwn(schemes, name, scheme);
  }

  private finishHttp(build: HttpBuild): void {
    const { id, props, condition } = build;
    const auth = own(props, 'Auth');
    if (auth !== undefined && !isMap(auth)) this.ctx.note(build.origin, `the Auth of ${id} is ${describe(auth)}, not a map`);
    const authorizers = own(auth, 'Authorizers');
    if (authorizers !== undefined && !isMap(authorizers)) this.ctx.note(build.origin, `the Authorizers of ${id} are ${describe(authorizers)}, not a map`);
    if (isMap(authorizers) && isMap(build.body)) {
      for (const name of Object.keys(authorizers)) {
        const a = authorizers[name];
        if (!isMap(a)) {
          this.ctx.note(build.origin, `the authorizer ${name} of ${id} is ${describe(a)}, not a map`);
          continue;
        }
        if (a.JwtConfiguration !== undefined) {
          const authorizer: Record<string, any> = { type: 'jwt', jwtConfiguration: a.JwtConfiguration };
          if (a.IdentitySource !== undefined) authorizer.identitySource = a.IdentitySource;
          this.httpScheme(build, name, { 'type': 'oauth2', 'x-amazon-apigateway-authorizer': authorizer });
        } else if (a.FunctionArn !== undefined) {
          const identity = isMap(a.Identity) ? a.Identity : {};
          const authorizer: Record<string, any> = {
            type: 'request',
            authorizerUri: { 'Fn::Sub': ['arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${__FunctionArn__}/invocations', { __FunctionArn__: a.FunctionArn }] },
          };
          if (identity.ReauthorizeEvery !== undefined) authorizer.authorizerResultTtlInSeconds = identity.ReauthorizeEvery;
          const sources = identitySources(identity, 'HTTP');
          if (sources.length > 0) authorizer.identitySource = sources;
          for (const [from, to] of [['AuthorizerPayloadFormatVersion', 'authorizerPayloadFormatVersion'], ['EnableSimpleResponses', 'enableSimpleResponses'], ['FunctionInvokeRole', 'authorizerCredentials']]) {
            if (a[from] !== undefined) authorizer[to] = a[from];
          }
          this.httpScheme(build, name, { 'type': 'apiKey', 'name': 'Unused', 'in': 'header', 'x-amazon-apigateway-authorizer': authorizer });
        } else {
          this.ctx.note(build.origin, `the authorizer ${name} of ${id} has neither JwtConfiguration nor FunctionArn`);
        }
      }
    }
    const cors = props.CorsConfiguration;
    if (cors !== undefined && isMap(build.body)) {
      if (cors === true) {
        build.body['x-amazon-apigateway-cors'] = { allowOrigins: ['*'], allowHeaders: ['*'], allowMethods: ['*'] };
      } else if (isMap(cors)) {
        const out: Record<string, any> = {};
        for (const key of Object.keys(cors)) setOwn(out, key.charAt(0).toLowerCase() + key.slice(1), cors[key]);
        build.body['x-amazon-apigateway-cors'] = out;
      } else if (cors !== false) {
        this.ctx.note(build.origin, `the CorsConfiguration of ${id} is ${describe(cors)}, not true or a map`);
      }
    }
    for (const note of build.unexpanded) this.ctx.note(build.origin, note);
    const api: Record<string, any> = {};
    if (build.body !== undefined) api.Body = build.body;
    else api.BodyS3Location = props.DefinitionUri;
    for (const key of ['Name', 'Description', 'DisableExecuteApiEndpoint', 'FailOnWarnings']) if (props[key] !== undefined) api[key] = props[key];
    this.ctx.emit({ logicalId: id, type: 'AWS::ApiGatewayV2::Api', props: api, condition, origin: build.origin, operationOrigins: build.origins });

    const stageName = props.StageName ?? '$default';
    const stageId = props.StageName === undefined ? `${id}ApiGatewayDefaultStage` : `${id}${typeof stageName === 'string' ? stageName.replace(/[^A-Za-z0-9]/g, '') : ''}Stage`;
    const stage: Record<string, any> = { ApiId: { Ref: id }, StageName: stageName, AutoDeploy: true };
    this.ctx.references.set(`${id}.Stage`, stageId);
    for (const key of ['AccessLogSettings', 'DefaultRouteSettings', 'StageVariables', 'Tags']) if (props[key] !== undefined) stage[key] = props[key];
    const routeSettings = props.RouteSettings;
    if (routeSettings !== undefined || Object.keys(build.eventRouteSettings).length > 0) {
      stage.RouteSettings = isMap(routeSettings) || routeSettings === undefined
        ? { ...build.eventRouteSettings, ...(routeSettings ?? {}) }
        : routeSettings;
    }
    this.ctx.emit({ logicalId: stageId, type: 'AWS::ApiGatewayV2::Stage', props: stage, condition, origin: build.origin });
    authorizerPermissions(this.ctx, id, build.origin, authorizers, condition, id);

    const domain = props.Domain;
    if (domain !== undefined) {
      if (!isMap(domain)) {
        this.ctx.note(build.origin, `the Domain of ${id} is ${describe(domain)}, not a map`);
      } else {
        const configuration: Record<string, any> = { CertificateArn: domain.CertificateArn, EndpointType: domain.EndpointConfiguration ?? 'REGIONAL' };
        if (domain.SecurityPolicy !== undefined) configuration.SecurityPolicy = domain.SecurityPolicy;
        const ownership = domain.OwnershipVerificationCertificateArn;
        if (ownership !== undefined) configuration.OwnershipVerificationCertificateArn = ownership;
        const domainProps: Record<string, any> = { DomainName: domain.DomainName, DomainNameConfigurations: [configuration] };
        if (domain.MutualTlsAuthentication !== undefined) domainProps.MutualTlsAuthentication = domain.MutualTlsAuthentication;
        const domainId = `ApiGatewayDomainNameV2${shortHash(JSON.stringify(domain.DomainName))}`;
        this.ctx.references.set(`${id}.DomainName`, domainId);
        this.ctx.emit({ logicalId: domainId, type: 'AWS::ApiGatewayV2::DomainName', props: domainProps, condition, origin: build.origin });
        this.ctx.emit({
          logicalId: `${id}ApiMapping`,
          type: 'AWS::ApiGatewayV2::ApiMapping',
          props: { ApiId: { Ref: id }, DomainName: { Ref: domainId }, Stage: { Ref: stageId } },
          condition,
          origin: build.origin,
        });
      }
    }
  }

}
