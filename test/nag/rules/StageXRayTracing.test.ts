import { CfnParameter } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-StageXRayTracing';

function api(stack: any, id: string, options: apigw.StageOptions) {
  const rest = new apigw.RestApi(stack, id, { deployOptions: options, cloudWatchRole: false });
  rest.root.addMethod('GET', new apigw.MockIntegration());
  return rest;
}

describe('StageXRayTracing', () => {
  test('Noncompliance 1: tracing not set', () => {
    const stack = testStack();
    api(stack, 'Api', {});
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: tracing turned off', () => {
    const stack = testStack();
    api(stack, 'Api', { tracingEnabled: false });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 stage with tracing "false"', () => {
    const stack = testStack();
    const stage = new apigw.CfnStage(stack, 'Stage', { restApiId: 'abc' });
    stage.addPropertyOverride('TracingEnabled', 'false');
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Stage']);
  });

  test('Compliance', () => {
    const stack = testStack();
    api(stack, 'Api', { tracingEnabled: true });
    new apigw.CfnStage(stack, 'L1', { restApiId: 'abc', tracingEnabled: true });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: tracing from a parameter without a default or allowed values gives a warning, not a throw', () => {
    const stack = testStack();
    const on = new CfnParameter(stack, 'Tracing');
    new apigw.CfnStage(stack, 'Stage', { restApiId: 'abc', tracingEnabled: on.valueAsString as any });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });

  test('Noncompliance: a parameter whose allowed values include false is judged for each value', () => {
    const stack = testStack();
    const on = new CfnParameter(stack, 'Tracing', { default: 'true', allowedValues: ['true', 'false'] });
    new apigw.CfnStage(stack, 'Stage', { restApiId: 'abc', tracingEnabled: on.valueAsString as any });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]?.severity).toBe('error');
    expect(found[ID]?.description).toContain('parameter Tracing = "false"');
  });

  test('Compliance: a parameter that can only be true', () => {
    const stack = testStack();
    const on = new CfnParameter(stack, 'Tracing', { default: 'true', allowedValues: ['true'] });
    new apigw.CfnStage(stack, 'Stage', { restApiId: 'abc', tracingEnabled: on.valueAsString as any });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });
});
