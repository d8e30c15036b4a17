import { Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { ApiAlarmsProps } from './api-alarms';
import { checkWholeMinutesUpToADay } from '../private/duration';
import { checkNamespace } from '../private/namespace';
import { checkIntegerRange, checkRange, invalidProp } from '../private/validation';

/** The props of `ApiAlarms` with their defaults applied, after validation. */
export interface AlarmSettings {
  readonly period: Duration;
  readonly bandWidth: number;
  readonly evaluationPeriods: number;
  readonly datapointsToAlarm: number;
  readonly treatMissingData: cloudwatch.TreatMissingData;
  readonly fiveXxRateThresholdPercent: number;
  readonly latencyP99ThresholdMs: number;
  /** Prefix of every alarm name. */
  readonly prefix: string;
}

/** Applies the defaults of `ApiAlarmsProps` and throws, naming the prop, on a value outside its rule. */
export function resolveAlarmSettings(props: ApiAlarmsProps): AlarmSettings {
  checkNonEmpty('restApiName', props.restApiName);
  checkNonEmpty('stageName', props.stageName);
  if (props.httpApiId !== undefined) checkNonEmpty('httpApiId', props.httpApiId);

  const period = props.period ?? Duration.minutes(5);
  const periodSeconds = checkWholeMinutesUpToADay('period', period);

  const bandWidth = props.bandWidth ?? 2;
  checkRange('bandWidth', bandWidth, 0.1, 10);

  const evaluationPeriods = props.evaluationPeriods ?? 5;
  checkIntegerRange('evaluationPeriods', evaluationPeriods, 1, 1440);
  if (periodSeconds !== undefined && !Token.isUnresolved(evaluationPeriods) && evaluationPeriods * periodSeconds > 86_400) {
    throw invalidProp('evaluationPeriods', evaluationPeriods,
      `times "period" (${periodSeconds} s) must not exceed 86400 seconds (one day)`);
  }

  const maxDatapoints = Token.isUnresolved(evaluationPeriods) ? 1440 : evaluationPeriods;
  const datapointsToAlarm = props.datapointsToAlarm ?? Math.min(3, maxDatapoints);
  if (!Token.isUnresolved(datapointsToAlarm)
    && (!Number.isInteger(datapointsToAlarm) || datapointsToAlarm < 1 || datapointsToAlarm > maxDatapoints)) {
    throw invalidProp('datapointsToAlarm', datapointsToAlarm,
      `must be an integer between 1 and "evaluationPeriods" (${maxDatapoints})`);
  }

  const fiveXxRate = props.fiveXxRateThresholdPercent ?? 5;
  if (!Token.isUnresolved(fiveXxRate) && (!Number.isFinite(fiveXxRate) || fiveXxRate <= 0 || fiveXxRate > 100)) {
    throw invalidProp('fiveXxRateThresholdPercent', fiveXxRate, 'must be greater than 0 and at most 100');
  }
  const latencyThreshold = props.latencyP99ThresholdMs ?? 5000;
  checkRange('latencyP99ThresholdMs', latencyThreshold, 1, 300_000);

  if (props.alarmNamePrefix !== undefined && !Token.isUnresolved(props.alarmNamePrefix)
    && !/^[\x20-\x7E]{1,100}$/.test(props.alarmNamePrefix)) {
    throw invalidProp('alarmNamePrefix', props.alarmNamePrefix, 'must be 1-100 printable ASCII characters');
  }
  if (props.behaviourNamespace !== undefined) checkNamespace('behaviourNamespace', props.behaviourNamespace);

  return {
    period,
    bandWidth,
    evaluationPeriods,
    datapointsToAlarm,
    treatMissingData: props.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
    fiveXxRateThresholdPercent: fiveXxRate,
    latencyP99ThresholdMs: latencyThreshold,
    prefix: props.alarmNamePrefix ?? `${props.restApiName}-${props.stageName}`,
  };
}

function checkNonEmpty(prop: string, value: string): void {
  if (Token.isUnresolved(value)) return;
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidProp(prop, value, 'must be a non-empty string');
  }
}
