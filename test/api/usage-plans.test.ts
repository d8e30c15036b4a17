import { Lazy } from 'aws-cdk-lib';
import { checkApiKeyOptions } from '../../src/api/usage-plans';

const PLANS = ['free', 'partner'];
const expiry = (expires: string) => () => checkApiKeyOptions('acme', { plan: 'free', expires }, PLANS);

describe('API-key expiry dates', () => {
  test.each([
    '2027-02-30', '2027-02-29', '2027-04-31', '2027-00-10', '2027-13-01', '2027-06-00', '2027-06-32',
    '2027-06-30T24:00:00Z', '2027-06-30T12:60:00Z', '2027-06-30T12:00:60Z', '2027-06-30T12:00:00+24:00', '2027-06-30T12:00:00+01:60',
  ])('refuses the impossible date %p', (expires) => {
    expect(expiry(expires)).toThrow(new RegExp(
      `^"addApiKey\\(acme\\).expires" must be an ISO 8601 date that exists in the calendar, e\\.g\\. "2027-06-30".*, got "${expires.replace(/[+.]/g, '\\$&')}"$`));
  });

  test.each(['30/06/2027', '2027-6-30', '2027-06-30T12:00', '2027-06-30 12:00:00Z', ''])('refuses the malformed date %p', (expires) => {
    expect(expiry(expires)).toThrow(/"addApiKey\(acme\).expires" must be an ISO 8601 date/);
  });

  test.each([
    '2027-06-30', '2028-02-29', '2000-02-29', '2027-01-31', '2027-12-31', '2027-06-30T23:59:59Z', '2027-06-30T00:00Z',
    '2027-06-30T12:00:00.123Z', '2027-06-30T12:00:00+14:00', '2027-06-30T12:00:00-03:30',
  ])('accepts the real date %p', (expires) => {
    expect(expiry(expires)).not.toThrow();
  });

  test('leap years follow the Gregorian rule (1900 was not one)', () => {
    expect(expiry('1900-02-29')).toThrow(/must be an ISO 8601 date that exists in the calendar/);
    expect(expiry('2100-02-29')).toThrow(/must be an ISO 8601 date that exists in the calendar/);
  });

  test('an expiry only known at deploy time is not checked', () => {
    expect(expiry(Lazy.string({ produce: () => 'later' }))).not.toThrow();
  });
});
