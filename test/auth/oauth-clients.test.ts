import { Duration, Lazy } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { OAuthResourceServer, OAuthScope, OAuthUserPool } from '../../src/auth';
import { ApiBaselineChecks } from '../../src/nag';
import { findings, testStack, templateOf } from '../util';

const CLIENT = 'AWS::Cognito::UserPoolClient';

function setup(): { stack: ReturnType<typeof testStack>; pool: OAuthUserPool; orders: OAuthResourceServer } {
  const stack = testStack();
  const pool = new OAuthUserPool(stack, 'Pool', { domain: { cognitoDomainPrefix: 'orders-login' } });
  const orders = pool.addResourceServer('orders', { scopes: { read: 'Read', write: 'Write' } });
  return { stack, pool, orders };
}

describe('addMachineClient', () => {
  test('client credentials, generated secret, only the listed scopes, no user flows, short tokens', () => {
    const { stack, pool, orders } = setup();
    const client = pool.addMachineClient('Worker', { scopes: [orders.scope('read')] });
    expect(client.node.path).toBe('Test/Pool/Resource/Worker');
    templateOf(stack).hasResource(CLIENT, {
      Properties: {
        UserPoolId: { Ref: Match.anyValue() },
        GenerateSecret: true,
        AllowedOAuthFlows: ['client_credentials'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['orders/read'],
        ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
        SupportedIdentityProviders: ['COGNITO'],
        AccessTokenValidity: 15,
        IdTokenValidity: 15,
        RefreshTokenValidity: 60,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
        EnableTokenRevocation: true,
        PreventUserExistenceErrors: 'ENABLED',
      },
      DependsOn: [Match.stringLikeRegexp('Poolorders')],
    });
  });

  test('clientName and accessTokenValidity', () => {
    const { stack, pool, orders } = setup();
    pool.addMachineClient('Worker', {
      scopes: [orders.scope('read'), orders.scope('write')],
      clientName: 'worker',
      accessTokenValidity: Duration.minutes(60),
    });
    templateOf(stack).hasResourceProperties(CLIENT, {
      ClientName: 'worker',
      AllowedOAuthScopes: ['orders/read', 'orders/write'],
      AccessTokenValidity: 60,
      RefreshTokenValidity: 60,
    });
  });

  test('allowLongTokens allows up to one day', () => {
    const { stack, pool, orders } = setup();
    pool.addMachineClient('Worker', {
      scopes: [orders.scope('read')],
      accessTokenValidity: Duration.hours(24),
      allowLongTokens: true,
    });
    templateOf(stack).hasResourceProperties(CLIENT, { AccessTokenValidity: 1440, RefreshTokenValidity: 1440 });
    expect(() => pool.addMachineClient('W2', {
      scopes: [orders.scope('read')], accessTokenValidity: Duration.minutes(1441), allowLongTokens: true,
    })).toThrow('"accessTokenValidity" must be a whole number of minutes between 5 and 1440, got "1441 minutes"');
  });

  test('accessTokenValidity is 5-60 minutes', () => {
    const { pool, orders } = setup();
    const scopes = [orders.scope('read')];
    expect(() => pool.addMachineClient('A', { scopes, accessTokenValidity: Duration.minutes(61) })).toThrow(
      '"accessTokenValidity" must be a whole number of minutes between 5 and 60 (set "allowLongTokens" to allow longer), got "61 minutes"');
    expect(() => pool.addMachineClient('B', { scopes, accessTokenValidity: Duration.minutes(4) })).toThrow(/"accessTokenValidity"/);
    expect(() => pool.addMachineClient('C', { scopes, accessTokenValidity: Duration.seconds(330) })).toThrow(/"accessTokenValidity"/);
    expect(() => pool.addMachineClient('D', { scopes, accessTokenValidity: Duration.minutes(5) })).not.toThrow();
    expect(() => pool.addMachineClient('E', { scopes, accessTokenValidity: Duration.minutes(60) })).not.toThrow();
  });

  test('needs at least one scope', () => {
    const { pool } = setup();
    expect(() => pool.addMachineClient('A', { scopes: [] })).toThrow('"scopes" must list at least one scope for a machine client, got []');
  });

  test('unknown scopes are refused, naming the prop', () => {
    const { pool, orders } = setup();
    expect(() => pool.addMachineClient('A', { scopes: [orders.scope('read'), new OAuthScope('orders', 'delete')] }))
      .toThrow(/"scopes\[1\]" must be a scope defined by a resource server of the pool \(defined scopes: orders\/read, orders\/write\), got "orders\/delete"/);
    expect(() => pool.addMachineClient('B', { scopes: [OAuthScope.fromScopeName('orders/write')] })).not.toThrow();
  });
});

describe('addUserClient', () => {
  test('authorization code only, no secret, openid/email plus custom scopes, short tokens, SRP and refresh', () => {
    const { stack, pool, orders } = setup();
    pool.addUserClient('Web', {
      callbackUrls: ['https://orders.example.com/callback'],
      scopes: [orders.scope('read')],
    });
    templateOf(stack).hasResource(CLIENT, {
      Properties: {
        UserPoolId: { Ref: Match.anyValue() },
        GenerateSecret: false,
        AllowedOAuthFlows: ['code'],
        AllowedOAuthFlowsUserPoolClient: true,
        AllowedOAuthScopes: ['openid', 'email', 'orders/read'],
        CallbackURLs: ['https://orders.example.com/callback'],
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
        SupportedIdentityProviders: ['COGNITO'],
        AccessTokenValidity: 15,
        IdTokenValidity: 15,
        RefreshTokenValidity: 1440,
        TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'minutes' },
        EnableTokenRevocation: true,
        PreventUserExistenceErrors: 'ENABLED',
      },
      DependsOn: [Match.stringLikeRegexp('Poolorders')],
    });
    templateOf(stack).hasResourceProperties(CLIENT, { LogoutURLs: Match.absent() });
  });

  test('without custom scopes only openid and email', () => {
    const { stack, pool } = setup();
    pool.addUserClient('Web', { callbackUrls: ['https://orders.example.com/callback'] });
    templateOf(stack).hasResourceProperties(CLIENT, { AllowedOAuthScopes: ['openid', 'email'] });
  });

  test('logoutUrls, clientName, generateSecret and token lifetimes', () => {
    const { stack, pool } = setup();
    pool.addUserClient('Web', {
      callbackUrls: ['https://orders.example.com/callback', 'http://localhost:3000/callback'],
      logoutUrls: ['https://orders.example.com/'],
      clientName: 'orders-web',
      generateSecret: true,
      accessTokenValidity: Duration.minutes(30),
      idTokenValidity: Duration.minutes(10),
      refreshTokenValidity: Duration.days(30),
    });
    templateOf(stack).hasResourceProperties(CLIENT, {
      ClientName: 'orders-web',
      GenerateSecret: true,
      CallbackURLs: ['https://orders.example.com/callback', 'http://localhost:3000/callback'],
      LogoutURLs: ['https://orders.example.com/'],
      AccessTokenValidity: 30,
      IdTokenValidity: 10,
      RefreshTokenValidity: 43200,
    });
  });

  test('allowLongTokens allows tokens of a day and refresh tokens beyond 30 days', () => {
    const { stack, pool } = setup();
    pool.addUserClient('Web', {
      callbackUrls: ['https://orders.example.com/callback'],
      accessTokenValidity: Duration.hours(24),
      idTokenValidity: Duration.hours(24),
      refreshTokenValidity: Duration.days(90),
      allowLongTokens: true,
    });
    templateOf(stack).hasResourceProperties(CLIENT, {
      AccessTokenValidity: 1440, IdTokenValidity: 1440, RefreshTokenValidity: 129600,
    });
  });

  test('token lifetimes are validated, naming the prop', () => {
    const { pool } = setup();
    const callbackUrls = ['https://orders.example.com/callback'];
    expect(() => pool.addUserClient('A', { callbackUrls, accessTokenValidity: Duration.minutes(61) }))
      .toThrow(/"accessTokenValidity" must be a whole number of minutes between 5 and 60 \(set "allowLongTokens" to allow longer\), got "61 minutes"/);
    expect(() => pool.addUserClient('B', { callbackUrls, idTokenValidity: Duration.minutes(61) }))
      .toThrow(/"idTokenValidity" must be a whole number of minutes between 5 and 60/);
    expect(() => pool.addUserClient('C', { callbackUrls, idTokenValidity: Duration.minutes(4) })).toThrow(/"idTokenValidity"/);
    expect(() => pool.addUserClient('D', { callbackUrls, refreshTokenValidity: Duration.days(31) }))
      .toThrow(/"refreshTokenValidity" must be a whole number of minutes between 60 and 43200 \(set "allowLongTokens" to allow longer\), got "44640 minutes"/);
    expect(() => pool.addUserClient('E', { callbackUrls, refreshTokenValidity: Duration.minutes(59) })).toThrow(/"refreshTokenValidity"/);
    expect(() => pool.addUserClient('F', { callbackUrls, refreshTokenValidity: Duration.days(3651), allowLongTokens: true }))
      .toThrow(/"refreshTokenValidity" must be a whole number of minutes between 60 and 5256000, got/);
    expect(() => pool.addUserClient('G', {
      callbackUrls,
      accessTokenValidity: Duration.minutes(60),
      idTokenValidity: Duration.minutes(60),
      refreshTokenValidity: Duration.days(30),
    })).not.toThrow();
    expect(() => pool.addUserClient('H', {
      callbackUrls,
      accessTokenValidity: Duration.minutes(5),
      idTokenValidity: Duration.minutes(5),
      refreshTokenValidity: Duration.minutes(60),
    })).not.toThrow();
  });

  test('refresh tokens may not be shorter than access and ID tokens', () => {
    const { pool } = setup();
    expect(() => pool.addUserClient('A', {
      callbackUrls: ['https://orders.example.com/callback'],
      accessTokenValidity: Duration.hours(3),
      refreshTokenValidity: Duration.hours(2),
      allowLongTokens: true,
    })).toThrow('"refreshTokenValidity" must not be shorter than accessTokenValidity and idTokenValidity, got "120 minutes"');
  });

  test('needs at least one callback URL', () => {
    const { pool } = setup();
    expect(() => pool.addUserClient('A', { callbackUrls: [] })).toThrow('"callbackUrls" must list at least one URL, got []');
  });

  test('callback URLs must use https except for localhost', () => {
    const { pool } = setup();
    expect(() => pool.addUserClient('A', { callbackUrls: ['http://x.com'] }))
      .toThrow('"callbackUrls[0]" must use https (http allowed only for localhost), got "http://x.com"');
    expect(() => pool.addUserClient('B', { callbackUrls: ['https://a.example.com/cb', 'http://127.0.0.1/cb'] }))
      .toThrow(/"callbackUrls\[1\]" must use https \(http allowed only for localhost\)/);
    expect(() => pool.addUserClient('C', { callbackUrls: ['myapp://callback'] })).toThrow(/"callbackUrls\[0\]" must use https/);
    expect(() => pool.addUserClient('D', { callbackUrls: ['http://localhost:8080/cb'] })).not.toThrow();
  });

  test('callback URLs must be exact absolute URLs', () => {
    const { pool } = setup();
    expect(() => pool.addUserClient('A', { callbackUrls: ['/callback'] }))
      .toThrow('"callbackUrls[0]" must be an absolute URL, got "/callback"');
    expect(() => pool.addUserClient('B', { callbackUrls: ['https://*.example.com/cb'] }))
      .toThrow(/"callbackUrls\[0\]" must be an exact URL \(wildcards are not allowed\)/);
    expect(() => pool.addUserClient('C', { callbackUrls: ['https://example.com/cb#x'] }))
      .toThrow(/"callbackUrls\[0\]" must not contain a fragment/);
  });

  test('callback and logout URLs with credentials are refused without echoing the secret', () => {
    const { pool } = setup();
    expect(() => pool.addUserClient('A', { callbackUrls: ['https://user:pass@orders.example.com/cb'] }))
      .toThrow('"callbackUrls[0]" must not contain credentials ("user:password@" before the host): they would be stored in '
        + 'plain text in the template, got "https://<credentials>@orders.example.com/cb"');
    expect(() => pool.addUserClient('B', { callbackUrls: ['http://dev@localhost:3000/cb'] })).toThrow(/"callbackUrls\[0\]" must not contain credentials/);
    expect(() => pool.addUserClient('C', { callbackUrls: ['https://example.com/cb'], logoutUrls: ['https://a:b@example.com/'] }))
      .toThrow(/"logoutUrls\[0\]" must not contain credentials/);
    expect(() => pool.addUserClient('D', { callbackUrls: ['https://example.com/cb?next=a@b'] })).not.toThrow();
  });

  test('logout URLs follow the same rules', () => {
    const { pool } = setup();
    expect(() => pool.addUserClient('A', { callbackUrls: ['https://example.com/cb'], logoutUrls: ['http://example.com/'] }))
      .toThrow('"logoutUrls[0]" must use https (http allowed only for localhost), got "http://example.com/"');
    expect(() => pool.addUserClient('B', { callbackUrls: ['https://example.com/cb'], logoutUrls: ['http://localhost/'] })).not.toThrow();
  });

  test('unresolved URLs are not validated', () => {
    const { pool } = setup();
    const url = Lazy.string({ produce: () => 'https://example.com/cb' });
    expect(() => pool.addUserClient('A', { callbackUrls: [url] })).not.toThrow();
  });

  test('unknown scopes are refused, naming the prop', () => {
    const { pool } = setup();
    expect(() => pool.addUserClient('A', {
      callbackUrls: ['https://example.com/cb'],
      scopes: [OAuthScope.fromScopeName('billing/read')],
    })).toThrow(/"scopes\[0\]" must be a scope defined by a resource server of the pool .*got "billing\/read"/);
  });
});

describe('pools with clients and roles', () => {
  test('zero AwsSolutions and ApiBaselineChecks findings', () => {
    const { stack, pool, orders } = setup();
    pool.addMachineClient('Worker', { scopes: [orders.scope('write')] });
    pool.addUserClient('Web', { callbackUrls: ['https://orders.example.com/callback'], scopes: [orders.scope('read')] });
    pool.addRole('admin', [orders.scope('read'), orders.scope('write')]);
    expect(findings(new AwsSolutionsChecks(), stack)).toEqual({});
    expect(findings(new ApiBaselineChecks(), stack)).toEqual({});
  });

  test('the baseline pack notices a weakened pool', () => {
    const stack = testStack();
    new OAuthUserPool(stack, 'Pool', { deletionProtection: false });
    expect(Object.keys(findings(new ApiBaselineChecks(), stack)).length).toBeGreaterThan(0);
  });
});
