// Self-tests of threads on the fake Discord server, driven by discord.js: posting into threads,
// archived and locked threads, threads started from messages, and the gateway keeping the cache true.
import { ChannelType, Events, GatewayIntentBits, MessageFlags, PermissionFlagsBits, Routes, type TextChannel, type ThreadChannel } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { apiError, useFakeDiscord } from './fake-discord-suite.js';

const s = useFakeDiscord();
const none = { parse: [] as [] };
const news = () => s.discord.addChannel(s.guild.id, { name: 'news' });

describe('posting into threads', () => {
  it('needs Send Messages in Threads, not Send Messages', async () => {
    const channel = news();
    const thread = s.discord.addThread(channel.id, { name: 'Updates' });
    s.discord.setBotChannelPermissions(channel.id, { deny: PermissionFlagsBits.SendMessages });
    await s.rest().post(Routes.channelMessages(thread.id), { body: { content: 'in the thread', allowed_mentions: none } });
    s.discord.setBotChannelPermissions(channel.id, { deny: PermissionFlagsBits.SendMessagesInThreads });
    const e = await apiError(s.rest().post(Routes.channelMessages(thread.id), { body: { content: 'no', allowed_mentions: none } }));
    expect([e.status, e.code]).toEqual([403, 50013]);
    expect(s.discord.messages(thread.id).map((m) => m.content)).toEqual(['in the thread']);
  });

  it('a message unarchives an archived thread, announced with THREAD_UPDATE', async () => {
    const channel = news();
    const thread = s.discord.addThread(channel.id, { name: 'Old', archived: true });
    const client = await s.login();
    const cached = (await client.channels.fetch(thread.id)) as ThreadChannel;
    expect(cached.archived).toBe(true);
    await cached.send({ content: 'back again', allowedMentions: none });
    await s.discord.waitFor(() => cached.archived === false, { what: 'THREAD_UPDATE' });
    expect(s.discord.thread(thread.id)?.thread.archived).toBe(false);
  });

  it('a locked archived thread refuses messages (50083) and unarchiving (50013) without Manage Threads', async () => {
    const channel = news();
    const thread = s.discord.addThread(channel.id, { name: 'Locked', archived: true, locked: true });
    const send = await apiError(s.rest().post(Routes.channelMessages(thread.id), { body: { content: 'no', allowed_mentions: none } }));
    expect([send.status, send.code, send.message]).toEqual([400, 50083, 'Thread is archived']);
    const unarchive = await apiError(s.rest().patch(Routes.channel(thread.id), { body: { archived: false } }));
    expect([unarchive.status, unarchive.code]).toEqual([403, 50013]);
    s.discord.setBotChannelPermissions(channel.id, { allow: PermissionFlagsBits.ManageThreads });
    const unlocked = (await s.rest().patch(Routes.channel(thread.id), { body: { archived: false, locked: false } })) as { thread_metadata: { archived: boolean; locked: boolean } };
    expect(unlocked.thread_metadata).toMatchObject({ archived: false, locked: false });
  });

  it('an unlocked archived thread is unarchived by the bot with PATCH archived:false', async () => {
    const channel = news();
    const thread = s.discord.addThread(channel.id, { name: 'Closed', archived: true });
    const client = await s.login();
    const cached = (await client.channels.fetch(thread.id)) as ThreadChannel;
    await cached.setArchived(false);
    expect(cached.archived).toBe(false);
    // Other changes to an archived thread are refused until it is unarchived.
    s.discord.archiveThread(thread.id);
    const e = await apiError(s.rest().patch(Routes.channel(thread.id), { body: { name: 'Renamed' } }));
    expect(e.code).toBe(50083);
  });

  it('messages in archived threads cannot be edited (50083)', async () => {
    const channel = news();
    const thread = s.discord.addThread(channel.id, { name: 'Edits' });
    const sent = (await s.rest().post(Routes.channelMessages(thread.id), { body: { content: 'v1', allowed_mentions: none } })) as { id: string };
    s.discord.archiveThread(thread.id);
    const e = await apiError(s.rest().patch(Routes.channelMessage(thread.id, sent.id), { body: { content: 'v2' } }));
    expect(e.code).toBe(50083);
  });

  it('GET /channels/{thread} shows thread_metadata and, once the bot has posted, its membership', async () => {
    const channel = news();
    const thread = s.discord.addThread(channel.id, { name: 'Metadata' });
    const get = async () => (await s.rest().get(Routes.channel(thread.id))) as { parent_id: string; thread_metadata: { archived: boolean; locked: boolean; auto_archive_duration: number }; member?: { user_id: string } };
    const before = await get();
    expect(before).toMatchObject({ parent_id: channel.id, thread_metadata: { archived: false, locked: false, auto_archive_duration: 1440 } });
    expect(before.member).toBeUndefined();
    await s.rest().post(Routes.channelMessages(thread.id), { body: { content: 'joined', allowed_mentions: none } });
    expect((await get()).member?.user_id).toBe(s.discord.botUser.id);
  });

  it('private threads are hidden from the bot unless it is a member or has Manage Threads', async () => {
    const channel = news();
    const thread = s.discord.addThread(channel.id, { name: 'Staff', type: 12 });
    expect((await apiError(s.rest().get(Routes.channel(thread.id)))).code).toBe(50001);
    s.discord.setBotChannelPermissions(channel.id, { allow: PermissionFlagsBits.ManageThreads });
    expect(((await s.rest().get(Routes.channel(thread.id))) as { type: number }).type).toBe(12);
  });
});

