import { parse } from 'path';
import { NagMessageLevel, NagRuleCompliance } from 'cdk-nag';
import { isFalse } from '../../helpers/baseline-values';
import { ChecklistArea, defineRule, unverifiable } from '../../rule';
import { isIntrinsic } from '../../stack-index';

/** Every CloudWatch alarm and composite alarm notifies someone: actions set and enabled. */
export default defineRule({
  name: parse(__filename).name,
  level: NagMessageLevel.ERROR,
  area: ChecklistArea.MONITORING,
  owasp: 'API8:2023 Security Misconfiguration',
  resourceTypes: ['AWS::CloudWatch::Alarm', 'AWS::CloudWatch::CompositeAlarm'],
  info: 'The CloudWatch alarm has no alarm action, or its actions are disabled.',
  explanation:
    'An alarm without an action only changes colour on a dashboard; real-time alerting needs the ALARM state to reach a topic, an incident tool or an automated response.',
  cfnFix: 'Add an SNS topic ARN to `AlarmActions` of the `AWS::CloudWatch::Alarm` and keep `ActionsEnabled` true.',
  fix: 'Add an action, e.g. `alarm.addAlarmAction(new SnsAction(alertTopic))`, and keep `actionsEnabled` true.',
  check: ({ props }) => {
    if (isIntrinsic(props.ActionsEnabled)) return unverifiable('ActionsEnabled is an intrinsic');
    if (isFalse(props.ActionsEnabled)) return NagRuleCompliance.NON_COMPLIANT;
    const actions = props.AlarmActions;
    if (isIntrinsic(actions)) return unverifiable('AlarmActions is an intrinsic');
    return Array.isArray(actions) && actions.length > 0 ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
  },
});
