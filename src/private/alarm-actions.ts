import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';

/** Sends the alarms' changes to ALARM and back to OK to `action` (for example an SNS topic), so recovery is seen too. */
export function notifyAlarmAndOk(action: cloudwatch.IAlarmAction, ...alarms: cloudwatch.AlarmBase[]): void {
  for (const alarm of alarms) {
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
}
