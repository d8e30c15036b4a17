import { Annotations, Duration, Lazy, RemovalPolicy, Token } from 'aws-cdk-lib';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { RoleScopesFunction } from './role-scopes-function';
import { ProtectedLogGroup } from '../encryption/protected-log-group';
import { checkPattern, invalidProp } from '../private/validation';

/** Cognito group names: 1-128 visible characters. */
const ROLE_NAME_PATTERN = /^[^\s]{1,128}$/;
/** Lambda environment variables share a 4 KB limit. */
const MAX_ROLE_SCOPES_JSON = 3_500;

interface RoleDefinition {
  readonly prop: string;
  readonly scopes: string[];
  /** Construct id of the role's group. */
  readonly groupId: string;
}

interface UserClientDefinition {
  readonly client: cognito.UserPoolClient;
  readonly scopes: string[];
}

/** What the roles need from their pool. */
export interface PoolRolesOptions {
  /** The Cognito user pool the groups and the trigger belong to. */
  readonly userPool: cognito.UserPool;
  /** Removal policy of the groups (the pool's). */
  readonly removalPolicy: RemovalPolicy;
  /** The error for a scope no resource server of the pool defines. */
  readonly unknownScope: (prop: string, scopeName: string) => Error | undefined;
}

/**
 * The roles of an `OAuthUserPool`: a Cognito group per role, and the pre-token-generation trigger that grants the
 * scopes of the caller's roles and suppresses every other role-gated scope (created with the first role, in the
 * pool construct `scope`).
 */
export class PoolRoles {
  private readonly roles = new Map<string, RoleDefinition>();
  private readonly userClients: UserClientDefinition[] = [];
  private roleScopesFunction?: RoleScopesFunction;

  constructor(private readonly scope: Construct, private readonly options: PoolRolesOptions) {}

  /**
   * Adds a role: checks its name and scopes, creates its group (the id keeps what it always was, so deployed
   * groups keep their logical ids) and the trigger.
   */
  public define(name: string, scopes: string[], nameProp: string, scopesProp: string): cognito.UserPoolGroup {
    checkPattern(nameProp, name, ROLE_NAME_PATTERN, 'must be a role name of 1-128 characters without whitespace');
    if (this.roles.has(name)) {
      throw invalidProp(nameProp, name, 'must be unique among the roles of the pool');
    }
    if (!Array.isArray(scopes) || scopes.length === 0) {
      throw invalidProp(scopesProp, scopes, 'must list at least one scope');
    }
    // Construct ids cannot hold "/"; two names that map to one id are refused here, naming both roles.
    const groupId = `Role-${Token.isUnresolved(name) ? name : name.replace(/\//g, '-')}`;
    for (const [other, def] of this.roles) {
      if (def.groupId === groupId) {
        throw invalidProp(nameProp, name, `must not collide with the role ${JSON.stringify(other)}: both would `
          + `become the Cognito group construct "${groupId}" ("/" is written as "-"); rename one of them`);
      }
    }
    this.roles.set(name, { prop: scopesProp, scopes: [...scopes], groupId });
    const group = this.options.userPool.addGroup(groupId, {
      groupName: name,
      description: `Members get the OAuth scopes: ${scopes.join(', ')}`.slice(0, 2048),
    });
    // Groups hold the memberships: keep them when a role leaves the code (renamed or removed), like the pool.
    group.applyRemovalPolicy(this.options.removalPolicy);
    for (const client of this.userClients) this.warnRoleGatedScopes(client, name);
    this.ensureRoleScopesTrigger();
    return group;
  }

  /** Remembers a user client, to warn about the role-gated scopes it lists (now and when roles are added). */
  public addUserClient(client: cognito.UserPoolClient, scopes: string[]): void {
    const definition = { client, scopes };
    this.userClients.push(definition);
    this.warnRoleGatedScopes(definition);
  }

  /** Errors of the whole set of roles: scopes the pool does not define, a map too large for the trigger. */
  public validate(): string[] {
    const errors: string[] = [];
    for (const def of this.roles.values()) {
      def.scopes.forEach((scopeName, i) => {
        if (Token.isUnresolved(scopeName)) return;
        const error = this.options.unknownScope(`${def.prop}[${i}]`, scopeName);
        if (error) errors.push(error.message);
      });
    }
    const json = JSON.stringify(this.roleScopesMap());
    if (json.length > MAX_ROLE_SCOPES_JSON) {
      errors.push(invalidProp('roles', `${json.length} characters of JSON`,
        `must fit in ${MAX_ROLE_SCOPES_JSON} characters of JSON (Lambda environment limit)`).message);
    }
    return errors;
  }

  /**
   * Warns when a user client lists a scope that a role gates: the trigger suppresses it for every caller outside
   * the role, so listing it on the client grants nothing by itself. Called when a client or a role is added.
   */
  private warnRoleGatedScopes(definition: UserClientDefinition, onlyRole?: string): void {
    for (const scopeName of definition.scopes) {
      const roles = [...this.roles.entries()]
        .filter(([role, def]) => (onlyRole === undefined || role === onlyRole) && def.scopes.includes(scopeName))
        .map(([role]) => JSON.stringify(role));
      if (roles.length === 0) continue;
      Annotations.of(definition.client).addWarningV2(
        'cdk-api-baseline:role-gated-scope',
        `The user client lists the scope "${scopeName}", which the role(s) ${roles.join(', ')} gate: callers outside `
        + 'these roles never get it (the pre-token-generation trigger suppresses it); members get it from their role. '
        + 'Remove it from the client\'s scopes unless the client is meant only for members.',
      );
    }
  }

  private ensureRoleScopesTrigger(): void {
    if (this.roleScopesFunction) return;
    const logGroup = new ProtectedLogGroup(this.scope, 'RoleScopesLogs');
    const role = new iam.Role(this.scope, 'RoleScopesRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: 'Writes the logs of the role-scopes pre-token-generation trigger',
    });
    logGroup.grantWrite(role);
    this.roleScopesFunction = new RoleScopesFunction(this.scope, 'RoleScopes', {
      description: 'Grants the OAuth scopes of the caller\'s roles (Cognito groups) and suppresses other role scopes',
      role,
      logGroup,
      timeout: Duration.seconds(5),
      memorySize: 128,
      environment: {
        ROLE_SCOPES: Lazy.string({ produce: () => JSON.stringify(this.roleScopesMap()) }),
      },
    });
    this.roleScopesFunction.node.addDependency(role);
    this.options.userPool.addTrigger(
      cognito.UserPoolOperation.PRE_TOKEN_GENERATION_CONFIG,
      this.roleScopesFunction,
      cognito.LambdaVersion.V2_0,
    );
  }

  private roleScopesMap(): { [role: string]: string[] } {
    // Object.fromEntries defines own properties, so a role named "__proto__" stays a key of the JSON map.
    return Object.fromEntries([...this.roles].map(([name, def]) => [name, [...new Set(def.scopes)]]));
  }
}
