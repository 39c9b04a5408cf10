// Self-tests for the fake Discord server, driven by the real discord.js Client and REST (not the
// bot's code): if these pass, the fake speaks enough Discord for the bot's e2e tests to mean something.
import { once } from 'node:events';
import {
  ActionRowBuilder, ButtonBuilder, ButtonStyle, ChannelType, Client, DiscordAPIError, EmbedBuilder, Events,
  GatewayIntentBits, MessageFlags, PermissionFlagsBits, REST, Routes, SlashCommandBuilder, type Interaction,
} from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type FakeDiscord, type GuildHandle, InvocationError, startFakeDiscord } from './fake-discord/index.js';

let discord: FakeDiscord;
let guild: GuildHandle;
let channelId: string;
let userId: string;
const clients: Client[] = [];

const newsCommand = new SlashCommandBuilder()
  .setName('news')
  .setDescription('News articles')
  .addSubcommand((s) =>
    s.setName('summary').setDescription('Summarize an article')
      .addStringOption((o) => o.setName('article').setDescription('Article id').setRequired(true).setAutocomplete(true))
      .addChannelOption((o) => o.setName('channel').setDescription('Where to post').addChannelTypes(ChannelType.GuildText)),
  )
  .addSubcommand((s) => s.setName('latest').setDescription('Latest articles'));

beforeEach(async () => {
  discord = await startFakeDiscord();
  guild = discord.addGuild({ name: 'Test Guild' });
  channelId = discord.addChannel(guild.id, { name: 'news' }).id;
  userId = discord.addMember(guild.id, { username: 'reader' }).id;
});

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.destroy()));
  await discord.close();
});

async function login(options: Partial<ConstructorParameters<typeof Client>[0]> = {}): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: discord.apiBase }, ...options });
  clients.push(client);
  const ready = once(client, Events.ClientReady);
  await client.login(discord.token);
  await ready;
  return client;
}

function rest(): REST {
  return new REST({ api: discord.apiBase }).setToken(discord.token);
}

async function registerNews(): Promise<void> {
  await rest().put(Routes.applicationGuildCommands(discord.applicationId, guild.id), { body: [newsCommand.toJSON()] });
}

/** Runs `handler` on the next interaction the client receives; resolves with its result. */
function nextInteraction<T>(client: Client, handler: (i: Interaction) => Promise<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    client.once(Events.InteractionCreate, (i) => void handler(i).then(resolve, reject));
  });
}

async function apiError(promise: Promise<unknown>): Promise<DiscordAPIError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(DiscordAPIError);
  return error as DiscordAPIError;
}

const invokeLatest = () => discord.invokeCommand({ guildId: guild.id, channelId, userId, command: 'news', subcommand: 'latest' });

