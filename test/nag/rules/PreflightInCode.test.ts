import { CfnParameter } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

const ID = 'ApiBaseline-PreflightInCode';

/** A REST API defined by an OpenAPI body whose `/pets` OPTIONS operation has `integration` and `security`. */
function specApi(stack: any, integration: unknown, security?: unknown[]) {
  new apigw.SpecRestApi(stack, 'Spec', {
    cloudWatchRole: false,
    apiDefinition: apigw.ApiDefinition.fromInline({
      openapi: '3.0.1',
      info: { title: 'pets', version: '1' },
      paths: {
        '/pets': {
          options: {
            ...(security ? { security } : {}),
            'responses': { 200: { description: 'ok' } },
            'x-amazon-apigateway-integration': integration,
          },
        },
      },
      components: {
        securitySchemes: { sigv4: { 'type': 'apiKey', 'name': 'Authorization', 'in': 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' } },
      },
    }),
  });
}

describe('PreflightInCode', () => {
  test('Noncompliance 1: L2 OPTIONS method answered by an HTTP backend, without authorization', () => {
    const stack = testStack();
    const api = new apigw.RestApi(stack, 'Api', { cloudWatchRole: false });
    api.root.addResource('orders').addMethod('OPTIONS', new apigw.HttpIntegration('https://backend.example.com/orders'));
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]?.severity).toBe('warning');
    expect(found[ID]?.paths).toEqual(['Test/Api/Default/orders/OPTIONS/Resource']);
    expect(found['ApiBaseline-MethodAuthorization']).toBeUndefined();
  });

  test('Noncompliance 2: L1 methods with AWS, AWS_PROXY and HTTP integrations, NONE or no AuthorizationType', () => {
    const stack = testStack();
    new apigw.CfnMethod(stack, 'Aws', {
      httpMethod: 'OPTIONS',
      resourceId: 'r',
      restApiId: 'a',
      authorizationType: 'NONE',
      integration: { type: 'AWS', integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:sqs:path/123/q' },
    });
    new apigw.CfnMethod(stack, 'Proxy', {
      httpMethod: 'options',
      resourceId: 'r',
      restApiId: 'a',
      integration: { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:lambda:path/fn' },
    });
    new apigw.CfnMethod(stack, 'Http', {
      httpMethod: 'OPTIONS',
      resourceId: 'r',
      restApiId: 'a',
      authorizationType: 'none',
      integration: { type: 'HTTP', integrationHttpMethod: 'OPTIONS', uri: 'https://backend.example.com' },
    });
    expect(findings(new ApiBaselineChecks(), stack)[ID]?.paths).toEqual(['Test/Aws', 'Test/Proxy', 'Test/Http']);
  });

  test('Noncompliance 3: an OpenAPI options operation with a Lambda proxy integration', () => {
    const stack = testStack();
    specApi(stack, { type: 'aws_proxy', httpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:lambda:path/fn' });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[`${ID}[OPTIONS /pets]`]?.severity).toBe('warning');
    expect(found[`${ID}[OPTIONS /pets]`]?.paths).toEqual(['Test/Spec/Resource']);
    expect(found['ApiBaseline-MethodAuthorization[OPTIONS /pets]']).toBeUndefined();
  });

  test('Noncompliance 4: an HTTP API OPTIONS route answered by an integration', () => {
    const stack = testStack();
    const api = new apigwv2.CfnApi(stack, 'Http', { name: 'http', protocolType: 'HTTP' });
    const integration = new apigwv2.CfnIntegration(stack, 'Integration', {
      apiId: api.ref, integrationType: 'HTTP_PROXY', integrationMethod: 'ANY', integrationUri: 'https://backend.example.com', payloadFormatVersion: '1.0',
    });
    new apigwv2.CfnRoute(stack, 'Route', {
      apiId: api.ref, routeKey: 'OPTIONS /{proxy+}', authorizationType: 'NONE', target: `integrations/${integration.ref}`,
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[`${ID}[OPTIONS /{proxy+}]`]?.paths).toEqual(['Test/Route']);
    expect(found['ApiBaseline-MethodAuthorization[OPTIONS /{proxy+}]']).toBeUndefined();
  });

  test('Compliance', () => {
    const stack = testStack();
    const api = new apigw.RestApi(stack, 'Api', {
      cloudWatchRole: false,
      defaultMethodOptions: { authorizationType: apigw.AuthorizationType.IAM },
      defaultCorsPreflightOptions: { allowOrigins: ['https://app.example.com'] },
    });
    api.root.addMethod('GET', new apigw.HttpIntegration('https://backend.example.com'));
    // an authorized OPTIONS method is an ordinary endpoint, judged by MethodAuthorization
    new apigw.CfnMethod(stack, 'Authorized', {
      httpMethod: 'OPTIONS',
      resourceId: 'r',
      restApiId: 'a',
      authorizationType: 'AWS_IAM',
      integration: { type: 'HTTP_PROXY', integrationHttpMethod: 'OPTIONS', uri: 'https://backend.example.com' },
    });
    new apigw.CfnMethod(stack, 'Mock', {
      httpMethod: 'OPTIONS', resourceId: 'r', restApiId: 'a', authorizationType: 'NONE', integration: { type: 'MOCK' },
    });
    specApi(stack, { type: 'mock', requestTemplates: { 'application/json': '{"statusCode": 200}' } });
    new apigw.SpecRestApi(stack, 'Signed', {
      cloudWatchRole: false,
      apiDefinition: apigw.ApiDefinition.fromInline({
        openapi: '3.0.1',
        info: { title: 'signed', version: '1' },
        paths: {
          '/pets': {
            options: {
              'security': [{ sigv4: [] }],
              'responses': { 200: { description: 'ok' } },
              'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:lambda:path/fn' },
            },
          },
        },
        components: {
          securitySchemes: { sigv4: { 'type': 'apiKey', 'name': 'Authorization', 'in': 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' } },
        },
      }),
    });
    new apigwv2.HttpApi(stack, 'Cors', { corsPreflight: { allowOrigins: ['https://app.example.com'] } });
    const found = findings(new ApiBaselineChecks(), stack);
    const ids = Object.keys(found).filter((id) => id.startsWith(ID));
    expect(ids).toEqual([]);
  });

  test('Unresolvable: an intrinsic integration type or authorization type gives a warning, not a throw', () => {
    const stack = testStack();
    new apigw.CfnMethod(stack, 'Type', {
      httpMethod: 'OPTIONS',
      resourceId: 'r',
      restApiId: 'a',
      authorizationType: 'NONE',
      integration: { type: new CfnParameter(stack, 'IntegrationType', { type: 'String' }).valueAsString, uri: 'https://backend.example.com' },
    });
    new apigw.CfnMethod(stack, 'Auth', {
      httpMethod: 'OPTIONS',
      resourceId: 'r',
      restApiId: 'a',
      authorizationType: new CfnParameter(stack, 'AuthType', { type: 'String' }).valueAsString,
      integration: { type: 'HTTP_PROXY', integrationHttpMethod: 'OPTIONS', uri: 'https://backend.example.com' },
    });
    const found = findings(new ApiBaselineChecks(), stack);
    expect(found[ID]).toBeUndefined();
    expect(found[`${ID}[Unverifiable]`]?.severity).toBe('warning');
    expect(found[`${ID}[Unverifiable]`]?.paths).toEqual(['Test/Type', 'Test/Auth']);
    expect(found['ApiBaseline-MethodAuthorization[Unverifiable]']).toBeUndefined();
  });
});
