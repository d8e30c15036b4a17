import { CfnParameter } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-LambdaSupportedRuntime';
const code = lambda.Code.fromInline('exports.handler = async () => {};');

function fn(stack: any, id: string, runtime: lambda.Runtime) {
  return new lambda.Function(stack, id, { runtime, handler: 'index.handler', code });
}

describe('LambdaSupportedRuntime', () => {
  test('Noncompliance 1: Node.js 18', () => {
    const stack = testStack();
    fn(stack, 'Fn', lambda.Runtime.NODEJS_18_X);
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: Python 3.9', () => {
    const stack = testStack();
    fn(stack, 'Fn', lambda.Runtime.PYTHON_3_9);
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 functions on go1.x and dotnet6', () => {
    const stack = testStack();
    for (const runtime of ['go1.x', 'dotnet6']) {
      new lambda.CfnFunction(stack, runtime.replace(/\W/g, ''), {
        runtime, handler: 'main', role: 'arn:aws:iam::123456789012:role/fn', code: { s3Bucket: 'b', s3Key: 'k' },
      });
    }
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/go1x', 'Test/dotnet6']);
  });

  test('Compliance (container images have no runtime)', () => {
    const stack = testStack();
    fn(stack, 'Newest', lambda.Runtime.NODEJS_24_X);
    fn(stack, 'Supported', lambda.Runtime.PYTHON_3_12);
    new lambda.CfnFunction(stack, 'Image', {
      packageType: 'Image',
      role: 'arn:aws:iam::123456789012:role/fn',
      code: { imageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/fn:1' },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: a runtime from a parameter gives a warning, not a throw', () => {
    const stack = testStack();
    new lambda.CfnFunction(stack, 'Fn', {
      runtime: new CfnParameter(stack, 'Runtime').valueAsString,
      handler: 'index.handler',
      role: 'arn:aws:iam::123456789012:role/fn',
      code: { zipFile: 'x' },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
