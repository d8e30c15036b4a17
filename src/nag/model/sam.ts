import { ResourceView } from '../stack-index';
import { withGlobals } from './sam-globals';
import { SamHttpApis } from './sam-http';
import { SamRestApis } from './sam-rest';
import { GeneratedView, SamExpansion } from './sam-types';
import { describe, isMap, own, SamContext, setOwn, withoutCondition } from './sam-values';

export type { GeneratedView, SamExpansion } from './sam-types';

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

class Expander implements SamContext {
  public readonly references = new Map<string, string>();
  private readonly generated: GeneratedView[] = [];
  private readonly unexpanded = new Map<string, string[]>();
  private readonly sam = new Map<string, ResourceView>();
  private readonly props = new Map<string, any>();
  private readonly rest = new SamRestApis(this);
  private readonly http = new SamHttpApis(this);

  constructor(
    private readonly views: ResourceView[],
    public readonly globals: unknown,
    private readonly exists: (logicalId: string) => boolean,
  ) {
    for (const view of views) {
      this.sam.set(view.logicalId, view);
      this.props.set(view.logicalId, withGlobals(view.type, view.props, globals));
    }
  }

  public conditionOf(samId: string): string | undefined {
    return this.sam.get(samId)?.condition;
  }

  public expand(): SamExpansion {
    if (this.globals !== undefined && !isMap(this.globals)) {
      for (const view of this.views) this.note(view.logicalId, `Globals is ${describe(this.globals)}, not a map of sections`);
    }
    // APIs first, so that events can name them
    for (const view of this.views) {
      const props = this.props.get(view.logicalId);
      this.checkKnown(view, props);
      if (view.type === 'AWS::Serverless::Api') this.rest.startRest(view.logicalId, view.logicalId, props, view.condition);
      else if (view.type === 'AWS::Serverless::HttpApi') this.http.startHttp(view.logicalId, view.logicalId, props, view.condition);
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
    this.rest.finish();
    this.http.finish();
    return { generated: this.generated, unexpanded: this.unexpanded, references: this.references };
  }

  public note(samId: string, sentence: string): void {
    const list = this.unexpanded.get(samId) ?? [];
    if (!list.includes(sentence)) list.push(sentence);
    this.unexpanded.set(samId, list);
  }

  public emit(view: GeneratedView): void {
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
      rest: (event, name) => this.rest.restFunctionOperation(id, name, event),
      http: (event, name) => this.http.httpFunctionOperation(id, name, event, view.condition),
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
      rest: (event, name) => this.rest.restStateMachineOperation(view.logicalId, name, event),
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

