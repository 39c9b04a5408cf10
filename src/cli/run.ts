// The offline CLI: `npm run news -- <command> ... [--json]`. It works with no token and no network and
// goes through the same news service as the slash commands, so --json prints exactly the payload the
// bot would send. Only that payload (or the readable text) goes to stdout; logs go to stderr.
import { parseArgs } from 'node:util';
import { type BaseConfig, ConfigError, parseBaseConfig, type Env } from '../config.js';
import { buildNotice } from '../core/layout.js';
import { ArticleLibrary } from '../core/library.js';
import type { MessagePayload } from '../core/payload.js';
import { UserError } from '../errors.js';
import { createLogger } from '../logger.js';
import { DEFAULT_SENTENCES, MAX_LATEST, NewsService } from '../services/news.js';
import { loadArticleFolder } from '../store/article-folder.js';
import { openDatabase } from '../store/database.js';
import { SqliteGuildSettings } from '../store/sqlite-guild-settings.js';
import { systemClock } from '../deps.js';
import { DEFAULT_SETTINGS, styleOf } from '../store/guild-settings.js';
import { renderText } from './render-text.js';

export const USAGE = `Usage: npm run news -- <command> [options] [--json]

Commands:
  latest [--count N]                 the newest articles (N from 1 to ${MAX_LATEST}, default 5)
  read <article-id> [--page N]       one page of an article (pages start at 1)
  summary <article-id> [--sentences N]  a summary of N sentences (1 to 10, default ${DEFAULT_SENTENCES})
  search <words...>                  the best matches with a snippet
  list                               every article: id, published date and title

Options:
  --json        print exactly the message payload the slash command would send
  --guild ID    use that server's settings (color, summary length) from DATABASE_PATH
  --help        show this help`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Env;
}

function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,6}$/.test(value)) throw new UserError(`--${name} takes a whole number, got "${value}".`);
  return Number(value);
}

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
      },
    });
  } catch (error) {
    io.stderr(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    (values.help ? io.stdout : io.stderr)(`${USAGE}\n`);
    return values.help ? 0 : 2;
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
  const library = new ArticleLibrary(await loadArticleFolder({ dir: config.articlesDir, logger }));
  const news = new NewsService(library);
  let style = styleOf(DEFAULT_SETTINGS);
  if (values.guild !== undefined) {
    if (!/^\d{17,20}$/.test(values.guild)) {
      io.stderr(`--guild takes a server id (17 to 20 digits).\n`);
      return 2;
    }
    const db = openDatabase(config.databasePath);
    try {
      style = styleOf(await new SqliteGuildSettings(db, logger, systemClock).get(values.guild));
    } finally {
      db.close();
    }
  }

  const print = (payload: MessagePayload): void => io.stdout(`${values.json ? JSON.stringify(payload, null, 2) : renderText(payload)}\n`);
  try {
    switch (command) {
      case 'latest':
        print(news.latest(positiveInt(values.count, 'count', 5), style));
        return 0;
      case 'read':
        print(news.read(news.find(needId(rest, 'read')), positiveInt(values.page, 'page', 1) - 1, style));
        return 0;
      case 'summary':
        print(news.summary(needId(rest, 'summary'), positiveInt(values.sentences, 'sentences', style.summarySentences), style));
        return 0;
      case 'search': {
        const query = rest.join(' ').trim();
        if (!query) throw new UserError('search needs some words to look for.');
        print(news.search(query, style));
        return 0;
      }
      case 'list': {
        const rows = library.all().map((a) => ({ id: a.id, publishedAt: a.publishedAt.toISOString(), title: a.title }));
        io.stdout(values.json ? `${JSON.stringify(rows, null, 2)}\n` : rows.map((r) => `${r.id}  ${r.publishedAt.slice(0, 10)}  ${r.title}`).join('\n') + '\n');
        return 0;
      }
      default:
        io.stderr(`Unknown command "${command}".\n\n${USAGE}\n`);
        return 2;
    }
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    // The same answer the slash command would give, so scripts see what a user would.
    if (values.json) io.stdout(`${JSON.stringify(buildNotice(error.message), null, 2)}\n`);
    io.stderr(`${error.message.replace(/\\(.)/g, '$1')}\n`);
    return 1;
  }
}
