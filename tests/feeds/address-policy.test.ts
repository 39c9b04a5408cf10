import { describe, expect, it } from 'vitest';
import { isForbiddenAddress, isForbiddenEvenLocally } from '../../src/feeds/address-policy.js';

describe('isForbiddenAddress', () => {
  it.each([
    ['0.0.0.0', 'unspecified'],
    ['0.1.2.3', '"this network"'],
    ['10.0.0.1', 'private 10/8'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback, end of the range'],
    ['169.254.169.254', 'cloud metadata (link-local)'],
    ['172.16.0.1', 'private 172.16/12'],
    ['172.31.255.255', 'private 172.16/12, last address'],
    ['192.168.1.1', 'private 192.168/16'],
    ['192.0.0.170', 'IETF protocol assignments (NAT64 discovery)'],
    ['198.18.0.1', 'benchmarking'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast (SSDP)'],
    ['240.0.0.1', 'reserved'],
    ['255.255.255.255', 'broadcast'],
    ['::', 'IPv6 unspecified'],
    ['::1', 'IPv6 loopback'],
    ['fc00::1', 'unique local'],
    ['fd12:3456:789a::1', 'unique local (fd)'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local, end of the range'],
    ['fec0::1', 'site-local (deprecated)'],
    ['ff02::1', 'IPv6 multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:7f00:1', 'IPv4-mapped loopback, hex form'],
    ['::ffff:169.254.169.254', 'IPv4-mapped metadata'],
    ['::ffff:10.0.0.1', 'IPv4-mapped private'],
    ['::127.0.0.1', 'IPv4-compatible loopback'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 of the metadata address'],
    ['64:ff9b::127.0.0.1', 'NAT64 of loopback'],
    ['64:ff9b:1::8.8.8.8', 'local-use NAT64 prefix'],
    ['2002:7f00:1::', '6to4 of loopback'],
    ['2002:c0a8:101::1', '6to4 of 192.168.1.1'],
    ['not an address', 'not an IP at all'],
    ['', 'empty'],
    ['localhost', 'a name, not an address'],
  ])('refuses %s (%s)', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each([
    ['203.0.113.10', 'documentation range: never routed, so harmless, and used by the tests'],
    ['93.184.215.14', 'public IPv4'],
    ['172.32.0.1', 'just past 172.16/12'],
    ['100.128.0.1', 'just past carrier-grade NAT'],
    ['2001:db8::1', 'IPv6 documentation'],
    ['2606:4700::1111', 'public IPv6'],
    ['::ffff:93.184.215.14', 'IPv4-mapped public'],
    ['64:ff9b::5db8:d70e', 'NAT64 of a public address'],
    ['2002:5db8:d70e::1', '6to4 of a public address'],
  ])('allows %s (%s)', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });
});

describe('isForbiddenEvenLocally (what FEED_ALLOW_PRIVATE_HOSTS still refuses)', () => {
  it.each(['169.254.169.254', '169.254.0.1', 'fe80::1', '::ffff:169.254.169.254', 'not-an-address'])('refuses %s', (address) => {
    expect(isForbiddenEvenLocally(address)).toBe(true);
  });
  it.each(['127.0.0.1', '::1', '10.0.0.1', '192.168.1.20', 'fd00::1', '93.184.216.34'])('allows %s', (address) => {
    expect(isForbiddenEvenLocally(address)).toBe(false);
  });
});
