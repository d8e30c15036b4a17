import { CfnParameter } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { ApiBaselineChecks } from '../../../src';
import { findings, ruleFindings, testStack } from '../../util';
import { cfnMethod } from '../fixtures/rest';

const RULE = 'PreflightInCode';
const ID = `ApiBaseline-${RULE}`;

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
    cfnMethod(stack, 'Aws', {
      httpMethod: 'OPTIONS',
      authorizationType: 'NONE',
      integration: { type: 'AWS', integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:sqs:path/123/q' },
    });
    cfnMethod(stack, 'Proxy', {
      httpMethod: 'options',
      integration: { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: 'arn:aws:apigateway:us-east-1:lambda:path/fn' },
    });
    cfnMethod(stack, 'Http', {
      httpMethod: 'OPTIONS',
      authorizationType: 'none',
      integration: { type: 'HTTP', integrationHttpMethod: 'OPTIONS', uri: 'https://backend.example.com' },
    });
    expect(ruleFindings(RULE, stack)[ID]?.paths).toEqual(['Test/Aws', 'Test/Proxy', 'Test/Http']);
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
    cfnMethod(stack, 'Authorized', {
      httpMethod: 'OPTIONS',
      authorizationType: 'AWS_IAM',
      integration: { type: 'HTTP_PROXY', integrationHttpMethod: 'OPTIONS', uri: 'https://backend.example.com' },
    });
    cfnMethod(stack, 'Mock', {
      httpMethod: 'OPTIONS', authorizationType: 'NONE', integration: { type: 'MOCK' },
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
    const found = ruleFindings(RULE, stack);
    const ids = Object.keys(found);
    expect(ids).toEqual([]);
  });

  test('Unresolvable: an intrinsic integration type or authorization type gives a warning, not a throw', () => {
    const stack = testStack();
    cfnMethod(stack, 'Type', {
      httpMethod: 'OPTIONS',
      authorizationType: 'NONE',
      integration: { type: new CfnParameter(stack, 'IntegrationType', { type: 'String' }).valueAsString, uri: 'https://backend.example.com' },
    });
    cfnMethod(stack, 'Auth', {
      httpMethod: 'OPTIONS',
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
