import { RestBuild } from './sam-types';
import { describe, HTTP_METHODS, identitySources, isMap, operationLabel, own, SamContext, setOwn } from './sam-values';

/** The `security` of a REST operation, as the transform writes it. */
export function restSecurity(ctx: SamContext, build: RestBuild, samId: string, event: string, auth: any, apiAuth: any): any[] {
  const security: any[] = [];
  const name = own(auth, 'Authorizer') ?? own(apiAuth, 'DefaultAuthorizer');
  if (name !== undefined) {
    if (typeof name !== 'string') {
      ctx.note(samId, `the authorizer of event ${event} is ${describe(name)}, not a name`);
    } else if (name === 'NONE') {
      security.push({ NONE: [] });
    } else if (name === 'AWS_IAM') {
      restScheme(build, 'AWS_IAM', { 'in': 'header', 'type': 'apiKey', 'name': 'Authorization', 'x-amazon-apigateway-authtype': 'awsSigv4' });
      security.push({ AWS_IAM: [] });
    } else {
      const authorizer = own(own(apiAuth, 'Authorizers'), name);
      const scopes = own(auth, 'AuthorizationScopes') ?? own(authorizer, 'AuthorizationScopes') ?? [];
      security.push({ [name]: scopes });
    }
  }
  const apiKey = own(auth, 'ApiKeyRequired') ?? own(apiAuth, 'ApiKeyRequired');
  if (apiKey === true) {
    restScheme(build, 'api_key', { type: 'apiKey', name: 'x-api-key', in: 'header' });
    security.push({ api_key: [] });
  } else if (apiKey !== undefined && apiKey !== false) {
    ctx.note(samId, `ApiKeyRequired of event ${event} is ${describe(apiKey)}, not true or false`);
  }
  return security;
}

export function restScheme(build: RestBuild, name: string, scheme: any): void {
  if (!isMap(build.body)) return;
  const schemes = isMap(build.body.securityDefinitions) ? build.body.securityDefinitions : (build.body.securityDefinitions = {});
  if (own(schemes, name) === undefined) setOwn(schemes, name, scheme);
}

/** Authorizers, CORS preflights, models, gateway responses and the resource policy of a generated document. */
export function restDocument(ctx: SamContext, build: RestBuild, auth: any): void {
  const body = build.body;
  const props = build.props;
  restAuthorizers(ctx, build, auth);
  if (build.defined) restDefaultAuth(ctx, build, auth);
  // CORS: a MOCK OPTIONS method on every path
  const cors = props.Cors;
  if (cors !== undefined) {
    const c = typeof cors === 'string' ? { AllowOrigin: cors } : cors;
    if (!isMap(c)) {
      ctx.note(build.origin, `the Cors of ${build.id} is ${describe(cors)}, not an origin or a map`);
    } else {
      for (const path of Object.keys(body.paths)) restPreflight(build, path, c, auth);
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
    ctx.note(build.origin, `the Models of ${build.id} are ${describe(models)}, not a map`);
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
    ctx.note(build.origin, `the GatewayResponses of ${build.id} are ${describe(responses)}, not a map`);
  }
  const policy = own(auth, 'ResourcePolicy');
  if (policy !== undefined) restPolicy(ctx, build, policy);
}

/**
 * The API's default authorizer and API key on the operations of a `DefinitionBody` that set no `security` of their
 * own (the operations of events already have theirs).
 */
function restDefaultAuth(ctx: SamContext, build: RestBuild, auth: any): void {
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
      const security = restSecurity(ctx, build, build.origin, `${method} ${path}`, {}, auth);
      if (security.length > 0) operation.security = security;
    }
  }
}

function restAuthorizers(ctx: SamContext, build: RestBuild, auth: any): void {
  const authorizers = own(auth, 'Authorizers');
  if (authorizers === undefined) return;
  if (!isMap(authorizers)) {
    ctx.note(build.origin, `the Authorizers of ${build.id} are ${describe(authorizers)}, not a map`);
    return;
  }
  for (const name of Object.keys(authorizers)) {
    const a = authorizers[name];
    if (!isMap(a)) {
      ctx.note(build.origin, `the authorizer ${name} of ${build.id} is ${describe(a)}, not a map`);
      continue;
    }
    const identity = isMap(a.Identity) ? a.Identity : {};
    if (a.UserPoolArn !== undefined) {
      const authorizer: Record<string, any> = { type: 'cognito_user_pools', providerARNs: Array.isArray(a.UserPoolArn) ? a.UserPoolArn : [a.UserPoolArn] };
      if (identity.ValidationExpression !== undefined) authorizer.identityValidationExpression = identity.ValidationExpression;
      if (identity.ReauthorizeEvery !== undefined) authorizer.authorizerResultTtlInSeconds = identity.ReauthorizeEvery;
      restScheme(build, name, {
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
      restScheme(build, name, {
        'type': 'apiKey',
        'name': request ? 'Unused' : identity.Header ?? 'Authorization',
        'in': 'header',
        'x-amazon-apigateway-authtype': 'custom',
        'x-amazon-apigateway-authorizer': authorizer,
      });
    } else {
      ctx.note(build.origin, `the authorizer ${name} of ${build.id} has neither UserPoolArn nor FunctionArn`);
    }
  }
}

function restPreflight(build: RestBuild, path: string, cors: any, auth: any): void {
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
function restPolicy(ctx: SamContext, build: RestBuild, policy: unknown): void {
  if (!isMap(policy)) {
    ctx.note(build.origin, `the ResourcePolicy of ${build.id} is ${describe(policy)}, not a map`);
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
    if (!known.has(key)) ctx.note(build.origin, `the ResourcePolicy setting ${key} of ${build.id} is not expanded by this pack`);
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
  // an allow list denies every other VPC and endpoint; a deny list denies the ones it names
  const vpcStatements = (keys: string[], operator: 'StringNotEquals' | 'StringEquals') => {
    const { vpc, vpce } = vpcs(keys, isVpce);
    if (vpc.length + vpce.length === 0) return;
    const condition: Record<string, unknown> = {};
    if (vpc.length > 0) condition['aws:SourceVpc'] = vpc;
    if (vpce.length > 0) condition['aws:SourceVpce'] = vpce;
    statements.push(statement('Allow', '*'));
    statements.push(statement('Deny', '*', { [operator]: condition }));
  };
  vpcStatements(['SourceVpcWhitelist', 'IntrinsicVpcWhitelist', 'IntrinsicVpceWhitelist'], 'StringNotEquals');
  vpcStatements(['SourceVpcBlacklist', 'IntrinsicVpcBlacklist', 'IntrinsicVpceBlacklist'], 'StringEquals');
  if (policy.CustomStatements !== undefined) statements.push(...list(policy.CustomStatements));
  if (statements.length > 0) build.body['x-amazon-apigateway-policy'] = { Version: '2012-10-17', Statement: statements };
}
