import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import {
  applyRoleScopes,
  handler,
  parseRoleScopes,
  ROLE_SCOPES_ENV,
  roleGatedScopes,
  scopesForGroups,
} from '../../src/auth/role-scopes.lambda';

const ROLES = new Map(Object.entries({ admin: ['orders/read', 'orders/write'], viewer: ['orders/read'], auditor: ['audit/read'] }));
const ALL_GATED = ['orders/read', 'orders/write', 'audit/read'];

function event(
  groups?: string[],
  accessTokenGeneration?: object,
  scopes: string[] = ['openid', 'email'],
  triggerSource = 'TokenGeneration_HostedAuth',
): PreTokenGenerationV2TriggerEvent {
  return {
    version: '2',
    triggerSource,
    region: 'us-east-1',
    userPoolId: 'us-east-1_abc',
    userName: 'alice',
    callerContext: { awsSdkVersion: '1', clientId: 'client' },
    request: {
      userAttributes: { sub: '1' },
      groupConfiguration: groups === undefined ? {} : { groupsToOverride: groups },
      scopes,
    },
    response: {
      claimsAndScopeOverrideDetails: accessTokenGeneration ? { accessTokenGeneration } : {},
    },
  } as PreTokenGenerationV2TriggerEvent;
}

/** The scopes the access token ends up with: requested + added − suppressed (what Cognito does with the override). */
function tokenScopes(out: PreTokenGenerationV2TriggerEvent): string[] {
  const access = out.response.claimsAndScopeOverrideDetails?.accessTokenGeneration ?? {};
  const suppressed = new Set(access.scopesToSuppress ?? []);
  return [...new Set([...(out.request.scopes ?? []), ...(access.scopesToAdd ?? [])])].filter((s) => !suppressed.has(s)).sort();
}

describe('scopesForGroups', () => {
  test('maps each group to the scopes of its role', () => {
    expect(scopesForGroups(ROLES, ['viewer'])).toEqual(['orders/read']);
    expect(scopesForGroups(ROLES, ['admin'])).toEqual(['orders/read', 'orders/write']);
  });

  test('unions the scopes of several groups without duplicates', () => {
    expect(scopesForGroups(ROLES, ['viewer', 'admin', 'auditor'])).toEqual(['orders/read', 'orders/write', 'audit/read']);
  });

  test('ignores groups that are not roles, also names of Object.prototype members', () => {
    expect(scopesForGroups(ROLES, ['everyone', 'viewer', 'toString', '__proto__', 'constructor'])).toEqual(['orders/read']);
    expect(scopesForGroups(ROLES, ['everyone'])).toEqual([]);
  });

  test('a role named __proto__ grants its scopes', () => {
    const roles = parseRoleScopes('{"__proto__":["orders/read"],"admin":["orders/write"]}');
    expect(scopesForGroups(roles, ['__proto__'])).toEqual(['orders/read']);
    expect(roleGatedScopes(roles)).toEqual(new Set(['orders/read', 'orders/write']));
  });

  test('no groups give no scopes', () => {
    expect(scopesForGroups(ROLES, [])).toEqual([]);
    expect(scopesForGroups(ROLES, undefined)).toEqual([]);
  });

  test('duplicate scopes within a role are listed once', () => {
    expect(scopesForGroups(new Map([['admin', ['orders/read', 'orders/read', 'orders/write']]]), ['admin', 'admin']))
      .toEqual(['orders/read', 'orders/write']);
  });

  test('skips malformed map entries', () => {
    const malformed = new Map<string, any>([['admin', 'orders/read'], ['viewer', ['orders/read', 42, '']]]);
    expect(scopesForGroups(malformed, ['admin', 'viewer'])).toEqual(['orders/read']);
  });
});

describe('parseRoleScopes', () => {
  test('parses the JSON map into a Map', () => {
    expect(parseRoleScopes(JSON.stringify({ admin: ['orders/read'] }))).toEqual(new Map([['admin', ['orders/read']]]));
  });

  test.each([undefined, '', 'not json', '[]', 'null', '"x"', '{"admin":"orders/read"}'])('%p is refused (no token is issued)', (value) => {
    expect(() => parseRoleScopes(value)).toThrow(/ROLE_SCOPES must/);
  });
});

