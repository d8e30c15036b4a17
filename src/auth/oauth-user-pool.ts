import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { machineClientOptions, checkUserClientUrls, userClientOptions } from './client-settings';
import { OAuthMachineClientOptions, OAuthUserClientOptions } from './oauth-client';
import { OAuthResourceServer, OAuthResourceServerOptions } from './oauth-resource-server';
import { OAuthScope } from './oauth-scope';
import { OAuthUserPoolProps } from './oauth-user-pool-props';
import { PoolRoles } from './pool-roles';
import { hardenedUserPoolProps, userPoolDomainOptions } from './pool-settings';
import { atConstructPath, invalidProp, withConstructPath } from '../private/validation';

export * from './oauth-user-pool-props';

/**
 * A hardened Amazon Cognito user pool that issues OAuth 2.0 tokens for APIs.
 *
 * Defaults: feature plan PLUS with threat protection enforced for standard and custom authentication, MFA
 * required (TOTP; SMS only on request), passwords of at least 14 characters with all character classes and
 * a history of 24, administrator-created users only, case-insensitive usernames, e-mail account recovery,
 * deletion protection and `RemovalPolicy.RETAIN`.
 *
 * Resource servers define scopes (`addResourceServer`), clients get them (`addMachineClient`,
 * `addUserClient`) and roles grant them to groups of users (`roles`, `addRole`).
 */
export class OAuthUserPool extends Construct {
  /** The Cognito user pool. */
  public readonly userPool: cognito.UserPool;

  /** The hosted domain, when `domain` was given. */
  public readonly domain?: cognito.UserPoolDomain;

  /** The resource servers added with `addResourceServer`. */
  public readonly resourceServers: OAuthResourceServer[] = [];

  /**
   * The app clients added with `addMachineClient` and `addUserClient`, in order (the audience of the JWT authorizer
   * of a `SecureHttpApi`).
   */
  public readonly clients: cognito.UserPoolClient[] = [];

  private readonly roles: PoolRoles;

  /**
   * @param scope parent construct
   * @param id construct id
   * @param props settings of the pool; all optional
   */
  constructor(scope: Construct, id: string, props: OAuthUserPoolProps = {}) {
    super(scope, id);
    try {
      this.userPool = new cognito.UserPool(this, 'Resource', hardenedUserPoolProps(props));
      const smsRole = this.userPool.node.tryFindChild('smsRole');
      if (smsRole) {
        Validations.of(smsRole).acknowledge({
          id: 'AwsSolutions-IAM5[Resource::*]',
          reason: 'Cognito sends MFA codes with sns:Publish straight to phone numbers, which have no ARN to scope the '
            + 'statement to; the role can only be assumed by Cognito with this pool\'s external ID.',
        });
      }
      if (props.domain) {
        this.domain = this.userPool.addDomain('Domain', userPoolDomainOptions(props.domain));
      }
      this.roles = new PoolRoles(this, {
        userPool: this.userPool,
        removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
        unknownScope: (prop, scopeName) => (this.hasScope(scopeName) ? undefined : this.unknownScopeError(prop, scopeName)),
      });

      const roles = props.roles ?? {};
      const proto = Object.getPrototypeOf(roles);
      if (typeof roles !== 'object' || Array.isArray(roles) || (proto !== Object.prototype && proto !== null)) {
        // `{ __proto__: [...] }` sets the object's prototype instead of adding a role named "__proto__".
        throw invalidProp('roles', roles, 'must be a plain object of role name → scope names (write a role named '
          + '"__proto__" as a computed key, { ["__proto__"]: [...] }, or add it with addRole)');
      }
      for (const [role, scopes] of Object.entries(roles)) {
        this.roles.define(role, scopes, 'roles', `roles.${role}`);
      }
      this.node.addValidation({ validate: () => this.roles.validate() });
    } catch (e) {
      throw withConstructPath(this, e);
    }
  }

  /**
   * Adds a resource server (an API protected by this pool) and its scopes.
   *
   * @param id construct id, and the resource server's identifier unless `options.identifier` is set
   * @param options identifier, name and scopes of the resource server
   * @returns the resource server, whose `scope(name)` gives typed scope handles for routes and clients
   */
  public addResourceServer(id: string, options: OAuthResourceServerOptions): OAuthResourceServer {
    return atConstructPath(this, () => {
      const identifier = options.identifier ?? id;
      if (this.resourceServers.some((s) => s.identifier === identifier)) {
        throw invalidProp('identifier', identifier, 'must be unique among the resource servers of the pool');
      }
      const server = new OAuthResourceServer(this, id, { ...options, identifier, userPool: this.userPool });
      this.resourceServers.push(server);
      return server;
    });
  }

