import { isIPv4, isIPv6 } from 'net';
import { Token } from 'aws-cdk-lib';
import { invalidProp } from './validation';

/** The IP version of a CIDR block. */
export type CidrVersion = 4 | 6;

/**
 * The one CIDR rule of the library, for every IP list (resource policies, firewall IP sets): an IPv4 address with a
 * prefix of /1-/32 or an IPv6 address with a prefix of /1-/128, no bits set after the prefix. `/0` is refused
 * because it allows (or denies) every address of the version, which is what leaving the list out means.
 *
 * @returns the IP version, or undefined for an unresolved token (the caller decides whether a token is acceptable)
 */
export function checkCidr(prop: string, cidr: string): CidrVersion | undefined {
  if (Token.isUnresolved(cidr)) return undefined;
  const match = typeof cidr === 'string' ? /^([^/]+)\/(\d{1,3})$/.exec(cidr) : null;
  const version: CidrVersion | undefined = !match ? undefined : isIPv4(match[1]) ? 4 : isIPv6(match[1]) ? 6 : undefined;
  if (!match || version === undefined) {
    throw invalidProp(prop, cidr, 'must be an IPv4 or IPv6 CIDR block such as "203.0.113.0/24"');
  }
  const prefix = Number(match[2]);
  const width = version === 4 ? 32 : 128;
  if (prefix === 0) {
    throw invalidProp(prop, cidr, 'must not allow every address (a /0 prefix); leave the list unset instead');
  }
  if (prefix > width) {
    throw invalidProp(prop, cidr, `must be an IPv${version} CIDR block with a prefix of /1-/${width}`);
  }
  const bits = version === 4 ? ipv4Bits(match[1]) : ipv6Bits(match[1]);
  if (bits.slice(prefix).includes('1')) {
    const networkBits = bits.slice(0, prefix).padEnd(width, '0');
    const network = version === 4 ? ipv4Text(networkBits) : ipv6Text(networkBits);
    throw invalidProp(prop, cidr, `must not set address bits after the prefix (the block is "${network}/${prefix}")`);
  }
  return version;
}

/** Checks every CIDR block of a list (see `checkCidr`) and splits the literal ones by IP version. */
export function checkCidrList(prop: string, cidrs: string[]): { ipv4: string[]; ipv6: string[]; unresolved: string[] } {
  const ipv4: string[] = [];
  const ipv6: string[] = [];
  const unresolved: string[] = [];
  cidrs.forEach((cidr, i) => {
    const version = checkCidr(`${prop}[${i}]`, cidr);
    if (version === 4) ipv4.push(cidr);
    else if (version === 6) ipv6.push(cidr);
    else unresolved.push(cidr);
  });
  return { ipv4, ipv6, unresolved };
}

function ipv4Bits(address: string): string {
  return address.split('.').map((octet) => Number(octet).toString(2).padStart(8, '0')).join('');
}

function ipv4Text(bits: string): string {
  return [0, 8, 16, 24].map((i) => parseInt(bits.slice(i, i + 8), 2)).join('.');
}

/** An IPv6 address from its 128 bits, with the longest run of zero groups written as `::`. */
function ipv6Text(bits: string): string {
  const groups = Array.from({ length: 8 }, (_, i) => parseInt(bits.slice(i * 16, i * 16 + 16), 2).toString(16));
  let best = { start: -1, length: 1 };
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.length) best = { start: i, length: j - i };
  }
  if (best.start < 0) return groups.join(':');
  return `${groups.slice(0, best.start).join(':')}::${groups.slice(best.start + best.length).join(':')}`;
}

/** The 128 bits of an IPv6 address (`::` expanded, a trailing dotted IPv4 part included). */
function ipv6Bits(address: string): string {
  let text = address.toLowerCase();
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  let tail = '';
  if (dotted) {
    tail = ipv4Bits(dotted[1]);
    text = text.slice(0, -dotted[1].length);
    text = text.endsWith('::') ? text : text.replace(/:$/, '');
  }
  const groupsWanted = (128 - tail.length) / 16;
  const [head, rest] = text.includes('::') ? text.split('::') : [text, undefined];
  const headGroups = head ? head.split(':').filter((g) => g !== '') : [];
  const restGroups = rest ? rest.split(':').filter((g) => g !== '') : [];
  const zeros = rest === undefined ? [] : new Array(groupsWanted - headGroups.length - restGroups.length).fill('0');
  return [...headGroups, ...zeros, ...restGroups]
    .map((group) => parseInt(group, 16).toString(2).padStart(16, '0'))
    .join('') + tail;
}
