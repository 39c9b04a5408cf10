// Scheduled posts end to end: the real bot, the local Discord-compatible server, and a clock the test
// moves by hand; the scheduler's pass is run directly instead of waiting on its timer.
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../helpers/deps.js';
import { type BotWorld, contentOf, embedsOf, startWorld } from './harness.js';

const HOUR = 3_600_000;
let world: BotWorld | undefined;

afterEach(async () => {
  await world?.close();
  world = undefined;
});

async function scheduledWorld() {
  const clock = manualClock(new Date('2026-11-25T12:00:00Z'));
  world = await startWorld({ clock });
  return { world, clock };
}

/** Article ids of the bot's posts in a channel, in order (the footer starts with the id). */
function postedIds(w: BotWorld, channelId: string): string[] {
  return w.discord
    .messages(channelId)
    .filter((m) => m.embeds.length > 0)
    .map((m) => String((m.embeds[0] as { footer: { text: string } }).footer.text).split(' · ')[0]!);
}

async function addSchedule(w: BotWorld, options: Record<string, string | number>): Promise<string> {
  const answer = await w.invoke({ command: 'schedule', subcommand: 'add', options: { channel: w.channels.news, ...options } });
  expect(answer.ephemeral).toBe(true);
  const id = /`([a-z0-9]{6})`/.exec(contentOf(answer))?.[1];
  if (!id) throw new Error(`no schedule id in: ${contentOf(answer)}`);
  return id;
}

const tick = (w: BotWorld) => w.app!.deps.scheduler.tick();

