import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { judgeEachAuthorizer, notJwtOutcome } from '../../helpers/authorizers';
import { flattenText, isOpaque } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, RuleOutcome, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Judges the JWT configuration of one authorizer (v2 `Authorizer` property names). */
export function judgeJwtConfiguration(authorizer: any): RuleOutcome {
  const notJwt = notJwtOutcome(authorizer);
  if (notJwt) return notJwt;
  const config = authorizer.JwtConfiguration;
  if (config === undefined || config === null) return NagRuleCompliance.NON_COMPLIANT;
  if (isIntrinsic(config)) return unverifiable('JwtConfiguration is an intrinsic');
  const issuer = config.Issuer;
  const audience = config.Audience;
  if (issuer === undefined || audience === undefined) return NagRuleCompliance.NON_COMPLIANT;
  const issuerText = flattenText(issuer);
  if (!issuerText.startsWith('https://')) {
    // an issuer built from references may still start with https:// once they resolve
    return isOpaque(issuerText) || issuerText.startsWith('${') ? unverifiable('JwtConfiguration.Issuer is only known at deploy time') : NagRuleCompliance.NON_COMPLIANT;
  }
  if (isIntrinsic(audience)) return unverifiable('JwtConfiguration.Audience is an intrinsic');
  const list = Array.isArray(audience) ? audience : [];
  if (list.length === 0 || list.every((a) => typeof a === 'string' && a.trim() === '')) return NagRuleCompliance.NON_COMPLIANT;
  return NagRuleCompliance.COMPLIANT;
}

/**
 * JWT authorizers of HTTP APIs (resources, or `x-amazon-apigateway-authorizer` of type `jwt` in an OpenAPI `Body`)
 * trust an https issuer and name at least one audience.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::ApiGatewayV2::Authorizer', 'AWS::ApiGatewayV2::Api'],
  shapes: 'HTTP (Authorizer resources, OpenAPI)',
  info: 'The JWT authorizer has no https issuer or no audience (JwtConfiguration.Issuer, JwtConfiguration.Audience).',
  explanation:
    'API Gateway fetches the signing keys from the issuer\'s discovery document; a plain-http issuer lets anyone on the path replace them and sign tokens. Without an audience the authorizer accepts tokens issued to any client of the issuer, including clients of other applications.',
  cfnFix: 'Set `JwtConfiguration: { Issuer: "https://cognito-idp.<region>.amazonaws.com/<pool id>", Audience: [<client id>, ...] }` on the `AWS::ApiGatewayV2::Authorizer`.',
  fix: 'Set `JwtConfiguration: { Issuer: \'https://cognito-idp.<region>.amazonaws.com/<pool id>\', Audience: [<client id>, ...] }` (`HttpJwtAuthorizer` with `jwtAudience`; `HttpUserPoolAuthorizer` sets both).',
  check: (view, index) => judgeEachAuthorizer(view, index, (authorizer) => judgeJwtConfiguration(authorizer.props)),
});
