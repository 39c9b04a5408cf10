// FakeDiscord: wires state, REST, gateway and faults on one loopback port, and offers the
// test-facing API (world changes, simulated users invoking commands, inspection, time).
// node:timers, not the globals: the driver keeps real time even when a test fakes timers.
import { setTimeout } from 'node:timers';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Faults } from './faults.js';
import { Gateway, INTENT, onShard } from './gateway.js';
import { InteractionResult } from './interaction-result.js';
import type { InvocationTarget, OptionValue } from './interaction-options.js';
import { createAutocompleteInteraction, createCommandInteraction, createComponentInteraction } from './interactions.js';
import { apiCommand } from './commands.js';
import type { RateLimitOptions } from './rate-limits.js';
import { registerCommandRoutes } from './rest-commands.js';
import { registerCommunityRoutes } from './rest-community.js';
import { registerCoreRoutes } from './rest-core.js';
import { registerInteractionRoutes } from './rest-interactions.js';
import { registerMessageRoutes } from './rest-messages.js';
import { createRequestHandler, type LoggedRequest } from './rest-server.js';
import { Router } from './router.js';
import { apiGuildCreate, apiMember, apiMessage, apiUser } from './serialize.js';
import { createBotToken, createSnowflakes, monotonicMs, randomHex } from './snowflake.js';
import { FakeState, type InteractionRecord, type StoredMessage } from './state.js';
import { WebhookWorld } from './world-webhooks.js';

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  botUsername?: string;
  /** Base clock for the 3 s / 15 min interaction rules and timestamps (default Date.now). */
  now?: () => number;
  heartbeatIntervalMs?: number;
  /** Privileged intents "enabled in the developer portal" (bits of 2, 256, 32768). Default none. */
  privilegedIntents?: number;
  /** Per-bucket REST limits (default 5 per 1000 ms), or false to never limit. */
  rateLimit?: RateLimitOptions | false;
  /** Shards GET /gateway/bot recommends (default 1). */
  recommendedShards?: number;
  /** Identifies allowed at once (session_start_limit.max_concurrency; default 1, as small bots get). */
  maxConcurrency?: number;
  /** Discord's global limit on the bot token's requests per second (50 on Discord); off by default. */
  globalPerSecond?: number;
}

export class FakeDiscord extends WebhookWorld {
  readonly faults: Faults;
  /** Every REST request answered, in order (method, path, status, parsed body, route). */
  readonly requests: LoggedRequest[] = [];
  readonly token: string;
  readonly applicationId: string;
  private readonly advanceBy: (ms: number) => void;
  private identifies = 0;
  private port = 0;
  private readonly server: Server;
  private readonly gateway: Gateway;
  private readonly snowflake: () => string;

