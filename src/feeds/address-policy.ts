// Which network addresses the feed fetcher may connect to. Feed URLs come from server admins, so a URL
// must never become a way to reach the bot's own machine, its network or a cloud metadata service.
import { BlockList, isIP } from 'node:net';

// IPv4 ranges that are not ordinary public unicast: "this network", private, carrier-grade NAT,
// loopback, link-local (cloud metadata lives at 169.254.169.254), IETF protocol assignments,
// benchmarking, multicast and reserved (which ends with the broadcast address).
const V4_RANGES: ReadonlyArray<readonly [string, number]> = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

// IPv6: unspecified, loopback, unique-local, link-local, the old site-local and multicast, plus the
// local-use NAT64 prefix, whose translation target is whatever the local network decides.
const V6_RANGES: ReadonlyArray<readonly [string, number]> = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
  ['64:ff9b:1::', 48],
];

function v4ToHexGroups(address: string): string {
  const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
  return `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
}

function buildBlockList(v4: typeof V4_RANGES, v6: typeof V6_RANGES): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of v4) {
    list.addSubnet(network, prefix, 'ipv4');
    // The same IPv4 range reached through IPv6 forms that carry an IPv4 address inside: mapped
    // (::ffff:a.b.c.d), the deprecated compatible form (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4
    // (2002:aabb:ccdd::). A connection to any of them can end at the IPv4 address.
    list.addSubnet(`::ffff:${network}`, 96 + prefix, 'ipv6');
    list.addSubnet(`::${network}`, 96 + prefix, 'ipv6');
    list.addSubnet(`64:ff9b::${network}`, 96 + prefix, 'ipv6');
    list.addSubnet(`2002:${v4ToHexGroups(network)}::`, 16 + prefix, 'ipv6');
  }
  for (const [network, prefix] of v6) list.addSubnet(network, prefix, 'ipv6');
  return list;
}

const FORBIDDEN = buildBlockList(V4_RANGES, V6_RANGES);
// Link-local stays refused even when FEED_ALLOW_PRIVATE_HOSTS lifts the rest: no local test server
// lives there, and cloud metadata services (credentials included) do.
const LINK_LOCAL = buildBlockList([['169.254.0.0', 16]], [['fe80::', 10]]);

function check(list: BlockList, address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return list.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** True when the bot must not connect to `address` (anything that is not a valid IP address counts). */
export function isForbiddenAddress(address: string): boolean {
  return check(FORBIDDEN, address);
}

/** What FEED_ALLOW_PRIVATE_HOSTS still refuses: link-local addresses (and anything not an IP address). */
export function isForbiddenEvenLocally(address: string): boolean {
  return check(LINK_LOCAL, address);
}
