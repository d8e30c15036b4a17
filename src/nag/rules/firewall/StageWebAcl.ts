import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList, flattenText, isOpaque, namedIds, valueKey } from '../../helpers/baseline-values';
import { ApiModel, ModelApi } from '../../model/api-model';
import { ChecklistArea, defineRule, RuleOutcome, unverifiable } from '../../rule';
import { isIntrinsic, refId, ResourceView, StackIndex } from '../../stack-index';

const STAGE_ARN = /\/restapis\/([^/]+)\/stages\/([^/]+)$/;

/** The web ACL associations of a stack, by the stage they protect. */
interface StageAssociations {
  /** `<api key>|<stage key>` of every association whose ARN names an API stage. */
  readonly tied: Set<string>;
  /** True when some association's ARN cannot be read at synth (imports, parameters, unknown shapes). */
  readonly someUntied: boolean;
}

/** The key of a text part from an ARN: `${Id}` reads like the `Ref` to Id, anything else is a literal. */
function partKey(part: string): string {
  const ref = /^\$\{([A-Za-z0-9]+)(?:\.RestApiId)?\}$/.exec(part);
  return ref ? valueKey({ Ref: ref[1] }) : valueKey(part);
}

/** Reads every association once; rules then answer each stage with one lookup. */
function stageAssociations(index: StackIndex): StageAssociations {
  return index.memo('firewall:stage-associations', () => {
    const tied = new Set<string>();
    let someUntied = false;
    const { created, undecided } = index.protectors('AWS::WAFv2::WebACLAssociation');
    // an association under a condition that cannot be decided may or may not protect the stage
    if (undecided.length > 0) someUntied = true;
    for (const assoc of created) {
      const arn = flattenText(assoc.props.ResourceArn);
      const m = STAGE_ARN.exec(arn);
      const text = m ? m[0] : arn;
      // an ARN built from imports or parameters may name any stage, this one included
      if (isOpaque(text) || namedIds(text).some((id) => index.get(id) === undefined)) someUntied = true;
      if (!m) continue;
      tied.add(`${partKey(m[1])}|${partKey(m[2])}`);
    }
    return { tied, someUntied };
  });
}

/** The keys under which an association ARN can name this stage: its `Ref` and its literal name. */
function stageKeys(stage: ResourceView): string[] {
  const apiId = refId(stage.props.RestApiId);
  const api = apiId !== undefined ? valueKey({ Ref: apiId }) : valueKey(stage.props.RestApiId);
  const keys = [`${api}|${valueKey({ Ref: stage.logicalId })}`];
  if (stage.props.StageName !== undefined) keys.push(`${api}|${valueKey(stage.props.StageName)}`);
  return keys;
}

/** A literal ARN of a web ACL of CLOUDFRONT scope (those live in us-east-1, with a `global/` resource). */
const CLOUDFRONT_WEB_ACL_ARN = /^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/[^/]+\/[^/]+$/;

/** Whether a value holds a `Ref` or `Fn::GetAtt` of the resource `logicalId` anywhere inside it. */
function mentions(value: unknown, logicalId: string): boolean {
  if (Array.isArray(value)) return value.some((v) => mentions(v, logicalId));
  if (value === null || typeof value !== 'object') return false;
  const v = value as any;
  if (v.Ref === logicalId) return true;
  const att = v['Fn::GetAtt'];
  if (Array.isArray(att) && att[0] === logicalId) return true;
  if (typeof att === 'string' && att.split('.')[0] === logicalId) return true;
  if (typeof v['Fn::Sub'] === 'string' && namedIds(v['Fn::Sub']).includes(logicalId)) return true;
  return Object.values(v).some((x) => mentions(x, logicalId));
}

