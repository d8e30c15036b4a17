import { Lazy } from 'aws-cdk-lib';
import { checkNamespace, sanitizeName } from '../../src/private/namespace';

describe('checkNamespace', () => {
  test.each([
    ['AWS/Lambda', 'reserved for AWS services'],
    [':Orders', 'starts with a colon'],
    ['', 'empty'],
    ['   ', 'only spaces'],
    ['x'.repeat(256), 'too long'],
    ['Orders|Api', 'a character CloudWatch refuses'],
    ['Orders@Api', 'another refused character'],
  ])('refuses %j (%s), naming the prop and the value', (value) => {
    expect(() => checkNamespace('metricNamespace', value)).toThrow(
      `"metricNamespace" must be 1-255 characters of letters, digits, spaces and . - _ / # :, not only spaces, and must not start with "AWS/" or ":", got ${JSON.stringify(value)}`);
  });

  test.each(['ApiBaseline/orders-api_v1/prod:#.', 'x'.repeat(255), 'Orders Api', 'AWSOrders', 'Orders/AWS/x'])(
    'accepts %j and returns it', (value) => {
      expect(checkNamespace('metricNamespace', value)).toBe(value);
    });

  test('an unresolved token is not judged', () => {
    const token = Lazy.string({ produce: () => 'AWS/Lambda' });
    expect(checkNamespace('metricNamespace', token)).toBe(token);
  });
});

describe('sanitizeName', () => {
  test('replaces characters a namespace refuses with "-"', () => {
    expect(sanitizeName('orders api|v1')).toBe('orders-api-v1');
    expect(sanitizeName('orders/prod:#._-')).toBe('orders/prod:#._-');
  });

  test('leaves an unresolved token alone', () => {
    const token = Lazy.string({ produce: () => 'a b' });
    expect(sanitizeName(token)).toBe(token);
  });
});
