import { DiscordAPIError, HTTPError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/article.js';
import type { Deps } from '../../src/deps.js';
import { addSchedule } from '../../src/services/schedules.js';
import { makeArticle } from '../helpers/articles.js';
import { manualClock, testDeps } from '../helpers/deps.js';
import { WARN } from '../helpers/logger.js';

const GUILD = '100000000000000001';
const CHANNEL = '300000000000000001';
const OTHER = '300000000000000002';
const HOUR = 3_600_000;
const START = new Date('2026-11-01T12:00:00Z');

const articles: Article[] = Array.from({ length: 6 }, (_, i) =>
  makeArticle({ id: `story-${i}`, title: `Story ${i} about ${i % 2 ? 'rail' : 'harbour'} news`, body: `Story ${i} body. It has sentences. Enough of them.`, publishedAt: new Date(Date.UTC(2026, 9, 1 + i)) }),
);

function setup(options: { count?: number; query?: string; every?: string; at?: string; timezone?: string } = {}) {
  const clock = manualClock(START);
  const env = testDeps(articles, clock);
  const add = (channelId = CHANNEL, extra: Partial<typeof options> = {}) =>
    addSchedule(env.deps.schedules, { guildId: GUILD, channelId, every: options.every ?? (options.at ? null : '1h'), at: options.at ?? null, timezone: options.timezone ?? null, count: options.count ?? 2, query: options.query ?? null, ...extra }, clock.now(), 5);
  const sentIds = () => env.poster.sent.map((m) => m.payload.embeds[0]!.footer!.text.split(' · ')[0]);
  return { ...env, clock, add, sentIds, tick: () => env.deps.scheduler.tick() };
}

describe('scheduled runs', () => {
  it('first run is one interval after adding; each run posts the newest undelivered articles, never twice', async () => {
    const { add, clock, tick, sentIds } = setup({ count: 2 });
    await add();
    expect((await tick()).ran).toBe(0);
    clock.advance(HOUR - 1);
    expect((await tick()).ran).toBe(0);
    clock.advance(1);
    expect((await tick()).results[0]!.result).toEqual({ kind: 'posted', count: 2 });
    expect(sentIds()).toEqual(['story-5', 'story-4']);
    expect((await tick()).ran).toBe(0);
    clock.advance(HOUR);
    await tick();
    clock.advance(HOUR);
    await tick();
    clock.advance(HOUR);
    expect((await tick()).results[0]!.result).toEqual({ kind: 'nothing-new' });
    expect(sentIds()).toEqual(['story-5', 'story-4', 'story-3', 'story-2', 'story-1', 'story-0']);
  });

  it('sends each post with a nonce and enforce, and records the delivery', async () => {
    const { add, clock, tick, poster, db } = setup({ count: 1 });
    await add();
    clock.advance(HOUR);
    await tick();
    expect(poster.sent[0]!.options?.nonce).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(db.prepare('SELECT channel_id, article_id, state FROM deliveries').all()).toEqual([{ channel_id: CHANNEL, article_id: 'story-5', state: 'sent' }]);
  });

  it('a new schedule does not flood the channel: its first run posts at most count', async () => {
    const { add, clock, tick, poster } = setup({ count: 1 });
    await add();
    clock.advance(HOUR);
    await tick();
    expect(poster.sent).toHaveLength(1);
  });

  it('runs missed while the bot was down run once, then the next run is in the future', async () => {
    const { add, clock, tick, deps } = setup({ count: 1 });
    const schedule = await add();
    clock.advance(3 * 24 * HOUR + 5 * 60_000);
    expect((await tick()).ran).toBe(1);
    expect((await tick()).ran).toBe(0);
    const after = (await deps.schedules.get(GUILD, schedule.id))!;
    expect(after.nextRunAt.getTime()).toBe(START.getTime() + 73 * HOUR);
  });

  it('pings the mention role once per run, and only that role', async () => {
    const { add, clock, tick, poster, deps } = setup({ count: 3 });
    await deps.settings.update(GUILD, { mentionRoleId: '500000000000000001', color: 0xabcdef });
    await add();
    clock.advance(HOUR);
    await tick();
    expect(poster.sent.map((m) => [m.payload.content, m.payload.allowedMentions])).toEqual([
      ['<@&500000000000000001>', { parse: [], roles: ['500000000000000001'] }],
      [undefined, { parse: [] }],
      [undefined, { parse: [] }],
    ]);
    expect(poster.sent[0]!.payload.embeds[0]!.color).toBe(0xabcdef);
  });

  it('limits a schedule to articles matching its query', async () => {
    const { add, clock, tick, sentIds } = setup({ count: 5, query: 'rail' });
    await add();
    clock.advance(HOUR);
    await tick();
    expect(sentIds()).toEqual(['story-5', 'story-3', 'story-1']);
  });

  it('two schedules on one channel never post the same article', async () => {
    const { add, clock, tick, sentIds } = setup({ count: 3 });
    await add();
    await add();
    clock.advance(HOUR);
    await tick();
    expect(sentIds()).toEqual(['story-5', 'story-4', 'story-3', 'story-2', 'story-1', 'story-0']);
  });

  it('a daily schedule runs at its local time', async () => {
    const { add, clock, tick } = setup({ at: '09:30', timezone: 'Europe/London', count: 1 });
    const schedule = await add();
    expect(schedule.nextRunAt.toISOString()).toBe('2026-11-02T09:30:00.000Z');
    clock.set(new Date('2026-11-02T09:29:59Z'));
    expect((await tick()).ran).toBe(0);
    clock.set(new Date('2026-11-02T09:30:00Z'));
    expect((await tick()).ran).toBe(1);
  });
});

/** A run whose message goes out, but whose process dies before recording the delivery as sent. */
async function runThenCrashBeforeRecording(deps: Deps, tick: () => Promise<unknown>): Promise<void> {
  const real = deps.deliveries.markSent.bind(deps.deliveries);
  deps.deliveries.markSent = async () => Promise.reject(new Error('process killed'));
  await tick();
  deps.deliveries.markSent = real;
}

describe('failures', () => {
  const serverError = () => new DiscordAPIError({ message: 'Internal Server Error', code: 0 }, 0, 500, 'POST', '/x', {});

  it('a transient failure is retried with backoff, with the same nonce, and posts once', async () => {
    const { add, clock, tick, poster, deps } = setup({ count: 1 });
    const schedule = await add();
    clock.advance(HOUR);
    poster.failures.push(serverError(), new HTTPError(502, 'Bad Gateway', 'POST', '/x', {}));
    expect((await tick()).results[0]!.result).toMatchObject({ kind: 'retrying', attempts: 1 });
    expect((await deps.schedules.get(GUILD, schedule.id))!.retryAt!.getTime()).toBe(clock.now().getTime() + 60_000);
    clock.advance(60_000);
    expect((await tick()).results[0]!.result).toMatchObject({ kind: 'retrying', attempts: 2 });
    clock.advance(2 * 60_000);
    expect((await tick()).results[0]!.result).toEqual({ kind: 'posted', count: 1 });
    expect(poster.sent).toHaveLength(1);
    const after = (await deps.schedules.get(GUILD, schedule.id))!;
    expect(after).toMatchObject({ failures: 0, retryAt: null });
    expect(after.nextRunAt.getTime()).toBe(START.getTime() + 2 * HOUR);
  });

  it('a post that reached Discord before a crash is not sent again after restart', async () => {
    const { add, clock, tick, poster, deps, db } = setup({ count: 1 });
    await add();
    clock.advance(HOUR);
    await runThenCrashBeforeRecording(deps, tick);
    expect(poster.sent).toHaveLength(1);
    expect(db.prepare('SELECT state FROM deliveries').all()).toEqual([{ state: 'pending' }]);

    // Soon after: the same nonce is sent again and Discord answers with the first message.
    clock.advance(60_000);
    await tick();
    expect(poster.sent).toHaveLength(1);
    expect(db.prepare('SELECT state FROM deliveries').all()).toEqual([{ state: 'sent' }]);
  });

  it('after a long outage, a pending post found in the channel is recorded, not resent', async () => {
    const { add, clock, tick, poster, deps, db, sentIds } = setup({ count: 1 });
    await add();
    clock.advance(HOUR);
    await runThenCrashBeforeRecording(deps, tick);
    expect(poster.sent).toHaveLength(1);

    // Hours later Discord no longer deduplicates the nonce, so the runner looks for the post instead;
    // it finds it, records it, and goes on to this run's own article.
    clock.advance(5 * HOUR);
    await tick();
    expect(db.prepare('SELECT article_id, state FROM deliveries ORDER BY article_id').all()).toEqual([
      { article_id: 'story-4', state: 'sent' },
      { article_id: 'story-5', state: 'sent' },
    ]);
    expect(sentIds()).toEqual(['story-5', 'story-4']);
  });

  it.each([
    [50013, 403, 'Missing Permissions'],
    [50001, 403, 'Missing Access'],
    [10003, 404, 'no longer exists'],
  ])('Discord error %i pauses the schedule with the reason and tells the server once', async (code, status, reason) => {
    const { add, clock, tick, poster, deps, notices, db } = setup({ count: 1 });
    notices.channelId = OTHER;
    const schedule = await add();
    clock.advance(HOUR);
    poster.failures.push(new DiscordAPIError({ message: 'refused', code }, code, status, 'POST', '/x', {}));
    const [run] = (await tick()).results;
    expect(run!.result).toMatchObject({ kind: 'paused', reason: expect.stringContaining(reason) });
    const paused = (await deps.schedules.get(GUILD, schedule.id))!;
    expect(paused.pausedReason).toContain(reason);
    expect(db.prepare('SELECT count(*) AS n FROM deliveries').get()).toEqual({ n: 0 });
    expect(poster.sent).toHaveLength(1);
    expect(poster.sent[0]).toMatchObject({ channelId: OTHER, payload: { content: expect.stringContaining(`schedule \`${schedule.id}\``), allowedMentions: { parse: [] } } });
    clock.advance(10 * HOUR);
    expect((await tick()).ran).toBe(0);
    expect(poster.sent).toHaveLength(1);
  });

  it('a paused schedule resumed later posts the article that failed', async () => {
    const { add, clock, tick, poster, deps, sentIds } = setup({ count: 1 });
    const schedule = await add();
    clock.advance(HOUR);
    poster.failures.push(new DiscordAPIError({ message: 'Missing Permissions', code: 50013 }, 50013, 403, 'POST', '/x', {}));
    await tick();
    await deps.schedules.update(schedule.id, { pausedReason: null, nextRunAt: clock.now() });
    await tick();
    expect(sentIds()).toEqual(['story-5']);
  });

  it('skips a stored schedule that cannot be read, with a warning naming it', async () => {
    const { add, clock, tick, db, logs } = setup();
    const good = await add();
    db.prepare("INSERT INTO schedules (id, guild_id, channel_id, rule, count, created_at, next_run_at) VALUES ('broken', ?, ?, '{\"kind\":\"weekly\"}', 1, 0, 0)").run(GUILD, CHANNEL);
    clock.advance(HOUR);
    const summary = await tick();
    expect(summary.results.map((r) => r.scheduleId)).toEqual([good.id]);
    expect(logs.find((l) => l.level === WARN && l.scheduleId === 'broken')).toBeDefined();
  });
});
