import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList, flattenText, isOpaque } from '../../helpers/baseline-values';
import { allowIsNarrowed, coversAction, effectOf, policyStatements, VPC_KEYS } from '../../helpers/resource-policy';
import { ChecklistArea, defineRule, isUnverifiable, RuleOutcome, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** True, false, or unverifiable: whether a REST API's endpoint is PRIVATE. */
function isPrivate(props: any, holderProps: any): boolean | RuleOutcome {
  const config = props.EndpointConfiguration;
  if (isIntrinsic(config)) return unverifiable('EndpointConfiguration is an intrinsic');
  const types = config?.Types ?? holderProps?.Parameters?.endpointConfigurationTypes;
  if (types === undefined || types === null) return false;
  if (isIntrinsic(types)) return unverifiable('the endpoint types are an intrinsic');
  const texts = asList(types).map(flattenText).flatMap((t) => t.split(','));
  if (texts.some((t) => t.trim().toUpperCase() === 'PRIVATE')) return true;
  return texts.some(isOpaque) ? unverifiable('an endpoint type is only known at deploy time') : false;
}

/**
 * A PRIVATE REST API has a resource policy that lets callers invoke it only through VPC endpoints: every Allow of
 * `execute-api:Invoke` has an `aws:SourceVpce` / `aws:SourceVpc` condition, or a Deny for every principal refuses
 * invocation outside them (`StringNotEquals`).
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: [],
  subject: 'api',
  shapes: 'REST (Policy, OpenAPI x-amazon-apigateway-policy)',
  info: 'The PRIVATE API\'s resource policy does not restrict execute-api:Invoke to its VPC endpoints (no aws:SourceVpce / aws:SourceVpc condition, or no policy).',
  explanation:
    'A private API is reachable from any interface VPC endpoint for execute-api, in any VPC of any account, unless its resource policy names the endpoints (or VPCs) allowed: without that restriction "private" only means "not on the internet".',
  cfnFix: 'In the `Policy` of the PRIVATE `AWS::ApiGateway::RestApi`, add a Deny for `*` on `execute-api:Invoke` with `StringNotEquals: { "aws:SourceVpce": [<endpoint ids>] }`, or put `StringEquals: { "aws:SourceVpce": ... }` on every Allow.',
  fix: 'Add a Deny for "*" on `execute-api:Invoke` with `StringNotEquals: { \'aws:SourceVpce\': [<endpoint ids>] }` (what `SecureRestApi` does with `vpcEndpoints`), or put `StringEquals: { \'aws:SourceVpce\': ... }` on every Allow.',
  check: ({ props, kind, api }) => {
    if (kind !== 'REST') return NagRuleCompliance.NOT_APPLICABLE;
    const priv = isPrivate(props, api?.holder.props);
    if (priv !== true) return priv === false ? NagRuleCompliance.NOT_APPLICABLE : priv;
    const policy = props.Policy;
    if (policy === undefined || policy === null) return NagRuleCompliance.NON_COMPLIANT;
    const statements = policyStatements(policy);
    if (isUnverifiable(statements)) return statements;
    const allows = statements.filter((s) => effectOf(s) === 'ALLOW' && coversAction(s, 'execute-api:Invoke'));
    return allows.every((s) => allowIsNarrowed(s, statements, VPC_KEYS))
      ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
