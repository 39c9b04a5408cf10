// Ids and tokens shaped like Discord's, so code that parses them (discord.js reads creation
// timestamps from snowflakes) sees realistic values. Time comes from the server's clock.
import { randomBytes } from 'node:crypto';

export const DISCORD_EPOCH = 1_420_070_400_000n;

/** The server clock in epoch milliseconds (injectable; see startFakeDiscord's `now`). */
export type Clock = () => number;

/** Real elapsed time for the driver's own timeouts, immune to fake timers and a faked Date. */
export const monotonicMs = (): number => Number(process.hrtime.bigint() / 1_000_000n);

export function createSnowflakes(clock: Clock): () => string {
  let increment = 0n;
  let lastMs = 0n;
  return () => {
    const ms = BigInt(Math.floor(clock()));
    // Keep ids strictly increasing even when the clock is frozen or moved backwards.
    const stamp = ms > lastMs ? ms : lastMs;
    if (stamp !== lastMs) increment = 0n;
    lastMs = stamp;
    const id = ((stamp - DISCORD_EPOCH) << 22n) | (1n << 17n) | (1n << 12n) | (increment++ & 0xfffn);
    if (increment > 0xfffn) {
      lastMs += 1n;
      increment = 0n;
    }
    return id.toString();
  };
}

/** Bot tokens are `base64(user id).timestamp.hmac`; only their shape matters here. */
export function createBotToken(userId: string): string {
  const head = Buffer.from(userId).toString('base64url');
  return `${head}.${randomBytes(4).toString('base64url')}.${randomBytes(27).toString('base64url')}`;
}

/** Interaction tokens are long opaque strings. */
export function createInteractionToken(): string {
  return `aW50ZXJhY3Rpb246${randomBytes(96).toString('base64url')}`;
}

export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
