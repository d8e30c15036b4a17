import { createHash, createPublicKey, timingSafeEqual, verify, JsonWebKey, KeyObject } from 'node:crypto';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';

/** Environment variables of the origin-verify authorizer. */
export const ORIGIN_VERIFY_ENV = {
  /** ARN of the Secrets Manager secret that holds the origin-verify value. */
  secretArn: 'ORIGIN_VERIFY_SECRET_ARN',
  /** Name of the header CloudFront adds (lower case). */
  header: 'ORIGIN_VERIFY_HEADER',
  /** Issuer every access token must name (`iss`). */
  issuer: 'JWT_ISSUER',
  /** Comma-separated app client ids: a token's `client_id` (or `aud`) must be one of them. */
  audience: 'JWT_AUDIENCE',
  /** JSON object: route key → scopes (any one is enough), or `null` for a public route. */
  routeScopes: 'ROUTE_SCOPES',
} as const;

/** What the authorizer checks, read once from the environment. */
export interface OriginVerifyConfig {
  readonly header: string;
  readonly issuer: string;
  readonly audience: readonly string[];
  /** Route key → scopes; `null` marks a public route (origin check only). Routes not listed are refused. */
  readonly routeScopes: ReadonlyMap<string, readonly string[] | null>;
}

/** What the authorizer reads from outside, injectable for tests. */
export interface OriginVerifyDeps {
  /** The accepted origin-verify values (the secret's current and previous versions). */
  originValues(): Promise<readonly string[]>;
  /** The issuer's signing keys; `refresh` asks for a fresh copy (a token names an unknown key id). */
  signingKeys(refresh: boolean): Promise<readonly JsonWebKey[]>;
  /** Now, in seconds since the epoch. */
  now(): number;
}

/** The simple response of an HTTP API Lambda authorizer. */
export interface SimpleAuthorizerResult {
  readonly isAuthorized: boolean;
  readonly context?: { readonly [key: string]: string };
}

/** Reads and checks the configuration; a missing or malformed value throws (every request is then refused). */
export function parseOriginVerifyConfig(env: NodeJS.ProcessEnv): OriginVerifyConfig {
  const required = (name: string): string => {
    const value = env[name];
    if (!value) throw new Error(`${name} must be set`);
    return value;
  };
  const header = required(ORIGIN_VERIFY_ENV.header).toLowerCase();
  const issuer = required(ORIGIN_VERIFY_ENV.issuer);
  const audience = required(ORIGIN_VERIFY_ENV.audience).split(',').map((a) => a.trim()).filter((a) => a.length > 0);
  if (audience.length === 0) throw new Error(`${ORIGIN_VERIFY_ENV.audience} must list at least one app client id`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(required(ORIGIN_VERIFY_ENV.routeScopes));
  } catch {
    throw new Error(`${ORIGIN_VERIFY_ENV.routeScopes} must be a JSON object of route key → scopes`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error(`${ORIGIN_VERIFY_ENV.routeScopes} must be a JSON object of route key → scopes`);
  }
  const routeScopes = new Map<string, readonly string[] | null>();
  for (const [route, scopes] of Object.entries(parsed as Record<string, unknown>)) {
    if (scopes === null) {
      routeScopes.set(route, null);
    } else if (Array.isArray(scopes) && scopes.length > 0 && scopes.every((s) => typeof s === 'string' && s.length > 0)) {
      routeScopes.set(route, scopes as string[]);
    } else {
      throw new Error(`${ORIGIN_VERIFY_ENV.routeScopes}: route "${route}" must map to a non-empty list of scopes or null`);
    }
  }
  return { header, issuer, audience, routeScopes };
}

/** Compares two strings in time independent of where they differ. */
export function sameSecret(a: string, b: string): boolean {
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length === b.length;
}

function headerOf(event: APIGatewayRequestAuthorizerEventV2, name: string): string | undefined {
  const headers = event.headers ?? {};
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return value;
  }
  return undefined;
}

function decodeJson(part: string): any {
  const value = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error('not a JSON object');
  return value;
}

/** Why a token is refused, or the verified claims. */
type TokenOutcome = { readonly refused: string } | { readonly claims: Record<string, unknown> };

/**
 * Verifies an access token the way API Gateway's JWT authorizer does: RS256 signature by a key of the issuer's JWKS,
 * `iss`, `client_id` (or `aud`) among the app clients, `exp` in the future, `nbf` (when present) in the past, and one of
 * the route's scopes in `scope`.
 */
export async function verifyAccessToken(token: string, scopes: readonly string[], config: OriginVerifyConfig,
  deps: OriginVerifyDeps): Promise<TokenOutcome> {
  const parts = token.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return { refused: 'malformed token' };
  let header: any;
  let claims: any;
  try {
    header = decodeJson(parts[0]);
    claims = decodeJson(parts[1]);
  } catch {
    return { refused: 'malformed token' };
  }
  if (header.alg !== 'RS256' || typeof header.kid !== 'string') return { refused: 'unsupported token algorithm' };
  let key = findKey(await deps.signingKeys(false), header.kid);
  if (!key) key = findKey(await deps.signingKeys(true), header.kid);
  if (!key) return { refused: 'unknown signing key' };
  const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
  let valid = false;
  try {
    valid = verify('RSA-SHA256', signed, key, Buffer.from(parts[2], 'base64url'));
  } catch {
    valid = false;
  }
  if (!valid) return { refused: 'bad signature' };

  if (claims.iss !== config.issuer) return { refused: 'wrong issuer' };
  const audiences = [claims.client_id, ...(Array.isArray(claims.aud) ? claims.aud : [claims.aud])]
    .filter((a): a is string => typeof a === 'string');
  if (!audiences.some((a) => config.audience.includes(a))) return { refused: 'wrong audience' };
  const now = deps.now();
  if (typeof claims.exp !== 'number' || claims.exp <= now) return { refused: 'expired token' };
  if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now)) return { refused: 'token not valid yet' };
  const granted = typeof claims.scope === 'string' ? claims.scope.split(' ') : [];
  if (!scopes.some((s) => granted.includes(s))) return { refused: 'missing scope' };
  return { claims };
}

