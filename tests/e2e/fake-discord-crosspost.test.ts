// Self-tests of crossposting (publishing) on the fake Discord server, driven by discord.js:
// announcement channels only, once per message, and 10 publishes an hour per channel.
import { GatewayIntentBits, MessageFlags, type NewsChannel, PermissionFlagsBits, RateLimitError, Routes } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { apiError, useFakeDiscord } from './fake-discord-suite.js';

// The generic per-route buckets are off here: the publish limit is what is under test.
const s = useFakeDiscord({ rateLimit: false });
const none = { parse: [] as [] };
const announcements = () => s.discord.addChannel(s.guild.id, { name: 'announcements', type: 5 }).id;
const send = async (channelId: string, content = 'Breaking') =>
  ((await s.rest().post(Routes.channelMessages(channelId), { body: { content, allowed_mentions: none } })) as { id: string }).id;

describe('crossposting', () => {
  it('publishes the bot\'s own message with Send Messages only, and the client sees the flag', async () => {
    const client = await s.login([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
    const channel = (await client.channels.fetch(announcements())) as NewsChannel;
    const message = await channel.send({ content: 'Port strike ends', allowedMentions: none });
    await message.crosspost();
    await s.discord.waitFor(() => message.flags.has(MessageFlags.Crossposted), { what: 'MESSAGE_UPDATE' });
    expect(s.discord.message(message.id)?.crossposted).toBe(true);
    expect((s.discord.message(message.id)?.flags ?? 0) & MessageFlags.Crossposted).toBe(MessageFlags.Crossposted);
  });

  it('a message is published once (40033)', async () => {
    const channelId = announcements();
    const id = await send(channelId);
    await s.rest().post(Routes.channelMessageCrosspost(channelId, id));
    const e = await apiError(s.rest().post(Routes.channelMessageCrosspost(channelId, id)));
    expect([e.status, e.code, e.message]).toEqual([400, 40033, 'This message has already been crossposted.']);
  });

  it('only announcement channels publish (50024); unknown messages are 10008', async () => {
    const text = s.discord.addChannel(s.guild.id, { name: 'news' }).id;
    const id = await send(text);
    expect((await apiError(s.rest().post(Routes.channelMessageCrosspost(text, id)))).code).toBe(50024);
    expect((await apiError(s.rest().post(Routes.channelMessageCrosspost(announcements(), id)))).code).toBe(10008);
  });

  it('someone else\'s message needs Manage Messages too; no Send Messages refuses even the bot\'s own', async () => {
    const channelId = announcements();
    const editor = s.discord.addMember(s.guild.id, { username: 'editor' });
    const theirs = s.discord.addMessage(channelId, { authorId: editor.id, content: 'From the desk' });
    const mine = await send(channelId);
    expect((await apiError(s.rest().post(Routes.channelMessageCrosspost(channelId, theirs.id)))).code).toBe(50013);
    s.discord.setBotChannelPermissions(channelId, { allow: PermissionFlagsBits.ManageMessages });
    await s.rest().post(Routes.channelMessageCrosspost(channelId, theirs.id));
    s.discord.setBotChannelPermissions(channelId, { deny: PermissionFlagsBits.SendMessages });
    expect((await apiError(s.rest().post(Routes.channelMessageCrosspost(channelId, mine)))).code).toBe(50013);
  });

  it('the 11th publish in an hour is a 429 discord.js reports, and the next hour allows it', async () => {
    const channelId = announcements();
    const ids: string[] = [];
    for (let i = 0; i < 11; i++) ids.push(await send(channelId, `Story ${i}`));
    const rest = s.rest({ rejectOnRateLimit: () => true });
    for (const id of ids.slice(0, 10)) {
      await rest.post(Routes.channelMessageCrosspost(channelId, id));
      s.discord.advanceTime(60_000);
    }
    const limited = await rest.post(Routes.channelMessageCrosspost(channelId, ids[10]!)).then(() => undefined, (e: unknown) => e);
    expect(limited).toBeInstanceOf(RateLimitError);
    // The first publish leaves the hour 50 minutes from now on the server clock (the header is in
    // whole seconds, and discord.js adds its 50 ms offset).
    expect(Math.round((limited as RateLimitError).retryAfter / 1000)).toBe(50 * 60);
    expect((limited as RateLimitError).global).toBe(false);
    expect((limited as RateLimitError).scope).toBe('shared');
    const response = s.discord.requests.at(-1);
    expect([response?.status, response?.route]).toEqual([429, '/channels/:channel/messages/:message/crosspost']);
    expect(s.discord.message(ids[10]!)?.crossposted).toBeUndefined();
    s.discord.advanceTime(50 * 60_000);
    // A fresh REST (as after a restart): the first one still holds discord.js's own hour-long wait.
    await s.rest({ rejectOnRateLimit: () => true }).post(Routes.channelMessageCrosspost(channelId, ids[10]!));
    expect(s.discord.message(ids[10]!)?.crossposted).toBe(true);
  });

  it('the limit is per channel', async () => {
    const [a, b] = [announcements(), announcements()];
    for (let i = 0; i < 10; i++) await s.rest().post(Routes.channelMessageCrosspost(a, await send(a)));
    await s.rest().post(Routes.channelMessageCrosspost(b, await send(b)));
    expect(s.discord.messages(b)[0]?.crossposted).toBe(true);
  });

  it('an injected 40033 carries Discord\'s message', async () => {
    const channelId = announcements();
    const id = await send(channelId);
    s.discord.faults.failNext({ method: 'POST', path: `/channels/${channelId}/messages/${id}/crosspost`, status: 400, code: 40033 });
    expect((await apiError(s.rest().post(Routes.channelMessageCrosspost(channelId, id)))).message).toBe('This message has already been crossposted.');
  });
});
