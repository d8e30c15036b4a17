import { Token, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { IConstruct } from 'constructs';
import { RouteAccessOptions } from './route-options';
import { routeError } from './route-path';

/** What the access of a route is judged against: the API's usage plans and the scopes of its user pool. */
export interface AccessContext {
  /** Whether the API has usage plans (API keys can be issued). */
  readonly hasPlans: boolean;
  /** Whether a resource server of the API's user pool defines the scope (full name). */
  readonly isScopeDefined: (scopeName: string) => boolean;
  /** Every scope the user pool defines, for error messages. */
  readonly definedScopes: () => string[];
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
  if (publicReason !== undefined && (typeof publicReason !== 'string' || publicReason.trim() === '')) {
    throw routeError(route, 'publicRoute', publicReason, 'must be a non-empty reason why the route needs no OAuth token');
  }
  if (options.allowAnonymous === true && publicReason === undefined) {
    throw routeError(route, 'allowAnonymous', true, 'must only be set on a public route ("publicRoute")');
  }
  const apiKeyRequired = options.apiKeyRequired ?? context.hasPlans;
  let access: RouteAccess;
  if (scopes.length === 0) {
    if (publicReason === undefined) {
      throw routeError(route, 'scopes', [],
        'must list at least one OAuth scope, or the route must be declared public with "publicRoute: \'<reason>\'"');
    }
    if (!apiKeyRequired && options.allowAnonymous !== true) {
      throw routeError(route, 'apiKeyRequired', apiKeyRequired,
        'must be true for a public route (define "plans" on the API), unless "allowAnonymous: true" opens it to anyone');
    }
    access = { authorizationType: apigw.AuthorizationType.NONE, apiKeyRequired, publicReason };
  } else {
    if (publicReason !== undefined) {
      throw routeError(route, 'publicRoute', publicReason, 'must not be set on a route with scopes');
    }
    access = { authorizationType: apigw.AuthorizationType.COGNITO, apiKeyRequired, scopes: scopeNames(route, scopes, context) };
  }
  if (apiKeyRequired && !context.hasPlans) {
    throw routeError(route, 'apiKeyRequired', true, 'needs usage plans ("plans" on the API) so that API keys can be issued');
  }
  return access;
}

/** The full names of a route's scopes, each defined by the user pool, without repeats. */
function scopeNames(route: string, scopes: NonNullable<RouteAccessOptions['scopes']>, context: AccessContext): string[] {
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
