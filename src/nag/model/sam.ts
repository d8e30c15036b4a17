import { createHash } from 'crypto';
import { isIntrinsic, refId, ResourceView } from '../stack-index';
import { withGlobals } from './sam-globals';

/** The prefix of every SAM resource type. */
export const SAM_PREFIX = 'AWS::Serverless::';

/**
 * The type of the placeholder the CLI writes for a resource the Serverless transform creates under a new logical id
 * (`ServerlessRestApi`), so that references to it can be read; the pack replaces it with the expanded resource.
 */
export const TRANSFORM_PLACEHOLDER_TYPE = 'AWS::Serverless::TransformOutput';

/** True for an `AWS::Serverless::*` resource type. */
export function isSamType(type: string): boolean {
  return type.startsWith(SAM_PREFIX);
}

/**
 * A plain CloudFormation resource the Serverless transform creates from a SAM resource, as the pack judges it.
 * Findings on it are reported on `origin`, the SAM resource a user edits.
 */
export interface GeneratedView extends ResourceView {
  /** The logical id of the SAM resource the resource comes from. */
  readonly origin: string;
  /**
   * For a generated API: the SAM resource each operation comes from, by operation label (`GET /pets`); an operation
   * that is not listed comes from `origin`.
   */
  readonly operationOrigins?: ReadonlyMap<string, string>;
}

/** What the expansion of a template's SAM resources gives. */
export interface SamExpansion {
  /** The plain CloudFormation resources, in the order they were made. */
  readonly generated: GeneratedView[];
  /** What could not be expanded, as sentences, by the logical id of the SAM resource it belongs to. */
  readonly unexpanded: ReadonlyMap<string, string[]>;
  /**
   * The referenceable properties of SAM resources (`MyApi.Stage`, `MyApi.Deployment`, `MyApi.DomainName`), each with the
   * logical id of the resource it stands for.
   */
  readonly references: ReadonlyMap<string, string>;
}

/**
 * `value` with references to referenceable properties of SAM resources (`!Ref MyApi.Stage`, `!GetAtt MyApi.Stage`,
 * `${MyApi.Stage}` in `Fn::Sub`) replaced by references to the resources they stand for, as the transform replaces
 * them. Parts without such a reference are returned as they are (the same objects).
 */
export function resolveSamReferences(value: unknown, references: ReadonlyMap<string, string>): unknown {
  if (references.size === 0) return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v) => {
      const r = resolveSamReferences(v, references);
      if (r !== v) changed = true;
      return r;
    });
    return changed ? out : value;
  }
  if (value === null || typeof value !== 'object') return value;
  const v = value as Record<string, any>;
  const keys = Object.keys(v);
  if (keys.length === 1) {
    if (keys[0] === 'Ref' && typeof v.Ref === 'string' && references.has(v.Ref)) return { Ref: references.get(v.Ref) };
    const getAtt = v['Fn::GetAtt'];
    const name = Array.isArray(getAtt) && getAtt.length === 2 && getAtt.every((p) => typeof p === 'string') ? getAtt.join('.') : getAtt;
    if (keys[0] === 'Fn::GetAtt' && typeof name === 'string' && references.has(name)) return { Ref: references.get(name) };
    const sub = v['Fn::Sub'];
    if (keys[0] === 'Fn::Sub' && (typeof sub === 'string' || (Array.isArray(sub) && typeof sub[0] === 'string'))) {
      const text: string = typeof sub === 'string' ? sub : sub[0];
      const replaced = text.replace(/\$\{([A-Za-z0-9]+\.[A-Za-z]+)\}/g, (m, ref: string) => (references.has(ref) ? `\${${references.get(ref)}}` : m));
      const rest = Array.isArray(sub) ? resolveSamReferences(sub.slice(1), references) as unknown[] : [];
      if (replaced !== text || (Array.isArray(sub) && rest.some((r, i) => r !== sub[i + 1]))) {
        return { 'Fn::Sub': typeof sub === 'string' ? replaced : [replaced, ...rest] };
      }
      return value;
    }
  }
  let out: Record<string, any> | undefined;
  for (const key of keys) {
    const r = resolveSamReferences(v[key], references);
    if (r !== v[key]) {
      out = out ?? { ...v };
      setOwn(out, key, r);
    }
  }
  return out ?? value;
}

/** The implicit REST API of `Api` events without `RestApiId`. */
const IMPLICIT_REST = 'ServerlessRestApi';
/** The implicit HTTP API of `HttpApi` events without `ApiId`. */
const IMPLICIT_HTTP = 'ServerlessHttpApi';

/**
 * Properties each SAM type may carry that the expansion either models or that do not change what the pack judges.
 * Any other property is reported as not expanded, so that it is never silently passed.
 */
