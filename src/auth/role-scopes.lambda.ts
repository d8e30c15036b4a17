import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';

/** Name of the environment variable that holds the role → scopes map as JSON. */
export const ROLE_SCOPES_ENV = 'ROLE_SCOPES';

/**
 * The OAuth scopes a caller gets from its groups: the union of the scopes of every group that is a known
 * role, without duplicates, in the order the roles list them. Groups that are not roles are ignored.
 *
 * @param roleScopes role (Cognito group name) → full scope names
 * @param groups the caller's Cognito groups
 */
export function scopesForGroups(roleScopes: Record<string, string[]>, groups: readonly string[] | undefined): string[] {
  const out = new Set<string>();
  for (const group of groups ?? []) {
    if (!Object.prototype.hasOwnProperty.call(roleScopes, group)) continue;
    const scopes = roleScopes[group];
    if (!Array.isArray(scopes)) continue;
    for (const scope of scopes) {
      if (typeof scope === 'string' && scope.length > 0) out.add(scope);
    }
  }
  return [...out];
}

/** Parses the role → scopes map; a missing or malformed value yields an empty map (no scopes are granted). */
export function parseRoleScopes(json: string | undefined): Record<string, string[]> {
  if (!json) return {};
  try {
    const parsed = JSON.parse(json);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : {};
  } catch {
    return {};
  }
}

/**
 * Adds the scopes of the caller's groups to the event's access-token override, leaving the event
 * unchanged when no group maps to a scope. Existing overrides in the event are kept.
 */
export function addRoleScopes(
  event: PreTokenGenerationV2TriggerEvent,
  roleScopes: Record<string, string[]>,
): PreTokenGenerationV2TriggerEvent {
  const scopes = scopesForGroups(roleScopes, event.request?.groupConfiguration?.groupsToOverride);
  if (scopes.length === 0) return event;
  const details = event.response.claimsAndScopeOverrideDetails ?? {};
  const access = details.accessTokenGeneration ?? {};
  const merged = [...new Set([...(access.scopesToAdd ?? []), ...scopes])];
  event.response.claimsAndScopeOverrideDetails = {
    ...details,
    accessTokenGeneration: { ...access, scopesToAdd: merged },
  };
  return event;
}

/** Cognito pre-token-generation (V2 event) trigger: grants each role's OAuth scopes to its group members. */
export async function handler(event: PreTokenGenerationV2TriggerEvent): Promise<PreTokenGenerationV2TriggerEvent> {
  return addRoleScopes(event, parseRoleScopes(process.env[ROLE_SCOPES_ENV]));
}
