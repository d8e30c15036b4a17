import { CfnParameter, CfnResource } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ApiBaselineChecks } from '../../../src';
import { findings, ruleFindings, testStack } from '../../util';
import { cfnMethod } from '../fixtures/rest';

const RULE = 'MethodAuthorization';
const ID = `ApiBaseline-${RULE}`;

describe('MethodAuthorization', () => {
  test('Noncompliance 1: L2 method without an authorizer', () => {
    const stack = testStack();
    const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false });
    api.root.addMethod('GET', new apigw.MockIntegration());
    const found = ruleFindings(RULE, stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Api/Default/GET/Resource']);
  });

  test('Noncompliance 2: L1 method with AuthorizationType NONE', () => {
    const stack = testStack();
    cfnMethod(stack, 'Method', { httpMethod: 'POST', authorizationType: 'NONE' });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Method']);
  });

  test('Noncompliance 3: an OPTIONS method with a real backend is a preflight in code (PreflightInCode warns)', () => {
    const stack = testStack();
    cfnMethod(stack, 'Method', {
      httpMethod: 'OPTIONS',
      authorizationType: 'NONE',
      integration: { type: 'HTTP_PROXY', integrationHttpMethod: 'OPTIONS', uri: 'https://backend.example.com' },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found['ApiBaseline-PreflightInCode']?.severity).toBe('warning');
  });

  test('Noncompliance 4: raw resource without AuthorizationType', () => {
    const stack = testStack();
    new CfnResource(stack, 'Method', {
      type: 'AWS::ApiGateway::Method',
      properties: { HttpMethod: 'DELETE', ResourceId: 'r', RestApiId: 'a' },
    });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Method']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const api = new apigw.RestApi(stack, 'Api', {
      cloudWatchRole: false,
      defaultMethodOptions: { authorizationType: apigw.AuthorizationType.IAM },
      defaultCorsPreflightOptions: { allowOrigins: ['https://app.example.com'] },
    });
    api.root.addMethod('GET', new apigw.MockIntegration());
    api.root.addResource('orders').addMethod('POST', new apigw.MockIntegration());
    cfnMethod(stack, 'Cognito', {
      httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'z',
    });
    cfnMethod(stack, 'Custom', {
      httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: 'z',
    });
    cfnMethod(stack, 'Preflight', {
      httpMethod: 'OPTIONS', authorizationType: 'NONE', integration: { type: 'MOCK' },
    });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    const type = new CfnParameter(stack, 'AuthType', { type: 'String' });
    cfnMethod(stack, 'Method', { httpMethod: 'GET', authorizationType: type.valueAsString });
    const found = ruleFindings(RULE, stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
