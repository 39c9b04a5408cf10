import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { EVERYWHERE } from '../../src/store/catalog/types.js';
import { FolderSync } from '../../src/store/folder/folder-sync.js';
import { DEFAULT_SETTINGS, styleOf } from '../../src/store/guild-settings.js';
import { silentLogger } from '../../src/logger.js';
import { openDatabase } from '../../src/store/database.js';
import { SqliteGuildSettings } from '../../src/store/sqlite-guild-settings.js';
import { SqliteDeliveryLog } from '../../src/store/sqlite-delivery-log.js';
import { SqliteSchedules } from '../../src/store/sqlite-schedules.js';
import { openStores, sqliteStores } from '../../src/store/open-stores.js';
import { NewsService } from '../../src/services/news.js';
import { freshPostgresUrl, POSTGRES_SKIP } from '../store/contract/backends.js';

let dir: string;
/** Databases live beside the articles folder, never in it. */
let dataDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'news-cli-'));
  dataDir = await mkdtemp(join(tmpdir(), 'news-cli-data-'));
  await writeFile(join(dir, 'bridge.txt'), 'Bridge opens @everyone\n\nThe bridge opened on Monday. Traffic was light. Officials were pleased.\n\nMore later.');
  await writeFile(join(dir, 'budget.md'), '---\npublished: 2026-10-01T00:00:00Z\nsource: Wire\n---\nBudget passes\n\nThe council passed the budget.');
  await writeFile(join(dir, 'broken.txt'), '');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

let databases = 0;
const freshDatabase = (): string => join(dataDir, `cli-${databases++}.sqlite`);

let lastDatabase = '';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  lastDatabase = freshDatabase();
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { ARTICLES_DIR: dir, DATABASE_PATH: lastDatabase, LOG_LEVEL: 'silent' } });
  return { code, stdout, stderr };
}

