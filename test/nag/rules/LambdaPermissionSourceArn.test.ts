import { Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ruleFindings, testStack } from '../../util';

const RULE = 'LambdaPermissionSourceArn';
const ID = `ApiBaseline-${RULE}`;

function fn(stack: any, id = 'Fn') {
  return new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
}

function permission(stack: any, id: string, props: Partial<lambda.CfnPermissionProps>) {
  return new lambda.CfnPermission(stack, id, { functionName: 'f', action: 'lambda:InvokeFunction', principal: 'apigateway.amazonaws.com', ...props });
}

describe('LambdaPermissionSourceArn', () => {
  test('Noncompliance 1: addPermission for API Gateway without a source', () => {
    const stack = testStack();
    fn(stack).addPermission('Api', { principal: new iam.ServicePrincipal('apigateway.amazonaws.com') });
    const found = ruleFindings(RULE, stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Fn/Api']);
  });

  test('Noncompliance 2: L1 permissions with lambda:*, with the URL-suffix principal and with SourceArn "*"', () => {
    const stack = testStack();
    permission(stack, 'Star', { action: 'lambda:*' });
    permission(stack, 'Suffix', { principal: Fn.join('', ['apigateway.', Fn.ref('AWS::URLSuffix')]) });
    permission(stack, 'Wildcard', { sourceArn: '*' });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Star', 'Test/Suffix', 'Test/Wildcard']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false });
    api.root.addMethod('GET', new apigw.LambdaIntegration(fn(stack)));
    permission(stack, 'Account', { sourceAccount: '123456789012' });
    permission(stack, 'Arn', { sourceArn: api.arnForExecuteApi() });
    permission(stack, 'Other', { principal: 'events.amazonaws.com' });
    permission(stack, 'Url', { action: 'lambda:InvokeFunctionUrl', principal: '*', functionUrlAuthType: 'NONE' });
    const found = ruleFindings(RULE, stack);
    expect(Object.keys(found)).toEqual([]);
  });

  test('Unresolvable: an imported principal gives a warning', () => {
    const stack = testStack();
    permission(stack, 'Imported', { principal: Fn.importValue('Principal') });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