  /**
   * Whether a resource server of this pool defines the scope.
   *
   * @param scopeName full scope name, `<resource server>/<scope>`, e.g. `orders/read`
   */
  public hasScope(scopeName: string): boolean {
    return this.findScope(scopeName) !== undefined;
  }

  /**
   * The handle of a scope defined by one of this pool's resource servers.
   *
   * @param fullName full scope name, `<resource server>/<scope>`, e.g. `orders/read`
   * @throws if no resource server of the pool defines the scope
   */
  public scope(fullName: string): OAuthScope {
    return atConstructPath(this, () => this.requireScope('scope', fullName));
  }

  /**
   * Adds an app client for service-to-service calls: OAuth 2.0 client-credentials grant with a generated
   * secret, only the listed scopes, no user sign-in flows, token revocation on.
   *
   * @param id construct id
   * @param options scopes and token lifetime of the client
   */
  public addMachineClient(id: string, options: OAuthMachineClientOptions): cognito.UserPoolClient {
    return atConstructPath(this, () => {
      const scopes = options.scopes ?? [];
      if (scopes.length === 0) {
        throw invalidProp('scopes', [], 'must list at least one scope for a machine client');
      }
      const oauthScopes = scopes.map((s, i) => this.requireScope(`scopes[${i}]`, s.scopeName).toCognitoScope());
      const client = this.userPool.addClient(id, machineClientOptions(options, oauthScopes));
      this.dependOnResourceServers(client);
      this.clients.push(client);
      return client;
    });
  }

  /**
   * Adds an app client for people: OAuth 2.0 authorization-code grant (use PKCE with S256), no implicit
   * grant, exact https callback and sign-out URLs, short-lived tokens, token revocation on, user-existence
   * errors prevented, and only SRP and refresh-token authentication flows.
   *
   * @param id construct id
   * @param options redirect URLs, scopes and token lifetimes of the client
   */
  public addUserClient(id: string, options: OAuthUserClientOptions): cognito.UserPoolClient {
    return atConstructPath(this, () => {
      checkUserClientUrls(options);
      const custom = (options.scopes ?? []).map((s, i) => this.requireScope(`scopes[${i}]`, s.scopeName).toCognitoScope());
      const client = this.userPool.addClient(id, userClientOptions(options, custom));
      this.dependOnResourceServers(client);
      this.clients.push(client);
      this.roles.addUserClient(client, (options.scopes ?? []).map((s) => s.scopeName));
      return client;
    });
  }

  /**
   * Adds a role: a Cognito group whose members get the given scopes in their access tokens. The scopes become
   * exclusive to the members of the roles that list them (see `roles`). The group is kept with the pool's
   * `removalPolicy`: renaming a role creates a new, empty group, and the members of the old one (still in the user
   * pool) no longer get the role's scopes until they are moved.
   *
   * @param name the role, also the Cognito group name
   * @param scopes the scopes the role grants; each must be defined by a resource server of this pool
   * @returns the Cognito group of the role; add users to it to give them the role
   */
  public addRole(name: string, scopes: OAuthScope[]): cognito.UserPoolGroup {
    return atConstructPath(this, () => {
      const names = (scopes ?? []).map((s, i) => this.requireScope(`scopes[${i}]`, s.scopeName).scopeName);
      return this.roles.define(name, names, 'name', 'scopes');
    });
  }

  private findScope(fullName: string): OAuthScope | undefined {
    const slash = fullName.lastIndexOf('/');
    if (slash <= 0) return undefined;
    const identifier = fullName.slice(0, slash);
    const name = fullName.slice(slash + 1);
    const server = this.resourceServers.find((s) => s.identifier === identifier);
    return server && server.hasScope(name) ? server.scope(name) : undefined;
  }

  private requireScope(prop: string, fullName: string): OAuthScope {
    const found = this.findScope(fullName);
    if (!found) throw this.unknownScopeError(prop, fullName);
    return found;
  }

  private unknownScopeError(prop: string, fullName: string): Error {
    const defined = this.resourceServers.flatMap((s) => s.scopes.map((x) => x.scopeName));
    return invalidProp(prop, fullName,
      `must be a scope defined by a resource server of the pool (defined scopes: ${defined.length > 0 ? defined.join(', ') : 'none'})`);
  }

  private dependOnResourceServers(client: cognito.UserPoolClient): void {
    for (const server of this.resourceServers) {
      client.node.addDependency(server.resourceServer);
    }
  }
}