describe('npm run news', () => {
  it('summary --json prints exactly the payload /news summary sends', async () => {
    const { code, stdout, stderr } = await cli('summary', 'bridge', '--sentences', '2', '--json');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    // What the bot's news service answers from the catalog the command just synced.
    const stores = sqliteStores(openDatabase(lastDatabase), silentLogger(), { now: () => new Date() });
    const expected = await new NewsService(stores.catalog, stores.articleSummaries).summary('bridge', 2, styleOf(DEFAULT_SETTINGS), EVERYWHERE);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(expected)));
    expect(JSON.parse(stdout).allowedMentions).toEqual({ parse: [] });
  });

  it('latest, read and search print payloads with embeds and allowedMentions', async () => {
    for (const argv of [['latest', '--count', '2'], ['read', 'bridge', '--page', '1'], ['search', 'council', 'budget']]) {
      const { code, stdout } = await cli(...argv, '--json');
      expect(code).toBe(0);
      const payload = JSON.parse(stdout);
      expect(Object.keys(payload).sort()).toEqual(expect.arrayContaining(['allowedMentions', 'embeds']));
      expect(payload.embeds.length).toBe(1);
    }
  });

  it('prints readable text without --json', async () => {
    const { stdout } = await cli('summary', 'bridge');
    expect(stdout).toContain('Bridge opens @everyone\n======');
    expect(stdout).toContain('The bridge opened on Monday.');
  });

  it("--guild applies that server's stored settings, as the bot would there", async () => {
    const databasePath = freshDatabase();
    const db = openDatabase(databasePath);
    await new SqliteGuildSettings(db, silentLogger(), { now: () => new Date() }).update('123456789012345678', { color: 0x00ff00, summarySentences: 1 });
    db.close();
    let stdout = '';
    const code = await runCli(['summary', 'bridge', '--guild', '123456789012345678', '--json'], {
      stdout: (t) => (stdout += t),
      stderr: () => undefined,
      env: { ARTICLES_DIR: dir, DATABASE_PATH: databasePath, LOG_LEVEL: 'silent' },
    });
    expect(code).toBe(0);
    expect(JSON.parse(stdout).embeds[0]).toMatchObject({ color: 0x00ff00, footer: { text: 'bridge · summary, 1 sentence' } });
  });

  it('list shows every article in the catalog, newest first, as JSON or lines', async () => {
    const { stdout } = await cli('list', '--json');
    expect(JSON.parse(stdout).map((row: { id: string }) => row.id)).toEqual(['bridge', 'budget']);
    const text = (await cli('list')).stdout.trim().split('\n');
    expect(text).toHaveLength(2);
    expect(text[1]).toBe('budget  2026-10-01  Budget passes');
  });

  it('syncs the folder into the catalog of the bot\'s database, and sees later changes', async () => {
    const databasePath = freshDatabase();
    const run = async (...argv: string[]) => {
      let stdout = '';
      await runCli(argv, { stdout: (t) => (stdout += t), stderr: () => undefined, env: { ARTICLES_DIR: dir, DATABASE_PATH: databasePath, LOG_LEVEL: 'silent' } });
      return stdout;
    };
    expect(await run('list')).not.toContain('ferry');
    await writeFile(join(dir, 'ferry.txt'), 'Ferry returns\n\nThe ferry is back.');
    try {
      expect(await run('list')).toContain('ferry');
      const db = openDatabase(databasePath);
      expect(db.prepare("SELECT count(*) AS n FROM articles WHERE id = 'ferry'").get()).toEqual({ n: 1 });
      db.close();
    } finally {
      await rm(join(dir, 'ferry.txt'));
    }
    expect(await run('list')).not.toContain('ferry');
  });

  it('reindex reads every file again and indexes every article again, reporting what it did', async () => {
    const { code, stdout, stderr } = await cli('reindex', '--json');
    expect(code).toBe(0);
    // broken.txt is skipped with its warning, as at every start.
    expect(JSON.parse(stdout)).toMatchObject({ files: 3, added: 2, skipped: 1, articles: 2 });
    // Progress goes to stderr, keeping stdout to the report.
    expect(stderr).toBe('indexed 2 of 2 articles\n');
    const text = await cli('reindex');
    expect(text.stdout).toMatch(/^Read 3 files again \(2 added, 0 changed, 0 removed, 1 skipped\); indexed 2 articles again and recounted \d+ words in [\d.]+ s\./);
  });

  it('an unknown id exits 1 with the same notice the bot would send', async () => {
    const { code, stdout, stderr } = await cli('summary', 'bridg', '--json');
    expect(code).toBe(1);
    expect(JSON.parse(stdout)).toMatchObject({ content: expect.stringContaining('Did you mean `bridge`'), embeds: [], allowedMentions: { parse: [] } });
    expect(stderr).toContain('No article has the id bridg');
  });

  it.each([[['summary']], [['frobnicate']], [['latest', '--count', 'lots']], [[]]])('rejects bad usage %j', async (argv) => {
    const { code, stdout } = await cli(...argv, '--json');
    expect(code).toBeGreaterThan(0);
    expect(stdout === '' || JSON.parse(stdout).content).toBeTruthy();
  });

  it('as a real process, keeps stdout to the JSON alone (logs go to stderr)', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'summary', 'bridge', '--json'], {
      env: { ...process.env, ARTICLES_DIR: dir, DATABASE_PATH: freshDatabase(), LOG_LEVEL: 'debug' },
    });
    expect(JSON.parse(stdout).embeds[0].title).toBe('Bridge opens \\@everyone');
  });
});

