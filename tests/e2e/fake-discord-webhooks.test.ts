// Self-tests of channel webhooks on the fake Discord server, driven by discord.js: creating,
// listing, reusing and deleting them, and executing them with overrides and allowed_mentions.
import { Events, GatewayIntentBits, type Message, PermissionFlagsBits, Routes, type TextChannel, WebhookClient } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { apiError, errorPaths, useFakeDiscord } from './fake-discord-suite.js';

const s = useFakeDiscord({ rateLimit: false });
const none = { parse: [] as [] };
const news = () => s.discord.addChannel(s.guild.id, { name: 'news' }).id;
const allowWebhooks = (channelId: string) => s.discord.setBotChannelPermissions(channelId, { allow: PermissionFlagsBits.ManageWebhooks });
const hookClient = (h: { id: string; token: string }) => new WebhookClient({ id: h.id, token: h.token }, { rest: { api: s.discord.apiBase } });

interface ApiWebhook { id: string; token: string; application_id: string | null; user?: { id: string } }

describe('managing webhooks', () => {
  it('needs Manage Webhooks to create or list (50013)', async () => {
    const channelId = news();
    expect((await apiError(s.rest().post(Routes.channelWebhooks(channelId), { body: { name: 'News' } }))).code).toBe(50013);
    expect((await apiError(s.rest().get(Routes.channelWebhooks(channelId)))).code).toBe(50013);
  });

  it('creates one owned by the application, lists it beside members\' ones, and fetches it back', async () => {
    const channelId = news();
    allowWebhooks(channelId);
    const client = await s.login();
    const channel = (await client.channels.fetch(channelId)) as TextChannel;
    const made = await channel.createWebhook({ name: 'News Bot posts' });
    expect(made.token).toBeTruthy();
    expect(made.applicationId).toBe(s.discord.applicationId);
    expect(made.owner?.id).toBe(s.discord.botUser.id);
    const theirs = s.discord.addWebhook(channelId, { name: 'Someone else' });
    const listed = await channel.fetchWebhooks();
    expect([...listed.keys()].sort()).toEqual([made.id, theirs.id].sort());
    expect(listed.get(theirs.id)?.applicationId).toBeNull();
    const byToken = (await s.rest().get(Routes.webhook(made.id, made.token!), { auth: false })) as ApiWebhook;
    expect([byToken.id, byToken.user]).toEqual([made.id, undefined]);
  });

  it('the bot fetches its own webhook without Manage Webhooks, not a member\'s (50013)', async () => {
    const channelId = news();
    allowWebhooks(channelId);
    const own = (await s.rest().post(Routes.channelWebhooks(channelId), { body: { name: 'Own' } })) as ApiWebhook;
    const theirs = s.discord.addWebhook(channelId, { name: 'Theirs' });
    s.discord.setBotChannelPermissions(channelId, {});
    expect(((await s.rest().get(Routes.webhook(own.id))) as ApiWebhook).id).toBe(own.id);
    expect((await apiError(s.rest().get(Routes.webhook(theirs.id)))).code).toBe(50013);
  });

  it('names are 1 to 80 characters without "clyde" or "discord", and a channel holds 15', async () => {
    const channelId = news();
    allowWebhooks(channelId);
    const create = (name: unknown) => s.rest().post(Routes.channelWebhooks(channelId), { body: { name } });
    for (const name of ['', 'x'.repeat(81), 'Discord News', 'CLYDE', undefined]) {
      const e = await apiError(create(name));
      expect([e.code, errorPaths(e)]).toEqual([50035, ['name']]);
    }
    for (let i = 0; i < 15; i++) await create(`Hook ${i}`);
    expect((await apiError(create('Sixteenth'))).code).toBe(30007);
  });

  it('a deleted webhook is gone: 10015 for fetching and executing, by id or by token', async () => {
    const channelId = news();
    allowWebhooks(channelId);
    const hook = (await s.rest().post(Routes.channelWebhooks(channelId), { body: { name: 'Short-lived' } })) as ApiWebhook;
    await s.rest().delete(Routes.webhook(hook.id));
    expect((await apiError(s.rest().get(Routes.webhook(hook.id)))).code).toBe(10015);
    expect((await apiError(hookClient(hook).send({ content: 'x' }))).code).toBe(10015);
    const theirs = s.discord.addWebhook(channelId, { name: 'Admin removes it' });
    s.discord.deleteWebhook(theirs.id);
    expect(s.discord.webhooks(channelId)).toEqual([]);
    expect((await apiError(s.rest().get(Routes.webhook(theirs.id, theirs.token), { auth: false }))).code).toBe(10015);
  });
});