function findKey(keys: readonly JsonWebKey[], kid: string): KeyObject | undefined {
  const jwk = keys.find((k) => k.kid === kid && k.kty === 'RSA' && (k.use === undefined || k.use === 'sig'));
  if (!jwk) return undefined;
  try {
    return createPublicKey({ key: jwk, format: 'jwk' });
  } catch {
    return undefined;
  }
}

/**
 * Decides one request: the origin-verify header must hold the secret's value (so the request came through the
 * CloudFront distribution), and, unless the route is public, the `Authorization` header must hold a valid access token
 * with one of the route's scopes. Routes the configuration does not list are refused.
 */
export async function authorize(event: APIGatewayRequestAuthorizerEventV2, config: OriginVerifyConfig,
  deps: OriginVerifyDeps): Promise<SimpleAuthorizerResult & { readonly reason?: string }> {
  const presented = headerOf(event, config.header);
  const accepted = await deps.originValues();
  if (presented === undefined || !accepted.some((value) => sameSecret(presented, value))) {
    return { isAuthorized: false, reason: 'request did not come through the CloudFront distribution' };
  }
  const routeKey = event.routeKey;
  if (!config.routeScopes.has(routeKey)) return { isAuthorized: false, reason: `route ${routeKey} is not configured` };
  const scopes = config.routeScopes.get(routeKey);
  if (scopes === null || scopes === undefined) return { isAuthorized: true, context: { route: routeKey, public: 'true' } };

  const authorization = headerOf(event, 'authorization');
  if (!authorization) return { isAuthorized: false, reason: 'no access token' };
  const token = authorization.replace(/^Bearer\s+/i, '').trim();
  const outcome = await verifyAccessToken(token, scopes, config, deps);
  if ('refused' in outcome) return { isAuthorized: false, reason: outcome.refused };
  const claims = outcome.claims;
  return {
    isAuthorized: true,
    context: {
      route: routeKey,
      sub: String(claims.sub ?? ''),
      clientId: String(claims.client_id ?? ''),
      scope: String(claims.scope ?? ''),
    },
  };
}

const secrets = new SecretsManagerClient({});

/** Reads one version stage of a secret (`GetSecretValue`); undefined when the secret has no such stage. */
async function getSecretValue(secretArn: string, stage: string): Promise<string | undefined> {
  try {
    const out = await secrets.send(new GetSecretValueCommand({ SecretId: secretArn, VersionStage: stage }),
      { abortSignal: AbortSignal.timeout(3000) as any });
    return out.SecretString;
  } catch (e) {
    if (stage !== 'AWSCURRENT' && (e as Error).name === 'ResourceNotFoundException') return undefined;
    throw e;
  }
}

/** How long fetched secret values and signing keys are reused. */
const CACHE_MS = 5 * 60 * 1000;
/** At most one refresh of the signing keys per minute, whatever key ids tokens name. */
const KEY_REFRESH_MS = 60 * 1000;

let config: OriginVerifyConfig | undefined;
let originCache: { values: readonly string[]; at: number } | undefined;
let keyCache: { keys: readonly JsonWebKey[]; at: number } | undefined;

const runtimeDeps: OriginVerifyDeps = {
  async originValues() {
    if (originCache && Date.now() - originCache.at < CACHE_MS) return originCache.values;
    const arn = process.env[ORIGIN_VERIFY_ENV.secretArn] ?? '';
    const [current, previous] = await Promise.all([
      getSecretValue(arn, 'AWSCURRENT'),
      getSecretValue(arn, 'AWSPREVIOUS').catch(() => undefined),
    ]);
    const values = [current, previous].filter((v): v is string => typeof v === 'string' && v.length > 0);
    originCache = { values, at: Date.now() };
    return values;
  },
  async signingKeys(refresh) {
    const age = keyCache ? Date.now() - keyCache.at : Infinity;
    if (keyCache && (refresh ? age < KEY_REFRESH_MS : age < CACHE_MS)) return keyCache.keys;
    const response = await fetch(`${config!.issuer}/.well-known/jwks.json`, { signal: AbortSignal.timeout(3000) });
    if (!response.ok) throw new Error(`JWKS request failed with HTTP ${response.status}`);
    const body: any = await response.json();
    keyCache = { keys: Array.isArray(body?.keys) ? body.keys : [], at: Date.now() };
    return keyCache.keys;
  },
  now: () => Math.floor(Date.now() / 1000),
};

/** The Lambda REQUEST authorizer of an HTTP API behind its CloudFront front door (simple responses). */
export async function handler(event: APIGatewayRequestAuthorizerEventV2): Promise<SimpleAuthorizerResult> {
  config ??= parseOriginVerifyConfig(process.env);
  const result = await authorize(event, config, runtimeDeps);
  if (!result.isAuthorized) {
    // the reason only: never the token or the header value
    console.log(JSON.stringify({ decision: 'deny', route: event.routeKey, requestId: event.requestContext?.requestId, reason: result.reason }));
  }
  return { isAuthorized: result.isAuthorized, context: result.context };
}
