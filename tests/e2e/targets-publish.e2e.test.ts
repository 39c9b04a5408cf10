// Publishing end to end: announcement posts are crossposted through a queue that respects Discord's
// 10 publishes an hour per channel, survives restarts, never holds up other channels and never
// publishes a message twice.
import { describe, expect, it } from 'vitest';
import { contentOf } from './harness.js';
import { closeWorldsAfterEach, HOUR, targetWorld } from './targets-world.js';

closeWorldsAfterEach();

type World = Awaited<ReturnType<typeof targetWorld>>;

const crossposts = (t: World, channelId: string) => t.w.discord.requests.filter((r) => r.method === 'POST' && r.path.startsWith(`/channels/${channelId}/messages/`) && r.path.endsWith('/crosspost'));
const published = (t: World, channelId: string) => t.w.discord.messages(channelId).filter((m) => m.crossposted === true);

async function announcements(t: World, name: string) {
  return (await t.channel({ name, type: 5 })).id;
}

/** `n` new articles, then /schedule run until they are all posted (5 a run). */
async function postMany(t: World, id: string, n: number) {
  for (let i = 0; i < n; i++) {
    t.advance(1000);
    await t.w.addArticle(`story-${i}`, `Harbour story number ${i}`);
  }
  for (let posted = 0; posted < n; posted += 5) await t.w.invoke({ command: 'schedule', subcommand: 'run', options: { id } });
}

describe('publishing', () => {
  it('is offered only in announcement channels', async () => {
    const t = await targetWorld();
    expect(await t.add({ channel: t.w.channels.news, publish: true })).toBe(`\`publish\` works in announcement channels only, and <#${t.w.channels.news}> is not one.`);
  });

  it('11 posts: 10 published now, 1 waiting in the list, published once the hour has passed; other channels not held up', async () => {
    const t = await targetWorld();
    const [busy, quiet] = [await announcements(t, 'breaking'), await announcements(t, 'digest')];
    // Daily, so only the runs asked for post in this test.
    const busyId = await t.addOk({ channel: busy, publish: true, count: 5, every: '1d' });
    t.advance(1000);
    const quietId = await t.addOk({ channel: quiet, publish: true, every: '1d' });
    await postMany(t, busyId, 11);
    expect(t.w.discord.messages(busy)).toHaveLength(11);

    const first = await t.tick();
    expect(first.published).toBe(10);
    expect(published(t, busy)).toHaveLength(10);
    expect(await t.listField(0)).toMatch(/1 publish waiting, next <t:\d+:R>/);
    expect(await t.why(busyId, 'story-10')).toMatch(/Waiting to be published, next try <t:\d+:f> \(<t:\d+:R>\) \(the channel reached its publish limit\)\./);
    expect(await t.why(busyId, 'story-0')).toMatch(/Published to following servers <t:\d+:f>\./);

    // Another channel publishes right away while the busy one waits for its hour.
    t.advance(60_000);
    await t.w.addArticle('quiet-news', 'Quiet news from the digest desk');
    await t.w.invoke({ command: 'schedule', subcommand: 'run', options: { id: quietId } });
    expect((await t.tick()).published).toBe(1);
    expect(published(t, quiet)).toHaveLength(1);
    expect(crossposts(t, busy)).toHaveLength(11);

    // The wait survives a restart, and nothing is asked of Discord before it is over.
    await t.w.restart();
    t.advance(10 * 60_000);
    expect((await t.tick()).published).toBe(0);
    expect(crossposts(t, busy)).toHaveLength(11);
    t.advance(HOUR);
    expect((await t.tick()).published).toBe(1);
    expect(published(t, busy)).toHaveLength(11);
    expect(await t.listField(0)).not.toContain('publish waiting');
    const counts = new Map<string, number>();
    for (const r of crossposts(t, busy).filter((r) => r.status === 200)) counts.set(r.path, (counts.get(r.path) ?? 0) + 1);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('a crash between publishing and recording it: the restart sees the message is published and asks no more', async () => {
    const t = await targetWorld();
    const channel = await announcements(t, 'breaking');
    const id = await t.addOk({ channel, publish: true });
    t.advance(1000);
    await t.w.addArticle('flood', 'Flood warning lifted');
    await t.w.invoke({ command: 'schedule', subcommand: 'run', options: { id } });
    t.w.app!.deps.publishes.published = async () => Promise.reject(new Error('killed'));
    await t.tick();
    expect(published(t, channel)).toHaveLength(1);
    await t.w.restart();
    t.advance(HOUR);
    await t.tick();
    expect(crossposts(t, channel)).toHaveLength(1);
    expect(await t.w.app!.deps.publishes.due(new Date(8.64e15), 10)).toEqual([]);
    expect(await t.why(id, 'flood')).toContain('Published to following servers');
  });

  it('a post queued for publishing is published after a restart', async () => {
    const t = await targetWorld();
    const channel = await announcements(t, 'breaking');
    const id = await t.addOk({ channel, publish: true });
    t.advance(1000);
    await t.w.addArticle('bridge', 'Bridge reopens to traffic');
    await t.w.invoke({ command: 'schedule', subcommand: 'run', options: { id } });
    await t.w.restart();
    await t.tick();
    expect(published(t, channel)).toHaveLength(1);
  });

  it('/news post publishes through the same queue', async () => {
    const t = await targetWorld();
    const channel = await announcements(t, 'breaking');
    const answer = await t.w.news('post', { article: 'swiss-glacier-survey', channel, publish: true });
    expect(contentOf(answer)).toContain('it is published to following servers as soon as the channel allows');
    await t.tick();
    expect(published(t, channel)).toHaveLength(1);
  });
});
