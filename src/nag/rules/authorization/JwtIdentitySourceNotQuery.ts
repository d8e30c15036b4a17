import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { judgeEachAuthorizer, notJwtOutcome } from '../../helpers/authorizers';
import { flattenText, isOpaque } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, RuleOutcome, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Judges where one JWT authorizer reads the token from (v2 `Authorizer` property names). */
function judgeIdentitySource(authorizer: any): RuleOutcome {
  const notJwt = notJwtOutcome(authorizer);
  if (notJwt) return notJwt;
  const sources = authorizer.IdentitySource;
  if (sources === undefined) return NagRuleCompliance.COMPLIANT; // the Authorization header
  if (isIntrinsic(sources)) return unverifiable('IdentitySource is an intrinsic');
  for (const source of Array.isArray(sources) ? sources : [sources]) {
    const text = flattenText(source);
    if (isOpaque(text)) return unverifiable('an identity source is an intrinsic');
    if (/\$request\.querystring\./i.test(text)) return NagRuleCompliance.NON_COMPLIANT;
  }
  return NagRuleCompliance.COMPLIANT;
}

/** JWT authorizers read the token from a header, never from the query string. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::ApiGatewayV2::Authorizer', 'AWS::ApiGatewayV2::Api'],
  shapes: 'HTTP (Authorizer resources, OpenAPI)',
  info: 'The JWT authorizer reads the token from the query string (IdentitySource $request.querystring.*).',
  explanation:
    'Query strings are written to access logs, proxy and CDN logs, browser history and Referer headers; a bearer token there can be replayed by anyone who reads them until it expires.',
  cfnFix: 'Set `IdentitySource: ["$request.header.Authorization"]` on the JWT `AWS::ApiGatewayV2::Authorizer`.',
  fix: 'Set `IdentitySource: [\'$request.header.Authorization\']` (the default of `HttpJwtAuthorizer` and `HttpUserPoolAuthorizer`).',
  check: (view, index) => judgeEachAuthorizer(view, index, (authorizer) => judgeIdentitySource(authorizer.props)),
});
