// The CLI's `feeds` commands: the operator manages every server's feeds and the global ones (whose
// articles every server sees) from the shell, through the same feed service as /feed. Unlike the other
// commands these reach the network, through the same guarded client the bot fetches with.
import type { BaseConfig } from '../config.js';
import { buildNotice } from '../core/layout.js';
import type { Clock } from '../deps.js';
import { UserError } from '../errors.js';
import { FeedImporter, feedName, type ImportResult } from '../feeds/feed-import.js';
import { createSafeHttp } from '../feeds/safe-http.js';
import type { Logger } from '../logger.js';
import { instanceId } from '../ops/instance.js';
import { addedMessage, removedMessage } from '../services/feed-messages.js';
import { FeedService, type FetchAllSummary, type ListedFeed } from '../services/feeds.js';
import type { AppStores } from '../store/open-stores.js';
import type { Feed } from '../store/feeds.js';
import { renderText } from './render-text.js';

export const FEEDS_USAGE = `  feeds add <url> (--global | --guild ID) [--name N] [--full-text]
                                     follow a feed: --global for every server, --guild for one
  feeds list [--global | --guild ID] every feed (or the global ones, or one server's) and how it is doing
  feeds remove <feed-id>             stop following a feed and remove its articles
  feeds test <url>                   fetch a feed and print what would be imported; saves nothing
  feeds fetch                        fetch every feed once (not those waiting out a failure backoff)`;

export interface FeedsValues {
  json: boolean;
  guild?: string;
  name?: string;
  'full-text'?: boolean;
  global?: boolean;
}

export interface FeedsContext {
  stores: AppStores;
  config: BaseConfig;
  logger: Logger;
  clock: Clock;
  out: (text: string) => void;
}

