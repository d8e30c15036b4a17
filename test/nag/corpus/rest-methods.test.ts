import { CfnCondition, CfnParameter, Duration, Fn, Stack } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { ApiBaselineChecks } from '../../../src';
import { findings, testStack } from '../../util';

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

function managedGroup(name: string, priority: number): wafv2.CfnWebACL.RuleProperty {
  return {
    name,
    priority,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
  };
}

/** A REST API with every control of the baseline in place. */
function hardened(): Parts {
  const stack = testStack();
  const key = new kms.Key(stack, 'Key', { enableKeyRotation: true, description: 'logs and alerts of the pets API' });
  key.grantEncryptDecrypt(new iam.ServicePrincipal('logs.us-east-1.amazonaws.com'));

  const accessLogs = new logs.LogGroup(stack, 'AccessLogs', {
    encryptionKey: key,
    retention: logs.RetentionDays.ONE_YEAR,
    dataProtectionPolicy: new logs.DataProtectionPolicy({
      identifiers: [logs.DataIdentifier.EMAILADDRESS, logs.DataIdentifier.IPADDRESS],
    }),
  });

  const pool = new cognito.UserPool(stack, 'Users', {
    mfa: cognito.Mfa.REQUIRED,
    mfaSecondFactor: { otp: true, sms: false },
    passwordPolicy: { minLength: 14, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
    featurePlan: cognito.FeaturePlan.PLUS,
    standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
    deletionProtection: true,
  });
  const read = new cognito.ResourceServerScope({ scopeName: 'read', scopeDescription: 'read pets' });
  const write = new cognito.ResourceServerScope({ scopeName: 'write', scopeDescription: 'add pets' });
  pool.addResourceServer('Pets', { identifier: 'pets', scopes: [read, write] });
  const authorizer = new apigw.CognitoUserPoolsAuthorizer(stack, 'Authorizer', { cognitoUserPools: [pool] });

  const api = new apigw.RestApi(stack, 'Api', {
    restApiName: 'pets',
    cloudWatchRole: false,
    disableExecuteApiEndpoint: true,
    domainName: {
      domainName: 'api.example.com',
      certificate: acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc'),
      securityPolicy: apigw.SecurityPolicy.TLS_1_2,
      endpointType: apigw.EndpointType.REGIONAL,
    },
    endpointTypes: [apigw.EndpointType.REGIONAL],
    deployOptions: {
      stageName: 'prod',
      accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
      accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
      loggingLevel: apigw.MethodLoggingLevel.ERROR,
      dataTraceEnabled: false,
      metricsEnabled: true,
      tracingEnabled: true,
      throttlingRateLimit: 100,
      throttlingBurstLimit: 200,
    },
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

  const webAcl = new wafv2.CfnWebACL(stack, 'WebAcl', {
    scope: 'REGIONAL',
    defaultAction: { allow: {} },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'pets', sampledRequestsEnabled: true },
    // sampled requests hide the credential headers
    dataProtectionConfig: {
      dataProtections: [{ action: 'SUBSTITUTION', field: { fieldType: 'SINGLE_HEADER', fieldKeys: ['authorization', 'x-api-key'] } }],
    },
    rules: [
      managedGroup('AWSManagedRulesCommonRuleSet', 0),
      managedGroup('AWSManagedRulesKnownBadInputsRuleSet', 1),
      {
        name: 'PerIpRate',
        priority: 2,
        action: { block: {} },
        statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: 'IP' } },
        visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'PerIpRate', sampledRequestsEnabled: true },
      },
    ],
  });
  const association = new wafv2.CfnWebACLAssociation(stack, 'WebAclAssociation', {
    resourceArn: api.deploymentStage.stageArn,
    webAclArn: webAcl.attrArn,
  });
  const wafLogs = new logs.LogGroup(stack, 'WafLogs', {
    logGroupName: 'aws-waf-logs-pets',
    encryptionKey: key,
    retention: logs.RetentionDays.ONE_YEAR,
  });
  const wafLogging = new wafv2.CfnLoggingConfiguration(stack, 'WafLogging', {
    resourceArn: webAcl.attrArn,
    logDestinationConfigs: [wafLogs.logGroupArn],
    redactedFields: [{ singleHeader: { Name: 'authorization' } }, { singleHeader: { Name: 'x-api-key' } }],
  });

  const alerts = new sns.Topic(stack, 'Alerts', { masterKey: key });
  const serverErrors = new cloudwatch.Alarm(stack, 'ServerErrors', {
    metric: api.deploymentStage.metricServerError({ period: Duration.minutes(1) }),
    threshold: 5,
    evaluationPeriods: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  serverErrors.addAlarmAction(new actions.SnsAction(alerts));

  return { stack, api, pets, listPets, createPet, model, validator, association, wafLogging, usagePlan, domain: api.domainName! };
}

const cfnMethod = (m: apigw.Method) => m.node.defaultChild as apigw.CfnMethod;
const cfnStage = (p: Parts) => p.api.deploymentStage.node.defaultChild as apigw.CfnStage;
/** Changes the stage-wide (`/*` `*`) method setting of the stage. */
function stageWide(p: Parts, change: (setting: apigw.CfnStage.MethodSettingProperty) => apigw.CfnStage.MethodSettingProperty): void {
  const stage = cfnStage(p);
  stage.methodSettings = (stage.methodSettings as apigw.CfnStage.MethodSettingProperty[])
    .map((s) => (s.resourcePath === '/*' && s.httpMethod === '*' ? change(s) : s));
}

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
const errorIds = (stack: Stack) =>
  Object.entries(findings(pack(), stack)).filter(([, f]) => f.severity === 'error').map(([id]) => id).sort();

describe('REST API by methods', () => {
  test('the hardened API has no error finding', () => {
    const { stack } = hardened();
    const found = findings(pack(), stack);
    const errors = Object.keys(found).filter((id) => found[id].severity === 'error');
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
    expect(errorIds(parts.stack)).toEqual(expected);
  });

  test('a stage made by a deployment StageName without StageDescription: the deployment is reported', () => {
    const p = hardened();
    new apigw.CfnDeployment(p.stack, 'LegacyDeployment', { restApiId: p.api.restApiId, stageName: 'legacy' });
    const found = findings(pack(), p.stack);
    for (const id of [
      'ApiBaseline-StageJsonAccessLogging',
      'ApiBaseline-StageExecutionLogging',
      'ApiBaseline-StageXRayTracing',
      'ApiBaseline-StageThrottling',
      'ApiBaseline-StageWebAcl',
      'ApiBaseline-Stage5xxAlarm',
    ]) {
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
    expect(errorIds(p.stack)).toEqual([]);
  });
});
