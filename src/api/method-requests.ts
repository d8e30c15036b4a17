import { createHash } from 'crypto';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import { canonicalJson, tightenSchema } from './request-schema';
import { BODY_METHODS, ParsedRoute, routeError } from './route-path';

const PARAMETER_NAME = /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.([A-Za-z0-9._-]+)$/;

/**
 * The request parameters a method declares: the route's path parameters (required) and the declared query-string
 * and header parameters. Errors name the route.
 */
export function methodRequestParameters(parsed: ParsedRoute, declared: { [name: string]: boolean } | undefined): { [name: string]: boolean } {
  const out: { [name: string]: boolean } = {};
  for (const p of parsed.pathParameters) out[`method.request.path.${p}`] = true;
  for (const [name, required] of Object.entries(declared ?? {})) {
    const match = PARAMETER_NAME.exec(name);
    if (!match) {
      throw routeError(parsed.route, 'requestParameters', name,
        'must have names "method.request.<querystring|header|multivaluequerystring|multivalueheader|path>.<name>"');
    }
    if (typeof required !== 'boolean') {
      throw routeError(parsed.route, `requestParameters.${name}`, required, 'must be true (required) or false (optional)');
    }
    if (match[1] === 'path') {
      if (!parsed.pathParameters.includes(match[2])) {
        throw routeError(parsed.route, 'requestParameters', name, `must name a path parameter of the route (${parsed.pathParameters.join(', ') || 'none'})`);
      }
      continue;
    }
    out[name] = required;
  }
  return out;
}

/**
 * The request checks of an API's methods: one model per distinct tightened request schema (named after its hash,
 * shared by the routes that use it) and the two request validators (body and parameters for methods with a body,
 * parameters only for the others), each created with the first method that needs it.
 */
export class MethodRequests {
  private readonly models = new Map<string, apigw.Model>();
  private bodyValidator?: apigw.RequestValidator;
  private paramsValidator?: apigw.RequestValidator;

  /**
   * @param restApi the API the models and validators belong to
   * @param maxStringLength `maxLength` given to schema strings that have none
   */
  constructor(private readonly restApi: apigw.RestApi, private readonly maxStringLength?: number) {}

  /** The model of a route's request body schema, tightened (see `tightenSchema`). */
  public model(parsed: ParsedRoute, schema: apigw.JsonSchema | undefined, allowUnbounded: boolean): apigw.Model | undefined {
    if (schema === undefined) return undefined;
    const route = parsed.route;
    if (!BODY_METHODS.has(parsed.method)) {
      throw routeError(route, 'requestSchema', parsed.method, `must only be set for methods with a body (${[...BODY_METHODS].join(', ')})`);
    }
    const tightened = tightenSchema(schema, { route, maxStringLength: this.maxStringLength, allowUnbounded });
    const key = canonicalJson(tightened);
    let model = this.models.get(key);
    if (!model) {
      const hash = createHash('sha256').update(key).digest('hex').slice(0, 12);
      model = this.restApi.addModel(`Model${hash}`, {
        contentType: 'application/json',
        description: `Request body of ${route}`,
        schema: tightened,
      });
      this.models.set(key, model);
    }
    return model;
  }

  /** The validator of a method: body and parameters for methods with a body, parameters only otherwise. */
  public validator(method: string): apigw.RequestValidator {
    if (BODY_METHODS.has(method)) {
      this.bodyValidator ??= this.restApi.addRequestValidator('BodyAndParametersValidator', {
        validateRequestBody: true,
        validateRequestParameters: true,
      });
      return this.bodyValidator;
    }
    this.paramsValidator ??= this.restApi.addRequestValidator('ParametersValidator', {
      validateRequestBody: false,
      validateRequestParameters: true,
    });
    return this.paramsValidator;
  }
}
