import { Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-StageCacheEncrypted';

function api(stack: any, id: string, options: apigw.StageOptions) {
  const rest = new apigw.RestApi(stack, id, { deployOptions: options, cloudWatchRole: false });
  rest.root.addMethod('GET', new apigw.MockIntegration());
  return rest;
}

describe('StageCacheEncrypted', () => {
  test('Noncompliance 1: cache cluster without encryption', () => {
    const stack = testStack();
    api(stack, 'Api', { cacheClusterEnabled: true, cachingEnabled: true });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.severity).toBe('error');
  });

  test('Noncompliance 2: cache cluster with encryption explicitly off', () => {
    const stack = testStack();
    api(stack, 'Api', { cacheClusterEnabled: true, cacheDataEncrypted: false });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 3: stage-wide encryption but one cached method turns it off', () => {
    const stack = testStack();
    api(stack, 'Api', {
      cacheClusterEnabled: true,
      cachingEnabled: true,
      cacheDataEncrypted: true,
      methodOptions: { '/*/GET': { cachingEnabled: true, cacheDataEncrypted: false } },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]).toBeDefined();
  });

  test('Noncompliance 4: L1 stage caching one method without encryption', () => {
    const stack = testStack();
    new apigw.CfnStage(stack, 'Stage', {
      restApiId: 'abc',
      methodSettings: [{ httpMethod: 'GET', resourcePath: '/~1items', cachingEnabled: true }],
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Stage']);
  });

  test('Compliance', () => {
    const stack = testStack();
    api(stack, 'NoCache', {});
    api(stack, 'Encrypted', {
      cacheClusterEnabled: true,
      cachingEnabled: true,
      cacheDataEncrypted: true,
      methodOptions: { '/*/GET': { cachingEnabled: true } },
    });
    new apigw.CfnStage(stack, 'L1', {
      restApiId: 'abc',
      methodSettings: [{ httpMethod: 'GET', resourcePath: '/~1items', cachingEnabled: true, cacheDataEncrypted: true }],
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an imported cache switch gives a warning, not a throw', () => {
    const stack = testStack();
    new apigw.CfnStage(stack, 'Stage', { restApiId: 'abc', cacheClusterEnabled: Fn.importValue('Cache') as any });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
