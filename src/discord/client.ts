// Creates the discord.js client. The REST base is overridden only when DISCORD_API_BASE is set, so
// the default stays discord.js's own (never `api: undefined`).
import { Client, GatewayIntentBits, type Interaction, Events } from 'discord.js';
import type { Logger } from '../logger.js';
import type { Router } from './router.js';

/**
 * `shards`: which gateway shards this process runs out of how many (SHARD_COUNT / SHARD_IDS). Unset,
 * discord.js decides: one shard, or what a ShardingManager parent hands this process.
 */
export function createDiscordClient(apiBase?: string, shards?: { count: number; ids: number[] }): Client {
  return new Client({
    // Guilds is enough: interactions arrive regardless, and it caches channels, roles and our member
    // for permission checks. No privileged intents.
    intents: [GatewayIntentBits.Guilds],
    // A safety net: anything sent without its own allowedMentions pings nobody.
    allowedMentions: { parse: [] },
    ...(apiBase ? { rest: { api: apiBase } } : {}),
    ...(shards ? { shards: shards.ids, shardCount: shards.count } : {}),
  });
}

/** The shard ids this client runs, once it has been told (for logs and metrics). */
export function shardIdsOf(client: Client): number[] {
  const shards = client.options.shards;
  return Array.isArray(shards) ? shards : typeof shards === 'number' ? [shards] : [];
}

export function attachRouter(client: Client, router: Router, logger: Logger): void {
  client.on(Events.InteractionCreate, (interaction: Interaction) => {
    router.handle(interaction).catch((error: unknown) => logger.error({ err: error }, 'unhandled interaction error'));
  });
  client.once(Events.ClientReady, (ready) => {
    logger.info({ user: ready.user.tag, guilds: ready.guilds.cache.size }, 'connected to Discord');
  });
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ message }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (event, shardId) => logger.warn({ code: event.code, shardId }, 'gateway disconnected'));
  client.on(Events.ShardResume, (shardId, replayed) => logger.info({ shardId, replayed }, 'gateway session resumed'));
}
