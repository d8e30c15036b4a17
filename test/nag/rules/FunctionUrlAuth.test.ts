import { CfnResource, Fn, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ruleFindings, testStack } from '../../util';

const RULE = 'FunctionUrlAuth';
const ID = `ApiBaseline-${RULE}`;

function fn(stack: any, id = 'Fn') {
  return new lambda.Function(stack, id, { runtime: lambda.Runtime.NODEJS_22_X, handler: 'index.handler', code: lambda.Code.fromInline('x') });
}

describe('FunctionUrlAuth', () => {
  test('Noncompliance 1: addFunctionUrl with AuthType NONE', () => {
    const stack = testStack();
    fn(stack).addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    const found = ruleFindings(RULE, stack)[ID];
    expect(found?.severity).toBe('warning');
    expect(found?.paths).toEqual(['Test/Fn/FunctionUrl/Resource']);
  });

  test('Noncompliance 2: L1 Url and a SAM function with FunctionUrlConfig AuthType NONE', () => {
    const stack = testStack();
    new lambda.CfnUrl(stack, 'Url', { targetFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f', authType: 'NONE' });
    new CfnResource(stack, 'Sam', {
      type: 'AWS::Serverless::Function',
      properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', InlineCode: 'x', FunctionUrlConfig: { AuthType: 'NONE' } },
    });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]?.paths).toEqual(['Test/Url']);
    // the SAM function's URL is the Lambda::Url the transform creates, named in the id and reported on the function
    expect(found[`${ID}[SamUrl]`]?.paths).toEqual(['Test/Sam']);
  });

  test('Compliance: IAM auth, a SAM function without URL, and an acknowledged public webhook', () => {
    const stack = testStack();
    fn(stack).addFunctionUrl({ authType: lambda.FunctionUrlAuthType.AWS_IAM });
    new CfnResource(stack, 'Sam', { type: 'AWS::Serverless::Function', properties: { Runtime: 'nodejs22.x', Handler: 'index.handler', InlineCode: 'x' } });
    const webhook = fn(stack, 'Webhook').addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
    Validations.of(webhook).acknowledge({ id: ID, reason: 'Public webhook; the handler verifies the provider signature.' });
    const found = ruleFindings(RULE, stack);
    expect(Object.keys(found)).toEqual([]);
  });

  test('Unresolvable: an imported AuthType gives a warning', () => {
    const stack = testStack();
    new lambda.CfnUrl(stack, 'Url', { targetFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:f', authType: Fn.importValue('Auth') });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