describe('applyRoleScopes', () => {
  test('adds the scopes of the caller\'s groups and suppresses the other role-gated scopes', () => {
    const out = applyRoleScopes(event(['viewer']), ROLES);
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toEqual({
      scopesToAdd: ['orders/read'],
      scopesToSuppress: ['orders/write', 'audit/read'],
    });
  });

  test('no groups + a requested role scope: the scope is suppressed', () => {
    const out = applyRoleScopes(event(undefined, undefined, ['openid', 'orders/read']), ROLES);
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toEqual({ scopesToSuppress: ALL_GATED });
    expect(tokenScopes(out)).toEqual(['openid']);
    expect(tokenScopes(applyRoleScopes(event([], undefined, ['openid', 'orders/read']), ROLES))).toEqual(['openid']);
  });

  test('a viewer requesting write gets read only', () => {
    const out = applyRoleScopes(event(['viewer'], undefined, ['openid', 'orders/read', 'orders/write']), ROLES);
    expect(tokenScopes(out)).toEqual(['openid', 'orders/read']);
  });

  test('unknown groups grant nothing and suppress every role-gated scope', () => {
    const out = applyRoleScopes(event(['everyone', 'staff'], undefined, ['openid', 'orders/write', 'audit/read']), ROLES);
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toEqual({ scopesToSuppress: ALL_GATED });
    expect(tokenScopes(out)).toEqual(['openid']);
  });

  test('group names shaped like scopes grant nothing', () => {
    const out = applyRoleScopes(event(['orders/write', 'orders/read', 'audit/*', '*'], undefined, ['openid', 'orders/write']), ROLES);
    expect(tokenScopes(out)).toEqual(['openid']);
  });

  test('hundreds of groups: the roles among them are found, the others ignored', () => {
    const groups = Array.from({ length: 500 }, (_, i) => `team-${i}`);
    groups.splice(250, 0, 'viewer');
    const out = applyRoleScopes(event(groups, undefined, ['openid', 'orders/read', 'orders/write']), ROLES);
    expect(tokenScopes(out)).toEqual(['openid', 'orders/read']);
    const none = applyRoleScopes(event(groups.filter((g) => g !== 'viewer'), undefined, ['openid', 'orders/read']), ROLES);
    expect(tokenScopes(none)).toEqual(['openid']);
  });

  test('an admin keeps every scope of its role', () => {
    const out = applyRoleScopes(event(['admin'], undefined, ['openid', 'orders/write']), ROLES);
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toEqual({
      scopesToAdd: ['orders/read', 'orders/write'],
      scopesToSuppress: ['audit/read'],
    });
    expect(tokenScopes(out)).toEqual(['openid', 'orders/read', 'orders/write']);
  });

  test('scopes that belong to no role pass unchanged', () => {
    const out = applyRoleScopes(event([], undefined, ['openid', 'profile/read']), ROLES);
    expect(tokenScopes(out)).toEqual(['openid', 'profile/read']);
  });

  test('machine clients (client credentials) keep the scopes they are allowed', () => {
    const e = event(undefined, undefined, ['orders/read', 'orders/write'], 'TokenGeneration_ClientCredentials');
    const out = applyRoleScopes(e, ROLES);
    expect(out.response).toEqual({ claimsAndScopeOverrideDetails: {} });
    expect(tokenScopes(out)).toEqual(['orders/read', 'orders/write']);
  });

  test('keeps overrides already in the event; a role-gated scope added elsewhere is not added for non-members', () => {
    const out = applyRoleScopes(event(['viewer'], {
      scopesToAdd: ['orders/read', 'profile/read', 'orders/write'],
      scopesToSuppress: ['email'],
      claimsToSuppress: ['email'],
    }), ROLES);
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toEqual({
      scopesToAdd: ['orders/read', 'profile/read'],
      scopesToSuppress: ['email', 'orders/write', 'audit/read'],
      claimsToSuppress: ['email'],
    });
  });

  test('works when the response has no override details yet', () => {
    const e = event(['viewer']);
    (e.response as any).claimsAndScopeOverrideDetails = undefined;
    expect(applyRoleScopes(e, ROLES).response.claimsAndScopeOverrideDetails)
      .toEqual({ accessTokenGeneration: { scopesToAdd: ['orders/read'], scopesToSuppress: ['orders/write', 'audit/read'] } });
  });

  test('an empty role map leaves the event unchanged', () => {
    expect(applyRoleScopes(event(['admin']), new Map()).response).toEqual({ claimsAndScopeOverrideDetails: {} });
  });
});

describe('handler', () => {
  const saved = process.env[ROLE_SCOPES_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[ROLE_SCOPES_ENV];
    else process.env[ROLE_SCOPES_ENV] = saved;
  });

  test('reads the role map from the environment', async () => {
    process.env[ROLE_SCOPES_ENV] = JSON.stringify(Object.fromEntries(ROLES));
    const out = await handler(event(['viewer', 'auditor'], undefined, ['openid', 'orders/write']));
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toEqual({
      scopesToAdd: ['orders/read', 'audit/read'],
      scopesToSuppress: ['orders/write'],
    });
  });

  test('fails without a role map, so Cognito issues no token', async () => {
    delete process.env[ROLE_SCOPES_ENV];
    await expect(handler(event(['admin']))).rejects.toThrow(/ROLE_SCOPES must/);
  });
});
