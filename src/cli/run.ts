// The offline CLI: `npm run news -- <command> ... [--json]`. It works with no token and no network and
// goes through the same news service as the slash commands, so --json prints exactly the payload the
// bot would send. Only that payload (or the readable text) goes to stdout; logs go to stderr.
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { type BaseConfig, ConfigError, parseBaseConfig, type Env } from '../config.js';
import { buildNotice } from '../core/layout.js';
import type { MessagePayload } from '../core/payload.js';
import { UserError } from '../errors.js';
import { createLogger } from '../logger.js';
import { type AppStores, openStores } from '../store/open-stores.js';
import { articlePages } from '../core/pages.js';
import { DEFAULT_SENTENCES, MAX_LATEST, MAX_SENTENCES, MIN_SENTENCES, NewsService, type NewsStyle, type Wording } from '../services/news.js';
import type { Scope } from '../store/catalog/types.js';
import { FOLDER_ORIGIN, FolderSync, type SyncTotals } from '../store/folder/folder-sync.js';
import { MissingFolderError, requireConfiguredFolder } from '../store/folder/missing-folder.js';
import { systemClock } from '../deps.js';
import { DEFAULT_SETTINGS, styleOf } from '../store/guild-settings.js';
import { renderText } from './render-text.js';
import { ScheduleReportsCli } from './schedule-reports.js';
import { FEEDS_USAGE, runFeeds } from './feeds.js';
import type { Logger } from '../logger.js';

export const USAGE = `Usage: npm run news -- <command> [options] [--json]

Reads the same articles (ARTICLES_DIR) and database (DATABASE_PATH, or DATABASE_URL) as the bot,
offline: no token, no network (except the feeds commands, which fetch feeds). It brings the catalog
up to date with the articles folder first, as the bot does, then prints what the matching slash
command would show.

Commands:
  help                               this text
  latest [--count N]                 the newest articles (N from 1 to ${MAX_LATEST}, default 5)
  read <article-id> [--page N]       one page of an article (pages start at 1)
  summary <article-id> [--sentences N]  a summary of N sentences (1 to 10, default ${DEFAULT_SENTENCES})
  search <words...>                  the best matches with a snippet
  list                               every article: id, published date and title, newest first
  schedules [--guild ID]             the schedules, as /schedule list shows them
  history <schedule-id>              a schedule's last delivery attempts
  why <schedule-id> <article-id>     why a schedule did or did not post an article
  reindex                            rebuild the catalog: read and parse every article file again,
                                     index every article again (safe while the bot runs)
${FEEDS_USAGE}

Options:
  --json        print exactly the message payload the slash command would send
  --guild ID    answer as that server would: its settings (color, summary length) and its
                feeds' articles; with schedules, only that server's schedules; with feeds,
                that server's feeds
  --global      with feeds add and list: the feeds every server sees
  --name N      with feeds add: a name to show instead of the feed's title
  --full-text   with feeds add: read each new entry's linked page for its whole text
  --help        show this help`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Env;
}

/** A whole-number option inside its range, refused with the range otherwise (as the slash commands do). */
function intOption(value: string | undefined, name: string, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  const n = /^\d{1,6}$/.test(value.trim()) ? Number(value) : NaN;
  if (!(n >= min && n <= max)) throw new UserError(`--${name} must be a whole number from ${min} to ${max}, got "${value}".`);
  return n;
}

/** What the CLI's answers suggest instead of slash commands. */
const CLI_WORDING: Wording = { findHint: 'Run `npm run news -- list` to see every id, or `npm run news -- search <words>`.' };

function needId(positionals: string[], command: string): string {
  const id = positionals[0];
  if (!id) throw new UserError(`${command} needs an article id. Run "npm run news -- list" to see them.`);
  return id;
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
        count: { type: 'string' },
        page: { type: 'string' },
        sentences: { type: 'string' },
        guild: { type: 'string' },
        name: { type: 'string' },
        'full-text': { type: 'boolean' },
        global: { type: 'boolean' },
      },
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  const asked = values.help || command === 'help';
  if (asked || !command) {
    (asked ? io.stdout : io.stderr)(`${USAGE}\n`);
    return asked ? 0 : 2;
  }

  let config: BaseConfig;
  try {
    config = parseBaseConfig(io.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`${error.message}\n`);
      return 2;
    }
    throw error;
  }
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr, config.logFormat);
  if (values.guild !== undefined && !/^\d{17,20}$/.test(values.guild)) {
    io.stderr(`--guild takes a server id (17 to 20 digits).\n`);
    return 2;
  }
  if (command !== 'feeds' && (values.name !== undefined || values['full-text'] || values.global)) {
    io.stderr(`--name, --full-text and --global go with the feeds commands only.\n`);
    return 2;
  }
  try {
    await requireConfiguredFolder(config.articlesDir, config.articlesDirSet);
  } catch (error) {
    if (!(error instanceof MissingFolderError)) throw error;
    io.stderr(`${error.message}\n`);
    return 1;
  }
  // The bot's database, created when missing, and the folder synced into its catalog just as the bot
  // would (articles new to it are first seen now, whichever of the two saw them first).
  const stores = await openStores(config, { logger, clock: systemClock });
  try {
    // Reindexing reads every file again, not only those whose size or time changed.
    if (command === 'reindex') await stores.catalog.forgetSourceFiles(FOLDER_ORIGIN);
    const synced = await new FolderSync({ dir: config.articlesDir, logger, catalog: stores.catalog, clock: systemClock }).syncAll();
    const settings = values.guild !== undefined ? await stores.settings.get(values.guild) : DEFAULT_SETTINGS;
    return await runCommand(command, rest, values, { io, stores, synced, style: styleOf(settings), scope: { guildId: values.guild ?? null }, config, logger });
  } finally {
    await stores.close();
  }
}

