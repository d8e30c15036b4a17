import { NagRuleCompliance } from 'cdk-nag';
import { flattenText, isOpaque, numberOf } from './baseline-values';
import { ApiModel } from '../model/api-model';
import { ApiKind } from '../model/types';
import { isUnverifiable, RuleOutcome, unverifiable, Unverifiable, worstOutcome } from '../rule';
import { isIntrinsic, ResourceView, StackIndex } from '../stack-index';

/** The resource types that define API Gateway authorizers (as resources, or in an OpenAPI `Body`). */
export const AUTHORIZER_HOLDER_TYPES = [
  'AWS::ApiGateway::Authorizer', 'AWS::ApiGatewayV2::Authorizer', 'AWS::ApiGateway::RestApi', 'AWS::ApiGatewayV2::Api',
];

/** One authorizer of a REST, HTTP or WebSocket API, whichever resource or document defines it. */
export interface AuthorizerView {
  /**
   * REST (`AWS::ApiGateway::Authorizer` property names), HTTP or WEBSOCKET (`AWS::ApiGatewayV2::Authorizer` property
   * names); undefined for a v2 authorizer whose API is not in the stack.
   */
  readonly flavour?: ApiKind;
  /** The v2 flavour (`AuthorizerType`) or the REST one (`Type`): `TOKEN`, `REQUEST`, `COGNITO_USER_POOLS`, `JWT`. */
  readonly type: unknown;
  /** The authorizer's properties. */
  readonly props: any;
}

/** True for the property names of `AWS::ApiGateway::Authorizer`. */
export function isRestAuthorizer(authorizer: AuthorizerView): boolean {
  return authorizer.flavour === 'REST';
}

/**
 * The authorizers a resource defines: an `AWS::ApiGateway::Authorizer` or `AWS::ApiGatewayV2::Authorizer` itself, or
 * the `x-amazon-apigateway-authorizer` security schemes of an API's OpenAPI document.
 */
export function authorizersOf(view: ResourceView, index: StackIndex): AuthorizerView[] {
  const model = ApiModel.of(index);
  if (view.type === 'AWS::ApiGateway::Authorizer') return [{ flavour: 'REST', type: upper(view.props.Type), props: view.props }];
  if (view.type === 'AWS::ApiGatewayV2::Authorizer') {
    const flavour = model.api(model.apiKey(view.props.ApiId))?.kind;
    return [{ flavour, type: upper(view.props.AuthorizerType), props: view.props }];
  }
  const api = model.apiOf(view.logicalId);
  const authorizers = api?.document?.authorizers;
  if (!api || !authorizers) return [];
  const rest = api.kind === 'REST';
  return Object.values(authorizers).map((props) => ({
    flavour: api.kind,
    type: upper(rest ? props.Type : props.AuthorizerType),
    props,
  }));
}

/** Judges each authorizer a resource defines with `judge`; the worst outcome counts. */
export function judgeEachAuthorizer(
  view: ResourceView, index: StackIndex, judge: (authorizer: AuthorizerView) => RuleOutcome,
): RuleOutcome {
  return worstOutcome(authorizersOf(view, index).map(judge));
}

/**
 * The identity sources of an authorizer as a list of texts: REST `IdentitySource` is one comma-separated string,
 * v2 `IdentitySource` a list. Unverifiable when a part is only known at deploy time.
 */
export function identitySources(value: unknown): string[] | Unverifiable {
  if (value === undefined || value === null) return [];
  if (isIntrinsic(value)) return unverifiable('IdentitySource is an intrinsic');
  const out: string[] = [];
  for (const entry of Array.isArray(value) ? value : [value]) {
    const text = flattenText(entry);
    if (isOpaque(text) || text.includes('${')) return unverifiable('an identity source is only known at deploy time');
    out.push(...text.split(',').map((s) => s.trim()).filter((s) => s.length > 0));
  }
  return out;
}

/**
 * How long an authorizer caches its result, in seconds: `AuthorizerResultTtlInSeconds`, or the service default when
 * it is unset (300 for REST TOKEN and REQUEST authorizers, 0 for HTTP API Lambda authorizers). Unverifiable for an
 * intrinsic; undefined when the authorizer cannot cache (Cognito, JWT, WebSocket).
 */
export function cacheTtlOf(authorizer: AuthorizerView): number | Unverifiable | undefined {
  const type = authorizer.type;
  if (authorizer.flavour === 'REST') {
    if (type !== 'TOKEN' && type !== 'REQUEST') return undefined;
  } else if (authorizer.flavour === 'WEBSOCKET' || type !== 'REQUEST') {
    return undefined;
  }
  const ttl = authorizer.props.AuthorizerResultTtlInSeconds;
  if (ttl === undefined || ttl === null) return authorizer.flavour === 'REST' ? 300 : 0;
  if (isIntrinsic(ttl)) return unverifiable('AuthorizerResultTtlInSeconds is an intrinsic');
  const seconds = numberOf(ttl);
  return Number.isNaN(seconds) ? unverifiable(`AuthorizerResultTtlInSeconds is ${JSON.stringify(ttl)}`) : seconds;
}

/**
 * Judges how long an authorizer caches its result (see `cacheTtlOf`) with `judge`: not applicable when it cannot
 * cache, unverifiable when the TTL is only known at deploy time.
 */
export function judgeCacheTtl(authorizer: AuthorizerView, judge: (ttl: number) => RuleOutcome): RuleOutcome {
  const ttl = cacheTtlOf(authorizer);
  if (ttl === undefined) return NagRuleCompliance.NOT_APPLICABLE;
  if (isUnverifiable(ttl)) return ttl;
  return judge(ttl);
}

/**
 * The outcome for v2 authorizer properties that do not describe a JWT authorizer: not applicable, or unverifiable when
 * `AuthorizerType` is an intrinsic. Undefined for a JWT authorizer, which the caller judges.
 */
export function notJwtOutcome(props: any): RuleOutcome | undefined {
  if (props === null || typeof props !== 'object') return NagRuleCompliance.NOT_APPLICABLE;
  const type = props.AuthorizerType;
  if (isIntrinsic(type)) return unverifiable('AuthorizerType is an intrinsic');
  if (typeof type !== 'string' || type.toUpperCase() !== 'JWT') return NagRuleCompliance.NOT_APPLICABLE;
  return undefined;
}

/** The outcome for an authorizer type that is an intrinsic (REST `Type`, v2 `AuthorizerType`). */
export function typeOutcome(authorizer: AuthorizerView): RuleOutcome | undefined {
  if (isIntrinsic(authorizer.type)) {
    return unverifiable(`${authorizer.flavour === 'REST' ? 'Type' : 'AuthorizerType'} is an intrinsic`);
  }
  return typeof authorizer.type === 'string' ? undefined : NagRuleCompliance.NOT_APPLICABLE;
}

function upper(value: unknown): unknown {
  return typeof value === 'string' ? value.toUpperCase() : value;
}
