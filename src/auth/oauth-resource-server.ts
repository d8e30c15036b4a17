import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { OAuthScope } from './oauth-scope';
import { invalidProp, withConstructPath } from '../private/validation';

/**
 * Options for `OAuthUserPool.addResourceServer()`.
 */
export interface OAuthResourceServerOptions {
  /**
   * The resource server's identifier: the prefix of its scope names (`<identifier>/<scope>`).
   * @default - the construct id passed to `addResourceServer()`
   */
  readonly identifier?: string;

  /**
   * A friendly name for the resource server.
   * @default - the identifier
   */
  readonly name?: string;

  /**
   * The scopes the resource server defines: scope name → description, e.g. `{ read: 'Read orders' }`.
   * At least one scope is required.
   */
  readonly scopes: { [name: string]: string };
}

/**
 * Properties of an `OAuthResourceServer`.
 */
export interface OAuthResourceServerProps extends OAuthResourceServerOptions {
  /** The user pool the resource server belongs to. */
  readonly userPool: cognito.IUserPool;
}

/**
 * A Cognito resource server (an API protected by OAuth 2.0) and typed handles to the scopes it defines.
 *
 * ```ts
 * const orders = pool.addResourceServer('orders', { scopes: { read: 'Read orders', write: 'Create orders' } });
 * orders.scope('read'); // OAuthScope 'orders/read'
 * ```
 */
export class OAuthResourceServer extends Construct {
  /** The resource server's identifier, the prefix of its scope names. */
  public readonly identifier: string;

  /** The underlying aws-cdk-lib resource server. */
  public readonly resourceServer: cognito.UserPoolResourceServer;

  /** Every scope the resource server defines. */
  public readonly scopes: OAuthScope[];

  private readonly scopesByName = new Map<string, OAuthScope>();

  /**
   * @param scope parent construct
   * @param id construct id, and the identifier unless `props.identifier` is set
   * @param props user pool, identifier, name and scopes
   */
  constructor(scope: Construct, id: string, props: OAuthResourceServerProps) {
    super(scope, id);
    try {
      this.identifier = props.identifier ?? id;

      const names = Object.keys(props.scopes ?? {});
      if (names.length === 0) {
        throw invalidProp('scopes', props.scopes, 'must define at least one scope');
      }
      if (names.length > 100) {
        throw invalidProp('scopes', names.length, 'must define at most 100 scopes');
      }
      for (const name of names) {
        const description = props.scopes[name];
        if (typeof description !== 'string' || description.length < 1 || description.length > 256) {
          throw invalidProp(`scopes.${name}`, description, 'must be a description of 1-256 characters');
        }
        this.scopesByName.set(name, new OAuthScope(this.identifier, name, description));
      }
      this.scopes = [...this.scopesByName.values()];

      this.resourceServer = new cognito.UserPoolResourceServer(this, 'Resource', {
        userPool: props.userPool,
        identifier: this.identifier,
        userPoolResourceServerName: props.name ?? this.identifier,
        scopes: this.scopes.map((s) => new cognito.ResourceServerScope({
          scopeName: s.name,
          scopeDescription: s.description!,
        })),
      });
    } catch (e) {
      throw withConstructPath(this, e);
    }
  }

  /**
   * The handle of one of this resource server's scopes.
   *
   * @param name the scope's name within this resource server, e.g. `read`
   * @throws if the resource server does not define the scope
   */
  public scope(name: string): OAuthScope {
    const found = this.scopesByName.get(name);
    if (!found) {
      throw withConstructPath(this, invalidProp('scope', name,
        `is not defined by resource server "${this.identifier}" (defined scopes: ${[...this.scopesByName.keys()].join(', ')})`));
    }
    return found;
  }

  /** Whether the resource server defines a scope of this name (within the server, e.g. `read`). */
  public hasScope(name: string): boolean {
    return this.scopesByName.has(name);
  }
}
