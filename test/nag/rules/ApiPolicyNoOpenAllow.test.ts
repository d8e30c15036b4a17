import { CfnResource, Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import { ApiBaselineChecks, SecureRestApi } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-ApiPolicyNoOpenAllow';
const INVOKE = 'execute-api:/*';

function allow(conditions?: Record<string, any>, principal: iam.IPrincipal = new iam.AnyPrincipal()) {
  return new iam.PolicyStatement({ effect: iam.Effect.ALLOW, principals: [principal], actions: ['execute-api:Invoke'], resources: [INVOKE], conditions });
}

function deny(conditions: Record<string, any>, actions = ['execute-api:Invoke'], resources = [INVOKE]) {
  return new iam.PolicyStatement({ effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions, resources, conditions });
}

function api(stack: any, id: string, statements: iam.PolicyStatement[]) {
  const rest = new apigw.RestApi(stack, id, { cloudWatchRole: false, policy: new iam.PolicyDocument({ statements }) });
  rest.root.addMethod('GET', new apigw.MockIntegration());
  return rest;
}

function l1(stack: any, id: string, policy: any) {
  return new apigw.CfnRestApi(stack, id, { name: id, policy });
}

function bodyApi(stack: any, id: string, policy: any) {
  return new apigw.CfnRestApi(stack, id, {
    body: {
      'openapi': '3.0.1',
      'info': { title: id, version: '1' },
      'paths': {},
      'x-amazon-apigateway-policy': policy,
    },
  });
}

const OPEN = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: INVOKE }] };

describe('ApiPolicyNoOpenAllow', () => {
  test('Noncompliance 1: RestApi policy allowing AnyPrincipal without a condition', () => {
    const stack = testStack();
    api(stack, 'Api', [allow()]);
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Api/Resource']);
  });

  test('Noncompliance 2: conditions that hold for everybody', () => {
    const stack = testStack();
    api(stack, 'IfExists', [allow({ StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } })]);
    api(stack, 'Wildcard', [allow({ StringLike: { 'aws:PrincipalOrgID': '*' } })]);
    api(stack, 'AllAddresses', [allow({ IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } })]);
    api(stack, 'Negated', [allow({ NotIpAddress: { 'aws:SourceIp': '198.51.100.0/24' } })]);
    api(stack, 'Unrelated', [allow({ Bool: { 'aws:SecureTransport': 'true' } })]);
    api(stack, 'ForAll', [allow({ 'ForAllValues:StringEquals': { 'aws:SourceVpce': ['vpce-1'] } })]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual([
      'Test/AllAddresses/Resource', 'Test/ForAll/Resource', 'Test/IfExists/Resource', 'Test/Negated/Resource',
      'Test/Unrelated/Resource', 'Test/Wildcard/Resource',
    ]);
  });

  test('Noncompliance 3: a Deny that does not cover the open Allow', () => {
    const stack = testStack();
    api(stack, 'OtherAction', [allow(), deny({ NotIpAddress: { 'aws:SourceIp': ['198.51.100.0/24'] } }, ['execute-api:InvalidateCache'])]);
    api(stack, 'OtherResource', [allow(), deny({ NotIpAddress: { 'aws:SourceIp': ['198.51.100.0/24'] } }, ['execute-api:Invoke'], ['execute-api:/prod/GET/admin'])]);
    api(stack, 'DenyEveryoneAllowed', [allow(), deny({ StringNotLike: { 'aws:SourceVpce': '*' } })]);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual([
      'Test/DenyEveryoneAllowed/Resource', 'Test/OtherAction/Resource', 'Test/OtherResource/Resource',
    ]);
  });

  test('Noncompliance 4: L1 policies ({ AWS: "*" }, NotPrincipal, a JSON string) and an OpenAPI policy', () => {
    const stack = testStack();
    l1(stack, 'Aws', { Statement: { Effect: 'Allow', Principal: { AWS: ['arn:aws:iam::111122223333:root', '*'] }, Action: '*', Resource: '*' } });
    l1(stack, 'NotPrincipal', { Statement: [{ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::111122223333:root' }, Action: 'execute-api:Invoke', Resource: INVOKE }] });
    // CloudFormation also takes the policy as a JSON string (aws-cdk-lib's CfnRestApi types it as an object)
    new CfnResource(stack, 'Json', { type: 'AWS::ApiGateway::RestApi', properties: { Name: 'json', Policy: JSON.stringify(OPEN) } });
    bodyApi(stack, 'Body', OPEN);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths.sort()).toEqual(['Test/Aws', 'Test/Body', 'Test/Json', 'Test/NotPrincipal']);
  });

  test('Compliance', () => {
    const stack = testStack();
    api(stack, 'Ip', [allow({ IpAddress: { 'aws:SourceIp': ['198.51.100.0/24'] } })]);
    api(stack, 'Vpce', [allow({ StringEquals: { 'aws:SourceVpce': 'vpce-1' } })]);
    api(stack, 'Org', [allow({ StringEquals: { 'aws:PrincipalOrgID': 'o-abc123' } })]);
    api(stack, 'Account', [allow({ StringEquals: { 'aws:PrincipalAccount': '111122223333' } })]);
    api(stack, 'DenyOutside', [allow(), deny({ NotIpAddress: { 'aws:SourceIp': ['198.51.100.0/24'] } })]);
    api(stack, 'DenyVpce', [allow(), deny({ StringNotEquals: { 'aws:SourceVpce': ['vpce-1'] } }, ['execute-api:*'], ['execute-api:/*'])]);
    api(stack, 'Named', [allow(undefined, new iam.AccountPrincipal('111122223333'))]);
    l1(stack, 'NoPolicy', undefined);
    bodyApi(stack, 'Body', { Statement: [{ ...OPEN.Statement[0], Condition: { IpAddress: { 'aws:SourceIp': '198.51.100.7/32' } } }] });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Compliance: SecureRestApi with an IP allow-list', () => {
    const stack = testStack();
    const secure = new SecureRestApi(stack, 'Secure', { disableFirewall: true, disableAlarms: true, allowedIpRanges: ['198.51.100.0/24'] });
    secure.addRoute('GET /x', { integration: new apigw.MockIntegration(), publicRoute: 'test', allowAnonymous: true });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported policy or principal gives a warning, not a throw', () => {
    const stack = testStack();
    l1(stack, 'Imported', Fn.importValue('Policy'));
    l1(stack, 'Principal', { Statement: [{ Effect: 'Allow', Principal: Fn.importValue('Principal'), Action: '*', Resource: '*' }] });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths.sort()).toEqual(['Test/Imported', 'Test/Principal']);
  });
});
