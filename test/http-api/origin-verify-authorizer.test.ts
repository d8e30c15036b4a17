import { generateKeyPairSync, JsonWebKey, KeyObject, sign } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import {
  authorize,
  OriginVerifyConfig,
  OriginVerifyDeps,
  parseOriginVerifyConfig,
  sameSecret,
} from '../../src/http-api/origin-verify-authorizer.lambda';

const ISSUER = 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Pool';
const NOW = 1_900_000_000;
const SECRET = 'current-origin-secret-value';
const PREVIOUS = 'previous-origin-secret-value';

const keyPair = () => generateKeyPairSync('rsa', { modulusLength: 2048 });
const signing = keyPair();
const other = keyPair();
const jwkOf = (key: KeyObject, kid: string): JsonWebKey => ({ ...key.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' });

function token(claims: Record<string, unknown>, options: { kid?: string; key?: KeyObject; alg?: string } = {}): string {
  const header = Buffer.from(JSON.stringify({ alg: options.alg ?? 'RS256', kid: options.kid ?? 'k1' })).toString('base64url');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), options.key ?? signing.privateKey).toString('base64url');
  return `${header}.${payload}.${signature}`;
}

/** The token with its claims replaced, keeping the original signature. */
function tamper(jwt: string, claims: Record<string, unknown>): string {
  const [header, payload, signature] = jwt.split('.');
  const changed = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ...claims };
  return `${header}.${Buffer.from(JSON.stringify(changed)).toString('base64url')}.${signature}`;
}

const goodClaims = (extra: Record<string, unknown> = {}) => ({
  iss: ISSUER, client_id: 'client-a', token_use: 'access', scope: 'orders/read orders/write', exp: NOW + 300, sub: 'svc', ...extra,
});

const config: OriginVerifyConfig = parseOriginVerifyConfig({
  ORIGIN_VERIFY_HEADER: 'X-Origin-Verify',
  JWT_ISSUER: ISSUER,
  JWT_AUDIENCE: 'client-a, client-b',
  ROUTE_SCOPES: JSON.stringify({ 'GET /orders/{id}': ['orders/read'], 'DELETE /orders/{id}': ['orders/admin', 'orders/delete'], 'GET /health': null }),
});

function deps(keys: JsonWebKey[][] = [[jwkOf(signing.publicKey, 'k1')]]) {
  const calls: boolean[] = [];
  const d: OriginVerifyDeps = {
    originValues: async () => [SECRET, PREVIOUS],
    signingKeys: async (refresh) => {
      calls.push(refresh);
      return keys[Math.min(calls.length - 1, keys.length - 1)];
    },
    now: () => NOW,
  };
  return { d, calls };
}

function event(route: string, headers: Record<string, string>): APIGatewayRequestAuthorizerEventV2 {
  return { type: 'REQUEST', routeKey: route, headers, requestContext: { requestId: 'r1' } } as any;
}

const through = (extra: Record<string, string> = {}) => ({ 'x-origin-verify': SECRET, ...extra });

describe('origin-verify authorizer: the origin header', () => {
  test('a request with the current secret and a valid token is authorized, with the caller in the context', async () => {
    const result = await authorize(event('GET /orders/{id}', through({ authorization: `Bearer ${token(goodClaims())}` })), config, deps().d);
    expect(result).toEqual({ isAuthorized: true, context: { route: 'GET /orders/{id}', sub: 'svc', clientId: 'client-a', scope: 'orders/read orders/write' } });
  });

  test('the previous secret is still accepted (rotation), any other value or none is refused', async () => {
    const auth = { authorization: token(goodClaims()) };
    expect((await authorize(event('GET /orders/{id}', { 'x-origin-verify': PREVIOUS, ...auth }), config, deps().d)).isAuthorized).toBe(true);
    for (const headers of [{ ...auth }, { 'x-origin-verify': 'guess', ...auth }, { 'x-origin-verify': `${SECRET}x`, ...auth }, { 'x-origin-verify': '', ...auth }]) {
      const result = await authorize(event('GET /orders/{id}', headers), config, deps().d);
      expect(result).toEqual({ isAuthorized: false, reason: 'request did not come through the CloudFront distribution' });
    }
  });

  test('header names are matched case-insensitively', async () => {
    const result = await authorize(event('GET /health', { 'X-Origin-Verify': SECRET }), config, deps().d);
    expect(result.isAuthorized).toBe(true);
  });

  test('a public route needs the origin header only; a route the configuration does not list is refused', async () => {
    expect(await authorize(event('GET /health', through()), config, deps().d)).toEqual({ isAuthorized: true, context: { route: 'GET /health', public: 'true' } });
    expect(await authorize(event('GET /other', through({ authorization: token(goodClaims()) })), config, deps().d))
      .toEqual({ isAuthorized: false, reason: 'route GET /other is not configured' });
  });

  test('no secret values at all (an empty secret) refuses everything', async () => {
    const d = { ...deps().d, originValues: async () => [] };
    expect((await authorize(event('GET /health', through()), config, d)).isAuthorized).toBe(false);
  });

  test('sameSecret compares whole values', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcd')).toBe(false);
  });
});

