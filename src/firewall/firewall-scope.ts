import { Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { invalidProp } from '../private/validation';

/** Where a web ACL protects resources. */
export enum FirewallScope {
  /** API Gateway REST API stages (and other regional resources) in the web ACL's region. */
  REGIONAL = 'REGIONAL',
  /**
   * CloudFront distributions. AWS WAF only creates CLOUDFRONT-scope web ACLs in us-east-1: the stack must be
   * deployed there.
   */
  CLOUDFRONT = 'CLOUDFRONT',
}

/** The region AWS WAF keeps CLOUDFRONT-scope web ACLs in. */
export const CLOUDFRONT_WAF_REGION = 'us-east-1';

/**
 * Checks the scope of a firewall: a CLOUDFRONT-scope web ACL is refused at synth in a stack whose region is known and
 * is not us-east-1. (An environment-agnostic stack cannot be told at synth; AWS WAF refuses it at deploy time.)
 */
export function checkFirewallScope(scope: IConstruct, value: FirewallScope): FirewallScope {
  if (!Object.values(FirewallScope).includes(value)) {
    throw invalidProp('scope', value, `must be one of ${Object.values(FirewallScope).join(', ')}`);
  }
  const region = Stack.of(scope).region;
  if (value === FirewallScope.CLOUDFRONT && !Token.isUnresolved(region) && region !== CLOUDFRONT_WAF_REGION) {
    throw invalidProp('scope', value, `must be REGIONAL in a stack outside ${CLOUDFRONT_WAF_REGION} (this stack is in ${region}): `
      + `AWS WAF creates CLOUDFRONT-scope web ACLs in ${CLOUDFRONT_WAF_REGION} only`);
  }
  return value;
}