/** The origins of the CloudFront distributions of the stack that send requests to the API's execute-api endpoint. */
function apiOrigins(api: ModelApi, index: StackIndex): { distribution: ResourceView; origin: any }[] {
  return index.memo(`firewall:front-door-origins:${api.holder.logicalId}`, () => {
    const out: { distribution: ResourceView; origin: any }[] = [];
    for (const distribution of index.referrers(api.holder.logicalId, 'AWS::CloudFront::Distribution')) {
      if (index.conditionOf(distribution) === false) continue;
      const config = distribution.props.DistributionConfig;
      for (const origin of asList(config?.Origins)) {
        if (origin && mentions(origin.DomainName, api.holder.logicalId)) out.push({ distribution, origin });
      }
    }
    return out;
  });
}

/** How the web ACL of a distribution reads: a CLOUDFRONT-scope web ACL, none, or one that cannot be told at synth. */
function webAclOf(distribution: ResourceView, index: StackIndex): RuleOutcome {
  const id = distribution.props.DistributionConfig?.WebACLId;
  if (id === undefined || id === null || id === '') return NagRuleCompliance.NON_COMPLIANT;
  if (typeof id === 'string') return CLOUDFRONT_WEB_ACL_ARN.test(id) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  const acl = index.target(id);
  if (acl?.type === 'AWS::WAFv2::WebACL') {
    return acl.props.Scope === 'CLOUDFRONT' ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  }
  return unverifiable('the web ACL of the CloudFront distribution in front of the HTTP API is only known at deploy time');
}

/** The names (lower case) of the secret headers an origin adds to every request it forwards. */
function originHeaders(origin: any): string[] {
  return asList(origin.OriginCustomHeaders)
    .filter((h) => typeof h?.HeaderName === 'string' && h.HeaderValue !== undefined && h.HeaderValue !== '')
    .map((h) => (h.HeaderName as string).toLowerCase());
}

/** The headers (lower case) a route's authorizer needs on every request: those of a REQUEST (Lambda) authorizer. */
function routeVerifyHeaders(props: any, index: StackIndex): string[] | RuleOutcome {
  if (props.AuthorizationType !== 'CUSTOM') return NagRuleCompliance.NON_COMPLIANT;
  const authorizer = index.target(props.AuthorizerId);
  if (!authorizer) {
    return isIntrinsic(props.AuthorizerId) && refId(props.AuthorizerId) === undefined
      ? unverifiable('a route authorizer is only known at deploy time') : NagRuleCompliance.NON_COMPLIANT;
  }
  if (authorizer.type !== 'AWS::ApiGatewayV2::Authorizer' || authorizer.props.AuthorizerType !== 'REQUEST') return NagRuleCompliance.NON_COMPLIANT;
  return asList(authorizer.props.IdentitySource)
    .map((source) => (typeof source === 'string' ? /^\$request\.header\.(.+)$/i.exec(source)?.[1]?.toLowerCase() : undefined))
    .filter((name): name is string => name !== undefined);
}

/**
 * An HTTP API's front door: its only way in is a CloudFront distribution with a web ACL. Every origin of a
 * distribution that reaches the API must go over https, add a secret header, and have a CLOUDFRONT-scope web ACL on
 * its distribution; every route of the API must have a REQUEST authorizer that needs that header (the origin-verify
 * authorizer), so a request that goes around the distribution is refused.
 */
