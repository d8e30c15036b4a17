import { plainApiWithAccessLogs } from './plain-api';
import { ApiAlarms } from '../../src/monitoring';
import { ApiBaselineChecks } from '../../src/nag';
import { findings, testStack } from '../util';

/** A plain REST API stage with JSON access logs, optionally watched by ApiAlarms. */
function stageStack(withAlarms: boolean) {
  const stack = testStack();
  const { api, accessLogGroup } = plainApiWithAccessLogs(stack);
  if (withAlarms) {
    new ApiAlarms(stack, 'Alarms', {
      restApiName: api.restApiName,
      stageName: api.deploymentStage.stageName,
      accessLogGroup,
      compositeAlarm: true,
    });
  }
  return stack;
}

describe('ApiAlarms against ApiBaselineChecks', () => {
  test('the stage gets its 5XX alarm, and no monitoring resource has a finding', () => {
    const f = findings(new ApiBaselineChecks(), stageStack(true));
    expect(Object.keys(f)).not.toContain('ApiBaseline-Stage5xxAlarm');
    const onAlarms = Object.entries(f).filter(([, v]) => v.paths.some((p) => p.startsWith('Test/Alarms/')));
    expect(onAlarms).toEqual([]);
  });

  test('without ApiAlarms the same stage is reported (the check can fail)', () => {
    expect(Object.keys(findings(new ApiBaselineChecks(), stageStack(false)))).toContain('ApiBaseline-Stage5xxAlarm');
  });
});
