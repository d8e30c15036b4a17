import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isTrue } from '../../helpers/api-methods';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Cognito identity pools do not hand AWS credentials to unauthenticated (guest) identities. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.AUTHENTICATION,
  owasp: 'API2:2023 Broken Authentication',
  resourceTypes: ['AWS::Cognito::IdentityPool'],
  info: 'The Cognito identity pool allows unauthenticated identities (AllowUnauthenticatedIdentities is true).',
  explanation:
    'Guest identities give temporary AWS credentials to anyone who asks for them; an IAM-authorized API, or any other resource the unauthenticated role can reach, is then open to the internet.',
  cfnFix: 'Set `AllowUnauthenticatedIdentities: false` on the `AWS::Cognito::IdentityPool` and sign callers in through a user pool or another identity provider.',
  fix: 'Set `allowUnauthenticatedIdentities: false` (the default of the identity pool construct) and sign callers in through a user pool or another identity provider.',
  check: ({ props }) => {
    const value = props.AllowUnauthenticatedIdentities;
    if (isIntrinsic(value)) return unverifiable('AllowUnauthenticatedIdentities is an intrinsic');
    return isTrue(value) ? NagRuleCompliance.NON_COMPLIANT : NagRuleCompliance.COMPLIANT;
  },
});
