import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

/** Name of the environment variable that holds the role → scopes map as JSON. */
export const ROLE_SCOPES_ENV = 'ROLE_SCOPES';

/** Role (Cognito group name) → full scope names. A `Map`, so that any role name (`__proto__`, `toString`) is a key. */
export type RoleScopes = ReadonlyMap<string, readonly string[]>;

/** Trigger source of tokens issued to machine clients (client-credentials grant). */
const CLIENT_CREDENTIALS = 'TokenGeneration_ClientCredentials';

/**
 * The OAuth scopes a caller gets from its groups: the union of the scopes of every group that is a known
 * role, without duplicates, in the order the roles list them. Groups that are not roles are ignored, also when
 * their names look like scopes.
 *
 * @param roleScopes role (Cognito group name) → full scope names
 * @param groups the caller's Cognito groups
 */
export function scopesForGroups(roleScopes: RoleScopes, groups: readonly string[] | undefined): string[] {
  const out = new Set<string>();
  for (const group of groups ?? []) {
    const scopes = typeof group === 'string' ? roleScopes.get(group) : undefined;
    if (!Array.isArray(scopes)) continue;
    for (const scope of scopes) {
      if (typeof scope === 'string' && scope.length > 0) out.add(scope);
    }
  }
  return [...out];
}

/** Every scope that belongs to at least one role: these scopes are exclusive to the members of their roles. */
export function roleGatedScopes(roleScopes: RoleScopes): Set<string> {
  const out = new Set<string>();
  for (const scopes of roleScopes.values()) {
    if (!Array.isArray(scopes)) continue;
    for (const scope of scopes) {
      if (typeof scope === 'string' && scope.length > 0) out.add(scope);
    }
  }
  return out;
}

/**
 * Parses the role → scopes map. A missing or malformed value throws: the trigger then fails and Cognito issues
 * no token, rather than issuing tokens whose role-gated scopes are not suppressed.
 */
export function parseRoleScopes(json: string | undefined): Map<string, string[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json ?? '');
  } catch {
    throw new Error(`${ROLE_SCOPES_ENV} must be a JSON object of role name → scope names`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${ROLE_SCOPES_ENV} must be a JSON object of role name → scope names`);
  }
  // JSON.parse creates own properties for every key, "__proto__" included; Object.entries lists them all.
  const out = new Map<string, string[]>();
  for (const [role, scopes] of Object.entries(parsed as Record<string, unknown>)) {
    if (!Array.isArray(scopes)) {
      throw new Error(`${ROLE_SCOPES_ENV} must map each role to a list of scope names, got ${JSON.stringify(scopes)} for "${role}"`);
    }
    out.set(role, scopes.filter((s): s is string => typeof s === 'string' && s.length > 0));
  }
  return out;
}

/**
 * Makes role-gated scopes exclusive: the scopes of the caller's roles are added to its access token, and every
 * other scope that belongs to a role is suppressed, whether the client listed it or the caller requested it.
 * Scopes that belong to no role pass unchanged. Tokens for machine clients (client-credentials grant) are left as
 * they are: a machine client holds exactly the scopes it is allowed. Existing overrides in the event are kept.
 */
export function applyRoleScopes(
  event: PreTokenGenerationV2TriggerEvent,
  roleScopes: RoleScopes,
): PreTokenGenerationV2TriggerEvent {
  if ((event.triggerSource as string) === CLIENT_CREDENTIALS) return event;
  const granted = scopesForGroups(roleScopes, event.request?.groupConfiguration?.groupsToOverride);
  const grantedSet = new Set(granted);
  const suppressed = [...roleGatedScopes(roleScopes)].filter((s) => !grantedSet.has(s));
  if (granted.length === 0 && suppressed.length === 0) return event;

  const details = event.response.claimsAndScopeOverrideDetails ?? {};
  const access = details.accessTokenGeneration ?? {};
  const suppressedSet = new Set(suppressed);
  const add = [...new Set([...(access.scopesToAdd ?? []), ...granted])].filter((s) => !suppressedSet.has(s));
  const suppress = [...new Set([...(access.scopesToSuppress ?? []), ...suppressed])];
  const next: typeof access = { ...access };
  if (add.length > 0) next.scopesToAdd = add;
  else delete next.scopesToAdd;
  if (suppress.length > 0) next.scopesToSuppress = suppress;
  event.response.claimsAndScopeOverrideDetails = { ...details, accessTokenGeneration: next };
  return event;
}

/**
 * Cognito pre-token-generation (V2 event) trigger: grants each role's OAuth scopes to its group members and
 * suppresses role-gated scopes for everyone else.
 */
export async function handler(event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> {
  return applyRoleScopes(event, parseRoleScopes(process.env[ROLE_SCOPES_ENV]));
}
