import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { buttons, commands } from '../../commands/index.js';
import { createRouter } from '../../src/discord/router.js';
import { DEFAULT_SETTINGS } from '../../src/store/guild-settings.js';
import { parseColor } from '../../src/services/settings.js';
import { testDeps } from '../helpers/deps.js';
import { ADMIN, fakeInteraction, type FakeOptions, MEMBER } from '../helpers/fake-interaction.js';

const GUILD = '100000000000000001';
const NEWS = '300000000000000009';
const ALL_POST = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

function setup() {
  const { deps, logs, publish } = testDeps();
  const router = createRouter(deps, commands, buttons);
  const send = async (spec: Omit<FakeOptions, 'command'>) => {
    const fake = fakeInteraction({ command: 'config', permissions: ADMIN, ...spec });
    await router.handle(fake.interaction);
    return fake.answers;
  };
  return { deps, send, logs, publish };
}

describe('/config', () => {
  it('is registered for Manage Server by default and only in servers', () => {
    const config = commands.find((c) => c.data.name === 'config')!;
    expect(config.data.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    expect(config.data.contexts).toEqual([0]);
  });

  it('changes each setting for an admin, and show lists them', async () => {
    const { deps, send } = setup();
    await send({ subcommand: 'channel', options: { channel: { id: NEWS, type: 0 } }, botPermissions: { [NEWS]: ALL_POST } });
    await send({ subcommand: 'summary-length', options: { sentences: 5 } });
    await send({ subcommand: 'color', options: { hex: '#00FF7f' } });
    await send({ subcommand: 'mention-role', options: { role: { id: '500000000000000001', type: 0 } } });
    await send({ subcommand: 'identity', options: { name: 'Harbour  Ledger ', 'avatar-url': 'https://news.example.org/logo.png' } });
    expect(await deps.settings.get(GUILD)).toEqual({
      newsChannelId: NEWS, summarySentences: 5, color: 0x00ff7f, mentionRoleId: '500000000000000001',
      webhookName: 'Harbour Ledger', webhookAvatarUrl: 'https://news.example.org/logo.png',
    });
    const [shown] = await send({ subcommand: 'show' });
    expect(shown!.options.flags).toBe(MessageFlags.Ephemeral);
    expect(shown!.options.embeds[0].fields.map((f: { value: string }) => f.value)).toEqual([
      `<#${NEWS}>`,
      '5 sentences',
      '#00FF7F',
      '<@&500000000000000001> (pinged by scheduled posts)',
      '**Harbour Ledger** with the avatar at <https://news.example.org/logo.png>',
    ]);
    await send({ subcommand: 'mention-role-clear' });
    expect((await deps.settings.get(GUILD)).mentionRoleId).toBeNull();
    const [cleared] = await send({ subcommand: 'identity' });
    expect(cleared!.options.content).toBe("Posts made as a webhook will show: The webhook's own (see /config identity).");
    expect(await deps.settings.get(GUILD)).toMatchObject({ webhookName: null, webhookAvatarUrl: null });
  });

  it.each([
    [{ name: 'Discord News' }, 'cannot contain "discord" or "clyde"'],
    [{ name: 'clyde' }, 'cannot contain "discord" or "clyde"'],
    [{ name: '   ' }, 'must be 1 to 80 characters'],
    [{ name: 'here' }, 'cannot be "everyone" or "here"'],
    [{ name: 'News @ noon' }, 'cannot contain @, #, : or ```'],
    [{ 'avatar-url': 'http://news.example.org/logo.png' }, 'must be an https:// address'],
    [{ 'avatar-url': 'not a url' }, 'must be an https:// address'],
    [{ 'avatar-url': 'https://user:secret@news.example.org/logo.png' }, 'must be an https:// address'],
  ])('identity refuses %j, saying what is accepted, and changes nothing', async (options, message) => {
    const { deps, send } = setup();
    const [answer] = await send({ subcommand: 'identity', options });
    expect(answer!.options).toMatchObject({ flags: MessageFlags.Ephemeral, content: expect.stringContaining(message) });
    expect(await deps.settings.get(GUILD)).toMatchObject({ webhookName: null, webhookAvatarUrl: null });
  });

  it('refuses a plain member and changes nothing', async () => {
    const { deps, send } = setup();
    for (const spec of [{ subcommand: 'color', options: { hex: '#000000' } }, { subcommand: 'show' }, { subcommand: 'reset' }]) {
      const [answer] = await send({ ...spec, permissions: MEMBER });
      expect(answer!.options).toMatchObject({ flags: MessageFlags.Ephemeral, content: expect.stringContaining('Manage Server') });
    }
    expect(await deps.settings.get(GUILD)).toEqual(DEFAULT_SETTINGS);
  });

  it('rejects a bad color with the accepted form', async () => {
    const { deps, send } = setup();
    const [answer] = await send({ subcommand: 'color', options: { hex: 'blue' } });
    expect(answer!.options).toMatchObject({ flags: MessageFlags.Ephemeral, content: '`blue` is not a color. Use six hex digits as #RRGGBB or RRGGBB, for example #2F6FDF.' });
    expect((await deps.settings.get(GUILD)).color).toBe(DEFAULT_SETTINGS.color);
  });

  it('refuses a channel where the bot cannot post, naming the missing permissions', async () => {
    const { deps, send } = setup();
    const [answer] = await send({ subcommand: 'channel', options: { channel: { id: NEWS, type: 0 } }, botPermissions: { [NEWS]: PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages } });
    expect(answer!.options.content).toBe(`I can't post in <#${NEWS}>: I'm missing **Embed Links** there. Give me those and try again.`);
    expect((await deps.settings.get(GUILD)).newsChannelId).toBeNull();
  });

  it('refuses @everyone as the mention role', async () => {
    const { send } = setup();
    const [answer] = await send({ subcommand: 'mention-role', options: { role: { id: GUILD, type: 0 } } });
    expect(answer!.options.content).toContain('@everyone cannot be the mention role');
  });

  it('reset asks first; confirming resets, cancelling and expiry do not', async () => {
    const { deps, send } = setup();
    let now = new Date('2026-11-01T12:00:00Z');
    deps.clock = { now: () => now };
    await deps.settings.update(GUILD, { color: 1 });
    const [question] = await send({ subcommand: 'reset' });
    expect(await deps.settings.get(GUILD)).toMatchObject({ color: 1 });
    const [confirm, cancel] = question!.options.components[0].components;
    expect(confirm.custom_id.length).toBeLessThanOrEqual(100);

    const cancelled = await send({ kind: 'button', customId: cancel.custom_id });
    expect(cancelled[0]!.options.content).toContain('nothing changed');
    expect((await deps.settings.get(GUILD)).color).toBe(1);

    const otherUser = fakeInteraction({ kind: 'button', customId: confirm.custom_id.replace(/:\d{17,20}:/, ':999999999999999999:'), permissions: ADMIN });
    await createRouter(deps, commands, buttons).handle(otherUser.interaction);
    expect(otherUser.answers[0]!.options.content).toContain('Only the admin who ran');

    now = new Date(now.getTime() + 3 * 60_000);
    const expired = await send({ kind: 'button', customId: confirm.custom_id });
    expect(expired[0]!.options.content).toContain('expired');
    expect((await deps.settings.get(GUILD)).color).toBe(1);

    now = new Date('2026-11-01T12:01:00Z');
    const confirmed = await send({ kind: 'button', customId: confirm.custom_id });
    expect(confirmed[0]).toMatchObject({ kind: 'update', options: { components: [] } });
    expect(await deps.settings.get(GUILD)).toEqual(DEFAULT_SETTINGS);
  });

  it('settings apply at once to /news output', async () => {
    const { deps, send, publish } = setup();
    await publish({ id: 'a', title: 'A', body: 'One. Two. Three. Four.', publishedAt: new Date(0), tags: [] });
    await send({ subcommand: 'color', options: { hex: '112233' } });
    const news = fakeInteraction({ command: 'news', subcommand: 'summary', options: { article: 'a' } });
    await createRouter(deps, commands, buttons).handle(news.interaction);
    expect(news.answers[0]!.options.embeds[0].color).toBe(0x112233);
  });
});

describe('parseColor', () => {
  it.each([
    ['#2F6FDF', 0x2f6fdf],
    ['2f6fdf', 0x2f6fdf],
    ['  #000000 ', 0],
    ['#FFFFFF', 0xffffff],
  ])('%s is %i', (input, value) => expect(parseColor(input)).toBe(value));

  it.each(['#FFF', 'red', '#GGGGGG', '0x123456', '#1234567', ''])('rejects %j', (input) => expect(() => parseColor(input)).toThrow(/#RRGGBB/));
});