describe('executing webhooks', () => {
  it('wait=true returns the message with webhook_id and the username and avatar overrides', async () => {
    const channelId = news();
    const hook = s.discord.addWebhook(channelId, { name: 'Default name' });
    const client = await s.login([GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
    const seen = new Promise<Message>((resolve) => client.once(Events.MessageCreate, resolve));
    const sent = await hookClient(hook).send({ content: 'Port strike ends', username: 'Harbour Ledger', avatarURL: 'https://news.example.org/logo.png', allowedMentions: none });
    expect(sent.webhook_id).toBe(hook.id);
    expect([sent.author.id, sent.author.username, sent.author.bot]).toEqual([hook.id, 'Harbour Ledger', true]);
    const message = await seen;
    expect([message.webhookId, message.author.username, message.member]).toEqual([hook.id, 'Harbour Ledger', null]);
    expect(s.discord.messages(channelId)[0]).toMatchObject({ webhookId: hook.id, webhookName: 'Harbour Ledger', webhookAvatarUrl: 'https://news.example.org/logo.png' });
    const history = (await s.rest().get(Routes.channelMessages(channelId))) as Array<{ id: string; webhook_id?: string }>;
    expect(history.map((m) => [m.id, m.webhook_id])).toEqual([[sent.id, hook.id]]);
  });

  it('without wait the answer is 204 and the message is still made; a wrong token is 50027', async () => {
    const channelId = news();
    const hook = s.discord.addWebhook(channelId, { name: 'Quiet' });
    await s.rest().post(Routes.webhook(hook.id, hook.token), { auth: false, body: { content: 'no wait', allowed_mentions: none } });
    expect(s.discord.requests.at(-1)?.status).toBe(204);
    expect(s.discord.messages(channelId).map((m) => m.content)).toEqual(['no wait']);
    const wrong = await apiError(s.rest().post(Routes.webhook(hook.id, 'not-the-token'), { auth: false, body: { content: 'x' } }));
    expect([wrong.status, wrong.code]).toEqual([401, 50027]);
  });

  it('allowed_mentions decides the pings, and webhooks may ping @everyone when it allows', async () => {
    const channelId = news();
    const role = s.discord.addRole(s.guild.id, { name: 'Readers' });
    const hook = s.discord.addWebhook(channelId, { name: 'Pings' });
    const content = `@everyone <@&${role.id}> read this`;
    await hookClient(hook).send({ content, allowedMentions: none });
    await hookClient(hook).send({ content });
    const [quiet, loud] = s.discord.messages(channelId);
    expect(quiet?.pingable).toEqual({ everyone: false, roles: [], users: [] });
    expect(loud?.pinged).toEqual({ everyone: true, roles: [role.id], users: [] });
  });

  it('validates like a message plus username and avatar_url, in one 50035; empty is 50006', async () => {
    const hook = s.discord.addWebhook(news(), { name: 'Strict' });
    const e = await apiError(hookClient(hook).send({ content: 'x', username: 'Discord Bot', avatarURL: 'not a url', embeds: [{ title: 't'.repeat(257) }] }));
    expect(errorPaths(e)).toEqual(['avatar_url', 'embeds.0.title', 'username']);
    expect((await apiError(hookClient(hook).send({ username: 'Empty' }))).code).toBe(50006);
  });
});
