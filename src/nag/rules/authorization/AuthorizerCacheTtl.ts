import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { AUTHORIZER_HOLDER_TYPES, judgeCacheTtl, judgeEachAuthorizer, typeOutcome } from '../../helpers/authorizers';
import { ChecklistArea, defineRule } from '../../rule';

/**
 * Lambda authorizers (REST TOKEN and REQUEST, HTTP API REQUEST; resources or OpenAPI) cache their result for at most
 * the `authorizerCacheTtlSeconds` threshold (default 300 s). An unset REST TTL is API Gateway's default, 300 s.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: AUTHORIZER_HOLDER_TYPES,
  shapes: 'REST, HTTP (Authorizer resources, OpenAPI)',
  info: 'The Lambda authorizer caches its result longer than the authorizerCacheTtlSeconds threshold (default 300 s; AuthorizerResultTtlInSeconds, 300 s when unset on a REST API).',
  explanation:
    'A cached Allow policy keeps being honoured after the token is revoked, the user is disabled or their group changes, for as long as the cache lives; the longer the TTL, the longer a stolen or withdrawn credential keeps working.',
  cfnFix: 'Set `AuthorizerResultTtlInSeconds` of the authorizer (`authorizerResultTtlInSeconds` in OpenAPI) to at most the threshold, or 0 to turn caching off.',
  fix: 'Set `AuthorizerResultTtlInSeconds` (`resultsCacheTtl` of `TokenAuthorizer`, `RequestAuthorizer` and `HttpLambdaAuthorizer`; `authorizerResultTtlInSeconds` in OpenAPI) to at most the threshold, or 0 to turn caching off.',
  check: (view, index) => judgeEachAuthorizer(view, index, (authorizer) => {
    const typed = typeOutcome(authorizer);
    if (typed) return typed;
    return judgeCacheTtl(authorizer, (ttl) =>
      ttl > index.thresholds.authorizerCacheTtlSeconds ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT);
  }),
});
