// The summary service end to end against a loopback endpoint and a real SQLite cache: when the model is
// asked, when its answer is reused, and what every failure falls back to.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/article.js';
import { summarize } from '../../src/core/summarizer.js';
import { openDatabase } from '../../src/store/database.js';
import { SqliteSummaryCache } from '../../src/store/summaries/sqlite-summary-cache.js';
import { ModelSummaries, type ModelSummariesOptions, summaryFooterLabel } from '../../src/summaries/model-summaries.js';
import { MemorySummaryCache, type SummaryCache } from '../../src/summaries/summary-cache.js';
import { captureLogger, WARN } from '../helpers/logger.js';
import { completion, type FakeModelServer, startFakeModelServer } from '../helpers/fake-model-server.js';

const KEY = 'sk-live-very-secret-0042';
const ANSWER = 'Dock workers ended a nine-day strike on Monday. Ships are moving again.';
const article: Article = {
  id: 'port-strike',
  title: 'Port strike ends after nine days',
  body:
    'Dock workers voted on Monday to end a strike that had lasted nine days. The union said the new contract raises pay by 6 percent.\n\n' +
    'Ships waiting outside the harbour began to dock within hours. Port officials expect the backlog to clear by Friday.\n\n' +
    'Details are at https://port.example.org/contract.',
  publishedAt: new Date('2026-10-14T08:30:00Z'),
  tags: [],
};
const extractive = (count: number) => summarize(article, count);

let server: FakeModelServer;
let now: Date;
let logs: ReturnType<typeof captureLogger>;
let cache: SummaryCache;

beforeAll(async () => {
  server = await startFakeModelServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  server.reply({ json: completion(ANSWER) });
  now = new Date('2026-11-01T12:00:00Z');
  logs = captureLogger();
  cache = new SqliteSummaryCache(openDatabase(':memory:'));
});

function service(options: Partial<ModelSummariesOptions> = {}): ModelSummaries {
  return new ModelSummaries({ config: server.config({ key: KEY }), cache, logger: logs.logger, clock: { now: () => now }, timeoutMs: 2000, ...options });
}
const later = (minutes: number) => {
  now = new Date(now.getTime() + minutes * 60_000);
};

describe('without a model', () => {
  it('gives the extractive summary and touches nothing else', async () => {
    const summaries = service({ config: undefined });
    const summary = await summaries.summarize(article, 2);
    expect(summary).toEqual({ kind: 'extractive', sentences: extractive(2) });
    expect(summaryFooterLabel(summary)).toBe('summary, 2 sentences');
    expect(server.requests).toHaveLength(0);
    expect(logs.lines).toHaveLength(0);
  });
});

describe('with a model', () => {
  it('uses the model answer, and says so in the footer', async () => {
    const summary = await service().summarize(article, 2);
    expect(summary).toEqual({ kind: 'model', sentences: ['Dock workers ended a nine-day strike on Monday.', 'Ships are moving again.'], model: 'llama3.2:3b' });
    expect(summaryFooterLabel(summary)).toBe('summary by llama3.2:3b, 2 sentences');
    expect(logs.lines).toHaveLength(0);
  });

  it('asks once per article version: a second call, or another process, reads the cache', async () => {
    await service().summarize(article, 2);
    expect(await service().summarize(article, 2)).toMatchObject({ kind: 'model' });
    expect(server.requests).toHaveLength(1);
    const retagged: Article = { ...article, tags: ['labour'], image: 'https://port.example.org/p.jpg' };
    await service().summarize(retagged, 2);
    expect(server.requests).toHaveLength(1);
    await service().summarize({ ...article, body: `${article.body}\n\nA correction was added.` }, 2);
    await service().summarize(article, 3);
    await service({ config: server.config({ model: 'qwen2.5:7b' }) }).summarize(article, 2);
    expect(server.requests).toHaveLength(4);
  });

  it('sends one request for concurrent calls about the same version', async () => {
    const summaries = service();
    const results = await Promise.all([summaries.summarize(article, 2), summaries.summarize(article, 2), summaries.summarize(article, 2)]);
    expect(server.requests).toHaveLength(1);
    expect(new Set(results.map((result) => JSON.stringify(result))).size).toBe(1);
    expect(results[0]!.kind).toBe('model');
  });

  it('waits for another process that is asking, instead of asking again', async () => {
    const shared = new MemorySummaryCache();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    server.reply({ write: (response) => void gate.then(() => response.writeHead(200).end(JSON.stringify(completion(ANSWER)))) });
    const first = service({ cache: shared, timeoutMs: 5000 }).summarize(article, 2);
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 1)); // the first process is asking
    const polls: number[] = [];
    const sleep = async (ms: number) => {
      polls.push(ms);
      if (polls.length === 2) release(); // the first process answers while the second waits
      await new Promise((resolve) => setTimeout(resolve, 5));
    };
    const second = service({ cache: shared, sleep, pollMs: 250, waitForOtherMs: 5000 });
    const [a, b] = await Promise.all([first, second.summarize(article, 2)]);
    expect(server.requests).toHaveLength(1);
    expect(b).toEqual(a);
    expect(polls.length).toBeGreaterThanOrEqual(2);
  });
});

