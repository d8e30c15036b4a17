import * as cognito from 'aws-cdk-lib/aws-cognito';
import { checkPattern, invalidProp } from '../private/validation';

/** Characters Cognito accepts in a resource-server identifier (printable ASCII without `"` and `\`). */
const IDENTIFIER_PATTERN = /^[\x21\x23-\x5B\x5D-\x7E]{1,256}$/;
/** Characters Cognito accepts in a scope name (as above, and no `/`). */
const SCOPE_NAME_PATTERN = /^[\x21\x23-\x2E\x30-\x5B\x5D-\x7E]{1,256}$/;

/**
 * A custom OAuth 2.0 scope defined by a resource server, e.g. `orders/read`.
 *
 * API Gateway methods list `scopeName` in their `AuthorizationScopes`; Cognito app clients are allowed
 * the scope through `toCognitoScope()`.
 */
export class OAuthScope {
  /**
   * A scope handle from its full name (`<resource server identifier>/<scope name>`), for scopes defined
   * outside this library (for example in a user pool of another stack).
   *
   * @param fullName the full scope name, e.g. `orders/read`
   */
  public static fromScopeName(fullName: string): OAuthScope {
    const slash = fullName.lastIndexOf('/');
    if (slash <= 0 || slash === fullName.length - 1) {
      throw invalidProp('scopeName', fullName, 'must have the form "<resource server identifier>/<scope name>"');
    }
    return new OAuthScope(fullName.slice(0, slash), fullName.slice(slash + 1));
  }

  /** The full scope name, `<resource server identifier>/<scope name>`, as it appears in access tokens and in API Gateway `AuthorizationScopes`. */
  public readonly scopeName: string;

  /** The identifier of the resource server that defines the scope, e.g. `orders`. */
  public readonly resourceServerIdentifier: string;

  /** The scope's name within its resource server, e.g. `read`. */
  public readonly name: string;

  /**
   * What the scope allows, as shown to administrators.
   * @default - no description
   */
  public readonly description?: string;

  /**
   * @param resourceServerIdentifier identifier of the resource server that defines the scope
   * @param name name of the scope within the resource server
   * @param description what the scope allows
   */
  constructor(resourceServerIdentifier: string, name: string, description?: string) {
    checkPattern('identifier', resourceServerIdentifier, IDENTIFIER_PATTERN, 'must be 1-256 printable ASCII characters without spaces, double quotes or backslashes');
    checkPattern('scopes', name, SCOPE_NAME_PATTERN, 'must have scope names of 1-256 printable ASCII characters without spaces, double quotes, slashes or backslashes');
    this.resourceServerIdentifier = resourceServerIdentifier;
    this.name = name;
    this.description = description;
    this.scopeName = `${resourceServerIdentifier}/${name}`;
  }

  /** The scope as an aws-cdk-lib Cognito OAuth scope, for app-client settings. */
  public toCognitoScope(): cognito.OAuthScope {
    return cognito.OAuthScope.custom(this.scopeName);
  }

  /** The full scope name. */
  public toString(): string {
    return this.scopeName;
  }
}
