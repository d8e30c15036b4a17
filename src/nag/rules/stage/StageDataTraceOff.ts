import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Stages never write full request and response bodies to execution logs. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.MONITORING,
  owasp: 'API3:2023 Broken Object Property Level Authorization',
  resourceTypes: [],
  subject: 'stage',
  info: 'The API Gateway stage logs full request and response data (data trace is on).',
  explanation:
    'Data trace writes bodies, headers and tokens into CloudWatch Logs, where anyone who can read the log group sees credentials and personal data.',
  cfnFix: 'Set `DataTraceEnabled: false` in every `MethodSettings` entry of the `AWS::ApiGateway::Stage` (keep `LoggingLevel` ERROR or INFO).',
  fix: 'Set `dataTraceEnabled: false` in every method setting of the stage (execution logging level ERROR or INFO stays on).',
  check: ({ props }) => {
    const settings = props.MethodSettings ?? [];
    if (isIntrinsic(settings)) return unverifiable('MethodSettings is an intrinsic');
    for (const s of settings) {
      if (isIntrinsic(s) || isIntrinsic(s.DataTraceEnabled)) return unverifiable('DataTraceEnabled is an intrinsic');
      if (s.DataTraceEnabled === true || s.DataTraceEnabled === 'true') return NagRuleCompliance.NON_COMPLIANT;
    }
    return NagRuleCompliance.COMPLIANT;
  },
});