describe('falling back to the extractive summary', () => {
  it.each([
    ['a timeout', 'hang' as const, /no answer within 50 ms/],
    ['HTTP 500', { status: 500, json: { error: 'overloaded' } }, /HTTP 500/],
    ['a refused key', { status: 401, json: {} }, /HTTP 401/],
  ])('after %s, with a log line; that version is asked again only after the cool-down', async (_name, reply, reason) => {
    server.reply(reply);
    // A short wait only where nothing will come: a real answer under a loaded test run may take longer.
    const summaries = service({ timeoutMs: reply === 'hang' ? 50 : 2000 });
    expect(await summaries.summarize(article, 2)).toEqual({ kind: 'extractive', sentences: extractive(2), reason: expect.stringMatching(reason) });
    expect(logs.lines).toEqual([expect.objectContaining({ level: WARN, msg: 'model summary not used; extractive summary instead', articleId: 'port-strike', model: 'llama3.2:3b', reason: expect.stringMatching(reason) })]);
    server.reply({ json: completion(ANSWER) });
    expect(await summaries.summarize(article, 2)).toMatchObject({ kind: 'extractive' });
    later(2);
    expect(await summaries.summarize(article, 2)).toMatchObject({ kind: 'extractive', reason: expect.stringContaining('asking again after 2026-11-01T12:10:00.000Z') });
    expect(await service().summarize(article, 2)).toMatchObject({ kind: 'extractive' });
    expect(server.requests).toHaveLength(1);
    later(8);
    expect(await summaries.summarize(article, 2)).toMatchObject({ kind: 'model' });
    expect(server.requests).toHaveLength(2);
  });

  it('after a failure, asks about no other article for a minute either', async () => {
    server.reply({ status: 503, json: {} });
    const summaries = service();
    await summaries.summarize(article, 2);
    server.reply({ json: completion(ANSWER) });
    expect(await summaries.summarize({ ...article, id: 'other' }, 2)).toMatchObject({ kind: 'extractive', reason: expect.stringContaining('failed moments ago') });
    later(1);
    expect(await summaries.summarize({ ...article, id: 'other' }, 2)).toMatchObject({ kind: 'model' });
    expect(server.requests).toHaveLength(2);
  });

  it.each([
    ['malformed JSON', { text: '{"choices": [' }, /not JSON/],
    ['an answer with @everyone', { json: completion(`@everyone ${ANSWER}`) }, /@everyone/],
    ['an answer with an invented link', { json: completion(`${ANSWER} See https://strike-news.example.net/live.`) }, /not in the article/],
  ])('after %s, and never asks about that version again', async (_name, reply, reason) => {
    server.reply(reply);
    expect(await service().summarize(article, 2)).toEqual({ kind: 'extractive', sentences: extractive(2), reason: expect.stringMatching(reason) });
    expect(logs.lines.filter((line) => line.level === WARN)).toHaveLength(1);
    server.reply({ json: completion(ANSWER) });
    later(60 * 24 * 30);
    expect(await service().summarize(article, 2)).toMatchObject({ kind: 'extractive', reason: expect.stringMatching(reason) });
    expect(server.requests).toHaveLength(1);
  });

  it('accepts a link that is in the article', async () => {
    server.reply({ json: completion('Dock workers ended the strike. The contract is at https://port.example.org/contract.') });
    expect(await service().summarize(article, 2)).toMatchObject({ kind: 'model', sentences: ['Dock workers ended the strike.', 'The contract is at https://port.example.org/contract.'] });
  });

  it('when the cache fails, without asking the model', async () => {
    const broken = new (class extends MemorySummaryCache {
      override async claim(): Promise<never> {
        throw new Error('disk I/O error');
      }
    })();
    expect(await service({ cache: broken }).summarize(article, 2)).toMatchObject({ kind: 'extractive', reason: 'the summary cache failed' });
    expect(logs.lines[0]).toMatchObject({ level: WARN, err: expect.objectContaining({ message: 'disk I/O error' }) });
    expect(server.requests).toHaveLength(0);
  });
});

it('never writes the key to the log, whatever happens', async () => {
  for (const reply of [{ json: completion(ANSWER) }, { status: 500, json: { error: `bad key ${KEY}` } }, 'hang' as const, { text: `not json ${KEY}` }]) {
    server.reply(reply);
    later(60);
    await service({ timeoutMs: reply === 'hang' ? 50 : 2000 }).summarize({ ...article, body: `${article.body}\n\nUpdate ${now.getTime()}.` }, 2);
  }
  logs.logger.info({ config: { summaryModel: server.config({ key: KEY }) }, headers: { Authorization: `Bearer ${KEY}` } }, 'an accident');
  expect(server.requests.every((request) => request.headers.authorization === `Bearer ${KEY}`)).toBe(true);
  expect(logs.lines.length).toBeGreaterThanOrEqual(4);
  expect(logs.text()).not.toContain(KEY);
  expect(logs.text()).not.toContain('Dock workers voted');
});