describe('gateway and cache', () => {
  it('a Guilds client logs in, caches the guild and computes the bot permissions', async () => {
    const hidden = discord.addChannel(guild.id, { name: 'staff', overwrites: [{ id: guild.id, type: 'role', deny: PermissionFlagsBits.ViewChannel }] });
    const client = await login();
    const cached = client.guilds.cache.get(guild.id);
    expect(cached?.name).toBe('Test Guild');
    expect(cached?.members.me?.id).toBe(discord.botUser.id);
    const perms = cached?.channels.cache.get(channelId)?.permissionsFor(cached.members.me!);
    expect(perms?.has([PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks])).toBe(true);
    expect(perms?.has(PermissionFlagsBits.ManageGuild)).toBe(false);
    expect(cached?.channels.cache.get(hidden.id)?.permissionsFor(cached.members.me!)?.has(PermissionFlagsBits.ViewChannel)).toBe(false);
    expect(discord.gatewayLog.filter((e) => e.type === 'identify')).toHaveLength(1);
  });

  it('guild changes made by the driver reach the client cache', async () => {
    const client = await login();
    discord.setBotChannelPermissions(channelId, { deny: PermissionFlagsBits.EmbedLinks });
    const created = discord.addChannel(guild.id, { name: 'fresh' });
    discord.deleteChannel(channelId);
    await discord.waitFor(() => client.channels.cache.has(created.id) && !client.channels.cache.has(channelId), { what: 'channel events' });
    discord.removeBotFromGuild(guild.id);
    await discord.waitFor(() => !client.guilds.cache.has(guild.id), { what: 'GUILD_DELETE' });
  });

  it('op 7 makes the client resume on resume_gateway_url, and commands still arrive', async () => {
    await registerNews();
    const client = await login();
    const resumed = once(client.ws.shards.first()!, 'resumed');
    discord.faults.reconnect();
    await resumed;
    expect(discord.gatewayLog.some((e) => e.type === 'resume' && e.path === '/resume')).toBe(true);
    const handled = nextInteraction(client, async (i) => i.isChatInputCommand() && i.reply({ content: 'still here', allowedMentions: { parse: [] } }));
    const res = await invokeLatest();
    await handled;
    expect((await res.final()).data?.content).toBe('still here');
  });

  it('a non-resumable invalid session makes the client identify again', async () => {
    await registerNews();
    // The default identify throttler waits 5 s between identifies; not what this test is about.
    const client = await login({ ws: { buildIdentifyThrottler: () => ({ waitForIdentify: async () => {} }) } });
    discord.faults.invalidateSession(false);
    await discord.waitFor(() => discord.gatewayLog.filter((e) => e.type === 'identify').length === 2, { what: 're-identify', timeoutMs: 4000 });
    const handled = nextInteraction(client, async (i) => i.isChatInputCommand() && i.reply({ content: 'fresh session', allowedMentions: { parse: [] } }));
    await invokeLatest();
    await handled;
  });

  it('a resumable invalid session is resumed on the same socket', async () => {
    const client = await login();
    const resumed = once(client.ws.shards.first()!, 'resumed');
    discord.faults.invalidateSession(true);
    await resumed;
    expect(discord.gatewayLog.filter((e) => e.type === 'identify')).toHaveLength(1);
    expect(discord.gatewayLog.filter((e) => e.type === 'connect')).toHaveLength(1);
  });

  it('an abrupt disconnect is resumed and the missed dispatches are replayed', async () => {
    const client = await login();
    const resumed = once(client.ws.shards.first()!, 'resumed');
    discord.faults.dropConnection();
    const missed = discord.addChannel(guild.id, { name: 'while-away' });
    await resumed;
    expect(client.channels.cache.has(missed.id)).toBe(true);
  });

  it('rejects a wrong token (4004) and privileged intents (4014), and compresses with zlib-stream', async () => {
    const closeCode = async (identify: Record<string, unknown>): Promise<number> => {
      const ws = new WebSocket(`${discord.gatewayUrl}?v=10&encoding=json`);
      ws.on('message', () => ws.send(JSON.stringify({ op: 2, d: { properties: { os: 'linux', browser: 't', device: 't' }, ...identify } })));
      const [code] = (await once(ws, 'close')) as [number];
      return code;
    };
    expect(await closeCode({ token: 'nope', intents: 1 })).toBe(4004);
    expect(await closeCode({ token: discord.token, intents: 1 | 2 })).toBe(4014);
    const { createInflate, constants } = await import('node:zlib');
    const inflate = createInflate();
    const ws = new WebSocket(`${discord.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    ws.on('message', (data: Buffer) => inflate.write(data, () => inflate.flush(constants.Z_SYNC_FLUSH)));
    const [chunk] = (await once(inflate, 'data')) as [Buffer];
    expect(JSON.parse(chunk.toString())).toMatchObject({ op: 10, d: { heartbeat_interval: 41250 } });
    ws.close();
    inflate.close();
  });
});

describe('commands', () => {
  it('PUT registers commands and returns them with ids and versions', async () => {
    const created = (await rest().put(Routes.applicationGuildCommands(discord.applicationId, guild.id), { body: [newsCommand.toJSON()] })) as Array<Record<string, unknown>>;
    expect(created[0]).toMatchObject({ name: 'news', type: 1, application_id: discord.applicationId, guild_id: guild.id, default_member_permissions: null });
    expect(String(created[0]?.id)).toMatch(/^\d{18,19}$/);
    const again = (await rest().put(Routes.applicationGuildCommands(discord.applicationId, guild.id), { body: [newsCommand.toJSON()] })) as Array<Record<string, unknown>>;
    expect(again[0]?.id).toBe(created[0]?.id);
    expect(discord.commands(guild.id)).toHaveLength(1);
  });

  it('invalid definitions get 400/50035 naming the field', async () => {
    const put = (body: unknown[]) => rest().put(Routes.applicationCommands(discord.applicationId), { body });
    const order = await apiError(put([{ name: 'x', description: 'd', options: [
      { type: 3, name: 'a', description: 'a' }, { type: 3, name: 'b', description: 'b', required: true }] }]));
    expect(order.code).toBe(50035);
    expect(order.rawError).toMatchObject({ errors: { 0: { options: { 1: { required: { _errors: [{ code: 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID' }] } } } } } });
    const upper = await apiError(put([{ name: 'News', description: 'd' }]));
    expect(upper.rawError).toMatchObject({ errors: { 0: { name: { _errors: [{ code: 'APPLICATION_COMMAND_INVALID_NAME' }] } } } });
    const mixed = await apiError(put([{ name: 'x', description: 'd', options: [
      { type: 1, name: 's', description: 's' }, { type: 3, name: 'v', description: 'v' }] }]));
    expect(mixed.rawError).toMatchObject({ errors: { 0: { options: { _errors: [{ code: 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID' }] } } } });
    const both = await apiError(put([{ name: 'x', description: 'd', options: [
      { type: 3, name: 'v', description: 'v', autocomplete: true, choices: [{ name: 'a', value: 'a' }] }] }]));
    expect(both.rawError).toMatchObject({ errors: { 0: { options: { 0: { autocomplete: { _errors: [{ code: 'APPLICATION_COMMAND_OPTION_CHOICES_AUTOCOMPLETE' }] } } } } } });
    expect(discord.commands()).toHaveLength(0);
  });

  it('the driver refuses invocations Discord would not allow', async () => {
    await registerNews();
    await expect(discord.invokeCommand({ guildId: guild.id, channelId, userId, command: 'config' })).rejects.toThrow(InvocationError);
    await expect(discord.invokeCommand({ guildId: guild.id, channelId, userId, command: 'news', subcommand: 'summary' })).rejects.toThrow(/required option "article"/);
    await expect(discord.invokeCommand({ guildId: guild.id, channelId, userId, command: 'news', subcommand: 'summary', options: { article: 'a', channel: guild.id } })).rejects.toThrow(/unknown channel/);
  });
});

describe('interactions', () => {
  it('a reply reaches the driver with its allowed_mentions and no pings', async () => {
    await registerNews();
    const role = discord.addRole(guild.id, { name: 'subscribers', mentionable: true });
    const client = await login();
    const content = `Breaking: @everyone <@&${role.id}> <@${userId}> said hi`;
    const handled = nextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      expect(i.options.getSubcommand()).toBe('latest');
      expect(i.appPermissions.has(PermissionFlagsBits.SendMessages)).toBe(true);
      return i.reply({ content, allowedMentions: { parse: [] }, withResponse: true });
    });
    const res = await invokeLatest();
    const callback = await handled;
    expect(callback.resource?.message?.content).toBe(content);
    const final = await res.final();
    expect(final).toMatchObject({ type: 4, ephemeral: false, data: { content, type: 20 } });
    expect(final.message?.allowedMentions).toEqual({ parse: [] });
    expect(final.message?.pinged).toEqual({ everyone: false, roles: [], users: [] });
    expect(final.message?.pingable).toEqual({ everyone: false, roles: [], users: [] });
    expect(discord.messages(channelId).map((m) => m.id)).toEqual([final.message?.id]);
  });

  it('a reply without allowed_mentions is recorded as pinging everyone it mentions', async () => {
    await registerNews();
    const role = discord.addRole(guild.id, { name: 'subscribers', mentionable: true });
    const client = await login();
    const handled = nextInteraction(client, async (i) => i.isChatInputCommand() && i.reply(`@everyone <@&${role.id}> <@${userId}>`));
    const res = await invokeLatest();
    await handled;
    const { message } = await res.final();
    expect(message?.allowedMentions).toBeUndefined();
    expect(message?.pinged).toEqual({ everyone: true, roles: [role.id], users: [userId] });
  });

  it('deferReply then editReply completes an ephemeral deferred response', async () => {
    await registerNews();
    const client = await login();
    const handled = nextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.editReply({ content: 'done', embeds: [new EmbedBuilder().setTitle('Summary').setDescription('Text')], allowedMentions: { parse: [] } });
    });
    const res = await invokeLatest();
    expect((await res.response()).type).toBe(5);
    await handled;
    const final = await res.final();
    expect(final).toMatchObject({ type: 5, ephemeral: true, pending: false, data: { content: 'done', embeds: [{ title: 'Summary', type: 'rich' }] } });
    expect(final.edits).toHaveLength(1);
    expect(discord.messages(channelId)).toHaveLength(0);
    expect(discord.messages(channelId, { includeEphemeral: true })).toHaveLength(1);
  });

  it('followUp creates a second message', async () => {
    await registerNews();
    const client = await login();
    const handled = nextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      await i.reply({ content: 'first', allowedMentions: { parse: [] } });
      await i.followUp({ content: 'second', flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
    });
    const res = await invokeLatest();
    await handled;
    const final = await res.final();
    expect(final.followups.map((m) => [m.content, m.ephemeral])).toEqual([['second', true]]);
    expect(discord.messages(channelId).map((m) => m.content)).toEqual(['first']);
  });

  it('a reply after 3 s of server time is an Unknown interaction (10062)', async () => {
    await registerNews();
    const client = await login();
    const handled = nextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return undefined;
      discord.advanceTime(3_001);
      return apiError(i.reply({ content: 'late', allowedMentions: { parse: [] } }));
    });
    await invokeLatest();
    expect((await handled)?.code).toBe(10062);
  });

  it('a second initial response is refused with 40060', async () => {
    await registerNews();
    const client = await login();
    const handled = nextInteraction(client, async (i) => {
      const body = { type: 4, data: { content: 'once', allowed_mentions: { parse: [] } } };
      await client.rest.post(Routes.interactionCallback(i.id, i.token), { body, auth: false });
      return apiError(client.rest.post(Routes.interactionCallback(i.id, i.token), { body, auth: false }));
    });
    await invokeLatest();
    expect((await handled).code).toBe(40060);
  });

  it('follow-ups stop working 15 minutes after the interaction (50027)', async () => {
    await registerNews();
    const client = await login();
    const handled = nextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return undefined;
      await i.reply({ content: 'now', allowedMentions: { parse: [] } });
      discord.advanceTime(15 * 60_000 + 1);
      return apiError(i.followUp({ content: 'later', allowedMentions: { parse: [] } }));
    });
    await invokeLatest();
    expect((await handled)?.code).toBe(50027);
  });

  it('autocomplete choices come back to the driver', async () => {
    await registerNews();
    const client = await login();
    const handled = nextInteraction(client, async (i) => {
      if (!i.isAutocomplete()) return;
      expect(i.options.getFocused(true)).toMatchObject({ name: 'article', value: '000' });
      await i.respond([{ name: '000 Elections', value: '000_elections' }]);
    });
    const choices = await discord.autocomplete({ guildId: guild.id, channelId, userId, command: 'news', subcommand: 'summary', options: { article: '000' }, focused: 'article' });
    await handled;
    expect(choices).toEqual([{ name: '000 Elections', value: '000_elections' }]);
  });

  it('a button press delivers a component interaction the client can update', async () => {
    await registerNews();
    const client = await login();
    const replied = nextInteraction(client, async (i) => {
      if (!i.isChatInputCommand()) return;
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('more:1').setLabel('More').setStyle(ButtonStyle.Primary));
      await i.reply({ content: 'page 1', components: [row], allowedMentions: { parse: [] } });
    });
    const res = await invokeLatest();
    await replied;
    const { message } = await res.final();
    const updated = nextInteraction(client, async (i) => {
      if (!i.isButton()) return;
      expect(i.customId).toBe('more:1');
      await i.update({ content: 'page 2', components: [], allowedMentions: { parse: [] } });
    });
    const press = await discord.pressButton({ guildId: guild.id, channelId, userId, messageId: message!.id, customId: 'more:1' });
    await updated;
    expect(await press.final()).toMatchObject({ type: 7, data: { content: 'page 2', components: [] } });
    expect(discord.message(message!.id)?.content).toBe('page 2');
  });
});

describe('channel messages', () => {
  it('an embed over the limits is refused with 50035 naming the field', async () => {
    const client = await login();
    const channel = client.channels.cache.get(channelId);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    const long = await apiError(channel.send({ embeds: [{ description: 'x'.repeat(4097) }], allowedMentions: { parse: [] } }));
    expect(long.code).toBe(50035);
    expect(long.rawError).toMatchObject({ errors: { embeds: { 0: { description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } });
    const total = await apiError(channel.send({ embeds: [1, 2].map(() => ({ description: 'y'.repeat(3001) })), allowedMentions: { parse: [] } }));
    expect(total.rawError).toMatchObject({ errors: { embeds: { _errors: [{ code: 'MAX_EMBED_SIZE_EXCEEDED' }] } } });
    // Code points, not UTF-16 units: 4096 emoji fit although they are 8192 units long.
    await channel.send({ embeds: [{ description: '📰'.repeat(4096) }], allowedMentions: { parse: [] } });
    expect(discord.messages(channelId)).toHaveLength(1);
  });

  it('nonce with enforce_nonce sent twice creates one message', async () => {
    const client = await login();
    const channel = client.channels.cache.get(channelId);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    const a = await channel.send({ content: 'once', nonce: 'digest-2024-01-01', enforceNonce: true, allowedMentions: { parse: [] } });
    const b = await channel.send({ content: 'once', nonce: 'digest-2024-01-01', enforceNonce: true, allowedMentions: { parse: [] } });
    expect(b.id).toBe(a.id);
    expect(discord.messages(channelId)).toHaveLength(1);
  });

  it('missing permissions answer 403 50013, an invisible channel 50001, a deleted one 10003', async () => {
    const client = await login();
    const channel = client.channels.cache.get(channelId);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    discord.setBotChannelPermissions(channelId, { deny: PermissionFlagsBits.SendMessages });
    expect((await apiError(channel.send({ content: 'x', allowedMentions: { parse: [] } }))).code).toBe(50013);
    discord.setBotChannelPermissions(channelId, { deny: PermissionFlagsBits.EmbedLinks });
    expect((await apiError(channel.send({ embeds: [{ title: 't' }], allowedMentions: { parse: [] } }))).code).toBe(50013);
    discord.setBotChannelPermissions(channelId, { deny: PermissionFlagsBits.ViewChannel });
    expect((await apiError(channel.send({ content: 'x', allowedMentions: { parse: [] } }))).code).toBe(50001);
    discord.deleteChannel(channelId);
    expect((await apiError(client.rest.post(Routes.channelMessages(channelId), { body: { content: 'x' } }))).code).toBe(10003);
  });

  it('a 429 is retried by discord.js and the message still arrives once', async () => {
    const client = await login();
    const channel = client.channels.cache.get(channelId);
    if (!channel?.isSendable()) throw new Error('channel not sendable');
    discord.faults.failNext({ method: 'POST', path: `/channels/${channelId}/messages`, status: 429, retryAfter: 0.05 });
    await channel.send({ content: 'after the limit', allowedMentions: { parse: [] } });
    expect(discord.faults.pending).toBe(0);
    const posts = discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);
    expect(posts.map((r) => r.status)).toEqual([429, 200]);
    expect(discord.messages(channelId).map((m) => m.content)).toEqual(['after the limit']);
  });

  it('requires the bot token and knows its routes', async () => {
    const wrong = new REST({ api: discord.apiBase }).setToken('not-the-token');
    expect((await apiError(wrong.get(Routes.user('@me')))).status).toBe(401);
    expect((await apiError(rest().get('/nothing/here' as `/${string}`))).status).toBe(404);
    expect(await rest().get(Routes.user('@me'))).toMatchObject({ id: discord.botUser.id, bot: true });
  });
});

/** Flattens Discord's nested `errors` into dotted paths with their codes. */
function errorPaths(error: DiscordAPIError): string[] {
  const out: string[] = [];
  const walk = (node: unknown, path: string[]): void => {
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '_errors') for (const e of value as Array<{ code: string }>) out.push(`${path.join('.')}:${e.code}`);
      else walk(value, [...path, key]);
    }
  };
  walk((error.rawError as { errors?: unknown }).errors, []);
  return out;
}

describe('message validation', () => {
  const button = (customId: string, extra: Record<string, unknown> = {}) => ({ type: 2, style: 1, label: 'b', custom_id: customId, ...extra });
  const row = (...components: unknown[]) => ({ type: 1, components });
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['content over 2000 code points', { content: 'é'.repeat(2001) }, 'content:BASE_TYPE_MAX_LENGTH'],
    ['more than 10 embeds', { embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }, 'embeds:BASE_TYPE_MAX_LENGTH'],
    ['title over 256', { embeds: [{ title: 't'.repeat(257) }] }, 'embeds.0.title:BASE_TYPE_MAX_LENGTH'],
    ['more than 25 fields', { embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] }, 'embeds.0.fields:BASE_TYPE_MAX_LENGTH'],
    ['empty field name', { embeds: [{ fields: [{ name: '', value: 'v' }] }] }, 'embeds.0.fields.0.name:BASE_TYPE_REQUIRED'],
    ['field value over 1024', { embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] }, 'embeds.0.fields.0.value:BASE_TYPE_MAX_LENGTH'],
    ['footer over 2048', { embeds: [{ footer: { text: 'f'.repeat(2049) } }] }, 'embeds.0.footer.text:BASE_TYPE_MAX_LENGTH'],
    ['author over 256', { embeds: [{ author: { name: 'a'.repeat(257) } }] }, 'embeds.0.author.name:BASE_TYPE_MAX_LENGTH'],
    ['non-http url', { embeds: [{ title: 't', url: 'ftp://example.com' }] }, 'embeds.0.url:URL_TYPE_INVALID_SCHEME'],
    ['colour out of range', { embeds: [{ title: 't', color: 0x1000000 }] }, 'embeds.0.color:NUMBER_TYPE_MAX'],
    ['timestamp not ISO 8601', { embeds: [{ title: 't', timestamp: 'yesterday' }] }, 'embeds.0.timestamp:DATE_TIME_TYPE_PARSE'],
    ['six action rows', { components: Array.from({ length: 6 }, (_, i) => row(button(`r${i}`))) }, 'components:BASE_TYPE_MAX_LENGTH'],
    ['six buttons in a row', { components: [row(...Array.from({ length: 6 }, (_, i) => button(`b${i}`)))] }, 'components.0.components:BASE_TYPE_BAD_LENGTH'],
    ['duplicate custom_id', { components: [row(button('same'), button('same'))] }, 'components.0.components.1.custom_id:COMPONENT_CUSTOM_ID_DUPLICATED'],
    ['custom_id over 100', { components: [row(button('c'.repeat(101)))] }, 'components.0.components.0.custom_id:BASE_TYPE_BAD_LENGTH'],
    ['label over 80', { components: [row(button('x', { label: 'l'.repeat(81) }))] }, 'components.0.components.0.label:BASE_TYPE_MAX_LENGTH'],
    ['link button with custom_id', { components: [row(button('x', { style: 5, url: 'https://example.com' }))] }, 'components.0.components.0.custom_id:BUTTON_COMPONENT_CUSTOM_ID_NOT_ALLOWED'],
    ['parse users with a users list', { content: 'x', allowed_mentions: { parse: ['users'], users: ['123456789012345678'] } }, 'allowed_mentions:MESSAGE_ALLOWED_MENTIONS_PARSE_EXCLUSIVE'],
    ['unknown parse value', { content: 'x', allowed_mentions: { parse: ['channels'] } }, 'allowed_mentions.parse.0:BASE_TYPE_CHOICES'],
  ];

  it.each(cases)('refuses %s', async (_name, body, expected) => {
    const error = await apiError(rest().post(Routes.channelMessages(channelId), { body }));
    expect([error.status, error.code]).toEqual([400, 50035]);
    expect(errorPaths(error)).toContain(expected);
  });

  it('refuses an empty message with 50006 and accepts files sent as multipart', async () => {
    expect((await apiError(rest().post(Routes.channelMessages(channelId), { body: { content: '  ' } }))).code).toBe(50006);
    await rest().post(Routes.channelMessages(channelId), {
      body: { allowed_mentions: { parse: [] } },
      files: [{ name: 'digest.txt', data: Buffer.from('hello') }],
    });
    expect(discord.messages(channelId)[0]?.attachments).toMatchObject([{ filename: 'digest.txt', size: 5 }]);
    const res = await fetch(`${discord.apiBase}/v10/channels/${channelId}/messages`, {
      method: 'POST', headers: { authorization: `Bot ${discord.token}`, 'content-type': 'text/plain' }, body: 'hi',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('x-ratelimit-bucket')).toMatch(/^[0-9a-f]{32}$/);
  });
});

describe('driver guarantees', () => {
  it('commands hidden by default_member_permissions cannot be invoked by plain members', async () => {
    await rest().put(Routes.applicationGuildCommands(discord.applicationId, guild.id), {
      body: [new SlashCommandBuilder().setName('config').setDescription('Configure').setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild).toJSON()],
    });
    await expect(discord.invokeCommand({ guildId: guild.id, channelId, userId, command: 'config' })).rejects.toThrow(/default_member_permissions/);
    const admin = discord.addMember(guild.id, { username: 'admin', permissions: PermissionFlagsBits.ManageGuild });
    const res = await discord.invokeCommand({ guildId: guild.id, channelId, userId: admin.id, command: 'config' });
    expect(res.payload).toMatchObject({ type: 2, data: { name: 'config' }, member: { user: { id: admin.id } } });
  });

  it('reports an interaction nobody answered, and a deferral nobody completed', async () => {
    await registerNews();
    await expect((await invokeLatest()).response({ timeoutMs: 50 })).rejects.toThrow(/did not respond/);
    const client = await login();
    const handled = nextInteraction(client, async (i) => i.isChatInputCommand() && i.deferReply());
    const res = await invokeLatest();
    await handled;
    await expect(res.final({ timeoutMs: 100 })).rejects.toThrow(/never edited/);
  });
});