describe('origin-verify authorizer: the access token', () => {
  const check = async (authorization: string | undefined, route = 'GET /orders/{id}', d = deps().d) =>
    authorize(event(route, through(authorization === undefined ? {} : { authorization })), config, d);

  test.each([
    ['no token', undefined, 'no access token'],
    ['not a JWT', 'Bearer abc', 'malformed token'],
    ['a payload that is not JSON', 'Bearer a.b.c', 'malformed token'],
    ['alg none', `Bearer ${token(goodClaims(), { alg: 'none' })}`, 'unsupported token algorithm'],
    ['alg HS256', `Bearer ${token(goodClaims(), { alg: 'HS256' })}`, 'unsupported token algorithm'],
    ['signed by another key under a known kid', `Bearer ${token(goodClaims(), { key: other.privateKey })}`, 'bad signature'],
    ['a truncated signature', `Bearer ${token(goodClaims()).slice(0, -20)}`, 'bad signature'],
    ['claims changed after signing', `Bearer ${tamper(token(goodClaims({ scope: 'orders/write' })), { scope: 'orders/read' })}`, 'bad signature'],
    ['another issuer', `Bearer ${token(goodClaims({ iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other' }))}`, 'wrong issuer'],
    ['another app client', `Bearer ${token(goodClaims({ client_id: 'client-z' }))}`, 'wrong audience'],
    ['expired', `Bearer ${token(goodClaims({ exp: NOW }))}`, 'expired token'],
    ['no expiry', `Bearer ${token(goodClaims({ exp: undefined }))}`, 'expired token'],
    ['not valid yet', `Bearer ${token(goodClaims({ nbf: NOW + 60 }))}`, 'token not valid yet'],
    ['without the route scope', `Bearer ${token(goodClaims({ scope: 'orders/write' }))}`, 'missing scope'],
    ['without any scope', `Bearer ${token(goodClaims({ scope: undefined }))}`, 'missing scope'],
    ['a scope that only starts like the route scope', `Bearer ${token(goodClaims({ scope: 'orders/reader' }))}`, 'missing scope'],
  ])('refuses %s', async (_name, authorization, reason) => {
    expect(await check(authorization)).toEqual({ isAuthorized: false, reason });
  });

  test('one of the route scopes is enough; the token may come without "Bearer"', async () => {
    expect((await check(token(goodClaims({ scope: 'orders/delete' })), 'DELETE /orders/{id}')).isAuthorized).toBe(true);
    expect((await check(token(goodClaims({ scope: 'orders/read' })), 'DELETE /orders/{id}')).isAuthorized).toBe(false);
  });

  test('an audience in "aud" (an id-token style claim) counts like client_id', async () => {
    expect((await check(`Bearer ${token(goodClaims({ client_id: undefined, aud: 'client-b' }))}`)).isAuthorized).toBe(true);
  });

  test('an unknown key id refreshes the keys once: a rotated pool key is found, an unknown one is refused', async () => {
    const rotated = deps([[jwkOf(other.publicKey, 'k0')], [jwkOf(other.publicKey, 'k0'), jwkOf(signing.publicKey, 'k1')]]);
    expect((await check(`Bearer ${token(goodClaims())}`, 'GET /orders/{id}', rotated.d)).isAuthorized).toBe(true);
    expect(rotated.calls).toEqual([false, true]);
    const unknown = deps([[jwkOf(signing.publicKey, 'k1')]]);
    expect(await check(`Bearer ${token(goodClaims(), { kid: 'k9' })}`, 'GET /orders/{id}', unknown.d)).toEqual({ isAuthorized: false, reason: 'unknown signing key' });
    expect(unknown.calls).toEqual([false, true]);
  });
});

