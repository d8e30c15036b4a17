import { CfnCondition, CfnParameter, Fn, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ApiBaselineChecks } from '../../../src';
import { errorIds, findings, testStack } from '../../util';
import { hardenedUserPool } from '../fixtures/cognito';
import { cfnStageOf, changeStageWide, guardRestStage, hardenedRestBase } from '../fixtures/rest';
import { STAGE_CONTROL_IDS } from '../fixtures/stages';

/**
 * The REST API shape written as `AWS::ApiGateway::Method` resources, built with plain aws-cdk-lib L2 constructs:
 * a hardened API that passes the pack, then variants that each break one control of it.
 */

/** The parts of the hardened API a variant reaches into. */
interface Parts {
  readonly stack: Stack;
  readonly api: apigw.RestApi;
  readonly pets: apigw.Resource;
  readonly listPets: apigw.Method;
  readonly createPet: apigw.Method;
  readonly model: apigw.Model;
  readonly validator: apigw.RequestValidator;
  readonly association: wafv2.CfnWebACLAssociation;
  readonly wafLogging: wafv2.CfnLoggingConfiguration;
  readonly usagePlan: apigw.UsagePlan;
  readonly domain: apigw.DomainName;
}

const ORIGIN = 'https://app.example.com';

/** A REST API with every control of the baseline in place. */
function hardened(): Parts {
  const stack = testStack();
  const { key, apiProps } = hardenedRestBase(stack);
  const authorizer = new apigw.CognitoUserPoolsAuthorizer(stack, 'Authorizer', { cognitoUserPools: [hardenedUserPool(stack)] });

  const api = new apigw.RestApi(stack, 'Api', {
    ...apiProps,
    disableExecuteApiEndpoint: true,
    defaultMethodOptions: {
      authorizer,
      authorizationType: apigw.AuthorizationType.COGNITO,
      authorizationScopes: ['pets/read'],
      apiKeyRequired: true,
    },
    defaultCorsPreflightOptions: { allowOrigins: [ORIGIN], allowMethods: ['GET', 'POST'] },
  });

  const validator = api.addRequestValidator('Validator', { validateRequestBody: true, validateRequestParameters: true });
  const model = api.addModel('Pet', {
    contentType: 'application/json',
    schema: {
      type: apigw.JsonSchemaType.OBJECT,
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: apigw.JsonSchemaType.STRING, maxLength: 64, pattern: '^[A-Za-z ]+$' },
        age: { type: apigw.JsonSchemaType.INTEGER, minimum: 0, maximum: 50 },
        tags: { type: apigw.JsonSchemaType.ARRAY, maxItems: 5, items: { type: apigw.JsonSchemaType.STRING, maxLength: 20 } },
      },
    },
  });

  const backend = new apigw.MockIntegration({
    requestTemplates: { 'application/json': '{"statusCode": 200}' },
    integrationResponses: [{ statusCode: '200', responseParameters: { 'method.response.header.Access-Control-Allow-Origin': `'${ORIGIN}'` } }],
  });
  const methodResponses = [{ statusCode: '200', responseParameters: { 'method.response.header.Access-Control-Allow-Origin': true } }];
  const pets = api.root.addResource('pets');
  const listPets = pets.addMethod('GET', backend, {
    requestValidator: validator,
    requestParameters: { 'method.request.querystring.limit': false },
    methodResponses,
  });
  const createPet = pets.addMethod('POST', backend, {
    requestValidator: validator,
    requestModels: { 'application/json': model },
    authorizationScopes: ['pets/write'],
    methodResponses,
  });

  const usagePlan = api.addUsagePlan('Partners', {
    throttle: { rateLimit: 50, burstLimit: 100 },
    quota: { limit: 100_000, period: apigw.Period.MONTH },
    apiStages: [{ api, stage: api.deploymentStage }],
  });
  usagePlan.addApiKey(api.addApiKey('PartnerKey'));

  const { association, wafLogging } = guardRestStage(stack, api, key);

  return { stack, api, pets, listPets, createPet, model, validator, association, wafLogging, usagePlan, domain: api.domainName! };
}

const cfnMethod = (m: apigw.Method) => m.node.defaultChild as apigw.CfnMethod;
const cfnStage = (p: Parts) => cfnStageOf(p.api);
const stageWide = (p: Parts, change: Parameters<typeof changeStageWide>[1]) => changeStageWide(p.api, change);

