import { Lazy } from 'aws-cdk-lib';
import { checkCidr, checkCidrList } from '../../src/private/cidr';

describe('checkCidr: the one CIDR rule', () => {
  test.each([
    ['10.0.0.0/8', 4], ['192.0.2.1/32', 4], ['128.0.0.0/1', 4],
    ['2001:db8::/32', 6], ['2001:DB8::/32', 6], ['::1/128', 6], ['8000::/1', 6], ['fe80::/10', 6],
    ['::ffff:192.0.2.0/120', 6], ['1:2:3:4:5:6:7:8/128', 6],
  ])('accepts %s (IPv%s)', (cidr, version) => {
    expect(checkCidr('ips[0]', cidr)).toBe(version);
  });

  test.each([
    ['no prefix', '10.0.0.1', 'must be an IPv4 or IPv6 CIDR block such as "203.0.113.0/24"'],
    ['a bad octet', '10.0.0.300/8', 'must be an IPv4 or IPv6 CIDR block such as "203.0.113.0/24"'],
    ['a host name', 'example.com/24', 'must be an IPv4 or IPv6 CIDR block such as "203.0.113.0/24"'],
    ['an empty prefix', '10.0.0.0/', 'must be an IPv4 or IPv6 CIDR block such as "203.0.113.0/24"'],
    ['an IPv4 /0', '0.0.0.0/0', 'must not allow every address (a /0 prefix); leave the list unset instead'],
    ['an IPv6 /0', '::/0', 'must not allow every address (a /0 prefix); leave the list unset instead'],
    ['an IPv4 prefix over 32', '10.0.0.0/33', 'must be an IPv4 CIDR block with a prefix of /1-/32'],
    ['an IPv6 prefix over 128', '2001:db8::/129', 'must be an IPv6 CIDR block with a prefix of /1-/128'],
    ['IPv4 host bits', '10.0.0.1/24', 'must not set address bits after the prefix (the block is "10.0.0.0/24")'],
    ['IPv4 host bits in a short prefix', '10.128.0.0/8', 'must not set address bits after the prefix (the block is "10.0.0.0/8")'],
    ['IPv6 host bits in the last group', '1:2:3:4:5:6:7:8/112', 'must not set address bits after the prefix (the block is "1:2:3:4:5:6:7:0/112")'],
    ['IPv6 host bits', '2001:db8::1/64', 'must not set address bits after the prefix (the block is "2001:db8::/64")'],
    ['IPv6 host bits in an embedded IPv4 part', '::ffff:192.0.2.1/120', 'must not set address bits after the prefix (the block is "::ffff:c000:200/120")'],
  ])('refuses %s', (_name, cidr, rule) => {
    expect(() => checkCidr('ips[0]', cidr)).toThrow(`"ips[0]" ${rule}, got ${JSON.stringify(cidr)}`);
  });

  test('leaves tokens to the caller', () => {
    expect(checkCidr('ips[0]', Lazy.string({ produce: () => '10.0.0.1/24' }))).toBeUndefined();
  });

  test('checkCidrList splits by version and names the item', () => {
    const token = Lazy.string({ produce: () => '10.0.0.0/8' });
    expect(checkCidrList('ips', ['10.0.0.0/8', '2001:db8::/32', token])).toEqual({ ipv4: ['10.0.0.0/8'], ipv6: ['2001:db8::/32'], unresolved: [token] });
    expect(() => checkCidrList('ips', ['10.0.0.0/8', '10.0.0.1/8'])).toThrow(/"ips\[1\]" must not set address bits/);
  });
});
