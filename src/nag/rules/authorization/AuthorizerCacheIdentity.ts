import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import {
  AUTHORIZER_HOLDER_TYPES, AuthorizerView, identitySources, judgeCacheTtl, judgeEachAuthorizer, typeOutcome,
} from '../../helpers/authorizers';
import { ChecklistArea, defineRule, isUnverifiable, RuleOutcome } from '../../rule';

/** Request headers that say nothing about who the caller is: a cache keyed only on them is shared by callers. */
const NON_CREDENTIAL_HEADERS = new Set([
  'host', 'user-agent', 'accept', 'accept-encoding', 'accept-language', 'content-type', 'content-length', 'origin',
  'referer', 'via', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-port', 'x-amzn-trace-id', 'x-amz-cf-id',
]);

/** The header or query-string parameter an identity source names, or undefined for context and stage variables. */
function requestValue(source: string, rest: boolean): { where: string; name: string } | undefined {
  const m = rest
    ? /^method\.request\.(?:multivalue)?(header|querystring)\.(.+)$/i.exec(source)
    : /^\$request\.(header|querystring)\.(.+)$/i.exec(source);
  return m ? { where: m[1].toLowerCase(), name: m[2].toLowerCase() } : undefined;
}

/** True when a request value can carry the caller's credential. */
function carriesCredential(value: { where: string; name: string }): boolean {
  if (value.where === 'querystring') return true;
  return !NON_CREDENTIAL_HEADERS.has(value.name) && !value.name.startsWith('cloudfront-') && !value.name.startsWith('sec-');
}

/** Judges whether a cached REQUEST authorizer keys its cache on the caller's credential. */
function judgeCacheKey(authorizer: AuthorizerView): RuleOutcome {
  const typed = typeOutcome(authorizer);
  if (typed) return typed;
  if (authorizer.type !== 'REQUEST') return NagRuleCompliance.NOT_APPLICABLE;
  return judgeCacheTtl(authorizer, (ttl) => {
    if (ttl <= 0) return NagRuleCompliance.NOT_APPLICABLE;
    const sources = identitySources(authorizer.props.IdentitySource);
    if (isUnverifiable(sources)) return sources;
    const rest = authorizer.flavour === 'REST';
    return sources.some((s) => { const v = requestValue(s, rest); return v !== undefined && carriesCredential(v); })
      ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  });
}

/**
 * A Lambda REQUEST authorizer that caches its result (REST, where caching is on unless the TTL is 0, or HTTP API)
 * keys the cache on the caller's credential: one of its identity sources is a header (other than ones like `Host`
 * or `User-Agent` that every caller sends alike) or a query-string parameter, not only context or stage variables.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: AUTHORIZER_HOLDER_TYPES,
  shapes: 'REST, HTTP (Authorizer resources, OpenAPI)',
  info: 'The cached Lambda REQUEST authorizer does not include the caller\'s credential in its identity sources (IdentitySource names no credential header or parameter).',
  explanation:
    'API Gateway caches a REQUEST authorizer\'s policy under the values of its identity sources. When they are only context or stage variables, or headers every caller sends alike, one caller\'s cached Allow is served to every other caller until the cache expires, whatever credential they present (or none).',
  cfnFix: 'List the header that carries the credential in `IdentitySource` of the authorizer (e.g. `method.request.header.Authorization` for REST, `$request.header.Authorization` for HTTP APIs), or turn caching off with `AuthorizerResultTtlInSeconds: 0`.',
  fix: 'List the header that carries the credential in `IdentitySource` (e.g. `method.request.header.Authorization` for REST, `$request.header.Authorization` for HTTP APIs; `identitySources` of `RequestAuthorizer` / `HttpLambdaAuthorizer`), or turn caching off with `AuthorizerResultTtlInSeconds: 0`.',
  check: (view, index) => judgeEachAuthorizer(view, index, judgeCacheKey),
});
