// Threads end to end: a thread as the target (reopened when archived, a pause with the reason when it
// is locked), and a discussion thread opened on each post, never twice across a crash.
import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { contentOf } from './harness.js';
import { articleIdsOf, closeWorldsAfterEach, HOUR, targetWorld } from './targets-world.js';

closeWorldsAfterEach();

const threadStarts = (t: Awaited<ReturnType<typeof targetWorld>>) => t.w.discord.requests.filter((r) => r.method === 'POST' && /\/messages\/\d+\/threads$/.test(r.path));

describe('a thread as the target', () => {
  it('posts into the thread; the permission that counts there is Send Messages in Threads', async () => {
    const t = await targetWorld();
    const thread = t.w.discord.addThread(t.w.channels.news, { name: 'Live: harbour' });
    await t.w.discord.waitFor(() => t.w.app!.client.channels.cache.has(thread.id));
    t.w.discord.setBotChannelPermissions(t.w.channels.news, { deny: PermissionFlagsBits.SendMessagesInThreads });
    expect(await t.add({ channel: thread.id })).toBe(`I can't post in <#${thread.id}> on a schedule: I'm missing **Send Messages in Threads** there.`);
    t.w.discord.setBotChannelPermissions(t.w.channels.news, { deny: PermissionFlagsBits.SendMessages });
    const answer = await t.add({ channel: thread.id, thread: true });
    expect(answer).toContain('is a thread');
    await t.addOk({ channel: thread.id });
    t.advance(1000);
    await t.w.addArticle('tide', 'Record tide expected tonight');
    t.advance(HOUR);
    await t.tick();
    expect(articleIdsOf(t.w.discord.messages(thread.id))).toEqual(['tide']);
    expect(t.w.discord.messages(t.w.channels.news)).toEqual([]);
  });

  it('reopens an archived thread by posting, even one added while archived', async () => {
    const t = await targetWorld();
    const thread = t.w.discord.addThread(t.w.channels.news, { name: 'Weekly digest', archived: true });
    await t.addOk({ channel: thread.id });
    t.advance(1000);
    await t.w.addArticle('digest', 'The week in the harbour');
    t.advance(HOUR);
    expect((await t.tick()).results[0]!.result).toEqual({ kind: 'posted', count: 1 });
    expect(t.w.discord.thread(thread.id)!.thread.archived).toBe(false);
    expect(articleIdsOf(t.w.discord.messages(thread.id))).toEqual(['digest']);
  });

  it('pauses with the reason when the thread is archived and locked, and tells the server once', async () => {
    const t = await targetWorld();
    await t.w.config('channel', { channel: t.w.channels.general });
    const thread = t.w.discord.addThread(t.w.channels.news, { name: 'Closed story' });
    const id = await t.addOk({ channel: thread.id });
    t.w.discord.archiveThread(thread.id, { locked: true });
    t.advance(1000);
    await t.w.addArticle('late', 'A late development');
    t.advance(HOUR);
    const [run] = (await t.tick()).results;
    expect(run!.result).toMatchObject({ kind: 'paused', reason: expect.stringContaining('is archived and locked: only members with Manage Threads can reopen it') });
    expect(await t.listField()).toContain('**paused**: The thread');
    expect(t.w.discord.messages(t.w.channels.general).filter((m) => m.content.includes(`\`${id}\``))).toHaveLength(1);
    expect(t.w.discord.messages(thread.id)).toEqual([]);
    // Unlocked by a moderator and resumed, the article goes out.
    t.w.discord.unarchiveThread(thread.id, { locked: false });
    await t.w.invoke({ command: 'schedule', subcommand: 'resume', options: { id } });
    t.advance(HOUR);
    await t.tick();
    expect(articleIdsOf(t.w.discord.messages(thread.id))).toEqual(['late']);
  });
});

describe('a thread per article', () => {
  it('opens a public thread named after the article on each post', async () => {
    const t = await targetWorld();
    t.w.discord.setBotChannelPermissions(t.w.channels.news, { deny: PermissionFlagsBits.CreatePublicThreads });
    await t.w.discord.waitFor(() => t.w.app!.client.channels.cache.has(t.w.channels.news));
    expect(await t.add({ channel: t.w.channels.news, thread: true })).toContain('**Create Public Threads**');
    t.w.discord.setBotChannelPermissions(t.w.channels.news, {});
    const id = await t.addOk({ channel: t.w.channels.news, thread: true });
    t.advance(1000);
    await t.w.addArticle('ferry', 'Ferry timetable changes next month');
    t.advance(HOUR);
    await t.tick();
    const [message] = t.w.discord.messages(t.w.channels.news);
    expect(message!.threadId).toBe(message!.id);
    expect(t.w.discord.thread(message!.id)!.name).toBe('Ferry timetable changes next month');
    expect(await t.why(id, 'ferry')).toContain(`Its discussion thread: <#${message!.id}>.`);
  });

  it('a crash before the message is recorded: a restart finds the message and opens one thread', async () => {
    const t = await targetWorld();
    await t.addOk({ channel: t.w.channels.news, thread: true });
    t.advance(1000);
    await t.w.addArticle('pier', 'Old pier to be restored');
    t.advance(HOUR);
    t.w.app!.deps.deliveries.recordProgress = async () => Promise.reject(new Error('killed'));
    await t.tick();
    await t.w.restart();
    // Past the nonce's few minutes: only the channel's history can tell.
    t.advance(HOUR);
    await t.tick();
    expect(t.w.discord.messages(t.w.channels.news)).toHaveLength(1);
    expect(threadStarts(t)).toHaveLength(1);
    expect(await t.w.app!.deps.deliveries.pending(t.w.channels.news)).toEqual([]);
  });

  it('a crash after the thread is opened: a restart sees it on the message and opens no other', async () => {
    const t = await targetWorld();
    await t.addOk({ channel: t.w.channels.news, thread: true });
    t.advance(1000);
    await t.w.addArticle('crane', 'New crane arrives at the container port');
    t.advance(HOUR);
    t.w.app!.deps.deliveries.markSent = async () => Promise.reject(new Error('killed'));
    await t.tick();
    await t.w.restart();
    t.advance(HOUR);
    await t.tick();
    expect(t.w.discord.messages(t.w.channels.news)).toHaveLength(1);
    expect(threadStarts(t)).toHaveLength(1);
    const delivery = await t.w.app!.deps.deliveries.get(t.w.channels.news, 'crane');
    expect(delivery).toMatchObject({ state: 'sent', threadId: delivery!.messageId });
  });

  it('/news post opens the thread too', async () => {
    const t = await targetWorld();
    const answer = await t.w.news('post', { article: 'swiss-glacier-survey', channel: t.w.channels.news, thread: true });
    const [message] = t.w.discord.messages(t.w.channels.news);
    expect(contentOf(answer)).toContain(`with a thread for discussion, <#${message!.id}>`);
    expect(message!.threadId).toBe(message!.id);
  });
});