/** Runs one `feeds` subcommand; resolves with the exit code (1 when `fetch` saw a feed fail). */
export async function runFeeds(args: string[], values: FeedsValues, { stores, config, logger, clock, out }: FeedsContext): Promise<number> {
  const [sub, ...rest] = args;
  if (values.global && values.guild !== undefined) throw new UserError('Give either --global or --guild, not both.');
  if (sub !== 'add' && (values.name !== undefined || values['full-text'])) throw new UserError('--name and --full-text go with feeds add only.');
  const http = createSafeHttp({ allowPrivateHosts: config.feedAllowPrivateHosts ?? false, now: () => clock.now().getTime() });
  const owner = instanceId();
  const importer = new FeedImporter({ feeds: stores.feeds, catalog: stores.catalog, http, clock, logger, owner });
  const service = new FeedService({ feeds: stores.feeds, importer, http, clock, owner });
  const print = (json: unknown, text: string): void => out(`${values.json ? JSON.stringify(json, null, 2) : text}\n`);
  // As the CLI's other text answers: Discord's markup written out (times in full, no escapes or backticks).
  const plain = (text: string): string => renderText(buildNotice(text), { now: clock.now() }).replace(/`/g, '');
  try {
    switch (sub) {
      case 'add': {
        if (!values.global && values.guild === undefined) throw new UserError('feeds add needs --global (a feed every server sees) or --guild <server id> (a feed of that server).');
        const url = one(rest, 'feeds add needs the address of a feed: npm run news -- feeds add <url> --global');
        const { feed, result } = await service.add({ guildId: values.guild ?? null, url, name: values.name ?? null, fullText: values['full-text'] ?? false });
        print({ feed: feedJson({ feed, articles: articlesOf(result) }), result }, plain(addedMessage(feed, result)).replace(/\/feed list/g, 'npm run news -- feeds list'));
        return 0;
      }
      case 'list': {
        if (rest.length) throw new UserError('feeds list takes no arguments; --global or --guild ID narrow it.');
        const listed = values.global ? await service.list(null) : values.guild !== undefined ? await service.list(values.guild) : await service.listAll();
        print(listed.map(feedJson), listed.length ? listed.map(feedText).join('\n\n') : 'No feeds.');
        return 0;
      }
      case 'remove': {
        const id = one(rest, 'feeds remove needs a feed id. Run "npm run news -- feeds list" to see them.');
        const outcome = await service.remove(await service.find(id, values.guild));
        print({ id: outcome.feed.id, removed: outcome.removed }, plain(removedMessage(outcome)).replace('in /schedule history', 'in the schedules\' history'));
        return 0;
      }
      case 'test': {
        const url = one(rest, 'feeds test needs the address of a feed: npm run news -- feeds test <url>');
        const { url: finalUrl, feed } = await service.preview(url);
        const entries = feed.entries.map(({ key, title, url: link, publishedAt, author, image, body }) => ({ key, title, url: link, publishedAt, author, image, body }));
        const lines = [`${feed.title} (${feed.format.toUpperCase()}) at ${finalUrl}: ${feed.entries.length} entries would be imported. Nothing was saved.`];
        for (const entry of feed.entries) lines.push(`  ${entry.publishedAt?.toISOString().slice(0, 16).replace('T', ' ') ?? 'undated         '}  ${entry.title}${entry.url ? `\n                    ${entry.url}` : ''}`);
        for (const skipped of feed.skipped) lines.push(`  skipped entry ${skipped.index + 1}: ${skipped.reason}`);
        print({ url: finalUrl, title: feed.title, format: feed.format, entries, skipped: feed.skipped }, lines.join('\n'));
        return 0;
      }
      case 'fetch': {
        if (rest.length) throw new UserError('feeds fetch takes no arguments.');
        const summary = await service.fetchAll();
        print(fetchJson(summary), fetchText(summary));
        return summary.results.some((result) => result.kind === 'failed') ? 1 : 0;
      }
      default:
        throw new UserError(sub ? `Unknown feeds command "${sub}": add, list, remove, test or fetch.` : 'feeds needs a command: add, list, remove, test or fetch.');
    }
  } finally {
    await http.close();
  }
}

function one(rest: string[], missing: string): string {
  if (rest.length === 0) throw new UserError(missing);
  if (rest.length > 1) throw new UserError(`Expected one value, got ${rest.length}: ${rest.map((value) => `"${value.slice(0, 40)}"`).join(' ')}.`);
  return rest[0]!;
}

const articlesOf = (result: ImportResult): number => (result.kind === 'imported' ? result.added + result.updated : 0);
const iso = (date: Date | null): string | null => date?.toISOString() ?? null;

function status(feed: Feed): 'failing' | 'retrying' | 'not fetched yet' | 'ok' {
  if (feed.failing) return 'failing';
  if (feed.failures > 0) return 'retrying';
  return feed.lastSuccessAt ? 'ok' : 'not fetched yet';
}

function feedJson({ feed, articles }: ListedFeed) {
  return {
    id: feed.id, guildId: feed.guildId, url: feed.url, name: feed.name, title: feed.title, fullText: feed.fullText,
    status: status(feed), failures: feed.failures, lastError: feed.lastError, noticeError: feed.noticeError,
    lastFetchAt: iso(feed.lastFetchAt), lastSuccessAt: iso(feed.lastSuccessAt), nextFetchAt: iso(feed.nextFetchAt), createdAt: iso(feed.createdAt), articles,
  };
}

function feedText(item: ListedFeed): string {
  const { feed, articles } = item;
  const where = feed.guildId ? `server ${feed.guildId}` : 'global';
  const lines = [`${feed.id}  ${feedName(feed)} (${where})`, `    ${feed.url}`];
  const failures = feed.failures ? ` after ${feed.failures} failure${feed.failures === 1 ? '' : 's'} in a row` : '';
  lines.push(`    ${status(feed)}${failures} · last fetch ${iso(feed.lastFetchAt) ?? 'never'} · next ${iso(feed.nextFetchAt)} · ${articles} article${articles === 1 ? '' : 's'}${feed.fullText ? ' · full text' : ''}`);
  if (feed.lastError) lines.push(`    last error: ${feed.lastError}`);
  if (feed.noticeError) lines.push(`    the server could not be told: ${feed.noticeError}`);
  return lines.join('\n');
}

function fetchJson(summary: FetchAllSummary) {
  return { results: summary.results, backingOff: summary.backingOff.map((feed) => ({ id: feed.id, until: iso(feed.nextFetchAt) })), busy: summary.busy.map((feed) => feed.id) };
}

function fetchText({ results, backingOff, busy }: FetchAllSummary): string {
  const lines = results.map((result) => {
    switch (result.kind) {
      case 'imported':
        return `${result.feedId}  ${result.found} entries: ${result.added} new, ${result.updated} changed${result.skipped ? `, ${result.skipped} unreadable` : ''}`;
      case 'not-modified':
        return `${result.feedId}  not modified`;
      case 'failed':
        return `${result.feedId}  failed (${result.failures} in a row${result.failing ? ', failing' : ''}): ${result.failure.reason}`;
      case 'waiting':
        return `${result.feedId}  not asked: its host asked to wait until ${result.until.toISOString()}`;
      default:
        return `${result.feedId}  taken over by another process`;
    }
  });
  for (const feed of backingOff) lines.push(`${feed.id}  skipped: waiting out a failure backoff until ${feed.nextFetchAt.toISOString()}`);
  for (const feed of busy) lines.push(`${feed.id}  skipped: another process is fetching it`);
  return lines.length ? lines.join('\n') : 'No feeds.';
}
