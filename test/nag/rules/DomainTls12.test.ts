import { CfnParameter } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-DomainTls12';
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0d2a9b3c-1111-2222-3333-444455556666';

function domain(stack: any, id: string, securityPolicy?: apigw.SecurityPolicy, endpointAccessMode?: apigw.EndpointAccessMode) {
  return new apigw.DomainName(stack, id, {
    domainName: `${id.toLowerCase()}.example.com`,
    certificate: acm.Certificate.fromCertificateArn(stack, `${id}Cert`, CERT),
    securityPolicy,
    endpointAccessMode,
  });
}

describe('DomainTls12', () => {
  test('Noncompliance 1: L2 domain with TLS 1.0', () => {
    const stack = testStack();
    domain(stack, 'Domain', apigw.SecurityPolicy.TLS_1_0);
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Domain/Resource']);
  });

  test('Noncompliance 2: L2 domain that leaves the security policy to the service default', () => {
    const stack = testStack();
    domain(stack, 'Domain');
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 domain with TLS_1_0', () => {
    const stack = testStack();
    new apigw.CfnDomainName(stack, 'Domain', { domainName: 'api.example.com', regionalCertificateArn: CERT, securityPolicy: 'TLS_1_0' });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Domain']);
  });

  test('Compliance', () => {
    const stack = testStack();
    domain(stack, 'Tls12', apigw.SecurityPolicy.TLS_1_2);
    domain(stack, 'Tls13', apigw.SecurityPolicy.TLS13_1_3_2025_09, apigw.EndpointAccessMode.STRICT);
    new apigw.CfnDomainName(stack, 'Edge', {
      domainName: 'edge.example.com', certificateArn: CERT, securityPolicy: 'SecurityPolicy_TLS12_PFS_2025_EDGE',
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    new apigw.CfnDomainName(stack, 'Domain', {
      domainName: 'api.example.com', regionalCertificateArn: CERT, securityPolicy: new CfnParameter(stack, 'Policy').valueAsString,
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
