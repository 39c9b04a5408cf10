// Shared setup for the end-to-end tests: the local Discord-compatible server with one guild (#news,
// #general, an admin with Manage Server and a plain member), the commands registered through the
// project's own deploy logic, and the bot built by createApp on temp folders the way `npm start` does.
import { EventEmitter, once } from 'node:events';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, beforeEach, expect } from 'vitest';
import { commands } from '../../commands/index.js';
import { type App, createApp } from '../../src/app.js';
import type { BotConfig } from '../../src/config.js';
import type { Clock } from '../../src/deps.js';
import type { SafeHttpOptions } from '../../src/feeds/safe-http.js';
import { createRest, deployCommands, type DeployResult } from '../../src/discord/deploy.js';
import type { FolderChange } from '../../src/store/folder/folder-sync.js';
import { captureLogger, type LogLine } from '../helpers/logger.js';
import {
  type FakeDiscord,
  type FakeDiscordOptions,
  type GuildHandle,
  type InteractionResult,
  type InteractionSnapshot,
  type MemberHandle,
  type OptionValue,
  type RoleHandle,
  startFakeDiscord,
  type StoredMessage,
} from './fake-discord/index.js';

export { killChildren, NodeProcess, startInteractive, startNode } from './node-process.js';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const SEED = '000_709483ed939a94fe';
export const LONGEST = '2026-11-21-krakow-climate-talks-adaptation-deal';
export const MENTION_HAZARDS = ['2026-08-14-chatterly-mention-bug', '2026-11-03-school-homework-server-hijacked'] as const;
const ARTICLE_FILES = [
  `${SEED}.txt`,
  `${LONGEST}.md`,
  ...MENTION_HAZARDS.map((id) => `${id}.md`),
  '2026-07-30-ecb-rate-cut.md',
  '2026-09-18-rail-walkout-called-off.md',
  'swiss-glacier-survey.txt',
];
export const ARTICLE_IDS = ARTICLE_FILES.map((file) => file.replace(/\.(md|txt)$/, ''));

const NO_PINGS = { everyone: false, roles: [], users: [] };

export interface WorldOptions {
  /** Start the bot (default true); false gives the server, the guild and the folders only. */
  bot?: boolean;
  /** The bot's clock (default: real time); schedule tests pass one they move by hand. */
  clock?: Clock;
  /** Register the commands before starting (default true). */
  deploy?: boolean;
  /** The feeds' HTTP client options (the e2e feed tests reach their loopback fixture through these). */
  feedHttp?: SafeHttpOptions;
  /** Options for the local server (such as `rateLimit: false`, to leave only Discord's own limits). */
  discord?: FakeDiscordOptions;
}

export interface Invocation {
  command: string;
  subcommand?: string;
  options?: Record<string, OptionValue>;
  /** Defaults to the admin. */
  as?: MemberHandle;
  /** Defaults to #general. */
  channelId?: string;
}

export class BotWorld {
  app: App | undefined;
  clock: Clock | undefined;
  feedHttp: SafeHttpOptions | undefined;
  readonly log = captureLogger('info');
  readonly articleChanges: FolderChange[] = [];
  private readonly changes = new EventEmitter().setMaxListeners(0);

  constructor(
    readonly discord: FakeDiscord,
    readonly guild: GuildHandle,
    readonly channels: { news: string; general: string },
    readonly admin: MemberHandle,
    readonly member: MemberHandle,
    readonly role: RoleHandle,
    readonly dir: string,
  ) {}

  get articlesDir(): string {
    return join(this.dir, 'articles');
  }

  get databasePath(): string {
    return join(this.dir, 'data', 'bot.sqlite');
  }

  get botConfig(): BotConfig {
    return {
      token: this.discord.token,
      applicationId: this.discord.applicationId,
      guildId: this.guild.id,
      apiBase: this.discord.apiBase,
      articlesDir: this.articlesDir,
      databasePath: this.databasePath,
      logLevel: 'info',
      scheduleMinIntervalMinutes: 5,
    };
  }

