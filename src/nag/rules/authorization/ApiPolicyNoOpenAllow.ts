import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { allowIsNarrowed, effectOf, isOpenPrincipal, NARROWING_KEYS, policyStatements } from '../../helpers/resource-policy';
import { ChecklistArea, defineRule, isUnverifiable } from '../../rule';

/**
 * The resource policy of an API (`Policy` of the RestApi, or `x-amazon-apigateway-policy` in its OpenAPI `Body`) has
 * no `Allow` to every principal that is not narrowed to a source VPC endpoint or VPC, source IP range, organisation
 * or account, by its own condition or by a Deny for callers outside them.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API5:2023 Broken Function Level Authorization',
  resourceTypes: [],
  subject: 'api',
  shapes: 'REST (Policy, OpenAPI x-amazon-apigateway-policy)',
  info: 'The API\'s resource policy allows every principal (Principal "*" or NotPrincipal) without a narrowing condition (aws:SourceVpce, aws:SourceVpc, aws:SourceIp, aws:PrincipalOrgID, aws:SourceAccount, aws:PrincipalAccount).',
  explanation:
    'A resource policy is the API\'s network and account boundary. An Allow to "*" without a condition (or with one that holds for everybody, such as `IfExists`, a `*` value or `0.0.0.0/0`) opens the API to any caller on the internet and any AWS account, so only the method authorization stands between them and the backend.',
  cfnFix: 'In the `Policy` of the `AWS::ApiGateway::RestApi`, add a `Condition` to the Allow statement (`IpAddress: { "aws:SourceIp": [...] }`, `StringEquals: { "aws:SourceVpce": [...] }` or `aws:PrincipalOrgID`), or a Deny statement for `*` with `NotIpAddress` / `StringNotEquals` on the same key; or remove the statement.',
  fix: 'Add a condition to the Allow statement (`IpAddress: { \'aws:SourceIp\': [...] }`, `StringEquals: { \'aws:SourceVpce\': [...] }` or `{ \'aws:PrincipalOrgID\': ... }`), or a Deny statement for "*" with `NotIpAddress` / `StringNotEquals` on the same key (`SecureRestApi` does this with `allowedCidrs` and `vpcEndpoints`); or remove the statement.',
  check: ({ props }) => {
    const policy = props.Policy;
    if (policy === undefined || policy === null) return NagRuleCompliance.NOT_APPLICABLE;
    const statements = policyStatements(policy);
    if (isUnverifiable(statements)) return statements;
    const open = statements.filter((s) => effectOf(s) === 'ALLOW' && isOpenPrincipal(s));
    return open.every((s) => allowIsNarrowed(s, statements, NARROWING_KEYS))
      ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