/** Adds a DELETE /pets method without authorization (otherwise as hardened as the others) under `logicalId`. */
function openMethod(p: Parts, logicalId: string): void {
  const method = new apigw.CfnMethod(p.stack, 'OpenMethod', {
    restApiId: p.api.restApiId,
    resourceId: p.pets.resourceId,
    httpMethod: 'DELETE',
    authorizationType: 'NONE',
    requestValidatorId: p.validator.requestValidatorId,
    apiKeyRequired: true,
    integration: { type: 'MOCK' },
  });
  method.overrideLogicalId(logicalId);
}

const pack = () => new ApiBaselineChecks();
const errorsOn = (stack: Stack) => errorIds(findings(pack(), stack));

describe('REST API by methods', () => {
  test('the hardened API has no error finding', () => {
    const { stack } = hardened();
    const found = findings(pack(), stack);
    const errors = errorIds(found);
    expect({ errors }).toEqual({ errors: [] });
    // nothing is left undecided either
    expect(Object.keys(found).filter((id) => id.includes('[Unverifiable]'))).toEqual([]);
  });

  const variants: Array<[string, string[], (p: Parts) => void]> = [
    ['a method without authorizer', ['ApiBaseline-MethodAuthorization'], (p) => {
      const method = cfnMethod(p.pets.addResource('public').addMethod('GET', new apigw.MockIntegration(), { requestValidator: p.validator }));
      method.authorizationType = 'NONE';
      method.authorizerId = undefined;
      method.authorizationScopes = undefined;
    }],
    ['an open method whose logical id is constructor', ['ApiBaseline-MethodAuthorization'], (p) => openMethod(p, 'constructor')],
    ['an open method whose logical id is toString', ['ApiBaseline-MethodAuthorization'], (p) => openMethod(p, 'toString')],
    ['a Cognito method without scopes', ['ApiBaseline-CognitoMethodScopes'], (p) => {
      cfnMethod(p.listPets).authorizationScopes = undefined;
    }],
    ['a method without request validator', ['ApiBaseline-MethodRequestValidator'], (p) => {
      cfnMethod(p.createPet).requestValidatorId = undefined;
    }],
    ['a validator that skips the body of a method with a model', ['ApiBaseline-MethodRequestValidator'], (p) => {
      (p.validator.node.defaultChild as apigw.CfnRequestValidator).validateRequestBody = false;
    }],
    ['an open model', ['ApiBaseline-ModelClosedSchema'], (p) => {
      (p.model.node.defaultChild as apigw.CfnModel).schema = { type: 'object', properties: { name: { type: 'string' } } };
    }],
    ["a gateway response that allows origin '*'", ['ApiBaseline-CorsNoWildcardOrigin'], (p) => {
      p.api.addGatewayResponse('Default4xx', {
        type: apigw.ResponseType.DEFAULT_4XX,
        responseHeaders: { 'Access-Control-Allow-Origin': "'*'" },
      });
    }],
    ["a CORS preflight that allows origin '*'", ['ApiBaseline-CorsNoWildcardOrigin'], (p) => {
      p.api.root.addResource('open', { defaultCorsPreflightOptions: { allowOrigins: apigw.Cors.ALL_ORIGINS } });
    }],
    ['a stage without access logs', ['ApiBaseline-StageJsonAccessLogging'], (p) => {
      cfnStage(p).accessLogSetting = undefined;
    }],
    ['access logs that are not JSON', ['ApiBaseline-StageJsonAccessLogging'], (p) => {
      cfnStage(p).accessLogSetting = { ...(cfnStage(p).accessLogSetting as any), format: apigw.AccessLogFormat.clf().toString() };
    }],
    ['data trace on', ['ApiBaseline-StageDataTraceOff'], (p) => {
      stageWide(p, (s) => ({ ...s, dataTraceEnabled: true }));
    }],
    ['execution logs off on one method', ['ApiBaseline-StageExecutionLogging'], (p) => {
      cfnStage(p).methodSettings = [
        ...(cfnStage(p).methodSettings as apigw.CfnStage.MethodSettingProperty[]),
        { resourcePath: '/~1pets', httpMethod: 'GET', loggingLevel: 'OFF' },
      ];
    }],
    ['no X-Ray tracing', ['ApiBaseline-StageXRayTracing'], (p) => {
      cfnStage(p).tracingEnabled = false;
    }],
    ['no stage throttling', ['ApiBaseline-StageThrottling'], (p) => {
      stageWide(p, ({ throttlingRateLimit, throttlingBurstLimit, ...rest }) => rest);
    }],
    ['method throttling above the stage', ['ApiBaseline-RouteThrottlingWithinStage'], (p) => {
      cfnStage(p).methodSettings = [
        ...(cfnStage(p).methodSettings as apigw.CfnStage.MethodSettingProperty[]),
        { resourcePath: '/~1pets', httpMethod: 'POST', throttlingRateLimit: 5000, throttlingBurstLimit: 200 },
      ];
    }],
    ['a cache without encryption', ['ApiBaseline-StageCacheEncrypted'], (p) => {
      cfnStage(p).cacheClusterEnabled = true;
      cfnStage(p).cacheClusterSize = '0.5';
      stageWide(p, (s) => ({ ...s, cachingEnabled: true, cacheDataEncrypted: false }));
    }],
    ['no web ACL association', ['ApiBaseline-StageWebAcl'], (p) => {
      p.stack.node.tryRemoveChild(p.association.node.id);
    }],
    ['the web ACL association under a condition that is false', ['ApiBaseline-StageWebAcl'], (p) => {
      p.association.cfnOptions.condition = new CfnCondition(p.stack, 'Never', { expression: Fn.conditionEquals('a', 'b') });
    }],
    ['WAF logs that keep the x-api-key header', ['ApiBaseline-WebAclLoggingRedaction'], (p) => {
      p.wafLogging.redactedFields = [{ singleHeader: { Name: 'authorization' } }];
    }],
    ['no 5XX alarm', ['ApiBaseline-Stage5xxAlarm'], (p) => {
      p.stack.node.tryRemoveChild('ServerErrors');
    }],
    ['a TLS 1.0 custom domain', ['ApiBaseline-DomainTls12'], (p) => {
      (p.domain.node.defaultChild as apigw.CfnDomainName).securityPolicy = 'TLS_1_0';
    }],
    ['the default endpoint left on', ['ApiBaseline-DomainDisablesDefaultEndpoint'], (p) => {
      (p.api.node.defaultChild as apigw.CfnRestApi).disableExecuteApiEndpoint = false;
    }],
    ['a usage plan without limits', ['ApiBaseline-UsagePlanLimits'], (p) => {
      const plan = p.usagePlan.node.defaultChild as apigw.CfnUsagePlan;
      plan.throttle = undefined;
      plan.quota = undefined;
    }],
    ['a method in a usage plan without API key', ['ApiBaseline-UsagePlanMethodApiKey'], (p) => {
      cfnMethod(p.listPets).apiKeyRequired = false;
    }],
  ];

  test.each(variants)('%s', (_name, expected, breakIt) => {
    const parts = hardened();
    breakIt(parts);
    expect(errorsOn(parts.stack)).toEqual(expected);
  });

  test('a stage made by a deployment StageName without StageDescription: the deployment is reported', () => {
    const p = hardened();
    new apigw.CfnDeployment(p.stack, 'LegacyDeployment', { restApiId: p.api.restApiId, stageName: 'legacy' });
    const found = findings(pack(), p.stack);
    for (const id of STAGE_CONTROL_IDS) {
      expect({ id, severity: found[id]?.severity, paths: found[id]?.paths }).toEqual({ id, severity: 'error', paths: ['Test/LegacyDeployment'] });
    }
  });

  test('an authorization type from a parameter that allows NONE is an error naming the value', () => {
    const p = hardened();
    const type = new CfnParameter(p.stack, 'AuthType', { type: 'String', default: 'COGNITO_USER_POOLS', allowedValues: ['COGNITO_USER_POOLS', 'NONE'] });
    cfnMethod(p.listPets).authorizationType = type.valueAsString;
    const found = findings(pack(), p.stack);
    expect(found['ApiBaseline-MethodAuthorization']?.severity).toBe('error');
    expect(found['ApiBaseline-MethodAuthorization']?.description).toContain('parameter AuthType = "NONE"');
    expect(found['ApiBaseline-MethodAuthorization']?.paths).toEqual(['Test/Api/Default/pets/GET/Resource']);
  });

  test('the same parameter without NONE among its values passes', () => {
    const p = hardened();
    const type = new CfnParameter(p.stack, 'AuthType', { type: 'String', default: 'COGNITO_USER_POOLS', allowedValues: ['COGNITO_USER_POOLS'] });
    cfnMethod(p.listPets).authorizationType = type.valueAsString;
    expect(errorsOn(p.stack)).toEqual([]);
  });
});
