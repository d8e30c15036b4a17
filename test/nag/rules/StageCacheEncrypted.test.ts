import { Fn } from 'aws-cdk-lib';
import { ruleFindings, testStack } from '../../util';
import { cfnRestStage, restApiWithStage } from '../fixtures/stages';

const RULE = 'StageCacheEncrypted';
const ID = `ApiBaseline-${RULE}`;

describe('StageCacheEncrypted', () => {
  test('Noncompliance 1: cache cluster without encryption', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', { cacheClusterEnabled: true, cachingEnabled: true });
    expect(ruleFindings(RULE, stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: cache cluster with encryption explicitly off', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', { cacheClusterEnabled: true, cacheDataEncrypted: false });
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: stage-wide encryption but one cached method turns it off', () => {
    const stack = testStack();
    restApiWithStage(stack, 'Api', {
      cacheClusterEnabled: true,
      cachingEnabled: true,
      cacheDataEncrypted: true,
      methodOptions: { '/*/GET': { cachingEnabled: true, cacheDataEncrypted: false } },
    });
    expect(ruleFindings(RULE, stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: L1 stage caching one method without encryption', () => {
    const stack = testStack();
    cfnRestStage(stack, 'Stage', {
      methodSettings: [{ httpMethod: 'GET', resourcePath: '/~1items', cachingEnabled: true }],
    });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Stage']);
  });

  test('Compliance', () => {
    const stack = testStack();
    restApiWithStage(stack, 'NoCache', {});
    restApiWithStage(stack, 'Encrypted', {
      cacheClusterEnabled: true,
      cachingEnabled: true,
      cacheDataEncrypted: true,
      methodOptions: { '/*/GET': { cachingEnabled: true } },
    });
    cfnRestStage(stack, 'L1', {
      methodSettings: [{ httpMethod: 'GET', resourcePath: '/~1items', cachingEnabled: true, cacheDataEncrypted: true }],
    });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported cache switch gives a warning, not a throw', () => {
    const stack = testStack();
    cfnRestStage(stack, 'Stage', { cacheClusterEnabled: Fn.importValue('Cache') as any });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
