import * as lambda from 'aws-cdk-lib/aws-lambda';
import { ApiBaselineChecks } from '../../../src';
import { DEPRECATED_RUNTIMES, NEWEST_RUNTIMES, parseRuntime, compareVersions } from '../../../src/nag/helpers/lambda-runtimes';
import { findings, ruleFindings, testStack } from '../../util';
import { cfnFunction, functionOnParameterRuntime, functionsOn, inlineFunction as fn } from '../fixtures/lambda';

const RULE = 'LambdaNewestRuntime';
const ID = `ApiBaseline-${RULE}`;

describe('LambdaNewestRuntime', () => {
  test('Noncompliance 1: Node.js 22 is supported but not the newest (warning)', () => {
    const stack = testStack();
    fn(stack, 'Fn', lambda.Runtime.NODEJS_22_X);
    expect(ruleFindings(RULE, stack)[ID]?.severity).toBe('warning');
  });

  test('Noncompliance 2: Python 3.12', () => {
    const stack = testStack();
    fn(stack, 'Fn', lambda.Runtime.PYTHON_3_12);
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 functions on java17.al2023 and provided.al2', () => {
    const stack = testStack();
    functionsOn(stack, ['java17.al2023', 'provided.al2']);
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/java17al2023', 'Test/providedal2']);
  });

  test('Compliance (deprecated runtimes are left to LambdaSupportedRuntime)', () => {
    const stack = testStack();
    for (const [family, runtime] of Object.entries(NEWEST_RUNTIMES)) {
      cfnFunction(stack, family, { runtime });
    }
    fn(stack, 'Deprecated', lambda.Runtime.NODEJS_16_X);
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
    expect(found['ApiBaseline-LambdaSupportedRuntime']?.paths).toEqual(['Test/Deprecated/Resource']);
  });

  test('Unresolvable: a runtime from a parameter gives a warning, not a throw', () => {
    const stack = testStack();
    functionOnParameterRuntime(stack);
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });

  test('the runtime tables match the installed aws-cdk-lib', () => {
    const newest = new Map<string, string>();
    for (const r of lambda.Runtime.ALL) {
      const parsed = parseRuntime(r.name);
      if (!parsed || DEPRECATED_RUNTIMES.includes(r.name)) continue;
      const current = newest.get(parsed.family);
      if (!current || compareVersions(parsed.version, parseRuntime(current)!.version) > 0) newest.set(parsed.family, r.name);
    }
    expect(Object.fromEntries(newest)).toEqual(NEWEST_RUNTIMES);
    const names = lambda.Runtime.ALL.map((r) => r.name);
    expect(DEPRECATED_RUNTIMES.filter((r) => !names.includes(r))).toEqual([]);
  });
});
