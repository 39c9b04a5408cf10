// /config end to end: an admin changes every setting through the local server, members are refused
// (by Discord's default_member_permissions, and by the bot itself when a server relaxed that), bad
// input gets clear ephemeral errors, and settings persist across a restart and apply at once.
import { once } from 'node:events';
import { Events, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/store/guild-settings.js';
import { InvocationError } from './fake-discord/index.js';
import { type BotWorld, buttonsOf, contentOf, embedsOf, SEED, worldPerTest } from './harness.js';

let world: BotWorld;
worldPerTest((w) => (world = w));

const stored = () => world.app!.deps.settings.get(world.guild.id);

/** The /config show embed's fields as name → value. */
async function shown(): Promise<Record<string, string>> {
  const answer = await world.config('show');
  expect(answer.ephemeral).toBe(true);
  const [embed] = embedsOf(answer);
  expect(embed?.title).toBe('News settings for Test Guild');
  return Object.fromEntries((embed?.fields as Array<{ name: string; value: string }>).map((f) => [f.name, f.value]));
}

async function expectNotice(answer: Awaited<ReturnType<BotWorld['config']>>, text: string): Promise<void> {
  expect(answer).toMatchObject({ type: 4, ephemeral: true });
  expect(contentOf(answer)).toBe(text);
}

describe('an admin', () => {
  it('changes each setting and /config show reflects it', async () => {
    const { news } = world.channels;
    await expectNotice(await world.config('channel', { channel: news }), `News will be posted in <#${news}> by default.`);
    await expectNotice(await world.config('summary-length', { sentences: 2 }), 'Summaries will be 2 sentences long.');
    await expectNotice(await world.config('color', { hex: '#ff0000' }), 'Embeds will use #FF0000.');
    const role = await world.config('mention-role', { role: world.role.id });
    await expectNotice(role, `Scheduled posts will ping <@&${world.role.id}>.`);
    expect(role.message?.pingable.roles).toEqual([]);
    await expectNotice(
      await world.config('identity', { name: 'Harbour *Ledger*', 'avatar-url': 'https://news.example.org/ledger.png' }),
      'Posts made as a webhook will show: **Harbour \\*Ledger\\*** with the avatar at <https://news.example.org/ledger.png>.',
    );

    expect(await shown()).toEqual({
      'News channel': `<#${news}>`,
      'Summary length': '2 sentences',
      'Embed color': '#FF0000',
      'Mention role': `<@&${world.role.id}> (pinged by scheduled posts)`,
      'Webhook posts look like': '**Harbour \\*Ledger\\*** with the avatar at <https://news.example.org/ledger.png>',
    });

    await expectNotice(await world.config('mention-role-clear'), 'Scheduled posts will not ping any role.');
    expect((await shown())['Mention role']).toBe('None');
    expect(await stored()).toEqual({ newsChannelId: news, summarySentences: 2, color: 0xff0000, mentionRoleId: null, webhookName: 'Harbour *Ledger*', webhookAvatarUrl: 'https://news.example.org/ledger.png' });
  });

  it('resets only after confirming; Cancel changes nothing', async () => {
    await world.config('color', { hex: '00ff00' });
    const question = await world.config('reset');
    expect(question.ephemeral).toBe(true);
    expect(contentOf(question)).toMatch(/^Reset every news setting for this server to the defaults\?/);
    expect(buttonsOf(question.message).map((b) => b.label)).toEqual(['Reset settings', 'Cancel']);

    const cancelled = await world.press(question.message!, 'Cancel');
    expect(cancelled).toMatchObject({ type: 7, data: { content: 'Reset cancelled; nothing changed.', components: [] } });
    expect((await stored()).color).toBe(0x00ff00);

    const again = await world.config('reset');
    const confirmed = await world.press(again.message!, 'Reset settings');
    expect(confirmed).toMatchObject({ type: 7, ephemeral: true, data: { content: 'All news settings for this server are back to the defaults.', components: [] } });
    expect(await stored()).toEqual(DEFAULT_SETTINGS);
    expect(await shown()).toMatchObject({ 'Embed color': '#2F6FDF', 'Summary length': '3 sentences' });
  });

  it('gets a clear ephemeral error for a bad color or @everyone as the mention role, and nothing changes', async () => {
    for (const hex of ['blue', '#12345', '#GGGGGG', '`@everyone`']) {
      const answer = await world.config('color', { hex });
      expect(answer.ephemeral).toBe(true);
      expect(contentOf(answer)).toMatch(/is not a color\. Use six hex digits as #RRGGBB or RRGGBB, for example #2F6FDF\.$/);
    }
    const everyone = await world.config('mention-role', { role: world.guild.everyoneRoleId });
    await expectNotice(everyone, '@everyone cannot be the mention role; choose a specific role.');
    expect(await stored()).toEqual(DEFAULT_SETTINGS);
  });

  it.each([
    [PermissionFlagsBits.SendMessages, 'Send Messages'],
    [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
  ])('is told when the bot lacks a posting permission in the chosen channel (%s)', async (bit, name) => {
    const created = once(world.app!.client, Events.ChannelCreate);
    const locked = world.discord.addChannel(world.guild.id, { name: 'locked', overwrites: [{ id: world.discord.applicationId, type: 'member', deny: bit }] });
    await created;
    const answer = await world.config('channel', { channel: locked.id });
    await expectNotice(answer, `I can't post in <#${locked.id}>: I'm missing **${name}** there. Give me those and try again.`);
    expect((await stored()).newsChannelId).toBeNull();
  });
});

describe('members without Manage Server', () => {
  it('cannot even invoke /config: Discord hides it (default_member_permissions)', async () => {
    for (const subcommand of ['show', 'mention-role-clear', 'reset']) {
      await expect(world.config(subcommand, {}, { as: world.member })).rejects.toThrow(InvocationError);
    }
    await expect(world.config('color', { hex: '#ff0000' }, { as: world.member })).rejects.toThrow(/default_member_permissions/);
  });

  it('are refused by the bot itself when the server lets them use /config, and nothing changes', async () => {
    // Server Settings → Integrations: the member may use /config despite default_member_permissions.
    world.discord.setCommandPermissions(world.guild.id, 'config', [{ id: world.member.id, type: 'user', permission: true }]);
    const attempts: Array<[string, Record<string, string | number>]> = [
      ['show', {}],
      ['channel', { channel: world.channels.news }],
      ['summary-length', { sentences: 7 }],
      ['color', { hex: '#ff0000' }],
      ['mention-role', { role: world.role.id }],
      ['mention-role-clear', {}],
      ['reset', {}],
    ];
    for (const [subcommand, options] of attempts) {
      const answer = await world.config(subcommand, options, { as: world.member });
      await expectNotice(answer, 'You need the **Manage Server** permission to change the news settings.');
    }
    expect(await stored()).toEqual(DEFAULT_SETTINGS);

    // The same through a role override.
    const helpers = world.discord.addRole(world.guild.id, { name: 'helpers' });
    const other = world.discord.addMember(world.guild.id, { username: 'helper', roles: [helpers.id] });
    await expect(world.config('color', { hex: '#00ff00' }, { as: other })).rejects.toThrow(InvocationError);
    world.discord.setCommandPermissions(world.guild.id, 'config', [{ id: helpers.id, type: 'role', permission: true }]);
    await expectNotice(await world.config('color', { hex: '#00ff00' }, { as: other }), 'You need the **Manage Server** permission to change the news settings.');
    expect(await stored()).toEqual(DEFAULT_SETTINGS);

    // And the other way: a server can hide /config from an admin.
    world.discord.setCommandPermissions(world.guild.id, 'config', [{ id: world.admin.id, type: 'user', permission: false }]);
    await expect(world.config('show')).rejects.toThrow(/denied \/config by the server's command permissions/);
  });
});

describe('settings', () => {
  it('are still there after a restart of the bot on the same database', async () => {
    await world.config('channel', { channel: world.channels.news });
    await world.config('summary-length', { sentences: 5 });
    await world.config('color', { hex: '#123456' });
    await world.config('mention-role', { role: world.role.id });
    const before = await shown();
    await world.restart();
    expect(await shown()).toEqual(before);
    expect(before).toMatchObject({ 'Summary length': '5 sentences', 'Embed color': '#123456' });
  });

  it('are kept while the bot is removed from the server, for when it returns', async () => {
    await world.config('color', { hex: '#654321' });
    const client = world.app!.client;
    const left = once(client, Events.GuildDelete);
    world.discord.removeBotFromGuild(world.guild.id);
    await left;
    const back = once(client, Events.GuildCreate);
    world.discord.addBotToGuild(world.guild.id);
    await back;
    expect((await shown())['Embed color']).toBe('#654321');
  });

  it("apply at once to /news summary (color, length) and to /news post's default channel", async () => {
    const plain = await world.news('summary', { article: SEED }, { as: world.member });
    expect(embedsOf(plain)[0]).toMatchObject({ color: 0x2f6fdf, footer: { text: `${SEED} · summary, 3 sentences` } });

    await world.config('color', { hex: '#ff0000' });
    await world.config('summary-length', { sentences: 2 });
    const styled = await world.news('summary', { article: SEED }, { as: world.member });
    expect(embedsOf(styled)[0]).toMatchObject({ color: 0xff0000, footer: { text: `${SEED} · summary, 2 sentences` } });
    // An explicit length still wins over the server's default.
    const explicit = await world.news('summary', { article: SEED, sentences: 4 }, { as: world.member });
    expect(embedsOf(explicit)[0]?.footer?.text).toBe(`${SEED} · summary, 4 sentences`);

    // Without a news channel, /news post posts where it is run; with one, there.
    await world.news('post', { article: SEED });
    expect(world.discord.messages(world.channels.general).filter((m) => m.interaction === null)).toHaveLength(1);
    await world.config('channel', { channel: world.channels.news });
    const posted = await world.news('post', { article: SEED });
    expect(contentOf(posted)).toContain(`in <#${world.channels.news}>.`);
    const [message] = world.discord.messages(world.channels.news);
    expect(message?.embeds[0]).toMatchObject({ color: 0xff0000, footer: { text: `${SEED} · summary, 2 sentences` } });
  });
});
