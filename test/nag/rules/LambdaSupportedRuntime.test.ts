import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ruleFindings, testStack } from '../../util';
import { cfnFunction, functionOnParameterRuntime, functionsOn, inlineFunction as fn } from '../fixtures/lambda';

const RULE = 'LambdaSupportedRuntime';
const ID = `ApiBaseline-${RULE}`;

describe('LambdaSupportedRuntime', () => {
  test('Noncompliance 1: Node.js 18', () => {
    const stack = testStack();
    fn(stack, 'Fn', lambda.Runtime.NODEJS_18_X);
    expect(ruleFindings(RULE, stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: Python 3.9', () => {
    const stack = testStack();
    fn(stack, 'Fn', lambda.Runtime.PYTHON_3_9);
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 functions on go1.x and dotnet6', () => {
    const stack = testStack();
    functionsOn(stack, ['go1.x', 'dotnet6']);
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/go1x', 'Test/dotnet6']);
  });

  test('Compliance (container images have no runtime)', () => {
    const stack = testStack();
    fn(stack, 'Newest', lambda.Runtime.NODEJS_24_X);
    fn(stack, 'Supported', lambda.Runtime.PYTHON_3_12);
    cfnFunction(stack, 'Image', {
      packageType: 'Image', handler: undefined, code: { imageUri: '123456789012.dkr.ecr.us-east-1.amazonaws.com/fn:1' },
    });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: a runtime from a parameter gives a warning, not a throw', () => {
    const stack = testStack();
    functionOnParameterRuntime(stack);
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