const KNOWN_PROPERTIES: { readonly [type: string]: ReadonlySet<string> } = {
  'AWS::Serverless::Function': new Set([
    // modelled
    'Runtime', 'Environment', 'FunctionUrlConfig', 'Events', 'Role', 'Tracing', 'KmsKeyArn', 'VpcConfig',
    'DeadLetterQueue', 'Layers', 'ReservedConcurrentExecutions', 'LoggingConfig', 'Handler', 'Timeout', 'MemorySize',
    'Architectures', 'PackageType', 'ImageUri', 'CodeUri', 'InlineCode', 'Description', 'FunctionName', 'Tags',
    'EphemeralStorage', 'FileSystemConfigs', 'CodeSigningConfigArn', 'RuntimeManagementConfig', 'SnapStart',
    'ImageConfig', 'PropagateTags', 'RecursiveLoop', 'Policies', 'PermissionsBoundary', 'RolePath',
    'AssumeRolePolicyDocument', 'ProvisionedConcurrencyConfig', 'AutoPublishAlias', 'AutoPublishAliasAllProperties',
    'AutoPublishCodeSha256', 'VersionDescription', 'VersionDeletionPolicy', 'DeploymentPreference', 'EventInvokeConfig',
    'Metadata', 'CapacityProviderConfig', 'FunctionScalingConfig', 'SourceKMSKeyArn', 'DurableConfig', 'TenancyConfig',
  ]),
  'AWS::Serverless::Api': new Set([
    'Name', 'StageName', 'DefinitionBody', 'DefinitionUri', 'Auth', 'AccessLogSetting', 'MethodSettings',
    'TracingEnabled', 'CacheClusterEnabled', 'CacheClusterSize', 'Cors', 'Domain', 'EndpointConfiguration',
    'DisableExecuteApiEndpoint', 'GatewayResponses', 'Models', 'Description', 'Tags', 'Variables', 'BinaryMediaTypes',
    'MinimumCompressionSize', 'OpenApiVersion', 'Mode', 'ApiKeySourceType', 'FailOnWarnings', 'AlwaysDeploy',
    'MergeDefinitions', 'PropagateTags', 'CanarySetting', 'DeploymentStrategy',
  ]),
  'AWS::Serverless::HttpApi': new Set([
    'Name', 'StageName', 'DefinitionBody', 'DefinitionUri', 'Auth', 'AccessLogSettings', 'DefaultRouteSettings',
    'RouteSettings', 'CorsConfiguration', 'Domain', 'DisableExecuteApiEndpoint', 'Description', 'Tags',
    'StageVariables', 'FailOnWarnings', 'PropagateTags',
  ]),
  'AWS::Serverless::SimpleTable': new Set([
    'PrimaryKey', 'ProvisionedThroughput', 'SSESpecification', 'TableName', 'Tags', 'PointInTimeRecoverySpecification',
  ]),
  'AWS::Serverless::StateMachine': new Set([
    'Definition', 'DefinitionUri', 'DefinitionSubstitutions', 'Events', 'Logging', 'Name', 'Policies',
    'PermissionsBoundary', 'Role', 'RolePath', 'Tags', 'Tracing', 'Type', 'AutoPublishAlias', 'DeploymentPreference',
    'PropagateTags', 'UseAliasAsEventTarget',
  ]),
  'AWS::Serverless::LayerVersion': new Set([
    'ContentUri', 'CompatibleRuntimes', 'CompatibleArchitectures', 'Description', 'LayerName', 'LicenseInfo',
    'RetentionPolicy', 'PublishLambdaVersion',
  ]),
  'AWS::Serverless::Connector': new Set(['Source', 'Destination', 'Permissions', 'SourceReference']),
};

/** Function event types that do not create an API (event sources, schedules, rules): nothing for the pack to judge. */
const NON_API_EVENTS = new Set([
  'S3', 'SNS', 'SQS', 'Kinesis', 'DynamoDB', 'Schedule', 'ScheduleV2', 'CloudWatchEvent', 'EventBridgeRule',
  'CloudWatchLogs', 'IoTRule', 'AlexaSkill', 'Cognito', 'MSK', 'MQ', 'SelfManagedKafka', 'DocumentDB',
]);

/** The operation keys of an OpenAPI path item, as methods. */
const HTTP_METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'ANY']);

/** The SAM `Api` event methods and their OpenAPI operation keys. */
function methodKey(method: string): string {
  const m = method.toLowerCase();
  return m === 'any' ? 'x-amazon-apigateway-any-method' : m;
}

/** The label the OpenAPI reader gives an operation (`GET /pets`, `ANY /pets`). */
function operationLabel(path: string, method: string): string {
  return `${method.toUpperCase()} ${path}`;
}

function isMap(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isIntrinsic(value);
}

function setOwn(target: Record<string, any>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function own(target: unknown, key: string): any {
  return isMap(target) && Object.prototype.hasOwnProperty.call(target, key) ? (target as any)[key] : undefined;
}

function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}

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

/** An HTTP API being built: an `AWS::Serverless::HttpApi` or the implicit API of `HttpApi` events. */
interface HttpBuild {
  readonly id: string;
  origin: string;
  readonly props: any;
  readonly condition?: string;
  readonly body: any;
  readonly origins: Map<string, string>;
  readonly unexpanded: string[];
  /** Route settings set by events, by route key. */
  readonly eventRouteSettings: Record<string, any>;
}