  /** The environment `npm start` and the scripts read, pointing at this world. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    const inherited = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !/^(DISCORD_|GUILD_ID|ARTICLES_DIR|DATABASE_PATH|LOG_LEVEL|SCHEDULE_)/.test(e[0])));
    return {
      ...inherited,
      DISCORD_TOKEN: this.discord.token,
      DISCORD_APPLICATION_ID: this.discord.applicationId,
      DISCORD_API_BASE: this.discord.apiBase,
      ARTICLES_DIR: this.articlesDir,
      DATABASE_PATH: this.databasePath,
      LOG_LEVEL: 'info',
      ...extra,
    };
  }

  /** Registers the commands for this world's guild, or globally with `null`. */
  async deploy(guildId: string | null = this.guild.id): Promise<DeployResult> {
    const rest = createRest(this.botConfig);
    try {
      return await deployCommands(rest, { applicationId: this.discord.applicationId, ...(guildId ? { guildId } : {}) }, commands);
    } finally {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    }
  }

  /** Builds and starts the bot exactly as main.ts does, on this world's folders. */
  async startBot(): Promise<App> {
    const app = await createApp(this.botConfig, {
      logger: this.log.logger,
      ...(this.clock ? { clock: this.clock } : {}),
      startScheduler: false,
      // Feed tests run the poller's pass themselves, as schedule tests run the scheduler's.
      startFeedPoller: false,
      ...(this.feedHttp ? { feedHttp: this.feedHttp } : {}),
      // No jitter on retry delays, so tests can move the clock by exactly one backoff.
      random: () => 0.5,
      onArticleChange: (change) => {
        this.articleChanges.push(change);
        this.changes.emit('change', change);
      },
    });
    this.app = app;
    await app.start();
    // Tests start from the folder as it is: wait for its first sync into the catalog.
    await app.synced();
    return app;
  }

  /** Stops the bot and builds a new one on the same database and folder. */
  async restart(): Promise<App> {
    await this.stopBot();
    return this.startBot();
  }

  async stopBot(): Promise<void> {
    const app = this.app;
    this.app = undefined;
    await app?.stop();
  }

  /** Resolves when the folder watcher reports `kind` for `id` (rejects after `timeoutMs`). */
  async articleChange(id: string, kind: FolderChange['kind'] = 'added', timeoutMs = 5_000): Promise<void> {
    const matches = (c: FolderChange): boolean => c.kind === kind && 'id' in c && c.id === id;
    if (this.articleChanges.some(matches)) return;
    const abort = AbortSignal.timeout(timeoutMs);
    for (;;) {
      const [change] = (await once(this.changes, 'change', { signal: abort }).catch(() => {
        throw new Error(`no "${kind}" change for article ${id} within ${timeoutMs} ms`);
      })) as [FolderChange];
      if (matches(change)) return;
    }
  }

  /**
   * Writes a new article file (dated `published`, else undated like a plain .txt) and waits until the
   * bot has picked it up, so it is first seen at the bot clock's current time.
   */
  async addArticle(id: string, title: string, body = `${title}. The story continues here. It has a few sentences.`, published?: Date): Promise<void> {
    const front = published ? `---\npublished: ${published.toISOString()}\n---\n` : '';
    await writeFile(join(this.articlesDir, `${id}.md`), `${front}${title}\n\n${body}\n`);
    await this.articleChange(id);
  }

  /** Sends a slash command as a user (the admin by default) and waits for the interaction to settle. */
  async invoke(i: Invocation): Promise<InteractionSnapshot> {
    return (await this.dispatch(i)).final({ quietMs: 50, timeoutMs: 10_000 });
  }

  async dispatch(i: Invocation): Promise<InteractionResult> {
    return this.discord.invokeCommand({
      guildId: this.guild.id,
      channelId: i.channelId ?? this.channels.general,
      userId: (i.as ?? this.admin).id,
      command: i.command,
      ...(i.subcommand ? { subcommand: i.subcommand } : {}),
      ...(i.options ? { options: i.options } : {}),
    });
  }

  news(subcommand: string, options: Record<string, OptionValue> = {}, extra: Omit<Invocation, 'command' | 'subcommand' | 'options'> = {}): Promise<InteractionSnapshot> {
    return this.invoke({ command: 'news', subcommand, options, ...extra });
  }

  config(subcommand: string, options: Record<string, OptionValue> = {}, extra: Omit<Invocation, 'command' | 'subcommand' | 'options'> = {}): Promise<InteractionSnapshot> {
    return this.invoke({ command: 'config', subcommand, options, ...extra });
  }