describe('/schedule through Discord', () => {
  it('posts only articles new since it was added, oldest first, count a run, never twice, never the back catalogue', async () => {
    const { world: w, clock } = await scheduledWorld();
    const id = await addSchedule(w, { every: '1h', count: 2, backfill: 0 });
    expect((await tick(w)).ran).toBe(0);
    for (const n of [1, 2, 3]) {
      clock.advance(1000);
      await w.addArticle(`fresh-${n}`, `Fresh story number ${n}`);
    }
    clock.advance(HOUR);
    await tick(w);
    expect(postedIds(w, w.channels.news)).toEqual(['fresh-1', 'fresh-2']);
    await tick(w);
    expect(postedIds(w, w.channels.news)).toHaveLength(2);
    const waiting = await w.invoke({ command: 'schedule', subcommand: 'list' });
    expect(embedsOf(waiting)[0]!.fields[0].value).toContain('1 waiting');

    clock.advance(HOUR);
    await tick(w);
    expect(postedIds(w, w.channels.news)).toEqual(['fresh-1', 'fresh-2', 'fresh-3']);
    clock.advance(HOUR);
    await tick(w);
    expect(postedIds(w, w.channels.news)).toHaveLength(3);
    const list = await w.invoke({ command: 'schedule', subcommand: 'list' });
    expect(embedsOf(list)[0]!.fields[0]).toMatchObject({ name: `${id} · every 1h`, value: expect.stringContaining('last: nothing new') });
    w.expectEveryMessageSafe();
  });

  it('the first run posts the backfill: the newest existing articles, oldest of them first', async () => {
    const { world: w, clock } = await scheduledWorld();
    await addSchedule(w, { every: '1h', count: 1, backfill: 3 });
    clock.advance(HOUR);
    await tick(w);
    const newest = (await w.app!.deps.catalog.latest(3)).map((a) => a.id);
    expect(postedIds(w, w.channels.news)).toEqual([...newest].reverse());
    clock.advance(HOUR);
    await tick(w);
    expect(postedIds(w, w.channels.news)).toHaveLength(3);
  });

  it('a restart mid-way posts no duplicate', async () => {
    const { world: w, clock } = await scheduledWorld();
    await addSchedule(w, { every: '1h', count: 2, backfill: 3 });
    for (const n of [1, 2, 3]) {
      clock.advance(1000);
      await w.addArticle(`fresh-${n}`, `Fresh story number ${n}`);
    }
    clock.advance(HOUR);
    await tick(w);
    await w.restart();
    clock.advance(HOUR);
    await tick(w);
    await w.restart();
    clock.advance(HOUR);
    await tick(w);
    const ids = postedIds(w, w.channels.news);
    expect(ids).toHaveLength(6);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('a crash between sending and recording does not post twice after restart (nonce + enforce_nonce)', async () => {
    const { world: w, clock } = await scheduledWorld();
    await addSchedule(w, { every: '1h', count: 1 });
    clock.advance(HOUR);
    // The message reaches Discord, then the process dies before the delivery is marked sent.
    w.app!.deps.deliveries.markSent = async () => Promise.reject(new Error('killed'));
    await tick(w);
    expect(postedIds(w, w.channels.news)).toHaveLength(1);
    await w.restart();
    clock.advance(60_000);
    await tick(w);
    const posts = w.discord.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/channels/${w.channels.news}/messages`));
    expect(posts).toHaveLength(2);
    expect(posts.map((r) => (r.body as { nonce?: string; enforce_nonce?: boolean }).enforce_nonce)).toEqual([true, true]);
    expect((posts[0]!.body as { nonce: string }).nonce).toBe((posts[1]!.body as { nonce: string }).nonce);
    expect(postedIds(w, w.channels.news)).toHaveLength(1);
    const rows = w.app!.deps.deliveries.pending(w.channels.news);
    expect(await rows).toEqual([]);
  });

  it('runs missed while the bot was down run once when it is back', async () => {
    const { world: w, clock } = await scheduledWorld();
    await addSchedule(w, { every: '1h', count: 1 });
    await w.stopBot();
    clock.advance(10 * HOUR);
    await w.startBot();
    expect((await tick(w)).ran).toBe(1);
    expect((await tick(w)).ran).toBe(0);
    expect(postedIds(w, w.channels.news)).toHaveLength(1);
  });

  it('/schedule run posts now; the mention role is pinged once per run and nothing else is', async () => {
    const { world: w } = await scheduledWorld();
    await w.config('mention-role', { role: w.role.id });
    const id = await addSchedule(w, { every: '1d', count: 2, backfill: 2 });
    const run = await w.invoke({ command: 'schedule', subcommand: 'run', options: { id } });
    expect(contentOf(run)).toBe(`Posted 2 articles in <#${w.channels.news}>.`);
    const [first, second] = w.discord.messages(w.channels.news);
    expect(first!.pinged).toEqual({ everyone: false, roles: [w.role.id], users: [] });
    expect(second!.pinged).toEqual({ everyone: false, roles: [], users: [] });
  });

  it('a 403 on the channel pauses the schedule, shows the reason in the list, and tells the server once', async () => {
    const { world: w, clock } = await scheduledWorld();
    await w.config('channel', { channel: w.channels.general });
    const id = await addSchedule(w, { every: '1h' });
    w.discord.setBotChannelPermissions(w.channels.news, { deny: PermissionFlagsBits.SendMessages });
    clock.advance(HOUR);
    expect((await tick(w)).results[0]!.result).toMatchObject({ kind: 'paused', reason: expect.stringContaining('Missing Permissions') });
    const list = await w.invoke({ command: 'schedule', subcommand: 'list' });
    expect(embedsOf(list)[0]!.fields[0].value).toContain('**paused**: Missing Permissions');
    const notices = w.discord.messages(w.channels.general).filter((m) => m.content.includes(`schedule \`${id}\``));
    expect(notices).toHaveLength(1);
    clock.advance(5 * HOUR);
    expect((await tick(w)).ran).toBe(0);
    expect(w.discord.messages(w.channels.general).filter((m) => m.content.includes(id))).toHaveLength(1);

    w.discord.setBotChannelPermissions(w.channels.news, {});
    expect(contentOf(await w.invoke({ command: 'schedule', subcommand: 'resume', options: { id } }))).toContain('resumed');
    clock.advance(HOUR);
    await tick(w);
    expect(postedIds(w, w.channels.news)).toHaveLength(1);
    w.expectEveryMessageSafe();
  });

  it('a deleted channel pauses the schedule with the reason', async () => {
    const { world: w, clock } = await scheduledWorld();
    const id = await addSchedule(w, { every: '1h' });
    w.discord.deleteChannel(w.channels.news);
    clock.advance(HOUR);
    await tick(w);
    const schedule = await w.app!.deps.schedules.get(w.guild.id, id);
    expect(schedule!.pausedReason).toContain('no longer exists');
  });

  it('a 500 is retried with backoff and the article is posted once', async () => {
    const { world: w, clock } = await scheduledWorld();
    await addSchedule(w, { every: '1h' });
    // discord.js itself retries a 5xx three times; all four attempts fail, then the scheduler retries.
    w.discord.faults.failNext({ method: 'POST', path: new RegExp(`/channels/${w.channels.news}/messages$`), status: 500, times: 4 });
    clock.advance(HOUR);
    expect((await tick(w)).results[0]!.result).toMatchObject({ kind: 'retrying', attempts: 1 });
    expect(postedIds(w, w.channels.news)).toHaveLength(0);
    clock.advance(60_000);
    expect((await tick(w)).results[0]!.result).toEqual({ kind: 'posted', count: 1 });
    expect(postedIds(w, w.channels.news)).toHaveLength(1);
  });
});