/**
 * Expands the SAM resources of a template (`AWS::Serverless::*`, under the `AWS::Serverless-2016-10-31` transform) into
 * the plain CloudFormation resources the transform creates, as far as the pack judges them: functions, function URLs
 * and invoke permissions; REST APIs (explicit or implicit) with their OpenAPI body (operations, authorizers, API keys,
 * validators and models, CORS preflights, resource policy, gateway responses), deployment, stage, usage plan and custom
 * domain; HTTP APIs with their body, stage and domain; simple tables. `Globals` are merged in first. What it cannot
 * expand is listed by SAM resource.
 *
 * `exists` tells whether a logical id is taken by a resource of the template that is not SAM.
 */
export function expandSam(samViews: ResourceView[], globals: unknown, exists: (logicalId: string) => boolean): SamExpansion {
  return new Expander(samViews, globals, exists).expand();
}

class Expander {
  private readonly generated: GeneratedView[] = [];
  private readonly unexpanded = new Map<string, string[]>();
  private readonly references = new Map<string, string>();
  private readonly rest = new Map<string, RestBuild>();
  private readonly http = new Map<string, HttpBuild>();
  private readonly sam = new Map<string, ResourceView>();
  private readonly props = new Map<string, any>();
  private sharedPlan?: { origin: string; stages: any[]; settings: any; condition?: string };

  constructor(
    private readonly views: ResourceView[],
    private readonly globals: unknown,
    private readonly exists: (logicalId: string) => boolean,
  ) {
    for (const view of views) {
      this.sam.set(view.logicalId, view);
      this.props.set(view.logicalId, withGlobals(view.type, view.props, globals));
    }
  }

  public expand(): SamExpansion {
    if (this.globals !== undefined && !isMap(this.globals)) {
      for (const view of this.views) this.note(view.logicalId, `Globals is ${describe(this.globals)}, not a map of sections`);
    }
    // APIs first, so that events can name them
    for (const view of this.views) {
      const props = this.props.get(view.logicalId);
      this.checkKnown(view, props);
      if (view.type === 'AWS::Serverless::Api') this.startRest(view.logicalId, view.logicalId, props, view.condition, true);
      else if (view.type === 'AWS::Serverless::HttpApi') this.startHttp(view.logicalId, view.logicalId, props, view.condition, true);
    }
    for (const view of this.views) {
      const props = this.props.get(view.logicalId);
      switch (view.type) {
        case 'AWS::Serverless::Function':
          this.addFunction(view, props);
          break;
        case 'AWS::Serverless::StateMachine':
          this.addStateMachine(view, props);
          break;
        case 'AWS::Serverless::SimpleTable':
          this.addTable(view, props);
          break;
        case 'AWS::Serverless::Api':
        case 'AWS::Serverless::HttpApi':
        case 'AWS::Serverless::LayerVersion':
        case 'AWS::Serverless::Connector':
          break;
        case 'AWS::Serverless::Application':
          this.note(view.logicalId, 'the AWS::Serverless::Application nests another template (Location), which is not read, so its APIs are not judged');
          break;
        case 'AWS::Serverless::GraphQLApi':
          this.note(view.logicalId, 'AWS::Serverless::GraphQLApi creates an AppSync GraphQL API, which this pack does not judge');
          this.addGraphQlApi(view, props);
          break;
        default:
          this.note(view.logicalId, `${view.type} is not a SAM resource type this pack expands`);
      }
    }
    for (const build of this.rest.values()) this.finishRest(build);
    for (const build of this.http.values()) this.finishHttp(build);
    if (this.sharedPlan) this.finishSharedPlan();
    return { generated: this.generated, unexpanded: this.unexpanded, references: this.references };
  }

  private note(samId: string, sentence: string): void {
    const list = this.unexpanded.get(samId) ?? [];
    if (!list.includes(sentence)) list.push(sentence);
    this.unexpanded.set(samId, list);
  }

  private emit(view: GeneratedView): void {
    // a template resource with the same logical id wins: CloudFormation would reject the template anyway
    if (view.logicalId !== view.origin && (this.exists(view.logicalId) || this.sam.has(view.logicalId))) return;
    this.generated.push(view.condition === undefined ? withoutCondition(view) : view);
  }

  private checkKnown(view: ResourceView, props: any): void {
    const known = KNOWN_PROPERTIES[view.type];
    if (!known) return;
    if (!isMap(props)) {
      this.note(view.logicalId, `the Properties of ${view.logicalId} are ${describe(props)}, not a map`);
      return;
    }
    for (const key of Object.keys(props)) {
      if (!known.has(key)) this.note(view.logicalId, `the property ${key} of ${view.type} is not expanded by this pack`);
    }
  }

  // ---- functions ---------------------------------------------------------------------------------------------------