describe('threads from messages', () => {
  it('a public thread takes the message id and the message shows it', async () => {
    const client = await s.login([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
    const channel = (await client.channels.fetch(news().id)) as TextChannel;
    const message = await channel.send({ content: 'Headline', allowedMentions: none });
    const thread = await message.startThread({ name: 'Discuss: Headline' });
    expect(thread.id).toBe(message.id);
    expect(thread.type).toBe(ChannelType.PublicThread);
    await s.discord.waitFor(() => message.hasThread, { what: 'MESSAGE_UPDATE with the thread' });
    expect(message.flags.has(MessageFlags.HasThread)).toBe(true);
    expect(s.discord.message(message.id)?.threadId).toBe(thread.id);
    const again = await apiError(s.rest().post(Routes.threads(channel.id, message.id), { body: { name: 'Twice' } }));
    expect([again.code, again.message]).toEqual([160004, 'A thread has already been created for this message']);
  });

  it('announcement channels make announcement threads; members\' messages work too', async () => {
    const announcements = s.discord.addChannel(s.guild.id, { name: 'announcements', type: 5 });
    const member = s.discord.addMember(s.guild.id, { username: 'editor' });
    const posted = s.discord.addMessage(announcements.id, { authorId: member.id, content: 'From the desk' });
    const thread = (await s.rest().post(Routes.threads(announcements.id, posted.id), { body: { name: 'Replies', type: 11 } })) as { type: number; id: string };
    expect([thread.type, thread.id]).toEqual([10, posted.id]);
  });

  it('needs Create Public Threads (50013), a known message (10008) and a text channel (50024)', async () => {
    const channel = news();
    const forum = s.discord.addChannel(s.guild.id, { name: 'forum', type: 15 });
    const sent = (await s.rest().post(Routes.channelMessages(channel.id), { body: { content: 'x', allowed_mentions: none } })) as { id: string };
    expect((await apiError(s.rest().post(Routes.threads(channel.id, '1234567890123456789'), { body: { name: 'a' } }))).code).toBe(10008);
    expect((await apiError(s.rest().post(Routes.threads(forum.id, sent.id), { body: { name: 'a' } }))).code).toBe(50024);
    s.discord.setBotChannelPermissions(channel.id, { deny: PermissionFlagsBits.CreatePublicThreads });
    expect((await apiError(s.rest().post(Routes.threads(channel.id, sent.id), { body: { name: 'a' } }))).code).toBe(50013);
  });
});

describe('the gateway and the cache', () => {
  it('GUILD_CREATE carries the active threads the bot can see, not archived ones', async () => {
    const channel = news();
    const active = s.discord.addThread(channel.id, { name: 'Active' });
    const archived = s.discord.addThread(channel.id, { name: 'Archived', archived: true });
    const hidden = s.discord.addThread(channel.id, { name: 'Private', type: 12 });
    const client = await s.login();
    expect(client.channels.cache.has(active.id)).toBe(true);
    expect(client.channels.cache.has(archived.id)).toBe(false);
    expect(client.channels.cache.has(hidden.id)).toBe(false);
  });

  it('THREAD_CREATE, THREAD_UPDATE and THREAD_DELETE follow the driver', async () => {
    const client = await s.login();
    const channel = news();
    const created = new Promise<boolean>((resolve) => client.once(Events.ThreadCreate, (_t, newly) => resolve(newly)));
    const thread = s.discord.addThread(channel.id, { name: 'Live' });
    expect(await created).toBe(true);
    s.discord.archiveThread(thread.id, { locked: true });
    await s.discord.waitFor(() => (client.channels.cache.get(thread.id) as ThreadChannel | undefined)?.locked === true, { what: 'THREAD_UPDATE' });
    s.discord.deleteThread(thread.id);
    await s.discord.waitFor(() => !client.channels.cache.has(thread.id), { what: 'THREAD_DELETE' });
    expect((await apiError(s.rest().get(Routes.channel(thread.id)))).code).toBe(10003);
  });

  it('gaining sight of a channel sends THREAD_LIST_SYNC with its active threads', async () => {
    const channel = s.discord.addChannel(s.guild.id, { name: 'staff', overwrites: [{ id: s.guild.id, type: 'role', deny: PermissionFlagsBits.ViewChannel }] });
    const thread = s.discord.addThread(channel.id, { name: 'Behind the scenes' });
    const client = await s.login();
    expect(client.channels.cache.has(thread.id)).toBe(false);
    s.discord.setBotChannelPermissions(channel.id, { allow: PermissionFlagsBits.ViewChannel });
    await s.discord.waitFor(() => client.channels.cache.has(thread.id), { what: 'THREAD_LIST_SYNC' });
  });
});
