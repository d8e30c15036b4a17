import { InvalidPropError, invalidProp } from '../private/validation';

/** HTTP methods a route may declare. OPTIONS is reserved for CORS preflight (see `cors`). */
export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'ANY'];

/** Methods whose requests carry a body that the body validator checks. */
export const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'ANY']);

const LITERAL_SEGMENT = /^[A-Za-z0-9._~-]+$/;
const PARAMETER_SEGMENT = /^\{([A-Za-z_][A-Za-z0-9_]*)(\+)?\}$/;

/** A route string (`'POST /orders/{id}'`) split into its parts. */
export interface ParsedRoute {
  /** The route as written, used in error messages. */
  readonly route: string;
  /** The HTTP method, upper case. */
  readonly method: string;
  /** The normalized resource path, e.g. `/orders/{id}`. */
  readonly path: string;
  /** The path segments, e.g. `['orders', '{id}']` (empty for `/`). */
  readonly segments: string[];
  /** Names of the path parameters, e.g. `['id']`. */
  readonly pathParameters: string[];
}

/** The error every route validation throws: it names the route, the prop, the value and the rule. */
export function routeError(route: string, prop: string, value: unknown, rule: string): InvalidPropError {
  return new InvalidPropError(`Route "${route}": ${invalidProp(prop, value, rule).message}`);
}

/** Runs `check`; a validation error it throws names the route (as `routeError` does). */
export function atRoute<T>(route: string, check: () => T): T {
  try {
    return check();
  } catch (e) {
    if (e instanceof InvalidPropError && e.constructPath === undefined) {
      throw new InvalidPropError(`Route "${route}": ${e.message}`);
    }
    throw e;
  }
}

/**
 * Parses `'<METHOD> <path>'`. The method is one of {@link ROUTE_METHODS} (any case); the path starts with `/`, has no
 * empty segments, dot segments (`.`, `..`) or trailing slash, and its segments are literals (`[A-Za-z0-9._~-]+`) or
 * parameters (`{name}`, or a greedy `{name+}` as the last segment) with distinct names.
 */
export function parseRoute(route: string): ParsedRoute {
  if (typeof route !== 'string') {
    throw routeError(String(route), 'route', route, 'must be a string "<METHOD> <path>"');
  }
  const match = /^\s*(\S+)\s+(\S+)\s*$/.exec(route);
  if (!match) {
    throw routeError(route, 'route', route, 'must have the form "<METHOD> <path>", e.g. "GET /orders/{id}"');
  }
  const method = match[1].toUpperCase();
  if (method === 'OPTIONS') {
    throw routeError(route, 'method', match[1], 'must not be OPTIONS (CORS preflight is added by the "cors" prop)');
  }
  if (!ROUTE_METHODS.includes(method)) {
    throw routeError(route, 'method', match[1], `must be one of ${ROUTE_METHODS.join(', ')}`);
  }
  const path = match[2];
  if (!path.startsWith('/')) {
    throw routeError(route, 'path', path, 'must start with "/"');
  }
  if (path !== '/' && path.endsWith('/')) {
    throw routeError(route, 'path', path, 'must not end with "/"');
  }
  const segments = path === '/' ? [] : path.slice(1).split('/');
  const pathParameters: string[] = [];
  segments.forEach((segment, i) => {
    if (segment === '') {
      throw routeError(route, 'path', path, 'must not contain empty segments ("//")');
    }
    if (segment === '.' || segment === '..') {
      throw routeError(route, 'path', path,
        `must not contain the dot segment "${segment}" (clients and proxies resolve it, so the route would not be reached as written)`);
    }
    const param = PARAMETER_SEGMENT.exec(segment);
    if (param) {
      if (param[2] && i !== segments.length - 1) {
        throw routeError(route, 'path', path, `may use a greedy parameter ("${segment}") only as its last segment`);
      }
      if (pathParameters.includes(param[1])) {
        throw routeError(route, 'path', path, `must not repeat the path parameter "${param[1]}"`);
      }
      pathParameters.push(param[1]);
    } else if (!LITERAL_SEGMENT.test(segment)) {
      throw routeError(route, 'path', path,
        `must have segments of letters, digits, ".", "_", "~", "-" or a parameter "{name}", but "${segment}" is neither`);
    }
  });
  return { route: `${method} ${path}`, method, path, segments, pathParameters };
}
