import { Token, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { RouteAccessOptions } from './route-options';
import { routeError } from './route-path';
import { OAuthUserPool } from '../auth/oauth-user-pool';

/** The scopes a route may require: those of the resource servers of the API's user pool. */
export interface ScopeContext {
  /** Whether a resource server of the API's user pool defines the scope (full name). */
  readonly isScopeDefined: (scopeName: string) => boolean;
  /** Every scope the user pool defines, for error messages. */
  readonly definedScopes: () => string[];
}

/** What the access of a route is judged against: the API's usage plans and the scopes of its user pool. */
export interface AccessContext extends ScopeContext {
  /** Whether the API has usage plans (API keys can be issued). */
  readonly hasPlans: boolean;
}

/** The scopes of a user pool's resource servers, as routes of REST and HTTP APIs are checked against them. */
export function userPoolScopes(pool: OAuthUserPool): ScopeContext {
  return {
    isScopeDefined: (name) => pool.hasScope(name),
    definedScopes: () => pool.resourceServers.flatMap((s) => s.scopes.map((x) => x.scopeName)),
  };
}

/** How a route is authorized. */
export interface RouteAccess {
  /** COGNITO with scopes, or NONE for a declared public route. */
  readonly authorizationType: apigw.AuthorizationType;
  /** The scopes (full names, deduplicated, in order) the access token must carry any one of; for COGNITO only. */
  readonly scopes?: string[];
  /** Whether callers must send an API key of a usage plan. */
  readonly apiKeyRequired: boolean;
  /** The declared reason of a public route. */
  readonly publicReason?: string;
}

/**
 * Decides how a route is authorized, from its access options and the API (a pure function: it creates nothing).
 * A route has scopes (COGNITO authorizer) or is declared public with a reason; a public route needs an API key
 * unless it is explicitly anonymous; an API key needs usage plans. Errors name the route.
 */
export function resolveRouteAccess(route: string, options: RouteAccessOptions, context: AccessContext): RouteAccess {
  const scopes = options.scopes ?? [];
  const publicReason = options.publicRoute;
  if (publicReason !== undefined) checkPublicReason(route, publicReason);
  if (options.allowAnonymous === true && publicReason === undefined) {
    throw routeError(route, 'allowAnonymous', true, 'must only be set on a public route ("publicRoute")');
  }
  checkScopesOrPublic(route, scopes.length, publicReason);
  const apiKeyRequired = options.apiKeyRequired ?? context.hasPlans;
  let access: RouteAccess;
  if (scopes.length === 0) {
    if (!apiKeyRequired && options.allowAnonymous !== true) {
      throw routeError(route, 'apiKeyRequired', apiKeyRequired,
        'must be true for a public route (define "plans" on the API), unless "allowAnonymous: true" opens it to anyone');
    }
    access = { authorizationType: apigw.AuthorizationType.NONE, apiKeyRequired, publicReason };
  } else {
    access = { authorizationType: apigw.AuthorizationType.COGNITO, apiKeyRequired, scopes: routeScopeNames(route, scopes, context) };
  }
  if (apiKeyRequired && !context.hasPlans) {
    throw routeError(route, 'apiKeyRequired', true, 'needs usage plans ("plans" on the API) so that API keys can be issued');
  }
  return access;
}

/** Throws unless the declared reason of a public route is a non-empty string. */
export function checkPublicReason(route: string, publicReason: unknown): void {
  if (typeof publicReason !== 'string' || publicReason.trim() === '') {
    throw routeError(route, 'publicRoute', publicReason, 'must be a non-empty reason why the route needs no access token');
  }
}

/** Throws unless a route has scopes or is declared public, not both. */
export function checkScopesOrPublic(route: string, scopeCount: number, publicReason: string | undefined): void {
  if (scopeCount === 0 && publicReason === undefined) {
    throw routeError(route, 'scopes', [],
      'must list at least one OAuth scope, or the route must be declared public with "publicRoute: \'<reason>\'"');
  }
  if (scopeCount > 0 && publicReason !== undefined) {
    throw routeError(route, 'publicRoute', publicReason, 'must not be set on a route with scopes');
  }
}

/** The full names of a route's scopes, each defined by the user pool, without repeats. */
export function routeScopeNames(route: string, scopes: NonNullable<RouteAccessOptions['scopes']>, context: ScopeContext): string[] {
  const names: string[] = [];
  scopes.forEach((scope, i) => {
    const name = scope && typeof scope.scopeName === 'string' ? scope.scopeName : undefined;
    if (name === undefined) {
      throw routeError(route, `scopes[${i}]`, scope, 'must be an OAuthScope');
    }
    if (!Token.isUnresolved(name) && !context.isScopeDefined(name)) {
      const known = context.definedScopes();
      throw routeError(route, `scopes[${i}]`, name,
        `must be defined by a resource server of the user pool (${known.length ? known.join(', ') : 'it defines none'})`);
    }
    if (!names.includes(name)) names.push(name);
  });
  return names;
}

/** Records the reason of a public route as the acknowledgement of the findings that flag missing authorization. */
export function acknowledgePublicRoute(method: IConstruct, reason: string, apiKeyRequired: boolean): void {
  const text = `Public route: ${reason}`;
  const ids = ['AwsSolutions-APIG4', 'AwsSolutions-COG4', 'ApiBaseline-MethodAuthorization'];
  if (!apiKeyRequired) ids.push('ApiBaseline-UsagePlanMethodApiKey');
  for (const id of ids) Validations.of(method).acknowledge({ id, reason: text });
}
