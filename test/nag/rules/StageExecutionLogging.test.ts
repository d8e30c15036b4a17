import { Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ruleFindings, testStack } from '../../util';
import { cfnRestStage, restApiWithStage } from '../fixtures/stages';

const RULE = 'StageExecutionLogging';
const ID = `ApiBaseline-${RULE}`;

describe('StageExecutionLogging', () => {
  test('Noncompliance 1: no execution logging', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', {});
    expect(ruleFindings(RULE, stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: logging level OFF', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', { loggingLevel: apigw.MethodLoggingLevel.OFF });
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: stage-wide INFO but one method turned OFF', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', {
      loggingLevel: apigw.MethodLoggingLevel.INFO,
      methodOptions: { '/*/GET': { loggingLevel: apigw.MethodLoggingLevel.OFF } },
    });
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: L1 stage logging only one method', () => {
    const stack = testStack();
    cfnRestStage(stack, 'Stage', {
      methodSettings: [{ httpMethod: 'GET', resourcePath: '/~1items', loggingLevel: 'ERROR' }],
    });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Stage']);
  });

  test('Compliance', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Errors', { loggingLevel: apigw.MethodLoggingLevel.ERROR });
    restApiWithStage(stack, 'Info', {
      loggingLevel: apigw.MethodLoggingLevel.INFO,
      methodOptions: { '/*/GET': { loggingLevel: apigw.MethodLoggingLevel.ERROR } },
    });
    cfnRestStage(stack, 'L1', {
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', loggingLevel: 'INFO' }],
    });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic logging level gives a warning, not a throw', () => {
    const stack = testStack();
    cfnRestStage(stack, 'Stage', {
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', loggingLevel: Fn.importValue('Level') }],
    });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
