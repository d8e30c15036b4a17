import { Duration } from 'aws-cdk-lib';
import { invalidProp } from './validation';

/**
 * Throws unless `value` is a whole number of days between `min` and `max`. Returns the number of days; an
 * unresolved duration is not judged and is returned as its (token) number of days.
 */
export function checkWholeDays(prop: string, value: Duration, min: number, max: number): number {
  if (value.isUnresolved()) return value.toDays();
  const days = value.toDays({ integral: false });
  if (!Number.isInteger(days) || days < min || days > max) {
    throw invalidProp(prop, value.toHumanString(), `must be a whole number of days between ${min} and ${max}`);
  }
  return days;
}

/**
 * Throws unless `value` is a whole number of minutes between one minute and one day (a CloudWatch alarm period).
 * Returns the number of seconds, or `undefined` for an unresolved duration (not judged).
 */
export function checkWholeMinutesUpToADay(prop: string, value: Duration): number | undefined {
  if (value.isUnresolved()) return undefined;
  const seconds = value.toSeconds({ integral: false });
  if (!Number.isInteger(seconds) || seconds < 60 || seconds > 86_400 || seconds % 60 !== 0) {
    throw invalidProp(prop, `${seconds} seconds`, 'must be a multiple of 60 seconds between 60 and 86400');
  }
  return seconds;
}
