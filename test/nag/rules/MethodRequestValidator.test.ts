import { CfnParameter, Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';
import { cfnMethod } from '../fixtures/rest';

const ID = 'ApiBaseline-MethodRequestValidator';

function restApi(stack: any) {
  const api = new apigw.RestApi(stack, 'Api', {
    cloudWatchRole: false,
    defaultMethodOptions: { authorizationType: apigw.AuthorizationType.IAM },
  });
  const model = api.addModel('Order', {
    contentType: 'application/json',
    schema: { type: apigw.JsonSchemaType.OBJECT, additionalProperties: false, properties: {} },
  });
  return { api, model };
}

describe('MethodRequestValidator', () => {
  test('Noncompliance 1: L2 method without a validator', () => {
    const stack = testStack();
    restApi(stack).api.root.addMethod('GET', new apigw.MockIntegration());
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Api/Default/GET/Resource']);
  });

  test('Noncompliance 2: method with a request model whose validator skips the body', () => {
    const stack = testStack();
    const { api, model } = restApi(stack);
    api.root.addMethod('POST', new apigw.MockIntegration(), {
      requestModels: { 'application/json': model },
      requestValidatorOptions: { validateRequestParameters: true },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Api/Default/POST/Resource']);
  });

  test('Noncompliance 3: method with request parameters whose validator skips parameters', () => {
    const stack = testStack();
    const { api } = restApi(stack);
    const validator = api.addRequestValidator('BodyOnly', { validateRequestBody: true });
    api.root.addMethod('GET', new apigw.MockIntegration(), {
      requestParameters: { 'method.request.querystring.page': true },
      requestValidator: validator,
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Api/Default/GET/Resource']);
  });

  test('Noncompliance 4: L1 method without RequestValidatorId', () => {
    const stack = testStack();
    cfnMethod(stack, 'Method', { httpMethod: 'PUT', authorizationType: 'AWS_IAM' });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Method']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const { api, model } = restApi(stack);
    const both = api.addRequestValidator('Both', { validateRequestBody: true, validateRequestParameters: true });
    api.root.addMethod('POST', new apigw.MockIntegration(), {
      requestModels: { 'application/json': model },
      requestParameters: { 'method.request.header.x-request-id': true },
      requestValidator: both,
    });
    api.root.addMethod('GET', new apigw.MockIntegration(), {
      requestValidatorOptions: { validateRequestParameters: true },
      requestParameters: { 'method.request.querystring.page': false },
    });
    api.root.addCorsPreflight({ allowOrigins: ['https://app.example.com'] });
    cfnMethod(stack, 'L1', {
      httpMethod: 'DELETE', authorizationType: 'AWS_IAM', requestValidatorId: 'abc123',
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    const validator = new apigw.CfnRequestValidator(stack, 'Validator', {
      restApiId: 'a', validateRequestBody: new CfnParameter(stack, 'ValidateBody').value,
    });
    cfnMethod(stack, 'Method', {
      httpMethod: 'POST',
      authorizationType: 'AWS_IAM',
      requestValidatorId: validator.ref,
      requestModels: { 'application/json': 'Order' },
    });
    cfnMethod(stack, 'Imported', {
      httpMethod: 'POST',
      authorizationType: 'AWS_IAM',
      requestValidatorId: Fn.importValue('ValidatorId'),
      requestModels: { 'application/json': 'Order' },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths).toEqual(['Test/Method', 'Test/Imported']);
  });
});
