import { Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-StageExecutionLogging';

function api(stack: any, id: string, options: apigw.StageOptions) {
  const rest = new apigw.RestApi(stack, id, { deployOptions: options, cloudWatchRole: false });
  rest.root.addMethod('GET', new apigw.MockIntegration());
  return rest;
}

describe('StageExecutionLogging', () => {
  test('Noncompliance 1: no execution logging', () => {
    const stack = testStack();
    api(stack, 'Api', {});
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: logging level OFF', () => {
    const stack = testStack();
    api(stack, 'Api', { loggingLevel: apigw.MethodLoggingLevel.OFF });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: stage-wide INFO but one method turned OFF', () => {
    const stack = testStack();
    api(stack, 'Api', {
      loggingLevel: apigw.MethodLoggingLevel.INFO,
      methodOptions: { '/*/GET': { loggingLevel: apigw.MethodLoggingLevel.OFF } },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: L1 stage logging only one method', () => {
    const stack = testStack();
    new apigw.CfnStage(stack, 'Stage', {
      restApiId: 'abc',
      methodSettings: [{ httpMethod: 'GET', resourcePath: '/~1items', loggingLevel: 'ERROR' }],
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Stage']);
  });

  test('Compliance', () => {
    const stack = testStack();
    api(stack, 'Errors', { loggingLevel: apigw.MethodLoggingLevel.ERROR });
    api(stack, 'Info', {
      loggingLevel: apigw.MethodLoggingLevel.INFO,
      methodOptions: { '/*/GET': { loggingLevel: apigw.MethodLoggingLevel.ERROR } },
    });
    new apigw.CfnStage(stack, 'L1', {
      restApiId: 'abc',
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', loggingLevel: 'INFO' }],
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic logging level gives a warning, not a throw', () => {
    const stack = testStack();
    new apigw.CfnStage(stack, 'Stage', {
      restApiId: 'abc',
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', loggingLevel: Fn.importValue('Level') }],
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
