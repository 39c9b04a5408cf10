// An undici Agent that only opens connections to addresses the address policy allows. The host name is
// resolved here, every address it resolves to is checked, and the socket is then opened to exactly
// those checked addresses: a DNS answer that changes between the check and the connect (rebinding)
// is never asked for, so it cannot slip a private address in.
import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, buildConnector } from 'undici';
import { isForbiddenAddress, isForbiddenEvenLocally } from './address-policy.js';

/** Host name → every address it resolves to. Tests pass a table instead of the system resolver. */
export type ResolveHost = (hostname: string) => Promise<string[]>;

export const systemResolve: ResolveHost = async (hostname) =>
  (await dnsLookup(hostname, { all: true, verbatim: true })).map((entry) => entry.address);

/** Thrown (as the cause of fetch's error) when a host name leads to an address the bot refuses. */
export class BlockedAddressError extends Error {
  constructor(
    readonly hostname: string,
    readonly address: string,
  ) {
    super(`${hostname === address ? address : `${hostname} resolves to ${address}, which`} is a local, private or reserved address`);
    this.name = 'BlockedAddressError';
  }
}

export interface GuardedAgentOptions {
  resolve?: ResolveHost;
  /**
   * Lifts the address check but for link-local addresses (FEED_ALLOW_PRIVATE_HOSTS), for testing against
   * servers on this machine only.
   */
  allowPrivateHosts?: boolean;
  /**
   * Where a checked address is actually dialled. Only tests set it, to send documentation addresses such
   * as 203.0.113.10 to the loopback fixture server after they have passed the real check.
   */
  dial?: (address: string) => string;
  connectTimeoutMs?: number;
  /** Certificates to trust instead of the system's, for a private CA or the tests' own certificate. */
  ca?: string | Buffer;
}

async function checkedAddresses(hostname: string, options: GuardedAgentOptions): Promise<string[]> {
  const addresses = isIP(hostname) ? [hostname] : await (options.resolve ?? systemResolve)(hostname);
  if (addresses.length === 0) throw Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
  // One bad address refuses the host: otherwise the connection could still land on it.
  const bad = addresses.find(options.allowPrivateHosts ? isForbiddenEvenLocally : isForbiddenAddress);
  if (bad !== undefined) throw new BlockedAddressError(hostname, bad);
  return options.dial ? addresses.map(options.dial) : addresses;
}

/** A lookup for net.connect that answers with the checked addresses and never asks DNS again. */
function pinnedLookup(addresses: string[]): LookupFunction {
  return (_hostname, lookupOptions, callback) => {
    const wanted = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
    const usable = addresses.filter((address) => wanted === 0 || isIP(address) === wanted);
    if (usable.length === 0) {
      callback(Object.assign(new Error('no address of the requested family'), { code: 'ENOTFOUND' }), '', 0);
    } else if (lookupOptions.all) {
      (callback as unknown as (error: null, all: { address: string; family: number }[]) => void)(
        null,
        usable.map((address) => ({ address, family: isIP(address) })),
      );
    } else {
      callback(null, usable[0]!, isIP(usable[0]!));
    }
  };
}

export function createGuardedAgent(options: GuardedAgentOptions = {}): Agent {
  const base = { timeout: options.connectTimeoutMs ?? 10_000, ...(options.ca && { ca: options.ca }) };
  const connect: buildConnector.connector = (connectOptions, callback) => {
    checkedAddresses(connectOptions.hostname, options).then(
      (addresses) => {
        // A literal IP is connected to without a lookup, so it is replaced directly; a name keeps its
        // value for TLS (SNI and certificate checks) and gets the checked addresses through the lookup.
        if (isIP(connectOptions.hostname)) {
          buildConnector(base)({ ...connectOptions, hostname: addresses[0]! }, callback);
        } else {
          buildConnector({ ...base, lookup: pinnedLookup(addresses) })(connectOptions, callback);
        }
      },
      (error: Error) => callback(error, null),
    );
  };
  return new Agent({ connect });
}
