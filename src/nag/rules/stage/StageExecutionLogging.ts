import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { asList, isStageWide } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

const LOGGING_ON = ['ERROR', 'INFO'];

/** Stages write execution logs (level ERROR or INFO) for every method, and no method turns them off. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.MONITORING,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: [],
  subject: 'stage',
  unavailableOn: {
    HTTP: 'HTTP APIs have no execution logs: write `$context.integrationErrorMessage`, `$context.authorizer.error` and `$context.error.message` into the JSON access log instead.',
  },
  info: 'The API Gateway stage does not write execution logs (ERROR or INFO) for all methods.',
  explanation:
    'Execution logs show authorizer denials, validation failures and integration errors, which are the first signs of probing and of broken backends. A stage-wide setting covers every method; a per-method OFF reopens the gap.',
  cfnFix: 'Add a `MethodSettings` entry with `HttpMethod: "*"`, `ResourcePath: "/*"` and `LoggingLevel: ERROR` (or INFO) to the stage, and set OFF on no single method (`DefaultRouteSettings.LoggingLevel` on a WebSocket stage). Keep `DataTraceEnabled` false.',
  fix: 'Set `loggingLevel: MethodLoggingLevel.ERROR` (or INFO) in the stage options, i.e. a `/*` `*` method setting, and do not set OFF on single methods. Keep `dataTraceEnabled` false.',
  check: ({ props }) => {
    const settings = props.MethodSettings ?? [];
    if (isIntrinsic(settings)) return unverifiable('MethodSettings is an intrinsic');
    let stageWideOn = false;
    for (const s of asList(settings)) {
      if (isIntrinsic(s) || isIntrinsic(s.LoggingLevel)) return unverifiable('LoggingLevel is an intrinsic');
      const level = typeof s.LoggingLevel === 'string' ? s.LoggingLevel.toUpperCase() : undefined;
      if (level === 'OFF') return NagRuleCompliance.NON_COMPLIANT;
      if (isStageWide(s) && level !== undefined && LOGGING_ON.includes(level)) stageWideOn = true;
    }
    return stageWideOn ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
