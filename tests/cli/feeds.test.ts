// `npm run news -- feeds ...` against a loopback fixture feed. The CLI fetches through the same guarded
// client as the bot, so these tests reach 127.0.0.1 only with FEED_ALLOW_PRIVATE_HOSTS, as a local
// test would; one test checks that without it the address is refused.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { articleIdFor } from '../../src/feeds/entry-identity.js';
import { type FeedServer, startFeedServer } from '../helpers/feed-server.js';
import { publishFeed, stories } from '../helpers/feed-publisher.js';
import { freshPostgresUrl, POSTGRES_SKIP } from '../store/contract/backends.js';

const GUILD = '100000000000000001';
let server: FeedServer;
let dir: string;
let dataDir: string;
let databases = 0;
let paths = 0;

beforeAll(async () => {
  server = await startFeedServer();
  dir = await mkdtemp(join(tmpdir(), 'news-cli-feeds-'));
  dataDir = await mkdtemp(join(tmpdir(), 'news-cli-feeds-data-'));
  await writeFile(join(dir, 'bridge.txt'), 'Bridge opens\n\nThe bridge opened on Monday. Traffic was light.');
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

/** A CLI on its own database, and a feed on the fixture server at a loopback address. */
function setup(allowPrivate = true, databaseUrl?: string) {
  const database = join(dataDir, `feeds-${databases++}.sqlite`);
  const path = `/cli-${++paths}.xml`;
  const url = `http://127.0.0.1:${server.port}${path}`;
  const env = { ARTICLES_DIR: dir, DATABASE_PATH: database, ...(databaseUrl && { DATABASE_URL: databaseUrl }), LOG_LEVEL: 'silent', ...(allowPrivate && { FEED_ALLOW_PRIVATE_HOSTS: 'true' }) };
  const cli = async (...argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env });
    return { code, stdout, stderr };
  };
  const json = async (...argv: string[]) => {
    const result = await cli(...argv, '--json');
    expect(result.stderr).toBe('');
    return JSON.parse(result.stdout);
  };
  return { cli, json, path, url };
}

