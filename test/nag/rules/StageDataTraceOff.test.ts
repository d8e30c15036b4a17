import { Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ruleFindings, testStack } from '../../util';
import { cfnRestStage, restApiWithStage } from '../fixtures/stages';

const RULE = 'StageDataTraceOff';
const ID = `ApiBaseline-${RULE}`;

describe('StageDataTraceOff', () => {
  test('Noncompliance 1: data trace on for the whole stage', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', { dataTraceEnabled: true });
    expect(ruleFindings(RULE, stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: data trace on for one method only', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', { methodOptions: { '/*/GET': { dataTraceEnabled: true } } });
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: L1 stage with data trace on', () => {
    const stack = testStack();
    cfnRestStage(stack, 'Stage', {
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', dataTraceEnabled: true }],
    });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Stage']);
  });

  test('Compliance', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', { dataTraceEnabled: false, loggingLevel: apigw.MethodLoggingLevel.ERROR });
    cfnRestStage(stack, 'NoSettings');
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    cfnRestStage(stack, 'Stage', {
      methodSettings: [{ httpMethod: '*', resourcePath: '/*', dataTraceEnabled: Fn.importValue('Trace') as any }],
    });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