  private addFunction(view: ResourceView, props: any): void {
    const id = view.logicalId;
    if (!isMap(props)) return;
    const fn: Record<string, any> = {};
    const copy = ['Runtime', 'Handler', 'Environment', 'Timeout', 'MemorySize', 'KmsKeyArn', 'VpcConfig', 'Layers',
      'ReservedConcurrentExecutions', 'LoggingConfig', 'Architectures', 'PackageType', 'Description', 'FunctionName',
      'EphemeralStorage', 'FileSystemConfigs', 'CodeSigningConfigArn', 'RuntimeManagementConfig', 'SnapStart',
      'ImageConfig', 'RecursiveLoop'];
    for (const key of copy) if (props[key] !== undefined) fn[key] = props[key];
    fn.Code = props.ImageUri !== undefined ? { ImageUri: props.ImageUri } : props.InlineCode !== undefined ? { ZipFile: props.InlineCode } : {};
    fn.Role = props.Role ?? { 'Fn::GetAtt': [`${id}Role`, 'Arn'] };
    if (props.Tracing !== undefined) fn.TracingConfig = { Mode: props.Tracing };
    if (isMap(props.DeadLetterQueue)) fn.DeadLetterConfig = { TargetArn: props.DeadLetterQueue.TargetArn };
    this.emit({ logicalId: id, type: 'AWS::Lambda::Function', props: fn, condition: view.condition, origin: id });
    if (props.Role === undefined) {
      this.emit({
        logicalId: `${id}Role`,
        type: 'AWS::IAM::Role',
        props: {
          AssumeRolePolicyDocument: {
            Version: '2012-10-17',
            Statement: [{ Effect: 'Allow', Principal: { Service: ['lambda.amazonaws.com'] }, Action: ['sts:AssumeRole'] }],
          },
          ManagedPolicyArns: ['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        },
        condition: view.condition,
        origin: id,
      });
    }
    const alias = props.AutoPublishAlias;
    if (alias !== undefined) {
      const aliasId = `${id}Alias${typeof alias === 'string' ? alias.replace(/[^A-Za-z0-9]/g, '') : ''}`;
      this.emit({ logicalId: `${id}Version`, type: 'AWS::Lambda::Version', props: { FunctionName: { Ref: id } }, condition: view.condition, origin: id });
      this.emit({
        logicalId: aliasId,
        type: 'AWS::Lambda::Alias',
        props: { FunctionName: { Ref: id }, FunctionVersion: { 'Fn::GetAtt': [`${id}Version`, 'Version'] }, Name: alias },
        condition: view.condition,
        origin: id,
      });
      this.references.set(`${id}.Alias`, aliasId);
      this.references.set(`${id}.Version`, `${id}Version`);
    }
    const url = props.FunctionUrlConfig;
    if (url !== undefined) {
      if (!isMap(url)) {
        this.note(id, `FunctionUrlConfig is ${describe(url)}, not a map`);
      } else {
        const target = alias !== undefined ? { Ref: `${id}Alias${typeof alias === 'string' ? alias.replace(/[^A-Za-z0-9]/g, '') : ''}` } : { Ref: id };
        const urlProps: Record<string, any> = { TargetFunctionArn: target, AuthType: url.AuthType };
        if (url.Cors !== undefined) urlProps.Cors = url.Cors;
        if (url.InvokeMode !== undefined) urlProps.InvokeMode = url.InvokeMode;
        this.emit({ logicalId: `${id}Url`, type: 'AWS::Lambda::Url', props: urlProps, condition: view.condition, origin: id });
        if (url.AuthType === 'NONE') {
          this.emit({
            logicalId: `${id}UrlPublicPermissions`,
            type: 'AWS::Lambda::Permission',
            props: { Action: 'lambda:InvokeFunctionUrl', FunctionName: target, Principal: '*', FunctionUrlAuthType: 'NONE' },
            condition: view.condition,
            origin: id,
          });
        }
      }
    }
    this.addEvents(view, props.Events, {
      rest: (event, name) => this.restFunctionOperation(id, name, event),
      http: (event, name) => this.httpFunctionOperation(id, name, event, view.condition),
    });
  }

  /**
   * The AppSync resources of a GraphQL API that other resources refer to (the API, its API keys and schema), so that
   * references to them can be read; the pack does not judge them.
   */
  private addGraphQlApi(view: ResourceView, props: any): void {
    const id = view.logicalId;
    const base = { condition: view.condition, origin: id };
    this.emit({ ...base, logicalId: id, type: 'AWS::AppSync::GraphQLApi', props: {} });
    this.emit({ ...base, logicalId: `${id}Schema`, type: 'AWS::AppSync::GraphQLSchema', props: { ApiId: { 'Fn::GetAtt': [id, 'ApiId'] } } });
    for (const name of isMap(own(props, 'ApiKeys')) ? Object.keys(props.ApiKeys) : []) {
      this.emit({ ...base, logicalId: `${id}${name}`, type: 'AWS::AppSync::ApiKey', props: { ApiId: { 'Fn::GetAtt': [id, 'ApiId'] } } });
    }
    for (const name of isMap(own(props, 'Functions')) ? Object.keys(props.Functions) : []) {
      this.emit({ ...base, logicalId: `${id}${name}`, type: 'AWS::AppSync::FunctionConfiguration', props: { ApiId: { 'Fn::GetAtt': [id, 'ApiId'] } } });
    }
  }

  private addStateMachine(view: ResourceView, props: any): void {
    if (!isMap(props)) return;
    const machine: Record<string, any> = {};
    for (const key of ['Logging', 'Tracing', 'Type', 'Name', 'Definition', 'DefinitionSubstitutions', 'Tags']) {
      if (props[key] !== undefined) machine[key === 'Name' ? 'StateMachineName' : key === 'Logging' ? 'LoggingConfiguration' : key === 'Tracing' ? 'TracingConfiguration' : key === 'Type' ? 'StateMachineType' : key] = props[key];
    }
    machine.RoleArn = props.Role ?? { 'Fn::GetAtt': [`${view.logicalId}Role`, 'Arn'] };
    this.emit({ logicalId: view.logicalId, type: 'AWS::StepFunctions::StateMachine', props: machine, condition: view.condition, origin: view.logicalId });
    if (props.Role === undefined) {
      this.emit({ logicalId: `${view.logicalId}Role`, type: 'AWS::IAM::Role', props: {}, condition: view.condition, origin: view.logicalId });
    }
    this.addEvents(view, props.Events, {
      rest: (event, name) => this.restStateMachineOperation(view.logicalId, name, event),
      http: (_event, name) => this.note(view.logicalId, `the event ${name} of type HttpApi is not a state machine event`),
    });
  }

  private addEvents(
    view: ResourceView, events: unknown,
    add: { rest: (event: any, name: string) => void; http: (event: any, name: string) => void },
  ): void {
    if (events === undefined) return;
    if (!isMap(events)) {
      this.note(view.logicalId, `Events is ${describe(events)}, not a map of events`);
      return;
    }
    for (const name of Object.keys(events)) {
      const event = events[name];
      const type = own(event, 'Type');
      if (type === 'Api') {add.rest(own(event, 'Properties') ?? {}, name);} else if (type === 'HttpApi') {add.http(own(event, 'Properties') ?? {}, name);} else if (typeof type !== 'string' || !NON_API_EVENTS.has(type)) {
        this.note(view.logicalId, `the event ${name} has type ${describe(type)}, which this pack does not expand`);
      }
    }
  }

  // ---- REST APIs ---------------------------------------------------------------------------------------------------

  private startRest(id: string, origin: string, props: any, condition: string | undefined, explicit: boolean): RestBuild {
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
    this.rest.set(id, build);
    if (!explicit) return build;
    return build;
  }

  /** The REST API an event adds to: the one `RestApiId` names, or the implicit API. */
  private restApiOf(samId: string, name: string, event: any): RestBuild | undefined {
    const restApiId = own(event, 'RestApiId');
    if (restApiId === undefined) {
      let build = this.rest.get(IMPLICIT_REST);
      if (!build) {
        const props = withGlobals('AWS::Serverless::Api', { StageName: 'Prod' }, this.globals);
        build = this.startRest(IMPLICIT_REST, samId, props, undefined, false);
      }
      return build;
    }
    const target = refId(restApiId);
    const build = target === undefined ? undefined : this.rest.get(target);
    if (!build) {
      this.note(samId, `the event ${name} names RestApiId ${describe(restApiId)}, which is not an AWS::Serverless::Api of this template`);
    }
    return build;
  }

  private restFunctionOperation(fnId: string, name: string, event: any): void {
    const uri = { 'Fn::Sub': `arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${fnId}.Arn}/invocations` };
    const build = this.restOperation(fnId, name, event, { type: 'aws_proxy', httpMethod: 'POST', uri });
    if (!build) return;
    const path = own(event, 'Path');
    const method = own(event, 'Method');
    const stage = typeof build.props.StageName === 'string' ? build.props.StageName : '';
    const arnPath = typeof path === 'string' ? path.replace(/\{[^}]+\}/g, '*') : '*';
    const arnMethod = typeof method === 'string' ? (method.toLowerCase() === 'any' ? '*' : method.toUpperCase()) : '*';
    this.emit({
      logicalId: `${fnId}${name}Permission${stage}`,
      type: 'AWS::Lambda::Permission',
      props: {
        Action: 'lambda:InvokeFunction',
        FunctionName: { Ref: fnId },
        Principal: 'apigateway.amazonaws.com',
        SourceArn: {
          'Fn::Sub': [
            `arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/\${__Stage__}/${arnMethod}${arnPath}`,
            { __ApiId__: { Ref: build.id }, __Stage__: '*' },
          ],
        },
      },
      condition: this.sam.get(fnId)?.condition,
      origin: fnId,
    });
  }

  private restStateMachineOperation(machineId: string, name: string, event: any): void {
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
      this.note(samId, `the event ${name} has Path ${describe(path)} and Method ${describe(method)}, which are not both text`);
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
        this.note(samId, `the RequestModel of event ${name} is ${describe(model)}, not a model name`);
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
        this.note(samId, `the RequestParameters of event ${name} are ${describe(requestParameters)}, not a list`);
      } else {
        for (const entry of requestParameters) {
          const [key, settings] = typeof entry === 'string' ? [entry, {}] : isMap(entry) && Object.keys(entry).length === 1 ? [Object.keys(entry)[0], entry[Object.keys(entry)[0]]] : [undefined, undefined];
          const m = typeof key === 'string' ? /^method\.request\.(header|querystring|path)\.(.+)$/.exec(key) : null;
          if (!m) {
            this.note(samId, `a RequestParameters entry of event ${name} is ${describe(entry)}, not a method.request parameter`);
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
        this.note(samId, `the authorizer of event ${event} is ${describe(name)}, not a name`);
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
      this.note(samId, `ApiKeyRequired of event ${event} is ${describe(apiKey)}, not true or false`);
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
    if (auth !== undefined && !isMap(auth)) this.note(build.origin, `the Auth of ${id} is ${describe(auth)}, not a map`);
    if (isMap(body)) this.restDocument(build, isMap(auth) ? auth : {});
    for (const note of build.unexpanded) this.note(build.origin, note);

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
    this.emit({ logicalId: id, type: 'AWS::ApiGateway::RestApi', props: api, condition, origin: build.origin, operationOrigins: build.origins });

    const stageName = props.StageName;
    const openApi3 = typeof props.OpenApiVersion === 'string' && /^3\.\d+(\.\d+)?$/.test(props.OpenApiVersion);
    // the transform adds a hash of the definition to the deployment's id; without it the id (and acknowledgements of
    // findings on the deployment's stage) stays the same when the API changes
    const deploymentId = `${id}Deployment`;
    this.emit({
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
    if (stageName === undefined) this.note(build.origin, `${id} has no StageName`);
    this.references.set(`${id}.Stage`, stageId);
    this.references.set(`${id}.Deployment`, deploymentId);
    this.emit({ logicalId: stageId, type: 'AWS::ApiGateway::Stage', props: stage, condition, origin: build.origin });

    if (isMap(auth)) this.restUsagePlan(build, auth, stageId);
    if (isMap(auth)) this.authorizerPermissions(build.id, build.origin, own(auth, 'Authorizers'), condition, `${id}`);
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
        this.note(build.origin, `the Cors of ${build.id} is ${describe(cors)}, not an origin or a map`);
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
      this.note(build.origin, `the Models of ${build.id} are ${describe(models)}, not a map`);
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
      this.note(build.origin, `the GatewayResponses of ${build.id} are ${describe(responses)}, not a map`);
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
      this.note(build.origin, `the Authorizers of ${build.id} are ${describe(authorizers)}, not a map`);
      return;
    }
    for (const name of Object.keys(authorizers)) {
      const a = authorizers[name];
      if (!isMap(a)) {
        this.note(build.origin, `the authorizer ${name} of ${build.id} is ${describe(a)}, not a map`);
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
        this.note(build.origin, `the authorizer ${name} of ${build.id} has neither UserPoolArn nor FunctionArn`);
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
      this.note(build.origin, `the ResourcePolicy of ${build.id} is ${describe(policy)}, not a map`);
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
      if (!known.has(key)) this.note(build.origin, `the ResourcePolicy setting ${key} of ${build.id} is not expanded by this pack`);
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
      this.note(build.origin, `the UsagePlan of ${build.id} is ${describe(plan)}, not a map`);
      return;
    }
    const create = plan.CreateUsagePlan;
    const settings: Record<string, any> = {};
    for (const key of ['Description', 'Quota', 'Tags', 'Throttle', 'UsagePlanName']) if (plan[key] !== undefined) settings[key] = plan[key];
    const stage = { ApiId: { Ref: build.id }, Stage: { Ref: stageId } };
    if (create === 'PER_API') {
      this.emit({ logicalId: `${build.id}UsagePlan`, type: 'AWS::ApiGateway::UsagePlan', props: { ...settings, ApiStages: [stage] }, condition: build.condition, origin: build.origin });
      this.emit({ logicalId: `${build.id}ApiKey`, type: 'AWS::ApiGateway::ApiKey', props: { Enabled: true, StageKeys: [{ RestApiId: { Ref: build.id }, StageName: { Ref: stageId } }] }, condition: build.condition, origin: build.origin });
    } else if (create === 'SHARED') {
      if (!this.sharedPlan) this.sharedPlan = { origin: build.origin, stages: [], settings, condition: build.condition };
      this.sharedPlan.stages.push(stage);
    } else if (create !== 'NONE') {
      this.note(build.origin, `CreateUsagePlan of ${build.id} is ${describe(create)}, not PER_API, SHARED or NONE`);
    }
  }

  private finishSharedPlan(): void {
    const plan = this.sharedPlan!;
    this.emit({ logicalId: 'ServerlessUsagePlan', type: 'AWS::ApiGateway::UsagePlan', props: { ...plan.settings, ApiStages: plan.stages }, origin: plan.origin });
    this.emit({ logicalId: 'ServerlessApiKey', type: 'AWS::ApiGateway::ApiKey', props: { Enabled: true, StageKeys: plan.stages.map((s) => ({ RestApiId: s.ApiId, StageName: s.Stage })) }, origin: plan.origin });
  }

  private restDomain(build: RestBuild, stageId: string): void {
    const domain = build.props.Domain;
    if (domain === undefined) return;
    if (!isMap(domain)) {
      this.note(build.origin, `the Domain of ${build.id} is ${describe(domain)}, not a map`);
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
    this.references.set(`${build.id}.DomainName`, domainId);
    this.emit({ logicalId: domainId, type: 'AWS::ApiGateway::DomainName', props, condition: build.condition, origin: build.origin });
    const basePaths = Array.isArray(domain.BasePath) ? domain.BasePath : [domain.BasePath ?? undefined];
    basePaths.forEach((basePath: unknown, i: number) => this.emit({
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

  /** Invoke permissions for the Lambda authorizers of an API. */
  private authorizerPermissions(apiId: string, origin: string, authorizers: unknown, condition: string | undefined, prefix: string): void {
    if (!isMap(authorizers)) return;
    for (const name of Object.keys(authorizers)) {
      const arn = own(authorizers[name], 'FunctionArn');
      if (arn === undefined) continue;
      this.emit({
        logicalId: `${prefix}${name}AuthorizerPermission`,
        type: 'AWS::Lambda::Permission',
        props: {
          Action: 'lambda:InvokeFunction',
          FunctionName: arn,
          Principal: 'apigateway.amazonaws.com',
          SourceArn: { 'Fn::Sub': ['arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*', { __ApiId__: { Ref: apiId } }] },
        },
        condition,
        origin,
      });
    }
  }

  // ---- HTTP APIs ---------------------------------------------------------------------------------------------------

  private startHttp(id: string, origin: string, props: any, condition: string | undefined, _explicit: boolean): HttpBuild {
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
    this.http.set(id, build);
    return build;
  }

  private httpFunctionOperation(fnId: string, name: string, event: any, condition: string | undefined): void {
    const apiId = own(event, 'ApiId');
    let build: HttpBuild | undefined;
    if (apiId === undefined) {
      build = this.http.get(IMPLICIT_HTTP)
        ?? this.startHttp(IMPLICIT_HTTP, fnId, withGlobals('AWS::Serverless::HttpApi', {}, this.globals), undefined, false);
    } else {
      const target = refId(apiId);
      build = target === undefined ? undefined : this.http.get(target);
      if (!build) {
        this.note(fnId, `the event ${name} names ApiId ${describe(apiId)}, which is not an AWS::Serverless::HttpApi of this template`);
        return;
      }
    }
    const path = own(event, 'Path') ?? '$default';
    const method = own(event, 'Method') ?? 'any';
    if (typeof path !== 'string' || typeof method !== 'string') {
      this.note(fnId, `the event ${name} has Path ${describe(path)} and Method ${describe(method)}, which are not both text`);
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
        this.note(fnId, `the authorizer of event ${name} is ${describe(authorizer)}, not a name`);
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
    this.emit({
      logicalId: `${fnId}${name}Permission`,
      type: 'AWS::Lambda::Permission',
      props: {
        Action: 'lambda:InvokeFunction',
        FunctionName: { Ref: fnId },
        Principal: 'apigateway.amazonaws.com',
        SourceArn: {
          'Fn::Sub': [
            path === '$default' ? 'arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/*'
              : `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/*/${arnMethod}${arnPath}`,
            { __ApiId__: { Ref: build.id } },
          ],
        },
      },
      condition,
      origin: fnId,
    });
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
    if (auth !== undefined && !isMap(auth)) this.note(build.origin, `the Auth of ${id} is ${describe(auth)}, not a map`);
    const authorizers = own(auth, 'Authorizers');
    if (authorizers !== undefined && !isMap(authorizers)) this.note(build.origin, `the Authorizers of ${id} are ${describe(authorizers)}, not a map`);
    if (isMap(authorizers) && isMap(build.body)) {
      for (const name of Object.keys(authorizers)) {
        const a = authorizers[name];
        if (!isMap(a)) {
          this.note(build.origin, `the authorizer ${name} of ${id} is ${describe(a)}, not a map`);
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
          this.note(build.origin, `the authorizer ${name} of ${id} has neither JwtConfiguration nor FunctionArn`);
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
        this.note(build.origin, `the CorsConfiguration of ${id} is ${describe(cors)}, not true or a map`);
      }
    }
    for (const note of build.unexpanded) this.note(build.origin, note);
    const api: Record<string, any> = {};
    if (build.body !== undefined) api.Body = build.body;
    else api.BodyS3Location = props.DefinitionUri;
    for (const key of ['Name', 'Description', 'DisableExecuteApiEndpoint', 'FailOnWarnings']) if (props[key] !== undefined) api[key] = props[key];
    this.emit({ logicalId: id, type: 'AWS::ApiGatewayV2::Api', props: api, condition, origin: build.origin, operationOrigins: build.origins });

    const stageName = props.StageName ?? '$default';
    const stageId = props.StageName === undefined ? `${id}ApiGatewayDefaultStage` : `${id}${typeof stageName === 'string' ? stageName.replace(/[^A-Za-z0-9]/g, '') : ''}Stage`;
    const stage: Record<string, any> = { ApiId: { Ref: id }, StageName: stageName, AutoDeploy: true };
    this.references.set(`${id}.Stage`, stageId);
    for (const key of ['AccessLogSettings', 'DefaultRouteSettings', 'StageVariables', 'Tags']) if (props[key] !== undefined) stage[key] = props[key];
    const routeSettings = props.RouteSettings;
    if (routeSettings !== undefined || Object.keys(build.eventRouteSettings).length > 0) {
      stage.RouteSettings = isMap(routeSettings) || routeSettings === undefined
        ? { ...build.eventRouteSettings, ...(routeSettings ?? {}) }
        : routeSettings;
    }
    this.emit({ logicalId: stageId, type: 'AWS::ApiGatewayV2::Stage', props: stage, condition, origin: build.origin });
    this.authorizerPermissions(id, build.origin, authorizers, condition, id);

    const domain = props.Domain;
    if (domain !== undefined) {
      if (!isMap(domain)) {
        this.note(build.origin, `the Domain of ${id} is ${describe(domain)}, not a map`);
      } else {
        const configuration: Record<string, any> = { CertificateArn: domain.CertificateArn, EndpointType: domain.EndpointConfiguration ?? 'REGIONAL' };
        if (domain.SecurityPolicy !== undefined) configuration.SecurityPolicy = domain.SecurityPolicy;
        const ownership = domain.OwnershipVerificationCertificateArn;
        if (ownership !== undefined) configuration.OwnershipVerificationCertificateArn = ownership;
        const domainProps: Record<string, any> = { DomainName: domain.DomainName, DomainNameConfigurations: [configuration] };
        if (domain.MutualTlsAuthentication !== undefined) domainProps.MutualTlsAuthentication = domain.MutualTlsAuthentication;
        const domainId = `ApiGatewayDomainNameV2${shortHash(JSON.stringify(domain.DomainName))}`;
        this.references.set(`${id}.DomainName`, domainId);
        this.emit({ logicalId: domainId, type: 'AWS::ApiGatewayV2::DomainName', props: domainProps, condition, origin: build.origin });
        this.emit({
          logicalId: `${id}ApiMapping`,
          type: 'AWS::ApiGatewayV2::ApiMapping',
          props: { ApiId: { Ref: id }, DomainName: { Ref: domainId }, Stage: { Ref: stageId } },
          condition,
          origin: build.origin,
        });
      }
    }
  }

  // ---- tables ------------------------------------------------------------------------------------------------------

  private addTable(view: ResourceView, props: any): void {
    if (!isMap(props)) return;
    const key = isMap(props.PrimaryKey) ? props.PrimaryKey : { Name: 'id', Type: 'String' };
    const attributeType = (t: unknown) => (t === 'Number' ? 'N' : t === 'Binary' ? 'B' : 'S');
    const table: Record<string, any> = {
      AttributeDefinitions: [{ AttributeName: key.Name, AttributeType: attributeType(key.Type) }],
      KeySchema: [{ AttributeName: key.Name, KeyType: 'HASH' }],
    };
    if (props.ProvisionedThroughput !== undefined) table.ProvisionedThroughput = props.ProvisionedThroughput;
    else table.BillingMode = 'PAY_PER_REQUEST';
    for (const k of ['SSESpecification', 'TableName', 'PointInTimeRecoverySpecification']) if (props[k] !== undefined) table[k] = props[k];
    if (isMap(props.Tags)) table.Tags = Object.keys(props.Tags).map((k) => ({ Key: k, Value: props.Tags[k] }));
    this.emit({ logicalId: view.logicalId, type: 'AWS::DynamoDB::Table', props: table, condition: view.condition, origin: view.logicalId });
  }
}

/** The name and settings of the request validator the transform adds for a `RequestModel`. */
function validatorName(body: unknown, parameters: unknown): { name: string; body: boolean; parameters: boolean } | undefined {
  const b = body === true;
  const p = parameters === true;
  if (body === undefined && parameters === undefined) return undefined;
  if (b && p) return { name: 'body-and-params', body: true, parameters: true };
  if (b) return { name: 'body-only', body: true, parameters: false };
  if (p) return { name: 'params-only', body: false, parameters: true };
  return { name: 'no-validation', body: false, parameters: false };
}

/** Where a Lambda authorizer's `Identity` lists point, by kind of API: the prefix of each identity source. */
const IDENTITY_PREFIXES = {
  REST: { Headers: 'method.request.header.', QueryStrings: 'method.request.querystring.', StageVariables: 'stageVariables.', Context: 'context.' },
  HTTP: { Headers: '$request.header.', QueryStrings: '$request.querystring.', StageVariables: '$stageVariables.', Context: '$context.' },
};

/** The identity sources of a Lambda `REQUEST` authorizer's `Identity` (`Headers`, `QueryStrings`, ...). */
function identitySources(identity: any, kind: keyof typeof IDENTITY_PREFIXES): string[] {
  const out: string[] = [];
  for (const [key, prefix] of Object.entries(IDENTITY_PREFIXES[kind])) {
    const list = identity[key];
    if (Array.isArray(list)) for (const v of list) out.push(`${prefix}${v}`);
  }
  return out;
}

function withoutCondition(view: GeneratedView): GeneratedView {
  const { condition: _condition, ...rest } = view;
  return rest;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}

/** A short description of a value for messages. */
function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (isIntrinsic(value)) return `an intrinsic (${Object.keys(value as object)[0]})`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a map';
  return JSON.stringify(value);
}
