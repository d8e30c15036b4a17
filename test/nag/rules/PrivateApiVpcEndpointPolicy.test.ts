import { Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ApiEndpointType, SecureRestApi } from '../../../src';
import { ruleFindings, testStack } from '../../util';

const RULE = 'PrivateApiVpcEndpointPolicy';
const ID = `ApiBaseline-${RULE}`;
const INVOKE = 'execute-api:/*';

function allow(conditions?: Record<string, any>, principal: iam.IPrincipal = new iam.AnyPrincipal()) {
  return new iam.PolicyStatement({ effect: iam.Effect.ALLOW, principals: [principal], actions: ['execute-api:Invoke'], resources: [INVOKE], conditions });
}

function deny(conditions: Record<string, any>) {
  return new iam.PolicyStatement({
    effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['execute-api:Invoke'], resources: [INVOKE], conditions,
  });
}

function privateApi(stack: any, id: string, statements?: iam.PolicyStatement[], types = [apigw.EndpointType.PRIVATE]) {
  const rest = new apigw.RestApi(stack, id, {
    cloudWatchRole: false,
    endpointTypes: types,
    policy: statements ? new iam.PolicyDocument({ statements }) : undefined,
  });
  rest.root.addMethod('GET', new apigw.MockIntegration());
  return rest;
}

describe('PrivateApiVpcEndpointPolicy', () => {
  test('Noncompliance 1: a private API without a resource policy', () => {
    const stack = testStack();
    privateApi(stack, 'Api');
    const found = ruleFindings(RULE, stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Api/Resource']);
  });

  test('Noncompliance 2: policies that let callers invoke from any VPC endpoint', () => {
    const stack = testStack();
    privateApi(stack, 'Open', [allow()]);
    privateApi(stack, 'IpOnly', [allow(), deny({ NotIpAddress: { 'aws:VpcSourceIp': ['10.0.0.0/16'] } })]);
    privateApi(stack, 'Account', [allow(undefined, new iam.AccountPrincipal('111122223333'))]);
    privateApi(stack, 'IfExists', [allow({ StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } })]);
    privateApi(stack, 'OneOfTwo', [allow({ StringEquals: { 'aws:SourceVpce': 'vpce-1' } }), allow(undefined, new iam.AccountPrincipal('111122223333'))]);
    expect(ruleFindings(RULE, stack)[ID]?.paths.sort()).toEqual([
      'Test/Account/Resource', 'Test/IfExists/Resource', 'Test/IpOnly/Resource', 'Test/OneOfTwo/Resource', 'Test/Open/Resource',
    ]);
  });

  test('Noncompliance 3: L1 private API with a Body policy and a wildcard action', () => {
    const stack = testStack();
    new apigw.CfnRestApi(stack, 'Body', {
      endpointConfiguration: { types: ['PRIVATE'] },
      body: {
        'openapi': '3.0.1',
        'info': { title: 'b', version: '1' },
        'paths': {},
        'x-amazon-apigateway-policy': { Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:*', Resource: '*' }] },
      },
    });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Body']);
  });

  test('Compliance', () => {
    const stack = testStack();
    privateApi(stack, 'Deny', [allow(), deny({ StringNotEquals: { 'aws:SourceVpce': ['vpce-1'] } })]);
    privateApi(stack, 'DenyVpc', [allow(), deny({ StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } })]);
    privateApi(stack, 'Allow', [allow({ StringEquals: { 'aws:SourceVpce': ['vpce-1', 'vpce-2'] } })]);
    // regional APIs are judged by ApiPolicyNoOpenAllow
    privateApi(stack, 'Regional', [allow({ IpAddress: { 'aws:SourceIp': '198.51.100.0/24' } })], [apigw.EndpointType.REGIONAL]);
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Compliance: SecureRestApi with a PRIVATE endpoint, with and without an IP allow-list', () => {
    const stack = testStack();
    const vpce = ec2.InterfaceVpcEndpoint.fromInterfaceVpcEndpointAttributes(stack, 'E', { vpcEndpointId: 'vpce-0123', port: 443 });
    for (const [id, allowedIpRanges] of [['Plain', undefined], ['Ip', ['10.0.0.0/16']]] as const) {
      const api = new SecureRestApi(stack, id, {
        disableFirewall: true,
        disableAlarms: true,
        endpointType: ApiEndpointType.PRIVATE,
        vpcEndpoints: [vpce],
        allowedIpRanges: allowedIpRanges ? [...allowedIpRanges] : undefined,
      });
      api.addRoute('GET /x', { integration: new apigw.MockIntegration(), publicRoute: 'test', allowAnonymous: true });
    }
    const found = { ...ruleFindings(RULE, stack), ...ruleFindings('ApiPolicyNoOpenAllow', stack) };
    expect(Object.keys(found)).toEqual([]);
  });

  test('Unresolvable: imported endpoint types or policy give a warning, not a throw', () => {
    const stack = testStack();
    new apigw.CfnRestApi(stack, 'Types', { name: 't', endpointConfiguration: { types: Fn.split(',', Fn.importValue('Types')) } });
    new apigw.CfnRestApi(stack, 'Policy', { name: 'p', endpointConfiguration: { types: ['PRIVATE'] }, policy: Fn.importValue('Policy') });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths.sort()).toEqual(['Test/Policy', 'Test/Types']);
  });
});
