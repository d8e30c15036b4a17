import { StackIndex } from '../stack-index';

/**
 * True when an `AWS::ApiGateway::Method` is a CORS preflight: an OPTIONS method answered by a MOCK integration.
 * An OPTIONS method with a real backend is an ordinary endpoint.
 */
export function isCorsPreflight(props: any): boolean {
  return isOptionsMethod(props) && props.Integration?.Type === 'MOCK';
}

/** True when an operation's `HttpMethod` is OPTIONS, the method of a CORS preflight request. */
export function isOptionsMethod(props: any): boolean {
  return equalsIgnoringCase(props.HttpMethod, 'OPTIONS');
}

/** True when an operation's `AuthorizationType` is NONE or missing. */
export function isWithoutAuthorization(props: any): boolean {
  const type = props.AuthorizationType;
  return type === undefined || equalsIgnoringCase(type, 'NONE');
}

/**
 * True when `value` is the string `upper` in any case. These checks run for every method of an app: the common
 * spellings are told without building an upper-case copy.
 */
function equalsIgnoringCase(value: unknown, upper: string): boolean {
  if (value === upper) return true;
  return typeof value === 'string' && value.toUpperCase() === upper;
}

/**
 * A stable key for the REST API a value (`RestApiId`, `ApiId`) designates: the logical id when it points at a
 * resource of the stack, otherwise the value itself (a literal id or an import), so that equal values match.
 */
export function apiKey(value: unknown, index: StackIndex): string | undefined {
  if (value === undefined || value === null) return undefined;
  const target = index.target(value);
  if (target) return `resource:${target.logicalId}`;
  return `value:${JSON.stringify(value)}`;
}

/** True for `true` or `'true'`. */
export function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/** True for `false` or `'false'`. */
export function isFalse(value: unknown): boolean {
  return value === false || value === 'false';
}
