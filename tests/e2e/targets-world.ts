// Shared setup for the end-to-end tests of post targets (forums, threads, publishing, webhooks): a
// world whose bot clock and server clock move together, so what the bot looks for "since a claim"
// and Discord's hourly publish limit agree, and helpers to add schedules and channels.
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, expect } from 'vitest';
import type { TickSummary } from '../../src/scheduler/scheduler.js';
import { manualClock } from '../helpers/deps.js';
import type { ChannelHandle, OptionValue, TagInput } from './fake-discord/index.js';
import { type BotWorld, contentOf, embedsOf, startWorld } from './harness.js';

export const HOUR = 3_600_000;

export interface TargetWorld {
  w: BotWorld;
  /** Moves the bot's clock and the server's together. */
  advance(ms: number): void;
  tick(): Promise<TickSummary>;
  /** /schedule add; returns the answer's text. */
  add(options: Record<string, OptionValue>): Promise<string>;
  /** /schedule add that must succeed; returns the schedule id. */
  addOk(options: Record<string, OptionValue>): Promise<string>;
  /** A channel the bot's cache knows before commands name it. */
  channel(opts: { name: string; type?: number; availableTags?: TagInput[]; requireTag?: boolean }): Promise<ChannelHandle>;
  allowWebhooks(channelId: string): Promise<void>;
  why(id: string, article: string): Promise<string>;
  listField(index?: number): Promise<string>;
}

let current: BotWorld | undefined;

/** Every test file using targetWorld() ends each test with the safety checks, then closes the world. */
export function closeWorldsAfterEach(): void {
  afterEach(async () => {
    try {
      current?.expectEveryMessageSafe();
    } finally {
      await current?.close();
      current = undefined;
    }
  });
}

export async function targetWorld(): Promise<TargetWorld> {
  const clock = manualClock(new Date());
  // Only Discord's own limits (the hourly publish limit) apply; the generic buckets would only add waits.
  const w = await startWorld({ clock, discord: { rateLimit: false } });
  current = w;
  const invoke = (subcommand: string, options: Record<string, OptionValue>) => w.invoke({ command: 'schedule', subcommand, options });
  const add = async (options: Record<string, OptionValue>) => contentOf(await invoke('add', { every: '1h', backfill: 0, ...options }));
  return {
    w,
    advance(ms) {
      clock.advance(ms);
      w.discord.advanceTime(ms);
    },
    tick: () => w.app!.deps.scheduler.tick(),
    add,
    async addOk(options) {
      const text = await add(options);
      const id = /`([a-z0-9]{6})` added/.exec(text)?.[1];
      if (!id) throw new Error(`no schedule added: ${text}`);
      return id;
    },
    async channel(opts) {
      const created = w.discord.addChannel(w.guild.id, opts);
      await w.discord.waitFor(() => w.app!.client.channels.cache.has(created.id), { what: `the bot to see #${opts.name}` });
      return created;
    },
    async allowWebhooks(channelId) {
      w.discord.setBotChannelPermissions(channelId, { allow: PermissionFlagsBits.ManageWebhooks });
      await w.discord.waitFor(() => {
        const cached = w.app!.client.channels.cache.get(channelId);
        const me = w.app!.client.guilds.cache.get(w.guild.id)?.members.me;
        return Boolean(cached && me && 'permissionsFor' in cached && cached.permissionsFor(me)?.has(PermissionFlagsBits.ManageWebhooks));
      }, { what: 'Manage Webhooks to reach the bot' });
    },
    async why(id, article) {
      return embedsOf(await invoke('why', { id, article }))[0]!.description as string;
    },
    async listField(index = 0) {
      return embedsOf(await invoke('list', {}))[0]!.fields[index].value as string;
    },
  };
}

/** Article ids of the embeds among messages (the footer starts with the id). */
export function articleIdsOf(messages: Array<{ embeds: unknown[] }>): string[] {
  return messages.filter((m) => m.embeds.length > 0).map((m) => String((m.embeds[0] as { footer: { text: string } }).footer.text).split(' · ')[0]!);
}

export function expectNoTokenIn(text: string, tokens: string[]): void {
  for (const token of tokens) expect(text.includes(token), 'a webhook token was found').toBe(false);
}
