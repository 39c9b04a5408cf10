// Self-tests of forum and media posts on the fake Discord server, driven by discord.js: a post is a
// thread started with a message, and Discord's name, tag and permission rules decide what passes.
import { ChannelFlags, ChannelType, type ForumChannel, PermissionFlagsBits, Routes, type ThreadChannel } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { apiError, errorPaths, useFakeDiscord } from './fake-discord-suite.js';

const s = useFakeDiscord();
const none = { parse: [] as [] };

function addForum(opts: { requireTag?: boolean; type?: 15 | 16 } = {}) {
  return s.discord.addChannel(s.guild.id, {
    name: 'forum', type: opts.type ?? 15, requireTag: opts.requireTag ?? false,
    availableTags: [{ name: 'world' }, { name: 'science' }, { name: 'sport' }, { name: 'arts' }, { name: 'local' }, { name: 'weather' }, { name: 'pinned', moderated: true }],
  });
}

describe('forum and media channels', () => {
  it('the client caches forum tags and REQUIRE_TAG from CHANNEL_CREATE and GET /channels', async () => {
    const client = await s.login();
    const forum = addForum({ requireTag: true });
    await s.discord.waitFor(() => client.channels.cache.has(forum.id), { what: 'CHANNEL_CREATE' });
    const cached = client.channels.cache.get(forum.id) as ForumChannel;
    expect(cached.type).toBe(ChannelType.GuildForum);
    expect(cached.availableTags.map((t) => t.name)).toContain('science');
    expect(cached.flags.has(ChannelFlags.RequireTag)).toBe(true);
    const fetched = (await s.rest().get(Routes.channel(forum.id))) as { available_tags: Array<{ id: string; moderated: boolean }>; flags: number };
    expect(fetched.available_tags).toHaveLength(7);
    expect(fetched.flags & ChannelFlags.RequireTag).toBe(ChannelFlags.RequireTag);
  });

  it('a post starts a public thread whose first message shares its id, with its tags', async () => {
    const client = await s.login();
    const forum = addForum();
    const [world, science] = forum.availableTags ?? [];
    const channel = (await client.channels.fetch(forum.id)) as ForumChannel;
    const thread = await channel.threads.create({
      name: 'Port strike ends', autoArchiveDuration: 1440, appliedTags: [world!.id, science!.id],
      message: { content: 'Dock workers voted on Monday', allowedMentions: none },
    });
    expect(thread.type).toBe(ChannelType.PublicThread);
    expect(thread.parentId).toBe(forum.id);
    expect(thread.ownerId).toBe(s.discord.botUser.id);
    expect(thread.appliedTags).toEqual([world!.id, science!.id]);
    const [first] = s.discord.messages(thread.id);
    expect(first?.id).toBe(thread.id);
    expect(first?.content).toBe('Dock workers voted on Monday');
    expect(s.discord.threads(forum.id).map((t) => t.id)).toEqual([thread.id]);
    expect(s.discord.thread(thread.id)?.thread.members.has(s.discord.botUser.id)).toBe(true);
  });

  it('media channels take posts the same way', async () => {
    const media = addForum({ type: 16 });
    const post = (await s.rest().post(Routes.threads(media.id), { body: { name: 'Gallery', message: { content: 'photos', allowed_mentions: none } } })) as { id: string; type: number; message: { id: string } };
    expect(post.type).toBe(11);
    expect(post.message.id).toBe(post.id);
  });

  it('a forum that requires a tag refuses a post without one (40067)', async () => {
    const forum = addForum({ requireTag: true });
    const e = await apiError(s.rest().post(Routes.threads(forum.id), { body: { name: 'Untagged', message: { content: 'x', allowed_mentions: none } } }));
    expect([e.status, e.code, e.message]).toEqual([400, 40067, 'A tag is required to create a forum post in this channel']);
  });

  it('unknown tags (10087), moderated tags without Manage Threads (50013) and a sixth tag (50035) are refused', async () => {
    const forum = addForum();
    const ids = (forum.availableTags ?? []).map((t) => t.id);
    const post = (applied_tags: string[]) => s.rest().post(Routes.threads(forum.id), { body: { name: 'Tagged', applied_tags, message: { content: 'x', allowed_mentions: none } } });
    expect((await apiError(post(['1234567890123456789']))).code).toBe(10087);
    expect((await apiError(post([ids[6]!]))).code).toBe(50013);
    const six = await apiError(post(ids.slice(0, 6)));
    expect([six.code, errorPaths(six)]).toEqual([50035, ['applied_tags']]);
    s.discord.setBotPermissions(s.guild.id, PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.ManageThreads);
    await post([ids[6]!]);
  });

  it('names must be 1 to 100 characters and the message is required, all reported in one 50035', async () => {
    const forum = addForum();
    const noMessage = await apiError(s.rest().post(Routes.threads(forum.id), { body: { name: '' } }));
    expect(errorPaths(noMessage)).toEqual(['message', 'name']);
    const both = await apiError(s.rest().post(Routes.threads(forum.id), { body: { name: 'x'.repeat(101), auto_archive_duration: 30, message: { embeds: [{ title: 't'.repeat(257) }] } } }));
    expect(errorPaths(both)).toEqual(['auto_archive_duration', 'message.embeds.0.title', 'name']);
    await s.rest().post(Routes.threads(forum.id), { body: { name: '🗞'.repeat(100), message: { content: 'ok', allowed_mentions: none } } });
  });

  it('posting needs Send Messages in the forum (Create Public Threads does not count)', async () => {
    const forum = addForum();
    s.discord.setBotChannelPermissions(forum.id, { deny: PermissionFlagsBits.SendMessages, allow: PermissionFlagsBits.CreatePublicThreads });
    const e = await apiError(s.rest().post(Routes.threads(forum.id), { body: { name: 'No', message: { content: 'x', allowed_mentions: none } } }));
    expect([e.status, e.code]).toEqual([403, 50013]);
  });

  it('a forum takes no plain messages (40058) and a post with nothing in it is empty (50006)', async () => {
    const forum = addForum();
    expect((await apiError(s.rest().post(Routes.channelMessages(forum.id), { body: { content: 'hi' } }))).code).toBe(40058);
    expect((await apiError(s.rest().post(Routes.threads(forum.id), { body: { name: 'Empty', message: {} } }))).code).toBe(50006);
    expect(s.discord.threads(forum.id)).toHaveLength(0);
  });

  it('a post may carry files, sent as multipart', async () => {
    const client = await s.login();
    const forum = (await client.channels.fetch(addForum().id)) as ForumChannel;
    const thread = await forum.threads.create({ name: 'Chart', message: { content: 'See the chart', files: [{ attachment: Buffer.from('png'), name: 'chart.png' }], allowedMentions: none } });
    expect(s.discord.messages(thread.id)[0]?.attachments).toEqual([expect.objectContaining({ filename: 'chart.png', size: 3 })]);
  });

  it('a tag requirement switched on later applies to the next post and reaches the client', async () => {
    const client = await s.login();
    const forum = addForum();
    s.discord.updateChannel(forum.id, { requireTag: true });
    await s.discord.waitFor(() => (client.channels.cache.get(forum.id) as ForumChannel | undefined)?.flags.has(ChannelFlags.RequireTag) === true, { what: 'CHANNEL_UPDATE' });
    const e = await apiError(s.rest().post(Routes.threads(forum.id), { body: { name: 'Late', message: { content: 'x', allowed_mentions: none } } }));
    expect(e.code).toBe(40067);
  });

  it('the bot can post again in a member\'s forum thread found by listing', async () => {
    const forum = addForum();
    const thread = s.discord.addThread(forum.id, { name: 'Reader question', content: 'What happened?' });
    const client = await s.login();
    const { threads } = await client.guilds.cache.get(s.guild.id)!.channels.fetchActiveThreads();
    const found = threads.get(thread.id) as ThreadChannel;
    await found.send({ content: 'An answer', allowedMentions: none });
    expect(s.discord.messages(thread.id).map((m) => m.content)).toEqual(['What happened?', 'An answer']);
    expect(s.discord.thread(thread.id)?.thread.totalMessageSent).toBe(1);
  });
});
