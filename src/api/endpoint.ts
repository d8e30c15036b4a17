import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { checkCidrList } from '../private/cidr';
import { invalidProp } from '../private/validation';

/** Where a `SecureRestApi` is reachable from. */
export enum ApiEndpointType {
  /** A regional endpoint, reachable from the internet (limit it with `allowedCidrs` or a firewall). */
  REGIONAL = 'REGIONAL',
  /** A private endpoint, reachable only through the interface VPC endpoints given in `vpcEndpoints`. */
  PRIVATE = 'PRIVATE',
}

/** The IP allow-list of an API and the prop it was given as. */
export interface AllowedCidrs {
  /** The prop the list was given as: `allowedCidrs`, or its former name `allowedIpRanges`. */
  readonly prop: string;
  /** The CIDR blocks. */
  readonly cidrs: string[];
}

/**
 * The IP allow-list of an API: `allowedCidrs`, or the same list under its former name `allowedIpRanges`. Both at
 * once are refused: they would be two answers to one question.
 */
export function resolveAllowedCidrs(allowedCidrs: string[] | undefined, allowedIpRanges: string[] | undefined): AllowedCidrs | undefined {
  if (allowedCidrs !== undefined && allowedIpRanges !== undefined) {
    throw invalidProp('allowedIpRanges', allowedIpRanges,
      'must not be set together with "allowedCidrs" (it is the former name of the same list; keep only "allowedCidrs")');
  }
  if (allowedIpRanges !== undefined) return { prop: 'allowedIpRanges', cidrs: allowedIpRanges };
  return allowedCidrs === undefined ? undefined : { prop: 'allowedCidrs', cidrs: allowedCidrs };
}

/**
 * The resource policy of the API: invocation allowed, then denied for callers outside the VPC endpoints (private
 * APIs) and outside the IP ranges (when given). Returns undefined when neither applies.
 */
export function buildResourcePolicy(
  endpointType: ApiEndpointType,
  vpcEndpoints: ec2.IInterfaceVpcEndpoint[],
  allowed: AllowedCidrs | undefined,
): iam.PolicyDocument | undefined {
  if (endpointType === ApiEndpointType.PRIVATE && vpcEndpoints.length === 0) {
    throw invalidProp('vpcEndpoints', [], 'must list at least one interface VPC endpoint for a PRIVATE endpoint');
  }
  if (endpointType !== ApiEndpointType.PRIVATE && vpcEndpoints.length > 0) {
    throw invalidProp('vpcEndpoints', `${vpcEndpoints.length} endpoints`, 'must only be set with endpointType PRIVATE');
  }
  if (allowed !== undefined) {
    if (allowed.cidrs.length === 0) {
      throw invalidProp(allowed.prop, [], 'must list at least one CIDR block (leave it unset to allow any address)');
    }
    checkCidrList(allowed.prop, allowed.cidrs);
  }
  if (vpcEndpoints.length === 0 && allowed === undefined) return undefined;

  const statements = [invokeStatement('AllowInvoke', iam.Effect.ALLOW)];
  if (vpcEndpoints.length > 0) {
    statements.push(invokeStatement('DenyOutsideVpcEndpoints', iam.Effect.DENY,
      { StringNotEquals: { 'aws:SourceVpce': vpcEndpoints.map((e) => e.vpcEndpointId) } }));
  }
  if (allowed !== undefined) {
    const key = endpointType === ApiEndpointType.PRIVATE ? 'aws:VpcSourceIp' : 'aws:SourceIp';
    statements.push(invokeStatement('DenyOutsideIpRanges', iam.Effect.DENY, { NotIpAddress: { [key]: allowed.cidrs } }));
  }
  return new iam.PolicyDocument({ statements });
}

/** A statement about `execute-api:Invoke` on every method of the API, for every principal. */
function invokeStatement(sid: string, effect: iam.Effect, conditions?: { [operator: string]: any }): iam.PolicyStatement {
  return new iam.PolicyStatement({
    sid,
    effect,
    principals: [new iam.AnyPrincipal()],
    actions: ['execute-api:Invoke'],
    resources: ['execute-api:/*'],
    conditions,
  });
}
