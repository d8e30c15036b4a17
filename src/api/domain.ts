import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { checkPattern, invalidProp } from '../private/validation';

/** A custom domain for a `SecureRestApi`. */
export interface ApiDomainOptions {
  /** The domain name, e.g. `api.example.com` (lower case). */
  readonly domainName: string;
  /** The ACM certificate for the domain, in the API's region. */
  readonly certificate: acm.ICertificate;
  /**
   * TLS security policy: `TLS_1_2` or one of the stronger enhanced regional policies (`TLS13_*`); `TLS_1_0` and the
   * edge-only policies are refused. Enhanced policies use the STRICT endpoint access mode.
   * @default apigw.SecurityPolicy.TLS_1_2
   */
  readonly securityPolicy?: apigw.SecurityPolicy;
  /**
   * Base path (one or more segments, e.g. `orders` or `v1/orders`) under which the stage is mapped.
   * @default - the stage is mapped at the root of the domain
   */
  readonly basePath?: string;
}

/** Policies accepted for the regional custom domain of a `SecureRestApi`. */
const ACCEPTED_POLICIES: string[] = [
  apigw.SecurityPolicy.TLS_1_2,
  apigw.SecurityPolicy.TLS13_1_3_2025_09,
  apigw.SecurityPolicy.TLS13_1_3_FIPS_2025_09,
  apigw.SecurityPolicy.TLS13_1_2_PQ_2025_09,
  apigw.SecurityPolicy.TLS13_1_2_PFS_PQ_2025_09,
];
const DOMAIN_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const BASE_PATH = /^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/;

/** Throws unless `name` is a lower-case DNS name (custom domains of REST and HTTP APIs). Tokens are skipped. */
export function checkDomainName(prop: string, name: string): void {
  checkPattern(prop, name, DOMAIN_NAME, 'must be a lower-case DNS name such as "api.example.com"');
}

/** Throws unless the domain certificate is set. */
export function checkCertificate(prop: string, certificate: acm.ICertificate | undefined): void {
  if (!certificate) {
    throw invalidProp(prop, undefined, 'must be set (an ACM certificate for the domain)');
  }
}

/**
 * Throws unless `path` is one or more segments of letters, digits, `.`, `_` or `-` separated by `/` (the base path of
 * a REST API mapping, the mapping key of an HTTP API mapping). `undefined` and tokens are skipped.
 */
export function checkBasePath(prop: string, path: string | undefined): void {
  checkPattern(prop, path, BASE_PATH, 'must be one or more segments of letters, digits, ".", "_" or "-" separated by "/", without leading or trailing "/"');
}

/** Validates the domain options and turns them into aws-cdk-lib's `DomainNameOptions` for a regional domain. */
export function domainNameOptions(domain: ApiDomainOptions): apigw.DomainNameOptions {
  checkDomainName('domain.domainName', domain.domainName);
  checkCertificate('domain.certificate', domain.certificate);
  const securityPolicy = domain.securityPolicy ?? apigw.SecurityPolicy.TLS_1_2;
  if (!ACCEPTED_POLICIES.includes(securityPolicy)) {
    throw invalidProp('domain.securityPolicy', securityPolicy,
      `must be TLS 1.2 or stronger for a regional endpoint (one of ${ACCEPTED_POLICIES.join(', ')})`);
  }
  checkBasePath('domain.basePath', domain.basePath);
  const enhanced = securityPolicy !== apigw.SecurityPolicy.TLS_1_2;
  return {
    domainName: domain.domainName,
    certificate: domain.certificate,
    endpointType: apigw.EndpointType.REGIONAL,
    securityPolicy,
    endpointAccessMode: enhanced ? apigw.EndpointAccessMode.STRICT : undefined,
    basePath: domain.basePath,
  };
}
