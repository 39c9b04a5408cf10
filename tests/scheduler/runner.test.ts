import { DiscordAPIError, HTTPError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/article.js';
import type { Deps } from '../../src/deps.js';
import { ScheduleRunner } from '../../src/scheduler/runner.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { addSchedule } from '../../src/services/schedules.js';
import { makeArticle } from '../helpers/articles.js';
import { manualClock, testDeps } from '../helpers/deps.js';
import { WARN } from '../helpers/logger.js';

const GUILD = '100000000000000001';
const CHANNEL = '300000000000000001';
const OTHER = '300000000000000002';
const HOUR = 3_600_000;
const START = new Date('2026-11-01T12:00:00Z');

/** Six articles already in the library when the schedule is added. */
const existing: Article[] = Array.from({ length: 6 }, (_, i) =>
  makeArticle({ id: `old-${i}`, title: `Old story ${i} about ${i % 2 ? 'rail' : 'harbour'} news`, body: `Story ${i} body. It has sentences. Enough of them.`, publishedAt: new Date(Date.UTC(2026, 9, 1 + i)) }),
);

const story = (id: string, title = `Story ${id}`, extra: Partial<Article> = {}): Article =>
  makeArticle({ id, title, body: `${title}. It has sentences. Enough of them.`, publishedAt: new Date(START.getTime() - HOUR), ...extra });

interface Options {
  count?: number;
  query?: string;
  every?: string;
  at?: string;
  timezone?: string;
  backfill?: number;
}

function setup(options: Options = {}) {
  const clock = manualClock(START);
  const env = testDeps(existing, clock);
  const add = (channelId = CHANNEL, extra: Options = {}) => {
    const o = { ...options, ...extra };
    return addSchedule(env.deps.schedules, { guildId: GUILD, channelId, every: o.every ?? (o.at ? null : '1h'), at: o.at ?? null, timezone: o.timezone ?? null, count: o.count ?? 2, query: o.query ?? null, backfill: o.backfill ?? 0 }, clock.now(), 5);
  };
  const sentIds = () => env.poster.sent.map((m) => m.payload.embeds[0]!.footer!.text.split(' · ')[0]);
  const later = async (ms: number, ...articles: Article[]) => {
    clock.advance(ms);
    return env.publish(...articles);
  };
  return { ...env, clock, add, sentIds, later, tick: () => env.deps.scheduler.tick() };
}

const rows = (db: ReturnType<typeof testDeps>['db'], sql: string) => db.prepare(sql).all();

describe('what a schedule posts', () => {
  it('posts only articles that entered the library after it was added, oldest first, count a run, never older ones', async () => {
    const { add, clock, tick, sentIds, later } = setup({ count: 2 });
    await add();
    await later(10 * 60_000, story('new-a'), story('new-b'), story('new-c'));
    clock.advance(HOUR - 10 * 60_000);
    expect((await tick()).results[0]!.result).toEqual({ kind: 'posted', count: 2 });
    expect(sentIds()).toEqual(['new-a', 'new-b']);
    clock.advance(HOUR);
    await tick();
    expect(sentIds()).toEqual(['new-a', 'new-b', 'new-c']);
    // Nothing new is left: the run posts nothing rather than reaching into the back catalogue.
    clock.advance(HOUR);
    expect((await tick()).results[0]!.result).toEqual({ kind: 'nothing-new' });
    expect(sentIds()).toHaveLength(3);
  });

  it('backfill: the first run also posts the newest existing articles, oldest of them first; later runs do not', async () => {
    const { add, clock, tick, sentIds, later, deps } = setup({ count: 1, backfill: 3 });
    const schedule = await add();
    await later(60_000, story('fresh'));
    clock.advance(HOUR);
    await tick();
    expect(sentIds()).toEqual(['old-3', 'old-4', 'old-5', 'fresh']);
    expect((await deps.schedules.get(GUILD, schedule.id))!.backfill).toBe(0);
    clock.advance(HOUR);
    await tick();
    expect(sentIds()).toHaveLength(4);
  });

  it('backfill 0 posts nothing until something new arrives', async () => {
    const { add, clock, tick, poster } = setup({ backfill: 0 });
    await add();
    clock.advance(HOUR);
    expect((await tick()).results[0]!.result).toEqual({ kind: 'nothing-new' });
    expect(poster.sent).toHaveLength(0);
  });

  it('editing an article never makes it new again', async () => {
    const { add, clock, tick, later, publish, sentIds } = setup({ count: 5 });
    await later(0, story('kept', 'First version'));
    clock.advance(60_000);
    await add();
    await later(60_000, story('kept', 'Second version, edited after the schedule was added'));
    clock.advance(HOUR);
    await tick();
    expect(sentIds()).toEqual([]);
    void publish;
  });

  it('an article published in the future is not posted before that time', async () => {
    const { add, clock, tick, later, sentIds } = setup({ count: 5 });
    await add();
    await later(60_000, story('embargoed', 'Embargoed report', { publishedAt: new Date(START.getTime() + 3 * HOUR) }), story('now'));
    clock.advance(HOUR);
    await tick();
    expect(sentIds()).toEqual(['now']);
    clock.advance(HOUR);
    await tick();
    expect(sentIds()).toEqual(['now']);
    clock.advance(HOUR);
    await tick();
    expect(sentIds()).toEqual(['now', 'embargoed']);
  });

  it('a schedule stored by an older version counts the library as already there at its next run', async () => {
    const { add, clock, tick, poster, later, deps, sentIds } = setup({ count: 5 });
    const schedule = await add();
    await deps.schedules.update(schedule.id, { newSince: null });
    clock.advance(HOUR);
    await tick();
    expect(poster.sent).toHaveLength(0);
    await later(60_000, story('after-upgrade'));
    clock.advance(HOUR);
    await tick();
    expect(sentIds()).toEqual(['after-upgrade']);
  });

  it('exact filters: whole words only, every matching new article considered', async () => {
    const { add, clock, tick, later, sentIds } = setup({ count: 5, query: 'war' });
    await add();
    const filler = Array.from({ length: 300 }, (_, i) => story(`war-${i}`, `War report number ${i}`));
    await later(60_000, story('warehouse', 'New warehouse opens'), story('warning', 'Heat warning issued'), ...filler);
    await later(60_000, story('last-war', 'The war ends'));
    for (let run = 0; run < 61; run++) {
      clock.advance(HOUR);
      await tick();
    }
    const sent = sentIds();
    expect(sent).not.toContain('warehouse');
    expect(sent).not.toContain('warning');
    expect(sent).toHaveLength(301);
    expect(sent.at(-1)).toBe('last-war');
  });

  it('sends each post with a nonce and enforce, and records the delivery and the attempt', async () => {
    const { add, clock, tick, poster, db, later } = setup({ count: 1 });
    const schedule = await add();
    await later(60_000, story('one'));
    clock.advance(HOUR);
    await tick();
    expect(poster.sent[0]!.options?.nonce).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(rows(db, 'SELECT channel_id, article_id, state FROM deliveries')).toEqual([{ channel_id: CHANNEL, article_id: 'one', state: 'sent' }]);
    expect(rows(db, 'SELECT schedule_id, article_id, outcome, message_id FROM delivery_log')).toEqual([{ schedule_id: schedule.id, article_id: 'one', outcome: 'posted', message_id: expect.any(String) }]);
  });

  it('pings the mention role once per run, and only that role', async () => {
    const { add, clock, tick, poster, deps, later } = setup({ count: 3 });
    await deps.settings.update(GUILD, { mentionRoleId: '500000000000000001', color: 0xabcdef });
    await add();
    await later(60_000, story('a'), story('b'), story('c'));
    clock.advance(HOUR);
    await tick();
    expect(poster.sent.map((m) => [m.payload.content, m.payload.allowedMentions])).toEqual([
      ['<@&500000000000000001>', { parse: [], roles: ['500000000000000001'] }],
      [undefined, { parse: [] }],
      [undefined, { parse: [] }],
    ]);
    expect(poster.sent[0]!.payload.embeds[0]!.color).toBe(0xabcdef);
  });

  it('two schedules on one channel never post the same article', async () => {
    const { add, clock, tick, sentIds, later } = setup({ count: 3 });
    await add();
    await add();
    await later(60_000, story('a'), story('b'), story('c'), story('d'));
    clock.advance(HOUR);
    await tick();
    expect(sentIds()).toEqual(['a', 'b', 'c', 'd']);
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

const discordError = (code: number, status: number, message = 'refused') => new DiscordAPIError({ message, code }, code, status, 'POST', '/x', {});

describe('failures', () => {
  it('a transient failure is retried with backoff, with the same nonce, and posts once', async () => {
    const { add, clock, tick, poster, deps, later } = setup({ count: 1 });
    const schedule = await add();
    await later(60_000, story('one'));
    clock.advance(HOUR - 60_000);
    poster.failures.push(discordError(0, 500, 'Internal Server Error'), new HTTPError(502, 'Bad Gateway', 'POST', '/x', {}));
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

  it('a post that reached Discord before a crash is not sent again soon after (same nonce)', async () => {
    const { add, clock, tick, poster, deps, db, later } = setup({ count: 1 });
    await add();
    await later(60_000, story('one'));
    clock.advance(HOUR);
    await runThenCrashBeforeRecording(deps, tick);
    expect(poster.sent).toHaveLength(1);
    expect(rows(db, 'SELECT state FROM deliveries')).toEqual([{ state: 'pending' }]);
    clock.advance(60_000);
    await tick();
    expect(poster.sent).toHaveLength(1);
    expect(rows(db, 'SELECT state FROM deliveries')).toEqual([{ state: 'sent' }]);
  });

  it('after a long outage, a pending post found in the channel is recorded, not resent', async () => {
    const { add, clock, tick, poster, deps, db, later, sentIds } = setup({ count: 1 });
    await add();
    await later(60_000, story('one'), story('two'));
    clock.advance(HOUR);
    await runThenCrashBeforeRecording(deps, tick);
    clock.advance(5 * HOUR);
    await tick();
    expect(rows(db, 'SELECT article_id, state FROM deliveries ORDER BY article_id')).toEqual([
      { article_id: 'one', state: 'sent' },
      { article_id: 'two', state: 'sent' },
    ]);
    expect(sentIds()).toEqual(['one', 'two']);
  });

  it('after a long outage, a pending post the channel history shows is missing is sent once', async () => {
    const { add, clock, tick, poster, deps, later, sentIds } = setup({ count: 1 });
    await add();
    await later(60_000, story('one'));
    clock.advance(HOUR);
    // Discord refused that send for a passing reason; the claim stays pending.
    poster.failures.push(discordError(0, 503));
    await tick();
    expect(poster.sent).toHaveLength(0);
    clock.advance(5 * HOUR);
    await tick();
    expect(sentIds()).toEqual(['one']);
    void deps;
  });

  it('when the channel history cannot be read, a pending post stays pending and is never resent blind', async () => {
    const { add, clock, tick, poster, deps, db, later } = setup({ count: 1 });
    const schedule = await add();
    await later(60_000, story('one'));
    clock.advance(HOUR);
    await runThenCrashBeforeRecording(deps, tick);
    expect(poster.sent).toHaveLength(1);
    clock.advance(5 * HOUR);
    poster.lookupFailure = discordError(50001, 403, 'Missing Access');
    const [run] = (await tick()).results;
    expect(run!.result).toEqual({ kind: 'nothing-new', unconfirmed: 1 });
    expect(poster.sent).toHaveLength(1);
    expect(rows(db, 'SELECT state FROM deliveries')).toEqual([{ state: 'pending' }]);
    expect(rows(db, "SELECT outcome FROM delivery_log WHERE outcome = 'unconfirmed'")).toHaveLength(1);
    expect((await deps.schedules.get(GUILD, schedule.id))!.pausedReason).toBeNull();
    // Once the history can be read again, the post is found and recorded.
    poster.lookupFailure = undefined;
    clock.advance(HOUR);
    await tick();
    expect(poster.sent).toHaveLength(1);
    expect(rows(db, 'SELECT state FROM deliveries')).toEqual([{ state: 'sent' }]);
  });

  it.each([
    [50035, 400, 'Invalid Form Body'],
    [50006, 400, 'Cannot send an empty message'],
    [40005, 413, 'Request entity too large'],
    [30046, 403, 'Some other refusal of this message'],
  ])('Discord error %i skips that article with its reason and goes on with the next', async (code, status, message) => {
    const { add, clock, tick, poster, deps, db, later, sentIds } = setup({ count: 1 });
    const schedule = await add();
    await later(60_000, story('poison'));
    await later(60_000, story('fine'));
    clock.advance(HOUR);
    poster.failures.push(discordError(code, status, message));
    const [run] = (await tick()).results;
    expect(run!.result).toEqual({ kind: 'posted', count: 1, skipped: 1 });
    expect(sentIds()).toEqual(['fine']);
    expect(rows(db, 'SELECT article_id, state, reason FROM deliveries ORDER BY article_id')).toEqual([
      { article_id: 'fine', state: 'sent', reason: null },
      { article_id: 'poison', state: 'skipped', reason: expect.stringContaining(String(code)) },
    ]);
    expect(rows(db, "SELECT article_id, code FROM delivery_log WHERE outcome = 'skipped'")).toEqual([{ article_id: 'poison', code }]);
    expect((await deps.schedules.get(GUILD, schedule.id))!.pausedReason).toBeNull();
    clock.advance(HOUR);
    await tick();
    expect(sentIds()).toEqual(['fine']);
  });

  it.each([
    [50013, 403, 'Missing Permissions'],
    [50001, 403, 'Missing Access'],
    [10003, 404, 'no longer exists'],
  ])('Discord error %i pauses the schedule with the reason and tells the server once', async (code, status, reason) => {
    const { add, clock, tick, poster, deps, notices, db, later } = setup({ count: 1 });
    notices.channelId = OTHER;
    const schedule = await add();
    await later(60_000, story('one'));
    clock.advance(HOUR);
    poster.failures.push(discordError(code, status));
    const [run] = (await tick()).results;
    expect(run!.result).toMatchObject({ kind: 'paused', reason: expect.stringContaining(reason) });
    const paused = (await deps.schedules.get(GUILD, schedule.id))!;
    expect(paused).toMatchObject({ pausedReason: expect.stringContaining(reason), noticeError: null });
    expect(rows(db, 'SELECT count(*) AS n FROM deliveries')).toEqual([{ n: 0 }]);
    expect(poster.sent).toHaveLength(1);
    expect(poster.sent[0]).toMatchObject({ channelId: OTHER, payload: { content: expect.stringContaining(`schedule \`${schedule.id}\``), allowedMentions: { parse: [] } } });
    clock.advance(10 * HOUR);
    expect((await tick()).ran).toBe(0);
    expect(poster.sent).toHaveLength(1);
  });

  it('a pause notice that cannot be sent is recorded on the schedule', async () => {
    const { add, clock, tick, poster, deps, notices, later } = setup({ count: 1 });
    notices.channelId = OTHER;
    const schedule = await add();
    await later(60_000, story('one'));
    clock.advance(HOUR);
    poster.failures.push(discordError(50013, 403), discordError(50013, 403));
    await tick();
    expect((await deps.schedules.get(GUILD, schedule.id))!.noticeError).toContain(`<#${OTHER}>`);
  });

  it('with no channel to tell the server in, that is recorded on the schedule', async () => {
    const { add, clock, tick, poster, deps, later } = setup({ count: 1 });
    const schedule = await add();
    await later(60_000, story('one'));
    clock.advance(HOUR);
    poster.failures.push(discordError(10003, 404));
    await tick();
    expect((await deps.schedules.get(GUILD, schedule.id))!.noticeError).toContain('no channel');
  });

  it('a paused schedule resumed later posts the article that failed', async () => {
    const { add, clock, tick, poster, deps, sentIds, later } = setup({ count: 1 });
    const schedule = await add();
    await later(60_000, story('one'));
    clock.advance(HOUR);
    poster.failures.push(discordError(50013, 403));
    await tick();
    await deps.schedules.update(schedule.id, { pausedReason: null, nextRunAt: clock.now() });
    await tick();
    expect(sentIds()).toEqual(['one']);
  });

  it('a 401 stops posting everywhere and changes no schedule', async () => {
    const { add, clock, tick, poster, deps, db, later, tokenRejections } = setup({ count: 2 });
    const first = await add();
    const second = await add(OTHER);
    await later(60_000, story('one'), story('two'));
    clock.advance(HOUR);
    poster.failWith = discordError(0, 401, '401: Unauthorized');
    await tick();
    expect(tokenRejections).toHaveLength(1);
    expect(poster.sent).toHaveLength(0);
    for (const id of [first.id, second.id]) {
      expect(await deps.schedules.get(GUILD, id)).toMatchObject({ pausedReason: null, failures: 0, lastRunAt: null });
    }
    expect(rows(db, 'SELECT state FROM deliveries')).toEqual([{ state: 'pending' }, { state: 'pending' }]);
    // The scheduler has stopped: nothing more is tried until the process restarts.
    poster.failWith = undefined;
    clock.advance(HOUR);
    expect((await tick()).ran).toBe(0);
    expect(poster.sent).toHaveLength(0);
  });

  it('stopping the runner ends a run between articles, leaving the schedule to run again', async () => {
    const { add, clock, deps, poster, later, db } = setup({ count: 3 });
    const schedule = await add();
    await later(60_000, story('a'), story('b'), story('c'));
    clock.advance(HOUR);
    const send = poster.post.bind(poster);
    poster.post = async (...args) => {
      deps.runner.stop();
      return send(...args);
    };
    expect(await deps.runner.run((await deps.schedules.get(GUILD, schedule.id))!)).toBeUndefined();
    expect(poster.sent).toHaveLength(1);
    expect(rows(db, 'SELECT article_id, state FROM deliveries')).toEqual([{ article_id: 'a', state: 'sent' }]);
    expect((await deps.schedules.get(GUILD, schedule.id))!.nextRunAt).toEqual(schedule.nextRunAt);
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

describe('several processes', () => {
  it('a process that takes a run over after a crash pings the role no second time, and posts nothing twice', async () => {
    const { add, clock, deps, poster, later, db } = setup({ count: 3 });
    await deps.settings.update(GUILD, { mentionRoleId: '500000000000000001' });
    await add();
    await later(60_000, story('a'), story('b'), story('c'));
    clock.advance(HOUR);
    // Process A posts the first article (with the ping), then dies while recording the second.
    let sends = 0;
    const markSent = deps.deliveries.markSent.bind(deps.deliveries);
    deps.deliveries.markSent = async (...args) => (++sends === 2 ? Promise.reject(new Error('killed')) : markSent(...args));
    await deps.scheduler.tick();
    deps.deliveries.markSent = markSent;
    expect(poster.sent).toHaveLength(2);

    // Process B, on the same database, takes the run over.
    const other = new ScheduleRunner({ schedules: deps.schedules, deliveries: deps.deliveries, log: deps.log, settings: deps.settings, news: deps.news, catalog: deps.catalog, poster, steps: deps.steps, clock, logger: deps.logger, noticeChannel: () => undefined, owner: 'process-b', random: () => 0.5 });
    const scheduler = new Scheduler(other, deps.schedules, clock, deps.logger, { owner: 'process-b', random: () => 0.5 });
    clock.advance(60_000);
    await scheduler.tick();
    const ids = poster.sent.map((m) => m.payload.embeds[0]!.footer!.text.split(' · ')[0]);
    expect(new Set(ids)).toEqual(new Set(['a', 'b', 'c']));
    expect(ids).toHaveLength(3);
    expect(poster.sent.filter((m) => m.payload.content === '<@&500000000000000001>')).toHaveLength(1);
    expect(db.prepare("SELECT count(*) AS n FROM deliveries WHERE state = 'sent'").get()).toEqual({ n: 3 });
  });
});
