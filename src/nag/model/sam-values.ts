import { createHash } from 'crypto';
import { isIntrinsic } from '../stack-index';
import { GeneratedView } from './sam-types';

/** What the parts of the SAM expansion share: where they report and what they create. */
export interface SamContext {
  /** The template's `Globals` section. */
  readonly globals: unknown;
  /** The referenceable properties of SAM resources (`MyApi.Stage`) and the logical ids they stand for. */
  readonly references: Map<string, string>;
  /** Records what could not be expanded of the SAM resource `samId`. */
  note(samId: string, sentence: string): void;
  /** Adds a resource the transform creates. */
  emit(view: GeneratedView): void;
  /** The condition of the SAM resource `samId`, if any. */
  conditionOf(samId: string): string | undefined;
}

/** The operation keys of an OpenAPI path item, as methods. */
export const HTTP_METHODS = new Set(['GET', 'PUT', 'POST', 'DELETE', 'OPTIONS', 'HEAD', 'PATCH', 'ANY']);

/** The SAM `Api` event methods and their OpenAPI operation keys. */
export function methodKey(method: string): string {
  const m = method.toLowerCase();
  return m === 'any' ? 'x-amazon-apigateway-any-method' : m;
}

/** The label the OpenAPI reader gives an operation (`GET /pets`, `ANY /pets`). */
export function operationLabel(path: string, method: string): string {
  return `${method.toUpperCase()} ${path}`;
}

export function isMap(value: unknown): value is Record<string, any> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !isIntrinsic(value);
}

export function setOwn(target: Record<string, any>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

export function own(target: unknown, key: string): any {
  return isMap(target) && Object.prototype.hasOwnProperty.call(target, key) ? (target as any)[key] : undefined;
}

export function clone<T>(value: T): T {
  return value === undefined ? value : JSON.parse(JSON.stringify(value));
}


/** The name and settings of the request validator the transform adds for a `RequestModel`. */
export function validatorName(body: unknown, parameters: unknown): { name: string; body: boolean; parameters: boolean } | undefined {
  const b = body === true;
  const p = parameters === true;
  if (body === undefined && parameters === undefined) return undefined;
  if (b && p) return { name: 'body-and-params', body: true, parameters: true };
  if (b) return { name: 'body-only', body: true, parameters: false };
  if (p) return { name: 'params-only', body: false, parameters: true };
  return { name: 'no-validation', body: false, parameters: false };
}

/** Where a Lambda authorizer's `Identity` lists point, by kind of API: the prefix of each identity source. */
export const IDENTITY_PREFIXES = {
  REST: { Headers: 'method.request.header.', QueryStrings: 'method.request.querystring.', StageVariables: 'stageVariables.', Context: 'context.' },
  HTTP: { Headers: '$request.header.', QueryStrings: '$request.querystring.', StageVariables: '$stageVariables.', Context: '$context.' },
};

/** The identity sources of a Lambda `REQUEST` authorizer's `Identity` (`Headers`, `QueryStrings`, ...). */
export function identitySources(identity: any, kind: keyof typeof IDENTITY_PREFIXES): string[] {
  const out: string[] = [];
  for (const [key, prefix] of Object.entries(IDENTITY_PREFIXES[kind])) {
    const list = identity[key];
    if (Array.isArray(list)) for (const v of list) out.push(`${prefix}${v}`);
  }
  return out;
}

export function withoutCondition(view: GeneratedView): GeneratedView {
  const { condition: _condition, ...rest } = view;
  return rest;
}

export function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 10);
}

/** A short description of a value for messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (isIntrinsic(value)) return `an intrinsic (${Object.keys(value as object)[0]})`;
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'a map';
  return JSON.stringify(value);
}

/** Invoke permissions for the Lambda authorizers of an API. */
export function authorizerPermissions(
  ctx: SamContext, apiId: string, origin: string, authorizers: unknown, condition: string | undefined, prefix: string,
): void {
  if (!isMap(authorizers)) return;
  for (const name of Object.keys(authorizers)) {
    const arn = own(authorizers[name], 'FunctionArn');
    if (arn === undefined) continue;
    ctx.emit({
      logicalId: `${prefix}${name}AuthorizerPermission`,
      type: 'AWS::Lambda::Permission',
      props: {
        Action: 'lambda:InvokeFunction',
        FunctionName: arn,
        Principal: 'apigateway.amazonaws.com',
        SourceArn: { 'Fn::Sub': ['arn:aws:execute-api:${AWS::Region}:${AWS::AccountId}:${__ApiId__}/authorizers/*', { __ApiId__: { Ref: apiId } }] },
      },
      condition,
      origin,
    });
  }
}


/** The permission for API Gateway to invoke the function `fnId` that an API event adds, limited to `sourceArn`. */
export function invokePermission(
  ctx: SamContext, logicalId: string, fnId: string, sourceArn: [string, object], condition = ctx.conditionOf(fnId),
): void {
  ctx.emit({
    logicalId,
    type: 'AWS::Lambda::Permission',
    props: { Action: 'lambda:InvokeFunction', FunctionName: { Ref: fnId }, Principal: 'apigateway.amazonaws.com', SourceArn: { 'Fn::Sub': sourceArn } },
    condition,
    origin: fnId,
  });
}