function frontDoor(api: ModelApi, index: StackIndex): RuleOutcome {
  return index.memo(`firewall:front-door:${api.holder.logicalId}`, () => {
    const origins = apiOrigins(api, index);
    if (origins.length === 0) return NagRuleCompliance.NON_COMPLIANT;
    const outcomes: RuleOutcome[] = [];
    let headers: Set<string> | undefined;
    for (const { distribution, origin } of origins) {
      // a distribution under a condition that cannot be decided may not exist: then nothing is in front of the API
      if (index.conditionOf(distribution) === undefined) {
        outcomes.push(unverifiable('the CloudFront distribution in front of the HTTP API is created under a condition that cannot be decided at synth'));
      }
      outcomes.push(webAclOf(distribution, index));
      if (origin.CustomOriginConfig?.OriginProtocolPolicy !== 'https-only') outcomes.push(NagRuleCompliance.NON_COMPLIANT);
      const names = new Set(originHeaders(origin));
      headers = headers === undefined ? names : new Set([...headers].filter((h) => names.has(h)));
    }
    const routes = ApiModel.of(index).allOperations().filter((op) => op.api === api.key);
    if (routes.length === 0 || api.unreadable !== undefined) outcomes.push(NagRuleCompliance.NON_COMPLIANT);
    for (const route of routes) {
      const needed = routeVerifyHeaders(route.props, index);
      if (!Array.isArray(needed)) outcomes.push(needed);
      else if (!needed.some((h) => headers!.has(h))) outcomes.push(NagRuleCompliance.NON_COMPLIANT);
    }
    if (outcomes.includes(NagRuleCompliance.NON_COMPLIANT)) return NagRuleCompliance.NON_COMPLIANT;
    return outcomes.find((o) => typeof o === 'object') ?? NagRuleCompliance.COMPLIANT;
  });
}

/**
 * Every API Gateway stage is associated with a WAF web ACL; an HTTP API, which cannot be, is protected when its only
 * way in is a CloudFront distribution with a web ACL (see `frontDoor`).
 */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.INPUT_VALIDATION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: [],
  subject: 'stage',
  shapes: 'REST (Stage, Deployment stage); HTTP behind a CloudFront distribution (Stage: the front door is judged); other HTTP, WebSocket: `[Unavailable]` warning',
  unavailableOn: {
    HTTP: 'A WAF web ACL cannot be associated with an HTTP API: put a CloudFront distribution with a web ACL (CLOUDFRONT scope) in front of it and lock the API to it, or use a REST API.',
    WEBSOCKET: 'A WAF web ACL cannot be associated with a WebSocket API: put a CloudFront distribution with a web ACL (CLOUDFRONT scope) in front of it and lock the API to it.',
  },
  info: 'The API Gateway stage is not associated with a WAF web ACL (for an HTTP API behind CloudFront: the distribution has no CLOUDFRONT-scope web ACL, or the API can be reached around it).',
  explanation:
    'The web ACL is where injection patterns, known bad inputs, oversized bodies and request floods are stopped before they reach the API; a stage without one takes all of them to its authorizers and backends.',
  cfnFix: 'Create an `AWS::WAFv2::WebACLAssociation` whose `ResourceArn` is the stage ARN (`arn:aws:apigateway:<region>::/restapis/<api id>/stages/<stage>`) and whose `WebACLArn` is the web ACL, in the same template as the stage. For an HTTP API behind CloudFront: set `DistributionConfig.WebACLId` to a CLOUDFRONT-scope web ACL, use an https-only origin that adds a secret header, and give every route a REQUEST authorizer whose identity source is that header.',
  fix: 'Create an `AWS::WAFv2::WebACLAssociation` with `resourceArn: stage.stageArn` and the web ACL ARN, in the same stack as the stage. For an HTTP API behind CloudFront: set `WebACLId` of the distribution to a CLOUDFRONT-scope web ACL, use an https-only origin that adds a secret header, and give every route a REQUEST authorizer whose identity source is that header.',
  availableOn: (api, index) => api.kind === 'HTTP' && apiOrigins(api, index).length > 0,
  check: (stage, index) => {
    if (stage.kind === 'HTTP') return stage.api ? frontDoor(stage.api, index) : NagRuleCompliance.NON_COMPLIANT;
    const associations = stageAssociations(index);
    if (stageKeys(stage).some((k) => associations.tied.has(k))) return NagRuleCompliance.COMPLIANT;
    if (associations.someUntied) {
      return unverifiable('a web ACL association in the stack has a resource ARN that is only known at deploy time, or a condition that cannot be decided at synth');
    }
    return NagRuleCompliance.NON_COMPLIANT;
  },
});