interface Context {
  io: CliIo;
  stores: AppStores;
  /** What the folder sync before the command did. */
  synced: SyncTotals;
  style: NewsStyle;
  scope: Scope;
  config: BaseConfig;
  logger: Logger;
}

/** Rows the list command reads at a time, so a large catalog is never all in memory. */
const LIST_PAGE = 1000;

type Values = { json: boolean; count?: string; page?: string; sentences?: string; guild?: string; name?: string; 'full-text'?: boolean; global?: boolean };

async function runCommand(command: string, rest: string[], values: Values, { io, stores, synced, style, scope, config, logger }: Context): Promise<number> {
  const news = new NewsService(stores.catalog, stores.articleSummaries, undefined, CLI_WORDING);
  const print = (payload: MessagePayload): void => io.stdout(`${values.json ? JSON.stringify(payload, null, 2) : renderText(payload)}\n`);
  try {
    switch (command) {
      case 'latest':
        print(await news.latest(intOption(values.count, 'count', 1, MAX_LATEST, 5), style, scope));
        return 0;
      case 'read': {
        const article = await news.find(needId(rest, 'read'), scope);
        const pages = articlePages(article).length;
        print(news.read(article, intOption(values.page, 'page', 1, pages, 1) - 1, style));
        return 0;
      }
      case 'summary':
        print(await news.summary(needId(rest, 'summary'), intOption(values.sentences, 'sentences', MIN_SENTENCES, MAX_SENTENCES, style.summarySentences), style, scope));
        return 0;
      case 'search': {
        const query = rest.join(' ').trim();
        if (!query) throw new UserError('search needs some words to look for.');
        print(await news.search(query, style, scope));
        return 0;
      }
      case 'schedules':
      case 'history':
      case 'why': {
        const reports = new ScheduleReportsCli(stores, systemClock);
        const out = await reports.run(command, rest, values.guild);
        io.stdout(values.json ? `${JSON.stringify(out.payloads.length === 1 && command !== 'schedules' ? out.payloads[0] : out.payloads, null, 2)}\n` : `${out.text}\n`);
        return 0;
      }
      case 'list':
        await listArticles(stores, scope, values.json, io);
        return 0;
      case 'reindex':
        await reindex(stores, synced, values.json, io);
        return 0;
      case 'feeds':
        return await runFeeds(rest, values, { stores, config, logger, clock: systemClock, out: io.stdout });
      default:
        io.stderr(`Unknown command "${command}".\n\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    // As JSON, the notice a slash command would send; as text, the message without Discord's escapes.
    if (values.json) io.stdout(`${JSON.stringify(buildNotice(error.message), null, 2)}\n`);
    io.stderr(`${error.message.replace(/\\(.)/g, '$1').replace(/`/g, '')}\n`);
    return 1;
  }
}

/** Every article, newest first, read a page at a time; as JSON, one array. */
async function listArticles(stores: AppStores, scope: Scope, json: boolean, io: CliIo): Promise<void> {
  let after: { publishedAt: Date; id: string } | undefined;
  let first = true;
  if (json) io.stdout('[');
  for (;;) {
    const page = await stores.catalog.page(after, LIST_PAGE, scope);
    for (const article of page) {
      const row = { id: article.id, publishedAt: article.publishedAt.toISOString(), title: article.title };
      io.stdout(json ? `${first ? '' : ','}\n  ${JSON.stringify(row)}` : `${row.id}  ${row.publishedAt.slice(0, 10)}  ${row.title}\n`);
      first = false;
    }
    if (page.length < LIST_PAGE) break;
    const last = page[page.length - 1]!;
    after = { publishedAt: last.publishedAt, id: last.id };
  }
  if (json) io.stdout(first ? ']\n' : '\n]\n');
}

/** Indexes every article again (the files were read again before), with progress on stderr. */
async function reindex(stores: AppStores, synced: SyncTotals, json: boolean, io: CliIo): Promise<void> {
  const started = performance.now();
  let shown = 0;
  const { articles, terms } = await stores.catalog.rebuildIndex((done, total) => {
    const now = performance.now();
    if (now - shown < 1000 && done < total) return;
    shown = now;
    io.stderr(`indexed ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} articles\n`);
  });
  const seconds = Math.round((synced.ms + performance.now() - started) / 100) / 10;
  const report = { files: synced.files, added: synced.added, updated: synced.updated, removed: synced.removed, skipped: synced.skipped, articles, terms, seconds };
  if (json) {
    io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    return;
  }
  const n = (value: number): string => value.toLocaleString('en-US');
  io.stdout(
    `Read ${n(synced.files)} files again (${n(synced.added)} added, ${n(synced.updated)} changed, ${n(synced.removed)} removed, ${n(synced.skipped)} skipped); ` +
      `indexed ${n(articles)} articles again and recounted ${n(terms)} words in ${seconds} s. Stored summaries are computed again when asked for.\n`,
  );
}