describe('npm run news -- feeds', () => {
  it('add --global imports a feed whose articles then show in latest, search, read and list', async () => {
    const t = setup();
    publishFeed(server, t.path, 'Harbour Ledger', stories(1, 3));
    const added = await t.cli('feeds', 'add', t.url, '--global', '--name', 'Harbour');
    expect(added).toMatchObject({ code: 0, stderr: '' });
    expect(added.stdout).toMatch(/^Feed [a-z0-9]{6} added: Harbour, 3 entries found\./);
    const [feed] = await t.json('feeds', 'list');
    expect(feed).toMatchObject({ guildId: null, url: t.url, name: 'Harbour', title: 'Harbour Ledger', status: 'ok', articles: 3, failures: 0, lastError: null });

    const latest = await t.cli('latest', '--count', '10');
    expect(latest.stdout).toContain('Harbour story number 3');
    expect(latest.stdout).toContain('Bridge opens');
    expect((await t.json('search', 'harbour')).embeds[0].fields).toHaveLength(3);
    const id = articleIdFor(feed.id, 'guid:story-2');
    expect((await t.cli('read', id)).stdout).toContain('Harbour story number 2');
    expect((await t.cli('list')).stdout).toContain(`${id}  2026-10-20  Harbour story number 2`);
    // A server sees the global feed too.
    expect((await t.cli('latest', '--guild', GUILD, '--count', '10')).stdout).toContain('Harbour story number 3');
  });

  it('a server feed added with --guild is seen by that server only', async () => {
    const t = setup();
    publishFeed(server, t.path, 'Local Gazette', stories(1, 2));
    expect((await t.cli('feeds', 'add', t.url, '--guild', GUILD)).code).toBe(0);
    expect((await t.cli('latest', '--guild', GUILD)).stdout).toContain('Harbour story number 2');
    expect((await t.cli('latest')).stdout).not.toContain('Harbour story');
    expect(await t.json('feeds', 'list', '--global')).toEqual([]);
    expect(await t.json('feeds', 'list', '--guild', GUILD)).toHaveLength(1);
  });

  it('fetch fetches each feed once and says what it found; remove takes the feed and its articles', async () => {
    const t = setup();
    const published = publishFeed(server, t.path, 'Harbour Ledger', stories(1, 2));
    const { feed } = await t.json('feeds', 'add', t.url, '--global');
    expect(await t.json('feeds', 'fetch')).toEqual({ results: [{ kind: 'not-modified', feedId: feed.id }], backingOff: [], busy: [] });
    published.items = stories(1, 4);
    const fetched = await t.cli('feeds', 'fetch');
    expect(fetched).toMatchObject({ code: 0, stdout: `${feed.id}  4 entries: 2 new, 0 changed\n` });
    expect((await t.cli('latest')).stdout).toContain('Harbour story number 4');

    const removed = await t.cli('feeds', 'remove', feed.id);
    expect(removed.stdout).toMatch(/removed, with its 4 articles/);
    expect((await t.cli('latest', '--count', '10')).stdout).not.toContain('Harbour story');
    expect((await t.cli('feeds', 'list')).stdout).toBe('No feeds.\n');
  });

  it('fetch leaves a feed waiting out a failure backoff alone, and exits 1 when a fetch fails', async () => {
    const t = setup();
    let status = 200;
    publishFeed(server, t.path, 'Flaky', stories(1, 1));
    const { feed } = await t.json('feeds', 'add', t.url, '--global');
    server.route(t.path, (_q, r) => void r.writeHead(status).end());
    status = 500;
    const failed = await t.cli('feeds', 'fetch');
    expect(failed.code).toBe(1);
    expect(failed.stdout).toBe(`${feed.id}  failed (1 in a row): the server answered HTTP 500 Internal Server Error\n`);
    const waiting = await t.cli('feeds', 'fetch');
    expect(waiting.code).toBe(0);
    expect(waiting.stdout).toMatch(new RegExp(`^${feed.id}  skipped: waiting out a failure backoff until \\d{4}-`));
    const [listed] = await t.json('feeds', 'list');
    expect(listed).toMatchObject({ status: 'retrying', failures: 1, lastError: 'the server answered HTTP 500 Internal Server Error' });
  });

  it('test prints every entry that would be imported and saves nothing', async () => {
    const t = setup();
    publishFeed(server, t.path, 'Harbour Ledger', stories(1, 4));
    const text = await t.cli('feeds', 'test', t.url);
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toBe(`Harbour Ledger (RSS) at ${t.url}: 4 entries would be imported. Nothing was saved.`);
    expect(text.stdout).toContain('2026-10-20 08:01  Harbour story number 1');
    const preview = await t.json('feeds', 'test', t.url);
    expect(preview).toMatchObject({ title: 'Harbour Ledger', format: 'rss', skipped: [] });
    expect(preview.entries.map((e: { key: string }) => e.key)).toEqual(['guid:story-4', 'guid:story-3', 'guid:story-2', 'guid:story-1']);
    expect(await t.json('feeds', 'list')).toEqual([]);
    expect((await t.cli('latest')).stdout).not.toContain('Harbour story');
  });

  it('refuses a loopback address unless FEED_ALLOW_PRIVATE_HOSTS is set', async () => {
    const t = setup(false);
    publishFeed(server, t.path, 'Harbour Ledger', stories(1, 1));
    const refused = await t.cli('feeds', 'add', t.url, '--global');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('Could not add the feed: 127.0.0.1 leads to a local, private or reserved network address, which the bot never fetches from. Nothing was saved.\n');
    expect((await t.cli('feeds', 'test', t.url)).stderr).toContain('local, private or reserved network address');
    expect((await t.cli('feeds', 'list')).stdout).toBe('No feeds.\n');
  });

  it.each([
    [['feeds', 'add', 'https://news.example.org/rss.xml'], 1, 'feeds add needs --global (a feed every server sees) or --guild <server id>'],
    [['feeds', 'add', '--global'], 1, 'feeds add needs the address of a feed'],
    [['feeds', 'add', 'x', '--global', '--guild', GUILD], 1, 'Give either --global or --guild, not both.'],
    [['feeds', 'add', 'ftp://news.example.org/rss.xml', '--global'], 1, 'That address cannot be used'],
    [['feeds', 'add', 'https://news.example.org/rss.xml', '--global', '--name', 'x'.repeat(101)], 1, 'A feed name can be at most 100 characters.'],
    [['feeds', 'list', '--name', 'x'], 1, '--name and --full-text go with feeds add only.'],
    [['feeds', 'remove'], 1, 'feeds remove needs a feed id'],
    [['feeds', 'remove', 'nope12'], 1, 'No feed "nope12". Run "npm run news -- feeds list" to see them.'],
    [['feeds', 'remove', 'a', 'b'], 1, 'Expected one value, got 2'],
    [['feeds', 'frobnicate'], 1, 'Unknown feeds command "frobnicate": add, list, remove, test or fetch.'],
    [['feeds'], 1, 'feeds needs a command'],
    [['latest', '--global'], 2, '--name, --full-text and --global go with the feeds commands only.'],
    [['feeds', 'add', 'x', '--bogus'], 2, "Unknown option '--bogus'"],
  ])('refuses %j with a clear error', async (argv, code, message) => {
    const t = setup();
    const result = await t.cli(...argv);
    expect(result.code).toBe(code);
    expect(result.stderr).toContain(message);
  });

  it('--json prints the refusal as the notice a command would send', async () => {
    const t = setup();
    const result = await t.cli('feeds', 'remove', 'nope12', '--json');
    expect(JSON.parse(result.stdout)).toMatchObject({ content: expect.stringContaining('No feed'), allowedMentions: { parse: [] } });
  });
});

describe.skipIf(POSTGRES_SKIP !== undefined)(`npm run news -- feeds on PostgreSQL${POSTGRES_SKIP ? ` (skipped: ${POSTGRES_SKIP})` : ''}`, () => {
  it('adds, fetches, lists and removes feeds in DATABASE_URL, a server’s kept to that server', async () => {
    const t = setup(true, await freshPostgresUrl());
    const published = publishFeed(server, t.path, 'Harbour Ledger', stories(1, 2));
    const { feed } = await t.json('feeds', 'add', t.url, '--guild', GUILD);
    expect((await t.cli('latest', '--guild', GUILD)).stdout).toContain('Harbour story number 2');
    expect((await t.cli('latest')).stdout).not.toContain('Harbour story');
    published.items = stories(1, 3);
    expect((await t.cli('feeds', 'fetch')).stdout).toBe(`${feed.id}  3 entries: 1 new, 0 changed\n`);
    expect((await t.json('feeds', 'list'))[0]).toMatchObject({ id: feed.id, guildId: GUILD, status: 'ok', articles: 3 });
    expect((await t.cli('feeds', 'remove', feed.id)).stdout).toMatch(/removed, with its 3 articles/);
    expect((await t.cli('latest', '--guild', GUILD, '--count', '10')).stdout).not.toContain('Harbour story');
  });
});
