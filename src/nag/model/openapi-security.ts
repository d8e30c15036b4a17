import { DocumentScope } from './openapi-scope';
import { describe, hasOwn, isObject, own, setOwn, withoutUndefined } from './openapi-values';
import { isIntrinsic } from '../stack-index';

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
 * Sets `AuthorizationType`, `AuthorizerId`, `AuthorizationScopes` and (REST) `ApiKeyRequired` of an operation from the
 * security requirements that apply to it, noting what cannot be read.
 */
export function readSecurity(scope: DocumentScope, operation: Record<string, unknown>, props: Record<string, unknown>, notes: string[]): void {
  const security = hasOwn(operation, 'security') ? operation.security : own(scope.doc, 'security');
  if (scope.kind === 'REST') props.ApiKeyRequired = false;
  if (security === undefined) {
    props.AuthorizationType = 'NONE';
    return;
  }
  if (isIntrinsic(security) || !Array.isArray(security)) {
    notes.push(`security is ${describe(security)}, not a list of requirements`);
    if (scope.kind === 'REST') props.ApiKeyRequired = undefined;
    return;
  }
  if (security.length === 0) {
    props.AuthorizationType = 'NONE';
    return;
  }
  const alternatives = security.map((requirement) => alternative(scope, requirement));
  if (scope.kind === 'REST') {
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

/** One entry of a security requirement list, read. */
function alternative(scope: DocumentScope, requirement: unknown): Alternative {
  if (isIntrinsic(requirement) || !isObject(requirement)) {
    return { apiKey: false, unknown: `a security requirement is ${describe(requirement)}, not a map of scheme names` };
  }
  let authorizer: Alternative['authorizer'];
  let apiKey = false;
  let unknown: string | undefined;
  let applied = 0;
  for (const name of Object.keys(requirement)) {
    const use = schemeUse(scope, name);
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

/** How the security scheme `name` takes part in a requirement. */
function schemeUse(scope: DocumentScope, name: string): SchemeUse {
  const raw = own(scope.schemes, name);
  // the Serverless transform writes `NONE` (not defined) for an event with `Authorizer: NONE`
  if (raw === undefined && name === 'NONE') return { kind: 'none' };
  if (raw === undefined) return { kind: 'unknown', why: `security scheme "${name}" is not defined` };
  const scheme = scope.deref(raw);
  if (isIntrinsic(scheme) || !isObject(scheme)) {
    return { kind: 'unknown', why: `security scheme "${name}" is ${describe(scheme)}, not a scheme` };
  }
  const authType = own(scheme, 'x-amazon-apigateway-authtype');
  const authorizer = own(scheme, 'x-amazon-apigateway-authorizer');
  const authorizerType = own(authorizer, 'type');
  const rest = scope.kind === 'REST';
  const authorizerUse = (type: string, scoped: boolean): SchemeUse => ({ kind: 'authorizer', type, name, scoped });
  const unsupported = (what: string): SchemeUse =>
    ({ kind: 'unknown', why: `security scheme "${name}" is ${what}, which ${scope.kind} APIs do not support` });

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

/** The authorizers the document's security schemes define, by scheme name. */
export function documentAuthorizers(scope: DocumentScope): { [name: string]: any } | undefined {
  if (!scope.schemes) return undefined;
  const out: { [name: string]: any } = {};
  for (const name of Object.keys(scope.schemes)) {
    const scheme = scope.deref(scope.schemes[name]);
    if (!isObject(scheme) || isIntrinsic(scheme)) continue;
    const authorizer = own(scheme, 'x-amazon-apigateway-authorizer');
    const authType = own(scheme, 'x-amazon-apigateway-authtype');
    const cognito = typeof authType === 'string' && authType.toLowerCase() === 'cognito_user_pools';
    if (authorizer === undefined && !cognito) continue;
    const type = own(authorizer, 'type');
    const upper = typeof type === 'string' ? type.toUpperCase() : cognito ? 'COGNITO_USER_POOLS' : type;
    setOwn(out, name, scope.kind === 'REST' ? restAuthorizer(name, scheme, authorizer, upper) : httpAuthorizer(name, authorizer, upper));
  }
  return out;
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