describe('origin-verify authorizer: configuration', () => {
  const env = { ORIGIN_VERIFY_HEADER: 'x-origin-verify', JWT_ISSUER: ISSUER, JWT_AUDIENCE: 'a', ROUTE_SCOPES: '{}' };
  test.each([
    ['ORIGIN_VERIFY_HEADER', { ...env, ORIGIN_VERIFY_HEADER: '' }, /ORIGIN_VERIFY_HEADER must be set/],
    ['JWT_ISSUER', { ...env, JWT_ISSUER: undefined }, /JWT_ISSUER must be set/],
    ['JWT_AUDIENCE', { ...env, JWT_AUDIENCE: ' , ' }, /JWT_AUDIENCE must list at least one app client id/],
    ['ROUTE_SCOPES not JSON', { ...env, ROUTE_SCOPES: '{' }, /ROUTE_SCOPES must be a JSON object/],
    ['ROUTE_SCOPES an array', { ...env, ROUTE_SCOPES: '[]' }, /ROUTE_SCOPES must be a JSON object/],
    ['ROUTE_SCOPES empty scopes', { ...env, ROUTE_SCOPES: '{"GET /a":[]}' }, /route "GET \/a" must map to a non-empty list of scopes or null/],
    ['ROUTE_SCOPES a string', { ...env, ROUTE_SCOPES: '{"GET /a":"orders/read"}' }, /route "GET \/a" must map/],
  ])('refuses a bad %s', (_name, bad, message) => {
    expect(() => parseOriginVerifyConfig(bad as any)).toThrow(message);
  });

  test('reads the header name in lower case and the audience as a trimmed list', () => {
    const parsed = parseOriginVerifyConfig({ ...env, ORIGIN_VERIFY_HEADER: 'X-Front', JWT_AUDIENCE: ' a , b ' });
    expect(parsed.header).toBe('x-front');
    expect(parsed.audience).toEqual(['a', 'b']);
  });
});

describe('origin-verify authorizer: the Lambda handler', () => {
  const saved = { ...process.env };
  afterAll(() => {
    process.env = saved;
    jest.restoreAllMocks();
  });

  test('reads the secret (current and previous) with GetSecretValue and the keys from the issuer, then caches both', async () => {
    Object.assign(process.env, {
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
      ORIGIN_VERIFY_SECRET_ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:origin',
      ORIGIN_VERIFY_HEADER: 'x-origin-verify',
      JWT_ISSUER: ISSUER,
      JWT_AUDIENCE: 'client-a',
      ROUTE_SCOPES: JSON.stringify({ 'GET /orders/{id}': ['orders/read'] }),
    });
    const requests: string[] = [];
    jest.spyOn(global, 'fetch').mockImplementation(async (url: any) => {
      requests.push(String(url));
      return new Response(JSON.stringify({ keys: [jwkOf(signing.publicKey, 'k1')] }), { status: 200 });
    });
    const secretCalls: any[] = [];
    jest.spyOn(SecretsManagerClient.prototype, 'send').mockImplementation(async (command: any) => {
      expect(command).toBeInstanceOf(GetSecretValueCommand);
      secretCalls.push(command.input);
      if (command.input.VersionStage === 'AWSCURRENT') return { SecretString: SECRET };
      throw Object.assign(new Error('no such version'), { name: 'ResourceNotFoundException' });
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { handler } = require('../../src/http-api/origin-verify-authorizer.lambda');
    const claims = goodClaims({ exp: Math.floor(Date.now() / 1000) + 300 });
    const request = event('GET /orders/{id}', through({ authorization: `Bearer ${token(claims)}` }));
    expect(await handler(request)).toEqual({ isAuthorized: true, context: expect.objectContaining({ clientId: 'client-a' }) });
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await handler(event('GET /orders/{id}', { 'x-origin-verify': 'guess' }))).toEqual({ isAuthorized: false, context: undefined });
    expect(log.mock.calls[0][0]).toContain('"reason":"request did not come through the CloudFront distribution"');
    expect(log.mock.calls[0][0]).not.toContain('guess');

    expect(secretCalls.map((c) => c.VersionStage).sort()).toEqual(['AWSCURRENT', 'AWSPREVIOUS']);
    expect(secretCalls.map((c) => c.SecretId)).toEqual([process.env.ORIGIN_VERIFY_SECRET_ARN, process.env.ORIGIN_VERIFY_SECRET_ARN]);
    // the second request used the cached secret and keys
    expect(requests).toEqual([`${ISSUER}/.well-known/jwks.json`]);
    expect(secretCalls).toHaveLength(2);
  });
});
