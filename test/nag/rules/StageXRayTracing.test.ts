import { CfnParameter } from 'aws-cdk-lib';
import { ruleFindings, testStack } from '../../util';
import { cfnRestStage, restApiWithStage } from '../fixtures/stages';

const RULE = 'StageXRayTracing';
const ID = `ApiBaseline-${RULE}`;

describe('StageXRayTracing', () => {
  test('Noncompliance 1: tracing not set', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', {});
    expect(ruleFindings(RULE, stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: tracing turned off', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', { tracingEnabled: false });
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 stage with tracing "false"', () => {
    const stack = testStack();
    const stage = cfnRestStage(stack, 'Stage');
    stage.addPropertyOverride('TracingEnabled', 'false');
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Stage']);
  });

  test('Compliance', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', { tracingEnabled: true });
    cfnRestStage(stack, 'L1', { tracingEnabled: true });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: tracing from a parameter without a default or allowed values gives a warning, not a throw', () => {
    const stack = testStack();
    const on = new CfnParameter(stack, 'Tracing');
    cfnRestStage(stack, 'Stage', { tracingEnabled: on.valueAsString as any });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });

  test('Noncompliance: a parameter whose allowed values include false is judged for each value', () => {
    const stack = testStack();
    const on = new CfnParameter(stack, 'Tracing', { default: 'true', allowedValues: ['true', 'false'] });
    cfnRestStage(stack, 'Stage', { tracingEnabled: on.valueAsString as any });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]?.severity).toBe('error');
    expect(found[ID]?.description).toContain('parameter Tracing = "false"');
  });

  test('Compliance: a parameter that can only be true', () => {
    const stack = testStack();
    const on = new CfnParameter(stack, 'Tracing', { default: 'true', allowedValues: ['true'] });
    cfnRestStage(stack, 'Stage', { tracingEnabled: on.valueAsString as any });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });
});
