// Self-tests of webhooks with threads and forums on the fake Discord server, driven by discord.js:
// thread_name starts a forum post, thread_id posts into a thread, and a webhook's messages are
// found, edited and deleted through its token (with thread_id when they live in a thread).
import { Events, type ThreadChannel, WebhookClient } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { apiError, useFakeDiscord } from './fake-discord-suite.js';

const s = useFakeDiscord({ rateLimit: false });
const none = { parse: [] as [] };
const hookClient = (h: { id: string; token: string }) => new WebhookClient({ id: h.id, token: h.token }, { rest: { api: s.discord.apiBase } });

function forumWithHook(requireTag = false) {
  const forum = s.discord.addChannel(s.guild.id, { name: 'forum', type: 15, requireTag, availableTags: [{ name: 'world' }, { name: 'sport' }] });
  return { forum, tags: (forum.availableTags ?? []).map((t) => t.id), hook: s.discord.addWebhook(forum.id, { name: 'Forum poster' }) };
}

describe('webhooks in forums', () => {
  it('thread_name starts a post with applied_tags; the client learns of the thread', async () => {
    const { forum, tags, hook } = forumWithHook(true);
    const client = await s.login();
    const created = new Promise<ThreadChannel>((resolve) => client.once(Events.ThreadCreate, resolve));
    const sent = await hookClient(hook).send({ content: 'Match report', threadName: 'Cup final', appliedTags: [tags[1]!], allowedMentions: none });
    const thread = await created;
    expect([thread.id, thread.name, thread.parentId, thread.ownerId]).toEqual([sent.id, 'Cup final', forum.id, hook.id]);
    expect(thread.appliedTags).toEqual([tags[1]]);
    expect(sent.channel_id).toBe(thread.id);
    // A webhook is not a member of the thread it started.
    expect(s.discord.thread(thread.id)?.thread.members.size).toBe(0);
  });

  it('a forum needs thread_name or thread_id (220001), not both (220002), and its required tag (40067)', async () => {
    const { forum, hook } = forumWithHook(true);
    const thread = s.discord.addThread(forum.id, { name: 'Existing', appliedTags: [forum.availableTags![0]!.id] });
    const send = hookClient(hook);
    expect((await apiError(send.send({ content: 'x' }))).code).toBe(220001);
    expect((await apiError(send.send({ content: 'x', threadName: 'New', threadId: thread.id }))).code).toBe(220002);
    expect((await apiError(send.send({ content: 'x', threadName: 'Untagged' }))).code).toBe(40067);
    await send.send({ content: 'into the existing post', threadId: thread.id, allowedMentions: none });
    expect(s.discord.messages(thread.id).map((m) => m.content)).toEqual(['Existing', 'into the existing post']);
  });

  it('thread_name outside a forum is 220003', async () => {
    const hook = s.discord.addWebhook(s.discord.addChannel(s.guild.id, { name: 'news' }).id, { name: 'Plain' });
    const e = await apiError(hookClient(hook).send({ content: 'x', threadName: 'Nope' }));
    expect([e.code, e.message]).toEqual([220003, 'Webhooks can only create threads in forum channels']);
  });
});

describe('webhooks and threads', () => {
  it('thread_id unarchives an archived thread; a locked one refuses (50083); another channel\'s is 10003', async () => {
    const news = s.discord.addChannel(s.guild.id, { name: 'news' });
    const other = s.discord.addChannel(s.guild.id, { name: 'other' });
    const hook = s.discord.addWebhook(news.id, { name: 'Threads' });
    const archived = s.discord.addThread(news.id, { name: 'Quiet', archived: true });
    const locked = s.discord.addThread(news.id, { name: 'Locked', archived: true, locked: true });
    const elsewhere = s.discord.addThread(other.id, { name: 'Elsewhere' });
    const send = hookClient(hook);
    await send.send({ content: 'wake up', threadId: archived.id, allowedMentions: none });
    expect(s.discord.thread(archived.id)?.thread.archived).toBe(false);
    expect((await apiError(send.send({ content: 'x', threadId: locked.id }))).code).toBe(50083);
    expect((await apiError(send.send({ content: 'x', threadId: elsewhere.id }))).code).toBe(10003);
  });

  it('its messages are fetched, edited and deleted by token, with thread_id for those in threads', async () => {
    const news = s.discord.addChannel(s.guild.id, { name: 'news' });
    const hook = s.discord.addWebhook(news.id, { name: 'Editor' });
    const thread = s.discord.addThread(news.id, { name: 'Live blog' });
    const send = hookClient(hook);
    const inChannel = await send.send({ content: 'v1', allowedMentions: none });
    const inThread = await send.send({ content: 'first', threadId: thread.id, allowedMentions: none });
    expect((await send.fetchMessage(inChannel.id)).content).toBe('v1');
    expect((await send.fetchMessage(inThread.id, { threadId: thread.id })).content).toBe('first');
    expect((await apiError(send.fetchMessage(inThread.id))).code).toBe(10008);
    expect((await send.editMessage(inChannel.id, { content: 'v2', allowedMentions: none })).content).toBe('v2');
    s.discord.archiveThread(thread.id);
    expect((await apiError(send.editMessage(inThread.id, { content: 'late', threadId: thread.id }))).code).toBe(50083);
    await send.deleteMessage(inThread.id, thread.id);
    expect(s.discord.messages(thread.id)).toEqual([]);
  });

  it('messages from another webhook are not its own (10008)', async () => {
    const news = s.discord.addChannel(s.guild.id, { name: 'news' });
    const [a, b] = [s.discord.addWebhook(news.id, { name: 'A' }), s.discord.addWebhook(news.id, { name: 'B' })];
    const sent = await hookClient(a).send({ content: 'from A', allowedMentions: none });
    expect((await apiError(hookClient(b).fetchMessage(sent.id))).code).toBe(10008);
  });
});
