import { CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-StageWebAcl';

function api(stack: Stack, id: string) {
  const rest = new apigw.RestApi(stack, id, { cloudWatchRole: false });
  rest.root.addMethod('GET', new apigw.MockIntegration());
  return rest;
}

function acl(stack: Stack) {
  const existing = stack.node.tryFindChild('Acl') as wafv2.CfnWebACL | undefined;
  return existing ?? new wafv2.CfnWebACL(stack, 'Acl', {
    defaultAction: { allow: {} },
    scope: 'REGIONAL',
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'acl', sampledRequestsEnabled: true },
  });
}

function associate(stack: Stack, id: string, resourceArn: string) {
  return new wafv2.CfnWebACLAssociation(stack, id, { resourceArn, webAclArn: acl(stack).attrArn });
}

describe('StageWebAcl', () => {
  test('Noncompliance 1: no association at all', () => {
    const stack = testStack();
    api(stack, 'Api');
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: the association protects the other API only', () => {
    const stack = testStack();
    const protectedApi = api(stack, 'Protected');
    api(stack, 'Open');
    associate(stack, 'Assoc', protectedApi.deploymentStage.stageArn);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Open/DeploymentStage.prod/Resource']);
  });

  test('Noncompliance 3: L1 stages, association for another stage name of the same API', () => {
    const stack = testStack();
    const rest = new apigw.CfnRestApi(stack, 'Rest', { name: 'rest' });
    new apigw.CfnStage(stack, 'Prod', { restApiId: rest.ref, stageName: 'prod' });
    new apigw.CfnStage(stack, 'Beta', { restApiId: rest.ref, stageName: 'beta' });
    associate(stack, 'Assoc', Fn.sub('arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${Rest}/stages/prod'));
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Beta']);
  });

  test('Noncompliance 4: a literal ARN of an API outside the stack does not count', () => {
    const stack = testStack();
    api(stack, 'Api');
    associate(stack, 'Assoc', 'arn:aws:apigateway:us-east-1::/restapis/zzz999/stages/prod');
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeDefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    const l2 = api(stack, 'Api');
    associate(stack, 'L2Assoc', l2.deploymentStage.stageArn);
    const rest = new apigw.CfnRestApi(stack, 'Rest', { name: 'rest' });
    const named = new apigw.CfnStage(stack, 'Named', { restApiId: rest.ref, stageName: 'v1' });
    new apigw.CfnStage(stack, 'Literal', { restApiId: 'abc123', stageName: 'live' });
    const web = acl(stack);
    new wafv2.CfnWebACLAssociation(stack, 'SubAssoc', {
      webAclArn: web.attrArn,
      resourceArn: Fn.sub('arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/${Stage}', { Api: rest.ref, Stage: named.ref }),
    });
    new wafv2.CfnWebACLAssociation(stack, 'LiteralAssoc', {
      webAclArn: web.attrArn,
      resourceArn: 'arn:aws:apigateway:us-east-1::/restapis/abc123/stages/live',
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an association ARN from a parameter gives a warning, not a throw', () => {
    const stack = testStack();
    api(stack, 'Api');
    associate(stack, 'Assoc', new CfnParameter(stack, 'StageArn').valueAsString);
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });

  test('Unresolvable: an imported API id in the ARN gives a warning only to stages nothing else protects', () => {
    const stack = testStack();
    const covered = api(stack, 'Covered');
    api(stack, 'Other');
    associate(stack, 'Assoc', covered.deploymentStage.stageArn);
    new wafv2.CfnWebACLAssociation(stack, 'Imported', {
      webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/x/1',
      resourceArn: Fn.join('', ['arn:aws:apigateway:us-east-1::/restapis/', Fn.importValue('ApiId'), '/stages/prod']),
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.paths).toEqual(['Test/Other/DeploymentStage.prod/Resource']);
  });
});
