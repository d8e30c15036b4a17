import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isCorsPreflight, isTrue } from '../../helpers/api-methods';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** True when a map-valued property declares at least one entry. */
function declares(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return true;
  return false;
}

/**
 * Every method except a CORS preflight has a request validator (`RequestValidatorId`); the validator validates
 * the body when the method has request models, and the parameters when the method declares request parameters.
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.INPUT_VALIDATION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: [],
  subject: 'operation',
  unavailableOn: {
    HTTP: 'HTTP APIs have no request validators: validate requests in the integration, or use a REST API with a request validator and models.',
    WEBSOCKET: 'WebSocket APIs have no request validators: set `RequestModels` with a `ModelSelectionExpression` on routes that take a body, or validate messages in the integration.',
  },
  info: 'The API Gateway method has no request validator, or its validator skips the body or parameters the method declares.',
  explanation:
    'Without a validator API Gateway passes any body and any parameters to the backend, even when the method declares a model or required parameters; rejecting malformed requests at the edge stops injection and mass-assignment payloads early.',
  cfnFix: 'Create an `AWS::ApiGateway::RequestValidator` with `ValidateRequestBody: true` and `ValidateRequestParameters: true` and set `RequestValidatorId` on the method, with `RequestModels` for bodies (in OpenAPI, `x-amazon-apigateway-request-validator`).',
  fix: 'Attach a request validator (`requestValidatorOptions: { validateRequestBody: true, validateRequestParameters: true }`) to the method, with `requestModels` for bodies.',
  check: ({ props, operation }, index) => {
    if (isCorsPreflight(props)) return NagRuleCompliance.NOT_APPLICABLE;
    const id = props.RequestValidatorId;
    if (id === undefined || id === null || id === '') return NagRuleCompliance.NON_COMPLIANT;
    const intrinsic = isIntrinsic(props.RequestModels) ? 'RequestModels' : isIntrinsic(props.RequestParameters) ? 'RequestParameters' : undefined;
    if (intrinsic) return unverifiable(`${intrinsic} is an intrinsic`);
    const needsBody = declares(props.RequestModels);
    const needsParameters = declares(props.RequestParameters);
    if (!needsBody && !needsParameters) return NagRuleCompliance.COMPLIANT;
    const target = operation?.validator ? undefined : index.target(id);
    const settings = operation?.validator ?? (target?.type === 'AWS::ApiGateway::RequestValidator' ? target.props : undefined);
    if (!settings) return unverifiable('RequestValidatorId does not point at a request validator of this stack');
    const body = settings.ValidateRequestBody;
    const parameters = settings.ValidateRequestParameters;
    if ((needsBody && isIntrinsic(body)) || (needsParameters && isIntrinsic(parameters))) {
      return unverifiable('the validator settings are intrinsics');
    }
    if (needsBody && !isTrue(body)) return NagRuleCompliance.NON_COMPLIANT;
    if (needsParameters && !isTrue(parameters)) return NagRuleCompliance.NON_COMPLIANT;
    return NagRuleCompliance.COMPLIANT;
  },
});
