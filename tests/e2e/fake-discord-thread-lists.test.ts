// Self-tests of finding threads again (what a restarted bot does to look for posts it may already
// have made): the guild's active threads and a channel's public archived threads, paged.
import { PermissionFlagsBits, Routes, type TextChannel } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { apiError, errorPaths, useFakeDiscord } from './fake-discord-suite.js';

const s = useFakeDiscord({ rateLimit: false });

interface ThreadList { threads: Array<{ id: string; thread_metadata: { archive_timestamp: string } }>; members: Array<{ id: string; user_id: string }>; has_more?: boolean }

/** Threads archived one minute apart on the server clock, oldest first. */
function archivedThreads(parentId: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const t = s.discord.addThread(parentId, { name: `Thread ${i}` });
    s.discord.advanceTime(60_000);
    s.discord.archiveThread(t.id);
    return t.id;
  });
}

describe('active threads', () => {
  it('lists the guild\'s active threads the bot can see, with its memberships and no has_more', async () => {
    const news = s.discord.addChannel(s.guild.id, { name: 'news' });
    const forum = s.discord.addChannel(s.guild.id, { name: 'forum', type: 15 });
    const mine = (await s.rest().post(Routes.threads(forum.id), { body: { name: 'Mine', message: { content: 'post', allowed_mentions: { parse: [] } } } })) as { id: string };
    const theirs = s.discord.addThread(news.id, { name: 'Theirs' });
    s.discord.addThread(news.id, { name: 'Archived', archived: true });
    s.discord.addThread(news.id, { name: 'Private', type: 12 });
    const list = (await s.rest().get(Routes.guildActiveThreads(s.guild.id))) as ThreadList;
    expect(list.threads.map((t) => t.id).sort()).toEqual([mine.id, theirs.id].sort());
    expect(list.members).toEqual([expect.objectContaining({ id: mine.id, user_id: s.discord.botUser.id })]);
    expect('has_more' in list).toBe(false);
  });

  it('discord.js fetchActive returns the threads of one channel', async () => {
    const news = s.discord.addChannel(s.guild.id, { name: 'news' });
    const other = s.discord.addChannel(s.guild.id, { name: 'other' });
    const wanted = s.discord.addThread(news.id, { name: 'Here' });
    s.discord.addThread(other.id, { name: 'Elsewhere' });
    const client = await s.login();
    const channel = (await client.channels.fetch(news.id)) as TextChannel;
    const { threads } = await channel.threads.fetchActive();
    expect([...threads.keys()]).toEqual([wanted.id]);
  });
});

describe('public archived threads', () => {
  it('come newest archive first, paged by before and limit with has_more', async () => {
    const news = s.discord.addChannel(s.guild.id, { name: 'news' });
    const ids = archivedThreads(news.id, 5);
    s.discord.addThread(news.id, { name: 'Still active' });
    const first = (await s.rest().get(Routes.channelThreads(news.id, 'public'), { query: new URLSearchParams({ limit: '2' }) })) as ThreadList;
    expect(first.threads.map((t) => t.id)).toEqual([ids[4], ids[3]]);
    expect(first.has_more).toBe(true);
    const before = first.threads[1]!.thread_metadata.archive_timestamp;
    const rest = (await s.rest().get(Routes.channelThreads(news.id, 'public'), { query: new URLSearchParams({ before, limit: '50' }) })) as ThreadList;
    expect(rest.threads.map((t) => t.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(rest.has_more).toBe(false);
  });

  it('discord.js fetchArchived pages with a Date', async () => {
    const forum = s.discord.addChannel(s.guild.id, { name: 'forum', type: 15 });
    const ids = archivedThreads(forum.id, 3);
    const client = await s.login();
    const channel = (await client.channels.fetch(forum.id)) as TextChannel;
    const all = await channel.threads.fetchArchived({ type: 'public' });
    expect([...all.threads.keys()]).toEqual([...ids].reverse());
    const older = await channel.threads.fetchArchived({ type: 'public', before: all.threads.get(ids[1]!)!.archivedAt!, limit: 2 });
    expect([...older.threads.keys()]).toEqual([ids[0]]);
  });

  it('needs Read Message History (50013), a channel that has threads (50024) and a limit of 2 to 100 (50035)', async () => {
    const news = s.discord.addChannel(s.guild.id, { name: 'news' });
    const thread = s.discord.addThread(news.id, { name: 'A thread' });
    const list = (id: string, query = new URLSearchParams()) => s.rest().get(Routes.channelThreads(id, 'public'), { query });
    const limit = await apiError(list(news.id, new URLSearchParams({ limit: '1' })));
    expect([limit.code, errorPaths(limit)]).toEqual([50035, ['limit']]);
    expect((await apiError(list(thread.id))).code).toBe(50024);
    s.discord.setBotChannelPermissions(news.id, { deny: PermissionFlagsBits.ReadMessageHistory });
    expect((await apiError(list(news.id))).code).toBe(50013);
  });
});
