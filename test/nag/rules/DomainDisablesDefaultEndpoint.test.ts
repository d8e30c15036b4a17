import { CfnParameter } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-DomainDisablesDefaultEndpoint';
const CERT = 'arn:aws:acm:us-east-1:123456789012:certificate/0d2a9b3c-1111-2222-3333-444455556666';

function restApi(stack: any, id: string, props: apigw.RestApiProps = {}) {
  const api = new apigw.RestApi(stack, id, { cloudWatchRole: false, ...props });
  api.root.addMethod('GET', new apigw.MockIntegration());
  return api;
}

function domainOptions(stack: any): apigw.DomainNameOptions {
  return {
    domainName: 'api.example.com',
    certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', CERT),
    securityPolicy: apigw.SecurityPolicy.TLS_1_2,
  };
}

describe('DomainDisablesDefaultEndpoint', () => {
  test('Noncompliance 1: L2 API with a custom domain and the default endpoint on', () => {
    const stack = testStack();
    restApi(stack, 'Api', { domainName: domainOptions(stack) });
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Api/Resource']);
  });

  test('Noncompliance 2: L2 domain mapped to an API with disableExecuteApiEndpoint false', () => {
    const stack = testStack();
    const api = restApi(stack, 'Api', { disableExecuteApiEndpoint: false });
    new apigw.DomainName(stack, 'Domain', { ...domainOptions(stack), mapping: api });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Api/Resource']);
  });

  test('Noncompliance 3: L1 API and base path mapping', () => {
    const stack = testStack();
    const api = new apigw.CfnRestApi(stack, 'Api', { name: 'orders' });
    new apigw.CfnBasePathMapping(stack, 'Mapping', { domainName: 'api.example.com', restApiId: api.ref, stage: 'prod' });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Api']);
  });

  test('Compliance', () => {
    const stack = testStack();
    restApi(stack, 'Api', { domainName: domainOptions(stack), disableExecuteApiEndpoint: true });
    restApi(stack, 'NoDomain'); // served on execute-api only: not applicable
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    const api = new apigw.CfnRestApi(stack, 'Api', {
      name: 'orders', disableExecuteApiEndpoint: new CfnParameter(stack, 'Disable').value,
    });
    new apigw.CfnBasePathMapping(stack, 'Mapping', { domainName: 'api.example.com', restApiId: api.ref });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
