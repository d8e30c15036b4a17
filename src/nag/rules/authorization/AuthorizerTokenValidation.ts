import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { AuthorizerView, judgeEachAuthorizer, typeOutcome } from '../../helpers/authorizers';
import { flattenText, isOpaque } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, RuleOutcome, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Expressions that every string matches: they validate nothing. */
const MATCH_ALL = new Set(['.*', '.+', '(.*)', '(.+)', '[\\s\\S]*', '[\\s\\S]+', '.{0,}', '.{1,}', '[^]*', '[^]+']);

/** Judges the token validation of one REST TOKEN authorizer. */
function judgeValidation(authorizer: AuthorizerView): RuleOutcome {
  if (authorizer.flavour !== 'REST') return NagRuleCompliance.NOT_APPLICABLE;
  const typed = typeOutcome(authorizer);
  if (typed) return typed;
  if (authorizer.type !== 'TOKEN') return NagRuleCompliance.NOT_APPLICABLE;
  const expression = authorizer.props.IdentityValidationExpression;
  if (expression === undefined || expression === null) return NagRuleCompliance.NON_COMPLIANT;
  if (isIntrinsic(expression)) return unverifiable('IdentityValidationExpression is an intrinsic');
  const text = flattenText(expression);
  if (isOpaque(text)) return unverifiable('IdentityValidationExpression is only known at deploy time');
  const core = text.trim().replace(/^\^/, '').replace(/\$$/, '');
  return core === '' || MATCH_ALL.has(core) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
}

/**
 * Lambda TOKEN authorizers of REST APIs (resources, or `x-amazon-apigateway-authorizer` of type `token` in an OpenAPI
 * `Body`) validate the token's format before the function is called (`IdentityValidationExpression`).
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::ApiGateway::Authorizer', 'AWS::ApiGateway::RestApi'],
  shapes: 'REST (Authorizer resources, OpenAPI)',
  info: 'The Lambda TOKEN authorizer does not validate the token format (IdentityValidationExpression is unset, empty or matches anything).',
  explanation:
    'With a validation expression API Gateway answers 401 to a malformed token itself; without one every request, however malformed, invokes the authorizer function, so junk tokens reach the token-parsing code and each one costs a Lambda invocation (an easy way to exhaust its concurrency). An expression such as `.*` validates nothing.',
  cfnFix: 'Set `IdentityValidationExpression` of the TOKEN `AWS::ApiGateway::Authorizer` to the token format, e.g. `^Bearer [-0-9A-Za-z._~+/]+=*$` (`identityValidationExpression` in `x-amazon-apigateway-authorizer`).',
  fix: 'Set `IdentityValidationExpression` to the token format, e.g. `^Bearer [-0-9A-Za-z._~+/]+=*$` (`validationRegex` of `TokenAuthorizer`; `identityValidationExpression` in `x-amazon-apigateway-authorizer`).',
  check: (view, index) => judgeEachAuthorizer(view, index, judgeValidation),
});
