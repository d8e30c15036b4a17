import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import {
  addRoleScopes,
  handler,
  parseRoleScopes,
  ROLE_SCOPES_ENV,
  scopesForGroups,
} from '../../src/auth/role-scopes.lambda';

const ROLES = { admin: ['orders/read', 'orders/write'], viewer: ['orders/read'], auditor: ['audit/read'] };

function event(groups?: string[], accessTokenGeneration?: object): PreTokenGenerationV2TriggerEvent {
  return {
    version: '2',
    triggerSource: 'TokenGeneration_HostedAuth',
    region: 'us-east-1',
    userPoolId: 'us-east-1_abc',
    userName: 'alice',
    callerContext: { awsSdkVersion: '1', clientId: 'client' },
    request: {
      userAttributes: { sub: '1' },
      groupConfiguration: groups === undefined ? {} : { groupsToOverride: groups },
      scopes: ['openid', 'email'],
    },
    response: {
      claimsAndScopeOverrideDetails: accessTokenGeneration ? { accessTokenGeneration } : {},
    },
  } as PreTokenGenerationV2TriggerEvent;
}

describe('scopesForGroups', () => {
  test('maps each group to the scopes of its role', () => {
    expect(scopesForGroups(ROLES, ['viewer'])).toEqual(['orders/read']);
    expect(scopesForGroups(ROLES, ['admin'])).toEqual(['orders/read', 'orders/write']);
  });

  test('unions the scopes of several groups without duplicates', () => {
    expect(scopesForGroups(ROLES, ['viewer', 'admin', 'auditor'])).toEqual(['orders/read', 'orders/write', 'audit/read']);
  });

  test('ignores groups that are not roles', () => {
    expect(scopesForGroups(ROLES, ['everyone', 'viewer', 'toString', '__proto__'])).toEqual(['orders/read']);
    expect(scopesForGroups(ROLES, ['everyone'])).toEqual([]);
  });

  test('no groups give no scopes', () => {
    expect(scopesForGroups(ROLES, [])).toEqual([]);
    expect(scopesForGroups(ROLES, undefined)).toEqual([]);
  });

  test('duplicate scopes within a role are listed once', () => {
    expect(scopesForGroups({ admin: ['orders/read', 'orders/read', 'orders/write'] }, ['admin', 'admin']))
      .toEqual(['orders/read', 'orders/write']);
  });

  test('skips malformed map entries', () => {
    const malformed = { admin: 'orders/read', viewer: ['orders/read', 42, ''] } as unknown as Record<string, string[]>;
    expect(scopesForGroups(malformed, ['admin', 'viewer'])).toEqual(['orders/read']);
  });
});

describe('parseRoleScopes', () => {
  test('parses the JSON map', () => {
    expect(parseRoleScopes(JSON.stringify(ROLES))).toEqual(ROLES);
  });

  test.each([undefined, '', 'not json', '[]', 'null', '"x"'])('%p gives an empty map', (value) => {
    expect(parseRoleScopes(value)).toEqual({});
  });
});

describe('addRoleScopes', () => {
  test('adds the scopes of the caller\'s groups to the access token', () => {
    const out = addRoleScopes(event(['admin']), ROLES);
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.scopesToAdd)
      .toEqual(['orders/read', 'orders/write']);
  });

  test('no groups leave the event unchanged', () => {
    const out = addRoleScopes(event(), ROLES);
    expect(out.response).toEqual({ claimsAndScopeOverrideDetails: {} });
    expect(addRoleScopes(event([]), ROLES).response).toEqual({ claimsAndScopeOverrideDetails: {} });
  });

  test('unknown groups leave the event unchanged', () => {
    expect(addRoleScopes(event(['everyone']), ROLES).response).toEqual({ claimsAndScopeOverrideDetails: {} });
  });

  test('keeps overrides already in the event and does not repeat scopes', () => {
    const out = addRoleScopes(event(['viewer'], {
      scopesToAdd: ['orders/read', 'profile/read'],
      claimsToSuppress: ['email'],
    }), ROLES);
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration).toEqual({
      scopesToAdd: ['orders/read', 'profile/read'],
      claimsToSuppress: ['email'],
    });
  });

  test('works when the response has no override details yet', () => {
    const e = event(['viewer']);
    (e.response as any).claimsAndScopeOverrideDetails = undefined;
    expect(addRoleScopes(e, ROLES).response.claimsAndScopeOverrideDetails)
      .toEqual({ accessTokenGeneration: { scopesToAdd: ['orders/read'] } });
  });
});

describe('handler', () => {
  const saved = process.env[ROLE_SCOPES_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[ROLE_SCOPES_ENV];
    else process.env[ROLE_SCOPES_ENV] = saved;
  });

  test('reads the role map from the environment', async () => {
    process.env[ROLE_SCOPES_ENV] = JSON.stringify(ROLES);
    const out = await handler(event(['viewer', 'auditor']));
    expect(out.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.scopesToAdd)
      .toEqual(['orders/read', 'audit/read']);
  });

  test('grants nothing without a role map', async () => {
    delete process.env[ROLE_SCOPES_ENV];
    const out = await handler(event(['admin']));
    expect(out.response.claimsAndScopeOverrideDetails).toEqual({});
  });
});