describe('npm run news: schedules, history, why', () => {
  const GUILD = '123456789012345678';
  const CHANNEL = '223456789012345678';

  async function scheduleDb() {
    const databasePath = freshDatabase();
    const db = openDatabase(databasePath);
    // The articles were first seen the day before the schedule was made.
    const clock = { now: () => new Date('2026-11-01T00:00:00Z') };
    await new FolderSync({ dir, logger: silentLogger(), catalog: sqliteStores(db, silentLogger(), clock).catalog, clock }).syncAll();
    await new SqliteSchedules(db, silentLogger()).create({ id: 'abc234', guildId: GUILD, channelId: CHANNEL, rule: { kind: 'every', minutes: 60 }, count: 1, query: 'budget', backfill: 0, createdAt: new Date('2026-11-02T00:00:00Z'), nextRunAt: new Date('2026-11-02T01:00:00Z') });
    const log = new SqliteDeliveryLog(db);
    const attempt = await log.start({ scheduleId: 'abc234', guildId: GUILD, channelId: CHANNEL, articleId: 'budget', at: new Date('2026-11-02T01:00:00Z') });
    await log.finish(attempt, { outcome: 'skipped', code: 50035, reason: 'Discord refused this article (code 50035: Invalid Form Body)' });
    db.close();
    return (...argv: string[]) => {
      let stdout = '';
      let stderr = '';
      return runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env: { ARTICLES_DIR: dir, DATABASE_PATH: databasePath, LOG_LEVEL: 'silent' } }).then((code) => ({ code, stdout, stderr }));
    };
  }

  it('schedules --json prints the pages /schedule list sends; text mode names the server', async () => {
    const run = await scheduleDb();
    const json = await run('schedules', '--json');
    expect(json.code).toBe(0);
    const [page] = JSON.parse(json.stdout);
    expect(page.embeds[0].fields[0]).toMatchObject({ name: 'abc234 · every 1h', value: expect.stringContaining('matching “budget”') });
    expect((await run('schedules', '--guild', GUILD)).stdout).toContain(`Server ${GUILD}`);
    expect((await run('schedules', '--guild', '999999999999999999')).stdout).toContain('No schedules in server');
  });

  it('history and why give the same answers as the slash commands', async () => {
    const run = await scheduleDb();
    const history = JSON.parse((await run('history', 'abc234', '--json')).stdout);
    expect(history.embeds[0].description).toMatch(/skipped \*\*Budget passes\*\* \(code 50035\)/);
    const why = JSON.parse((await run('why', 'abc234', 'bridge', '--json')).stdout);
    expect(why.embeds[0].description).toBe('Filtered out: it does not contain the word “budget”.');
    expect((await run('why', 'abc234', 'budget')).stdout).toContain('Older than the schedule');
  });

  it('an unknown schedule and a missing argument are explained; a new database has no schedules', async () => {
    const run = await scheduleDb();
    expect(await run('history', 'nope')).toMatchObject({ code: 1, stderr: expect.stringContaining('No schedule "nope"') });
    expect(await run('why', 'abc234')).toMatchObject({ code: 1, stderr: expect.stringContaining('why needs a schedule id and an article id') });
    expect(await cli('schedules')).toMatchObject({ code: 0, stdout: 'No schedules.\n' });
  });
});

describe('npm run news: help and ranges', () => {
  it('help prints every command and exits 0', async () => {
    const { code, stdout } = await cli('help');
    expect(code).toBe(0);
    for (const command of ['latest', 'read', 'summary', 'search', 'list', 'schedules', 'history', 'why', 'reindex']) expect(stdout).toContain(`  ${command}`);
  });

  it.each([
    [['summary', 'bridge', '--sentences', '0'], '--sentences must be a whole number from 1 to 10, got "0".'],
    [['summary', 'bridge', '--sentences', '11'], '--sentences must be a whole number from 1 to 10, got "11".'],
    [['latest', '--count', '0'], '--count must be a whole number from 1 to 10, got "0".'],
    [['read', 'bridge', '--page', '9'], '--page must be a whole number from 1 to 1, got "9".'],
  ])('refuses %j with the valid range, as the slash command would', async (argv, message) => {
    const { code, stderr } = await cli(...argv);
    expect(code).toBe(1);
    expect(stderr).toBe(`${message}\n`);
  });

  it('errors point at CLI commands, not slash commands', async () => {
    const { stderr } = await cli('read', 'nothing-like-it');
    expect(stderr).toContain('npm run news -- list');
    expect(stderr).not.toContain('/news');
  });

  it('a configured articles folder that does not exist is an error naming it', async () => {
    let stderr = '';
    const code = await runCli(['list'], { stdout: () => undefined, stderr: (t) => (stderr += t), env: { ARTICLES_DIR: join(dir, 'missing'), LOG_LEVEL: 'silent' } });
    expect(code).toBe(1);
    expect(stderr).toContain('(ARTICLES_DIR) does not exist');
  });
});

describe.skipIf(POSTGRES_SKIP !== undefined)(`npm run news on PostgreSQL${POSTGRES_SKIP ? ` (skipped: ${POSTGRES_SKIP})` : ''}`, () => {
  it('reads schedules from DATABASE_URL', async () => {
    const url = await freshPostgresUrl();
    const stores = await openStores({ databasePath: '(unused)', databaseUrl: url }, { logger: silentLogger(), clock: { now: () => new Date() } });
    await stores.schedules.create({ id: 'pg0001', guildId: '123456789012345678', channelId: '223456789012345678', rule: { kind: 'every', minutes: 60 }, count: 1, query: null, backfill: 0, createdAt: new Date(), nextRunAt: new Date() });
    await stores.close();
    let stdout = '';
    const code = await runCli(['schedules', '--json'], { stdout: (t) => (stdout += t), stderr: () => undefined, env: { ARTICLES_DIR: dir, DATABASE_URL: url, LOG_LEVEL: 'silent' } });
    expect(code).toBe(0);
    expect(JSON.parse(stdout)[0].embeds[0].fields[0].name).toBe('pg0001 · every 1h');
  });
});