  /** Presses the button labelled `label` on a message and waits for the answer. */
  async press(message: StoredMessage | string, label: string, as: MemberHandle = this.admin): Promise<InteractionSnapshot> {
    const stored = typeof message === 'string' ? this.discord.message(message) : this.discord.message(message.id);
    if (!stored) throw new Error(`no message ${String(message)}`);
    const button = buttonsOf(stored).find((b) => b.label === label);
    if (!button) throw new Error(`message ${stored.id} has no "${label}" button (has ${buttonsOf(stored).map((b) => b.label).join(', ') || 'none'})`);
    const result = await this.discord.pressButton({ guildId: this.guild.id, channelId: stored.channelId, userId: as.id, messageId: stored.id, customId: button.custom_id });
    return result.final({ quietMs: 50, timeoutMs: 10_000 });
  }

  logged(level: number): LogLine[] {
    return this.log.lines.filter((line) => line.level >= level);
  }

  /**
   * What every e2e test ends with: the server refused none of the bot's payloads, every write of every
   * bot message set allowed_mentions itself, and nothing could ping anyone.
   */
  expectEveryMessageSafe(): void {
    expect(this.discord.requests.filter((r) => r.status === 400 && !r.injected).map((r) => `${r.method} ${r.path}: ${JSON.stringify(r.body).slice(0, 200)}`)).toEqual([]);
    for (const message of this.discord.state.messages.values()) {
      if (message.authorId !== this.discord.applicationId) continue;
      for (const revision of message.revisions) {
        // A deferral's "thinking…" placeholder is created by Discord, not written by the bot.
        if (revision.kind === 'create' && Object.keys(revision.body).every((key) => key === 'flags')) continue;
        expect(revision.allowedMentions, `allowed_mentions of message ${message.id}`).toBeDefined();
        expect(revision.pingable).toEqual(NO_PINGS);
      }
      expect(message.pinged).toEqual(NO_PINGS);
    }
  }

  async close(): Promise<void> {
    try {
      await this.stopBot();
    } finally {
      await this.discord.close();
      await rm(this.dir, { recursive: true, force: true });
    }
  }
}

export interface Button {
  label: string;
  custom_id: string;
  disabled?: boolean;
}

export function buttonsOf(message: { components: unknown[] } | null | undefined): Button[] {
  return ((message?.components ?? []) as Array<{ components?: Button[] }>).flatMap((row) => row.components ?? []);
}

export function embedsOf(snapshot: InteractionSnapshot): Array<Record<string, any>> {
  return (snapshot.data?.embeds ?? []) as Array<Record<string, any>>;
}

export function contentOf(snapshot: InteractionSnapshot): string {
  return String(snapshot.data?.content ?? '');
}

export async function copyArticles(dir: string, files: readonly string[] = ARTICLE_FILES): Promise<void> {
  await mkdir(dir, { recursive: true });
  await Promise.all(files.map((file) => copyFile(join(ROOT, 'articles', file), join(dir, file))));
}

/** A fresh server, guild, temp folders and (by default) a running bot. Close it in afterEach. */
export async function startWorld(options: WorldOptions = {}): Promise<BotWorld> {
  const discord = await startFakeDiscord(options.discord);
  const dir = await mkdtemp(join(tmpdir(), 'news-e2e-'));
  const guild = discord.addGuild({ name: 'Test Guild' });
  const news = discord.addChannel(guild.id, { name: 'news' }).id;
  const general = discord.addChannel(guild.id, { name: 'general' }).id;
  const admin = discord.addMember(guild.id, { username: 'admin', permissions: PermissionFlagsBits.ManageGuild });
  const member = discord.addMember(guild.id, { username: 'reader' });
  const role = discord.addRole(guild.id, { name: 'subscribers', mentionable: true });
  const world = new BotWorld(discord, guild, { news, general }, admin, member, role, dir);
  world.clock = options.clock;
  world.feedHttp = options.feedHttp;
  try {
    await copyArticles(world.articlesDir);
    if (options.deploy !== false) await world.deploy();
    if (options.bot !== false) await world.startBot();
    return world;
  } catch (error) {
    await world.close();
    throw error;
  }
}

/**
 * Gives every test in the file a fresh world with a running bot (handed to `use`), and when the test
 * ends checks every message the bot sent there, then closes it.
 */
export function worldPerTest(use: (world: BotWorld) => void): void {
  let current: BotWorld | undefined;
  beforeEach(async () => {
    current = await startWorld();
    use(current);
  });
  afterEach(async () => {
    try {
      current?.expectEveryMessageSafe();
    } finally {
      await current?.close();
      current = undefined;
    }
  });
}
