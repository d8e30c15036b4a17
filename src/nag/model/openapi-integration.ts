import { DocumentScope } from './openapi-scope';
import { describe, isObject, own, setOwn, withoutUndefined } from './openapi-values';
import { isIntrinsic } from '../stack-index';

/** `Integration`-shaped properties of an operation's `x-amazon-apigateway-integration`, noting what cannot be read. */
export function readIntegration(scope: DocumentScope, raw: unknown, notes: string[]): Record<string, unknown> | undefined {
  if (raw === undefined) return undefined;
  const integration = scope.deref(raw);
  if (isIntrinsic(integration) || !isObject(integration)) {
    notes.push(`the integration is ${describe(integration)}, not an integration`);
    return isIntrinsic(integration) ? (integration as Record<string, unknown>) : undefined;
  }
  const type = own(integration, 'type');
  const out: Record<string, unknown> = {
    Type: typeof type === 'string' ? type.toUpperCase() : type,
    Uri: own(integration, 'uri'),
    IntegrationHttpMethod: own(integration, 'httpMethod'),
    ConnectionType: own(integration, 'connectionType'),
    ConnectionId: own(integration, 'connectionId'),
    Credentials: own(integration, 'credentials'),
    PassthroughBehavior: own(integration, 'passthroughBehavior'),
    RequestParameters: own(integration, 'requestParameters'),
    RequestTemplates: own(integration, 'requestTemplates'),
    PayloadFormatVersion: own(integration, 'payloadFormatVersion'),
  };
  const responses = own(integration, 'responses');
  if (isObject(responses) && !isIntrinsic(responses)) {
    out.IntegrationResponses = Object.keys(responses).map((pattern) => {
      const response = responses[pattern];
      return withoutUndefined({
        StatusCode: own(response, 'statusCode'),
        SelectionPattern: pattern === 'default' ? undefined : pattern,
        ResponseParameters: own(response, 'responseParameters'),
        ResponseTemplates: own(response, 'responseTemplates'),
      });
    });
  } else if (responses !== undefined) {
    out.IntegrationResponses = responses;
  }
  return withoutUndefined(out);
}

/** `MethodResponses`-shaped entries of an operation's `responses`, with the headers each response declares. */
export function readMethodResponses(scope: DocumentScope, raw: unknown): unknown[] | undefined {
  const responses = scope.deref(raw);
  if (!isObject(responses) || isIntrinsic(responses)) return undefined;
  return Object.keys(responses).filter((code) => !code.startsWith('x-')).map((code) => {
    const headers = own(scope.deref(responses[code]), 'headers');
    const parameters: Record<string, boolean> = {};
    if (isObject(headers) && !isIntrinsic(headers)) {
      for (const header of Object.keys(headers)) setOwn(parameters, `method.response.header.${header}`, true);
    }
    return Object.keys(parameters).length > 0 ? { StatusCode: code, ResponseParameters: parameters } : { StatusCode: code };
  });
}
