import { isIP } from 'net';
import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { invalidProp } from '../private/validation';

/** Where a `SecureRestApi` is reachable from. */
export enum ApiEndpointType {
  /** A regional endpoint, reachable from the internet (limit it with `allowedIpRanges` or a firewall). */
  REGIONAL = 'REGIONAL',
  /** A private endpoint, reachable only through the interface VPC endpoints given in `vpcEndpoints`. */
  PRIVATE = 'PRIVATE',
}

/** Throws unless `cidr` is an IPv4 or IPv6 CIDR block. */
export function validateCidr(prop: string, cidr: string): void {
  if (Token.isUnresolved(cidr)) return;
  const parts = typeof cidr === 'string' ? cidr.split('/') : [];
  const version = parts.length === 2 ? isIP(parts[0]) : 0;
  const bits = parts.length === 2 && /^\d{1,3}$/.test(parts[1]) ? Number(parts[1]) : -1;
  if (version === 0 || bits < 0 || bits > (version === 4 ? 32 : 128)) {
    throw invalidProp(prop, cidr, 'must be an IPv4 or IPv6 CIDR block such as "203.0.113.0/24"');
  }
  if (bits === 0) {
    throw invalidProp(prop, cidr, 'must not allow every address (leave "allowedIpRanges" unset instead)');
  }
}

/**
 * The resource policy of the API: invocation allowed, then denied for callers outside the VPC endpoints (private
 * APIs) and outside the IP ranges (when given). Returns undefined when neither applies.
 */
export function buildResourcePolicy(
  endpointType: ApiEndpointType,
  vpcEndpoints: ec2.IInterfaceVpcEndpoint[],
  allowedIpRanges: string[] | undefined,
): iam.PolicyDocument | undefined {
  if (endpointType === ApiEndpointType.PRIVATE && vpcEndpoints.length === 0) {
    throw invalidProp('vpcEndpoints', [], 'must list at least one interface VPC endpoint for a PRIVATE endpoint');
  }
  if (endpointType !== ApiEndpointType.PRIVATE && vpcEndpoints.length > 0) {
    throw invalidProp('vpcEndpoints', `${vpcEndpoints.length} endpoints`, 'must only be set with endpointType PRIVATE');
  }
  if (allowedIpRanges !== undefined) {
    if (allowedIpRanges.length === 0) {
      throw invalidProp('allowedIpRanges', [], 'must list at least one CIDR block (leave it unset to allow any address)');
    }
    allowedIpRanges.forEach((cidr, i) => validateCidr(`allowedIpRanges[${i}]`, cidr));
  }
  if (vpcEndpoints.length === 0 && allowedIpRanges === undefined) return undefined;

  const invoke = 'execute-api:/*';
  const statements = [
    new iam.PolicyStatement({
      sid: 'AllowInvoke',
      effect: iam.Effect.ALLOW,
      principals: [new iam.AnyPrincipal()],
      actions: ['execute-api:Invoke'],
      resources: [invoke],
    }),
  ];
  if (vpcEndpoints.length > 0) {
    statements.push(new iam.PolicyStatement({
      sid: 'DenyOutsideVpcEndpoints',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['execute-api:Invoke'],
      resources: [invoke],
      conditions: { StringNotEquals: { 'aws:SourceVpce': vpcEndpoints.map((e) => e.vpcEndpointId) } },
    }));
  }
  if (allowedIpRanges !== undefined) {
    const key = endpointType === ApiEndpointType.PRIVATE ? 'aws:VpcSourceIp' : 'aws:SourceIp';
    statements.push(new iam.PolicyStatement({
      sid: 'DenyOutsideIpRanges',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: ['execute-api:Invoke'],
      resources: [invoke],
      conditions: { NotIpAddress: { [key]: allowedIpRanges } },
    }));
  }
  return new iam.PolicyDocument({ statements });
}