  constructor(opts: FakeDiscordOptions = {}) {
    // Read through Date.now at call time, so a test that fakes Date moves the server clock too.
    const base = opts.now ?? ((): number => Date.now());
    let offset = 0;
    const clock = (): number => base() + offset;
    const snowflake = createSnowflakes(clock);
    const applicationId = opts.applicationId ?? snowflake();
    const state = new FakeState(clock, applicationId);
    // World (the base class) needs a dispatcher before the gateway can be built after super().
    const gatewayRef: { current?: Gateway } = {};
    super({ state, snowflake, dispatch: (t, d, intent) => gatewayRef.current?.dispatch(t, d, intent) });
    this.advanceBy = (ms) => {
      offset += ms;
    };
    this.snowflake = snowflake;
    this.applicationId = applicationId;
    state.users.set(applicationId, { id: applicationId, username: opts.botUsername ?? 'News Bot', globalName: null, bot: true });
    this.token = opts.token ?? createBotToken(applicationId);

    const router = new Router();
    this.server = createServer();
    this.gateway = new Gateway(this.server, {
      token: () => this.token,
      heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41_250,
      privilegedIntents: opts.privilegedIntents ?? 0,
      onIdentify: () => this.identifies++,
      ready: (session, resumeUrl) => this.readyPayload(session.id, resumeUrl, session.shard),
    });
    gatewayRef.current = this.gateway;
    this.faults = new Faults(this.gateway);
    const onMessage = (m: StoredMessage, kind: 'create' | 'update' | 'delete'): void => this.dispatchMessage(m, kind);
    registerCoreRoutes(router, {
      state, applicationId,
      gatewayUrl: () => this.gateway.url,
      sessionStartLimit: () => ({ total: 1000, remaining: 1000 - this.identifies, reset_after: 86_400_000, max_concurrency: opts.maxConcurrency ?? 1 }),
      recommendedShards: () => opts.recommendedShards ?? 1,
      application: () => this.application(),
    });
    registerCommandRoutes(router, { state, applicationId, snowflake });
    registerMessageRoutes(router, { state, snowflake, onMessage, threads: this.threadService });
    registerInteractionRoutes(router, { state, snowflake, applicationId, onMessage });
    registerCommunityRoutes(router, { state, snowflake, applicationId, onMessage, threads: this.threadService, dispatch: (t, d, intent) => this.gateway.dispatch(t, d, intent) });
    this.server.on('request', createRequestHandler({ router, token: () => this.token, faults: this.faults, log: this.requests, rateLimit: opts.rateLimit ?? { limit: 5, windowMs: 1000 }, ...(opts.globalPerSecond ? { globalPerSecond: opts.globalPerSecond } : {}) }));
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    this.gateway.setBaseUrl(`ws://127.0.0.1:${this.port}`);
    return this;
  }

