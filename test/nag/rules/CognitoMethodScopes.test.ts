import { Fn } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';
import { cfnMethod } from '../fixtures/rest';

const ID = 'ApiBaseline-CognitoMethodScopes';

function cognitoApi(stack: any) {
  const pool = new cognito.UserPool(stack, 'Pool');
  const authorizer = new apigw.CognitoUserPoolsAuthorizer(stack, 'Authorizer', { cognitoUserPools: [pool] });
  const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false });
  return { api, authorizer };
}

describe('CognitoMethodScopes', () => {
  test('Noncompliance 1: L2 Cognito method without scopes', () => {
    const stack = testStack();
    const { api, authorizer } = cognitoApi(stack);
    api.root.addMethod('GET', new apigw.MockIntegration(), { authorizer, authorizationType: apigw.AuthorizationType.COGNITO });
    const found = findings(new ApiBaselineChecks(), stack)[ID];
    expect(found?.severity).toBe('error');
    expect(found?.paths).toEqual(['Test/Api/Default/GET/Resource']);
  });

  test('Noncompliance 2: L1 Cognito method with an empty scope list', () => {
    const stack = testStack();
    cfnMethod(stack, 'Method', {
      httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'z', authorizationScopes: [],
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Method']);
  });

  test('Noncompliance 3: Cognito authorizer inherited from defaultMethodOptions without scopes', () => {
    const stack = testStack();
    const pool = new cognito.UserPool(stack, 'Pool');
    const api = new apigw.RestApi(stack, 'Api', {
      cloudWatchRole: false,
      defaultMethodOptions: { authorizer: new apigw.CognitoUserPoolsAuthorizer(stack, 'Authorizer', { cognitoUserPools: [pool] }) },
    });
    api.root.addResource('orders').addMethod('POST', new apigw.MockIntegration());
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Api/Default/orders/POST/Resource']);
  });

  test('Compliance', () => {
    const stack = testStack();
    const { api, authorizer } = cognitoApi(stack);
    api.root.addMethod('GET', new apigw.MockIntegration(), {
      authorizer, authorizationType: apigw.AuthorizationType.COGNITO, authorizationScopes: ['orders/read'],
    });
    api.root.addMethod('POST', new apigw.MockIntegration(), { authorizationType: apigw.AuthorizationType.IAM });
    cfnMethod(stack, 'Method', {
      httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'z', authorizationScopes: ['a/b'],
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]).toBeUndefined();
  });

  test('Unresolvable: an intrinsic gives a warning, not a throw', () => {
    const stack = testStack();
    cfnMethod(stack, 'Method', {
      httpMethod: 'GET',
      authorizationType: 'COGNITO_USER_POOLS',
      authorizerId: 'z',
      authorizationScopes: Fn.split(',', Fn.importValue('Scopes')),
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
  });
});
