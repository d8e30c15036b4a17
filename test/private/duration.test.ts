import { Duration, Lazy, Token } from 'aws-cdk-lib';
import { checkWholeDays, checkWholeMinutesUpToADay } from '../../src/private/duration';

describe('checkWholeDays', () => {
  test('returns the number of days of a whole number of days within the range, bounds included', () => {
    expect(checkWholeDays('maxAge', Duration.days(1), 1, 365)).toBe(1);
    expect(checkWholeDays('maxAge', Duration.days(365), 1, 365)).toBe(365);
    expect(checkWholeDays('maxAge', Duration.hours(48), 1, 365)).toBe(2);
  });

  test.each([
    [Duration.hours(36), '1 day 12 hours'],
    [Duration.days(0), '0 days'],
    [Duration.days(366), '366 days'],
    [Duration.minutes(90), '1 hour 30 minutes'],
  ])('refuses %s, naming the prop, the value and the rule', (value, shown) => {
    expect(() => checkWholeDays('maxAge', value, 1, 365))
      .toThrow(`"maxAge" must be a whole number of days between 1 and 365, got "${shown}"`);
  });

  test('an unresolved duration is not judged', () => {
    const days = Duration.days(Lazy.number({ produce: () => 0.5 }));
    expect(Token.isUnresolved(checkWholeDays('maxAge', days, 1, 365))).toBe(true);
  });
});

describe('checkWholeMinutesUpToADay', () => {
  test('returns the seconds of a whole number of minutes from one minute to one day', () => {
    expect(checkWholeMinutesUpToADay('period', Duration.minutes(1))).toBe(60);
    expect(checkWholeMinutesUpToADay('period', Duration.minutes(5))).toBe(300);
    expect(checkWholeMinutesUpToADay('period', Duration.days(1))).toBe(86_400);
  });

  test.each([
    [Duration.seconds(30), '30 seconds'],
    [Duration.seconds(90), '90 seconds'],
    [Duration.hours(25), '90000 seconds'],
  ])('refuses %s', (value, shown) => {
    expect(() => checkWholeMinutesUpToADay('period', value))
      .toThrow(`"period" must be a multiple of 60 seconds between 60 and 86400, got "${shown}"`);
  });

  test('an unresolved duration is not judged', () => {
    expect(checkWholeMinutesUpToADay('period', Duration.seconds(Lazy.number({ produce: () => 1 })))).toBeUndefined();
  });
});