  /** `http://127.0.0.1:PORT/api` — pass as `rest: { api }`; discord.js appends `/v10`. */
  get apiBase(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get gatewayUrl(): string {
    return this.gateway.url;
  }

  get botUser(): { id: string; username: string } {
    const u = this.state.users.get(this.applicationId);
    return { id: this.applicationId, username: u?.username ?? '' };
  }

  /** Connections, identifies, resumes, closes and injected ops, in order. */
  get gatewayLog(): Gateway['log'] {
    return this.gateway.log;
  }

  /** The server clock (ms). */
  now(): number {
    return this.state.clock();
  }

  /** Moves the server clock forward (affects the 3 s / 15 min rules, not real timers). */
  advanceTime(ms: number): void {
    this.advanceBy(ms);
  }

  async invokeCommand(t: InvocationTarget & { locale?: string }): Promise<InteractionResult> {
    return this.deliver(createCommandInteraction(this.interactionDeps(), t));
  }

  async pressButton(t: { guildId: string; channelId: string; userId: string; messageId: string; customId: string; values?: string[] }): Promise<InteractionResult> {
    return this.deliver(createComponentInteraction(this.interactionDeps(), t));
  }

  /** Types into an autocomplete option; resolves to the choices the app answered with. */
  async autocomplete(t: Omit<InvocationTarget, 'options'> & { options?: Record<string, OptionValue>; focused: string; timeoutMs?: number }): Promise<Array<{ name: string; value: string | number }>> {
    const options = { ...t.options, [t.focused]: t.options?.[t.focused] ?? '' };
    const result = this.deliver(createAutocompleteInteraction(this.interactionDeps(), { ...t, options }));
    const snap = await result.response({ timeoutMs: t.timeoutMs ?? 3_000 });
    return snap.choices ?? [];
  }

  /** Messages visible in the channel, oldest first (ephemeral ones only when asked). */
  messages(channelId: string, opts: { includeEphemeral?: boolean } = {}): StoredMessage[] {
    return this.state.channelHistory(channelId, opts.includeEphemeral ?? false);
  }

  message(id: string): StoredMessage | undefined {
    return this.state.messages.get(id);
  }

  /** Registered commands as Discord returns them: a guild's, or the global ones. */
  commands(guildId?: string): Record<string, unknown>[] {
    const map = guildId ? this.state.guildCommands.get(guildId) : this.state.globalCommands;
    return [...(map?.values() ?? [])].map((c) => apiCommand(this.applicationId, c));
  }

  /** Polls `predicate` until true; rejects with a clear message after `timeoutMs`. */
  async waitFor(predicate: () => boolean, opts: { timeoutMs?: number; intervalMs?: number; what?: string } = {}): Promise<void> {
    const deadline = monotonicMs() + (opts.timeoutMs ?? 3_000);
    while (!predicate()) {
      if (monotonicMs() > deadline) throw new Error(`fake-discord: timed out waiting for ${opts.what ?? 'condition'}`);
      await new Promise((resolve) => setTimeout(resolve, opts.intervalMs ?? 5));
    }
  }

  /** Stops the server; destroy clients first, or they will keep trying to reconnect. */
  async close(): Promise<void> {
    await this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private interactionDeps() {
    return { state: this.state, snowflake: this.snowflake, applicationId: this.applicationId };
  }

  private deliver(rec: InteractionRecord): InteractionResult {
    this.gateway.dispatch('INTERACTION_CREATE', rec.payload);
    return new InteractionResult(this.state, rec);
  }

  protected override announceMessage(m: StoredMessage, kind: 'create' | 'update' | 'delete'): void {
    this.dispatchMessage(m, kind);
  }

  private dispatchMessage(m: StoredMessage, kind: 'create' | 'update' | 'delete'): void {
    if (kind === 'delete') return this.gateway.dispatch('MESSAGE_DELETE', { id: m.id, channel_id: m.channelId, guild_id: m.guildId }, INTENT.GuildMessages);
    const member = this.state.guild(m.guildId)?.members.get(m.authorId);
    const { user: _u, ...memberJson } = member ? apiMember(this.state, member) : { user: null };
    // Webhook messages have no member: their author is no user of the guild.
    this.gateway.dispatch(kind === 'create' ? 'MESSAGE_CREATE' : 'MESSAGE_UPDATE', { ...apiMessage(this.state, m), guild_id: m.guildId, ...(member ? { member: memberJson } : {}) }, INTENT.GuildMessages);
  }

  private application(): Record<string, unknown> {
    const bot = this.state.users.get(this.applicationId);
    return {
      id: this.applicationId, name: bot?.username ?? 'app', icon: null, description: '', summary: '', type: null,
      bot_public: true, bot_require_code_grant: false, verify_key: randomHex(32), flags: 0,
      bot: bot ? apiUser(bot) : undefined, owner: { id: '0', username: 'owner', discriminator: '0', avatar: null, global_name: null },
      team: null, redirect_uris: [], interactions_endpoint_url: null, hook: true, integration_types_config: { '0': {} },
      approximate_guild_count: [...this.state.guilds.keys()].filter((id) => this.state.botInGuild(id)).length,
    };
  }

  private readyPayload(sessionId: string, resumeUrl: string, shard: [number, number]): { ready: Record<string, unknown>; guilds: Record<string, unknown>[] } {
    const bot = this.state.users.get(this.applicationId);
    const guilds = [...this.state.guilds.values()].filter((g) => this.state.botInGuild(g.id) && onShard(g.id, shard));
    return {
      ready: {
        v: 10, user_settings: {}, session_type: 'normal', session_id: sessionId, resume_gateway_url: resumeUrl,
        user: { ...(bot ? apiUser(bot) : {}), verified: true, mfa_enabled: false, email: null },
        guilds: guilds.map((g) => ({ id: g.id, unavailable: true })),
        shard, application: { id: this.applicationId, flags: 0 },
        private_channels: [], relationships: [], presences: [], guild_join_requests: [], geo_ordered_rtc_regions: [],
        _trace: ['["fake-discord-gateway",{}]'],
      },
      guilds: guilds.map((g) => apiGuildCreate(this.state, g, g.members.get(this.applicationId)?.joinedAt ?? this.state.clock())),
    };
  }
}

export async function startFakeDiscord(opts: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  return new FakeDiscord(opts).listen();
}
