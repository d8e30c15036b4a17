import { Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-StageDataTraceOff';

function api(stack: any, options: apigw.StageOptions) {
  const rest = new apigw.RestApi(stack, 'Api', { deployOptions: options, cloudWatchRole: false });
  rest.root.addMethod('GET', new apigw.MockIntegration());
  return rest;
}

describe('StageDataTraceOff', () => {
  test('Noncompliance 1: data trace on for the whole stage', () => {
    const stack = testStack();
    api(stack, { dataTraceEnabled: true });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: data trace on for one method only', () => {
    const stack = testStack();
    api(stack, { methodOptions: { '/*/GET': { dataTraceEnabled: true } } });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 stage with data trace on', () => {
    const stack = testStack();
    new apigw.CfnStage(stack, 'Stage', {
      restApiId: 'abc',
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', dataTraceEnabled: true }],
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Stage']);
  });

  test('Compliance', () => {
    const stack = testStack();
    api(stack, { dataTraceEnabled: false, loggingLevel: apigw.MethodLoggingLevel.ERROR });
    new apigw.CfnStage(stack, 'NoSettings', { restApiId: 'abc' });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    new apigw.CfnStage(stack, 'Stage', {
      restApiId: 'abc',
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', dataTraceEnabled: Fn.importValue('Trace') as any }],
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
