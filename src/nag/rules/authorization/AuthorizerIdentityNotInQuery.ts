import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import {
  AUTHORIZER_HOLDER_TYPES, AuthorizerView, identitySources, judgeEachAuthorizer, typeOutcome,
} from '../../helpers/authorizers';
import { ChecklistArea, defineRule, isUnverifiable, RuleOutcome } from '../../rule';

/** Judges where one Lambda authorizer reads the caller's identity from. */
function judgeQuery(authorizer: AuthorizerView): RuleOutcome {
  const typed = typeOutcome(authorizer);
  if (typed) return typed;
  const rest = authorizer.flavour === 'REST';
  if (rest ? authorizer.type !== 'TOKEN' && authorizer.type !== 'REQUEST' : authorizer.type !== 'REQUEST') {
    return NagRuleCompliance.NOT_APPLICABLE;
  }
  // WebSocket $connect requests come from browsers, which cannot set headers on them
  if (authorizer.flavour === 'WEBSOCKET') return NagRuleCompliance.NOT_APPLICABLE;
  const sources = identitySources(authorizer.props.IdentitySource);
  if (isUnverifiable(sources)) return sources;
  // route.request.* sources are WebSocket syntax (an authorizer of an API outside the stack)
  if (!rest && sources.some((s) => /^route\.request\./i.test(s))) return NagRuleCompliance.NOT_APPLICABLE;
  const query = rest ? /^method\.request\.(?:multivalue)?querystring\./i : /^\$request\.querystring\./i;
  return sources.some((s) => query.test(s)) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

/**
 * Lambda authorizers (REST TOKEN and REQUEST, HTTP API REQUEST; resources or OpenAPI) do not read the caller's
 * identity from the query string. WebSocket authorizers are not judged: they run on `$connect`, and browsers cannot
 * send headers with a WebSocket handshake, so a query-string token is often the only way there. JWT authorizers are
 * judged by JwtIdentitySourceNotQuery.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.WARN,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: AUTHORIZER_HOLDER_TYPES,
  shapes: 'REST, HTTP (Authorizer resources, OpenAPI); not WebSocket $connect',
  info: 'The Lambda authorizer reads the caller\'s identity from the query string (IdentitySource method.request.querystring.* or $request.querystring.*).',
  explanation:
    'Query strings are written to access logs, proxy and CDN logs, browser history and Referer headers; a credential there can be replayed by anyone who reads them. (WebSocket APIs are not judged: browsers cannot send headers on the $connect handshake, so a short-lived query-string token is the usual choice there.)',
  cfnFix: 'Read the credential from a header: set `IdentitySource` of the authorizer to `method.request.header.Authorization` (REST) or `$request.header.Authorization` (HTTP APIs).',
  fix: 'Read the credential from a header: `method.request.header.Authorization` (REST) or `$request.header.Authorization` (HTTP APIs), via `identitySources` of `RequestAuthorizer` / `HttpLambdaAuthorizer`.',
  check: (view, index) => judgeEachAuthorizer(view, index, judgeQuery),
});
