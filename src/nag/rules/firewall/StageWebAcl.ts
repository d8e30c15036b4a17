import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { flattenText, isOpaque, namedIds, valueKey } from '../../../private/nag-baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { refId, ResourceView, StackIndex } from '../../stack-index';

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

/** Every API Gateway stage is associated with a WAF web ACL. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.INPUT_VALIDATION,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: [],
  subject: 'stage',
  unavailableOn: {
    HTTP: 'A WAF web ACL cannot be associated with an HTTP API: put a CloudFront distribution with a web ACL (CLOUDFRONT scope) in front of it and lock the API to it, or use a REST API.',
    WEBSOCKET: 'A WAF web ACL cannot be associated with a WebSocket API: put a CloudFront distribution with a web ACL (CLOUDFRONT scope) in front of it and lock the API to it.',
  },
  info: 'The API Gateway stage is not associated with a WAF web ACL.',
  explanation:
    'The web ACL is where injection patterns, known bad inputs, oversized bodies and request floods are stopped before they reach the API; a stage without one takes all of them to its authorizers and backends.',
  fix: 'Create an `AWS::WAFv2::WebACLAssociation` with `resourceArn: stage.stageArn` and the web ACL ARN, in the same stack as the stage.',
  check: (stage, index) => {
    const associations = stageAssociations(index);
    if (stageKeys(stage).some((k) => associations.tied.has(k))) return NagRuleCompliance.COMPLIANT;
    if (associations.someUntied) {
      return unverifiable('a web ACL association in the stack has a resource ARN that is only known at deploy time, or a condition that cannot be decided at synth');
    }
    return NagRuleCompliance.NON_COMPLIANT;
  },
});
