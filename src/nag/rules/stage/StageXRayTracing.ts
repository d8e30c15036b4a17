import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isTrue } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Stages send traces to AWS X-Ray. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.MONITORING,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: [],
  subject: 'stage',
  unavailableOn: {
    HTTP: 'HTTP APIs cannot send traces to X-Ray: turn on active tracing in the integration (Lambda `Tracing: Active`), or use a REST API.',
    WEBSOCKET: 'WebSocket APIs cannot send traces to X-Ray: turn on active tracing in the integration (Lambda `Tracing: Active`).',
  },
  info: 'The API Gateway stage does not have X-Ray tracing enabled.',
  explanation:
    'Traces follow a request through the API, its authorizer and its backends; they show where latency, errors and unexpected downstream calls come from when an incident is investigated.',
  cfnFix: 'Set `TracingEnabled: true` on the `AWS::ApiGateway::Stage`.',
  fix: 'Set `tracingEnabled: true` in the stage options (`TracingEnabled: true` on `AWS::ApiGateway::Stage`).',
  check: ({ props }) => {
    if (isIntrinsic(props.TracingEnabled)) return unverifiable('TracingEnabled is an intrinsic');
    return isTrue(props.TracingEnabled) ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
