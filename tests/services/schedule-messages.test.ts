import { describe, expect, it } from 'vitest';
import { PLAIN_CHANNEL } from '../../src/discord/target.js';
import type { Explanation } from '../../src/scheduler/explain.js';
import type { Attempt, Schedule } from '../../src/scheduler/types.js';
import { buildScheduleList, parseListButtonId } from '../../src/services/schedule-list.js';
import { buildHistoryMessage, buildWhyMessage, describeExplanation } from '../../src/services/schedule-reports.js';
import { makeArticle } from '../helpers/articles.js';
import { expectDiscordAccepts, visibleText } from '../helpers/discord-check.js';

const NOW = new Date('2026-11-25T12:00:00Z');

function schedule(n: number, extra: Partial<Schedule> = {}): Schedule {
  return {
    id: `s${String(n).padStart(5, '0')}`,
    guildId: '100000000000000001',
    channelId: '300000000000000001',
    target: { ...PLAIN_CHANNEL, tagIds: [] },
    rule: { kind: 'daily', hour: 9, minute: 30, timeZone: 'America/Argentina/ComodRivadavia' },
    count: 5,
    query: `"${'a long filter phrase '.repeat(5)}" -${'x'.repeat(n % 7)}`.slice(0, 100),
    createdAt: NOW,
    newSince: NOW,
    backfill: 10,
    nextRunAt: NOW,
    retryAt: null,
    failures: 3,
    pausedReason: n % 3 ? null : `Missing Permissions in <#300000000000000001>: the bot needs View Channel, Send Messages, Embed Links and Read Message History there ${'!'.repeat(400)}`,
    pauseNotified: true,
    noticeError: n % 3 ? null : `the notice in <#300000000000000002> could not be sent (${'y'.repeat(300)})`,
    lastRunAt: NOW,
    lastResult: { kind: 'retrying', reason: `Discord error 503 ${'z'.repeat(300)}`, attempts: 3 },
    ...extra,
  };
}

describe('/schedule list pages', () => {
  it('any number of long schedules is laid out in pages Discord accepts, each schedule on exactly one page', () => {
    const items = Array.from({ length: 40 }, (_, n) => ({ schedule: schedule(n), waiting: n * 1000 }));
    const first = buildScheduleList(items, 0x123456);
    const pages = Number(/of (\d+)/.exec(first.embeds[0]!.footer!.text)![1]);
    const seen: string[] = [];
    for (let page = 0; page < pages; page++) {
      const payload = buildScheduleList(items, 0x123456, page);
      expectDiscordAccepts(payload);
      seen.push(...payload.embeds[0]!.fields!.map((f) => f.name.split(' · ')[0]!));
      const [previous, next] = payload.components![0]!.components;
      expect(previous!.disabled).toBe(page === 0);
      expect(next!.disabled).toBe(page === pages - 1);
      expect(parseListButtonId(next!.custom_id)).toBe(Math.min(pages - 1, page + 1));
    }
    expect(seen).toEqual(items.map((i) => i.schedule.id));
  });

  it('a page asked for past the end shows the last one; no schedules says how to add one', () => {
    const items = [{ schedule: schedule(1), waiting: 2 }];
    expect(buildScheduleList(items, 0, 99).embeds[0]!.fields).toHaveLength(1);
    expect(buildScheduleList(items, 0).components).toEqual([]);
    expect(buildScheduleList([], 0).embeds[0]!.description).toContain('/schedule add');
  });

  it('shows what waits, the pause and why the server could not be told', () => {
    const text = visibleText(buildScheduleList([{ schedule: schedule(3), waiting: 4 }, { schedule: schedule(1), waiting: 4 }], 0));
    expect(text).toContain('**paused**: Missing Permissions');
    expect(text).toContain('the server could not be told: the notice in');
    expect(text).toContain('4 waiting');
  });
});

describe('history and why', () => {
  const attempts: Attempt[] = Array.from({ length: 10 }, (_, n) => ({
    id: n,
    scheduleId: 's00001',
    guildId: '100000000000000001',
    channelId: '300000000000000001',
    articleId: `article-${'x'.repeat(90)}-${n}`,
    at: NOW,
    outcome: (['posted', 'skipped', 'failed', 'unconfirmed', 'pending'] as const)[n % 5]!,
    messageId: n % 5 === 0 ? '900000000000000001' : null,
    code: n % 5 === 1 ? 50035 : null,
    reason: `reason ${'r'.repeat(1000)} @everyone`,
  }));

  it('the last ten attempts fit, whatever their reasons, and ping no one', () => {
    const titles = new Map(attempts.map((attempt) => [attempt.articleId, `${'T'.repeat(300)} <@&1>`]));
    const payload = buildHistoryMessage(schedule(1), attempts, titles, 0);
    expectDiscordAccepts(payload);
    expect(payload.embeds[0]!.description!.split('\n')).toHaveLength(10);
    expect(payload.embeds[0]!.description).toContain('[message](https://discord.com/channels/100000000000000001/300000000000000001/900000000000000001)');
  });

  it.each<[Explanation, RegExp]>([
    [{ kind: 'skipped', reason: 'Discord refused this article (code 50035: Invalid Form Body)' }, /^Skipped: Discord refused/],
    [{ kind: 'not-yet-published', publishedAt: NOW }, /^Waiting for its published time <t:\d+:f>/],
    [{ kind: 'waiting', position: 3, of: 7, backfill: true, paused: true, nextRunAt: NOW }, /^Waiting: number 3 of 7 waiting \(in the first run’s backfill\); the schedule is paused/],
    [{ kind: 'pending', since: NOW, lastAttempt: undefined }, /^Being delivered since/],
    [{ kind: 'older', firstSeenAt: NOW, newSince: NOW, backlog: false }, /^Older than the schedule: it entered the library <t:\d+:f>/],
    // A feed's first fetch is stored at time 0: never "entered the library in 1970".
    [{ kind: 'older', firstSeenAt: new Date(0), newSince: NOW, backlog: true }, /^Older than the schedule: it came with its feed's first fetch[^<]*$/],
  ])('explains %o', (explanation, pattern) => {
    expect(describeExplanation(explanation, schedule(1))).toMatch(pattern);
    expectDiscordAccepts(buildWhyMessage(schedule(1), { id: 'x', title: 'T'.repeat(400) }, explanation, 0));
  });
});
