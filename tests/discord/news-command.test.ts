import { DiscordAPIError, MessageFlags, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { buttons, commands } from '../../commands/index.js';
import { createRouter } from '../../src/discord/router.js';
import { makeArticle } from '../helpers/articles.js';
import { testDeps } from '../helpers/deps.js';
import { expectDiscordAccepts } from '../helpers/discord-check.js';
import { ADMIN, fakeInteraction, type FakeOptions, MEMBER } from '../helpers/fake-interaction.js';

const bridge = makeArticle({
  id: 'bridge-opens',
  title: 'New bridge opens to traffic',
  body: Array.from({ length: 40 }, (_, i) => `Paragraph ${i}: the bridge opened on Monday after years of delays and ${'many '.repeat(20)}arguments.`).join('\n\n'),
  publishedAt: new Date('2026-10-02T08:00:00Z'),
});
const budget = makeArticle({ id: 'council-budget', title: 'Council passes budget', publishedAt: new Date('2026-10-03T08:00:00Z') });
const CHANNEL = '300000000000000001';
const OTHER = '300000000000000002';
const ALL_POST = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks;

async function run(spec: FakeOptions) {
  const { deps, poster, logs } = testDeps([bridge, budget]);
  const router = createRouter(deps, commands, buttons);
  const fake = fakeInteraction(spec);
  await router.handle(fake.interaction);
  return { ...fake, deps, poster, logs, router };
}

describe('/news', () => {
  it('latest answers with the newest articles as one public embed list', async () => {
    const { answers } = await run({ subcommand: 'latest', options: { count: 2 } });
    expect(answers).toHaveLength(1);
    expect(answers[0]!.kind).toBe('reply');
    expect(answers[0]!.options.flags).toBeUndefined();
    expect(answers[0]!.options.embeds[0].fields.map((f: { name: string }) => f.name)).toEqual(['1. Council passes budget', '2. New bridge opens to traffic']);
    expectDiscordAccepts(answers[0]!.options);
  });

  it('summary uses the requested length, else the server setting, and the server color', async () => {
    const { deps, router } = await run({ subcommand: 'latest' });
    await deps.settings.update('100000000000000001', { color: 0xff0000, summarySentences: 1 });
    const withSetting = fakeInteraction({ subcommand: 'summary', options: { article: 'bridge-opens' } });
    await router.handle(withSetting.interaction);
    expect(withSetting.answers[0]!.options.embeds[0]).toMatchObject({ color: 0xff0000, footer: { text: 'bridge-opens · summary, 1 sentence' } });
    const explicit = fakeInteraction({ subcommand: 'summary', options: { article: 'bridge-opens', sentences: 4 } });
    await router.handle(explicit.interaction);
    expect(explicit.answers[0]!.options.embeds[0].footer.text).toBe('bridge-opens · summary, 4 sentences');
  });

  it('an unknown article id gets an ephemeral answer with close matches', async () => {
    const { answers } = await run({ subcommand: 'summary', options: { article: 'bridge-open' } });
    expect(answers).toEqual([
      { kind: 'reply', options: expect.objectContaining({ flags: MessageFlags.Ephemeral, content: expect.stringContaining('Did you mean `bridge-opens`') }) },
    ]);
  });

  it('read shows page 1 to the reader alone, with buttons, and Next turns that page in place', async () => {
    const { answers, router } = await run({ subcommand: 'read', options: { article: 'bridge-opens' } });
    expect(answers[0]!.options.flags).toBe(MessageFlags.Ephemeral);
    const next = answers[0]!.options.components[0].components[1];
    expect(answers[0]!.options.embeds[0].footer.text).toMatch(/page 1 of [2-9]/);
    const press = fakeInteraction({ kind: 'button', customId: next.custom_id, ephemeralMessage: true });
    await router.handle(press.interaction);
    expect(press.answers[0]!.kind).toBe('update');
    expect(press.answers[0]!.options.embeds[0].footer.text).toMatch(/page 2 of/);
  });

  it('a public reader stays where it is: Next gives the presser a private copy at the next page', async () => {
    const { answers, router } = await run({ subcommand: 'read', options: { article: 'bridge-opens', public: true } });
    expect(answers[0]!.options.flags).toBeUndefined();
    const next = answers[0]!.options.components[0].components[1];
    const press = fakeInteraction({ kind: 'button', customId: next.custom_id });
    await router.handle(press.interaction);
    expect(press.answers[0]).toMatchObject({ kind: 'reply', options: { flags: MessageFlags.Ephemeral } });
    expect(press.answers[0]!.options.embeds[0].footer.text).toMatch(/page 2 of/);
  });

  it('search answers the searcher alone unless public; no match is a private notice even when public', async () => {
    const quiet = await run({ subcommand: 'search', options: { query: 'bridge' } });
    expect(quiet.answers[0]!.options.flags).toBe(MessageFlags.Ephemeral);
    const shared = await run({ subcommand: 'search', options: { query: 'bridge', public: true } });
    expect(shared.answers[0]!.options.flags).toBeUndefined();
    const none = await run({ subcommand: 'search', options: { query: 'zeppelin', public: true } });
    expect(none.answers[0]!.options).toMatchObject({ flags: MessageFlags.Ephemeral, content: 'No articles match “zeppelin”. Try fewer or different words.' });
  });

  it('a button for an article that is gone answers ephemerally', async () => {
    const { answers } = await run({ kind: 'button', customId: 'read:n:1:no-such-article' });
    expect(answers[0]).toMatchObject({ kind: 'reply', options: { flags: MessageFlags.Ephemeral } });
  });

  it('search lists matches with the matched words in bold', async () => {
    const { answers } = await run({ subcommand: 'search', options: { query: 'bridge' } });
    const [first] = answers[0]!.options.embeds[0].fields;
    expect(first.name).toBe('1. New bridge opens to traffic');
    expect(first.value).toContain('**bridge**');
  });

  it('autocomplete answers at most 25 choices with ids as values', async () => {
    const { answers } = await run({ kind: 'autocomplete', subcommand: 'summary', focused: 'article', options: { article: 'bri' } });
    expect(answers).toEqual([{ kind: 'respond', options: [{ name: 'New bridge opens to traffic', value: 'bridge-opens' }] }]);
  });
});

describe('/news post', () => {
  it('refuses a member without Manage Server and posts nothing', async () => {
    const { answers, poster } = await run({ subcommand: 'post', options: { article: 'bridge-opens' }, permissions: MEMBER });
    expect(poster.sent).toEqual([]);
    expect(answers).toEqual([
      { kind: 'reply', options: expect.objectContaining({ flags: MessageFlags.Ephemeral, content: expect.stringContaining('Manage Server') }) },
    ]);
  });

  it('posts the summary into the chosen channel and confirms ephemerally', async () => {
    const { answers, poster } = await run({
      subcommand: 'post',
      options: { article: 'bridge-opens', channel: { id: OTHER, type: 0 } },
      permissions: ADMIN,
      botPermissions: { [OTHER]: ALL_POST },
    });
    expect(poster.sent).toHaveLength(1);
    expect(poster.sent[0]!.channelId).toBe(OTHER);
    expect(poster.sent[0]!.payload.allowedMentions).toEqual({ parse: [] });
    expect(answers.map((a) => a.kind)).toEqual(['deferReply', 'editReply']);
    expect(answers[0]!.options.flags).toBe(MessageFlags.Ephemeral);
    expect(answers[1]!.options.content).toBe(`Posted **New bridge opens to traffic** in <#${OTHER}>.`);
  });

  it('sends a nonce from the interaction, so a retried request cannot post twice, and records the post for schedules', async () => {
    const { poster, deps, interaction } = await run({
      subcommand: 'post',
      options: { article: 'bridge-opens', channel: { id: OTHER, type: 0 } },
      permissions: ADMIN,
      botPermissions: { [OTHER]: ALL_POST },
    });
    expect(poster.sent[0]!.options).toEqual({ nonce: `p${interaction.id}` });
    expect(await deps.deliveries.claimedArticleIds(OTHER)).toEqual(new Set(['bridge-opens']));
  });

  it('uses the configured news channel when none is given, else the current one', async () => {
    const { deps, router, poster } = await run({ subcommand: 'post', options: { article: 'bridge-opens' }, permissions: ADMIN });
    expect(poster.sent[0]!.channelId).toBe(CHANNEL);
    await deps.settings.update('100000000000000001', { newsChannelId: OTHER });
    await router.handle(fakeInteraction({ subcommand: 'post', options: { article: 'bridge-opens' }, permissions: ADMIN }).interaction);
    expect(poster.sent[1]!.channelId).toBe(OTHER);
  });

  it('names the permissions the bot is missing in the channel before trying', async () => {
    const { answers, poster } = await run({
      subcommand: 'post',
      options: { article: 'bridge-opens', channel: { id: OTHER, type: 0 } },
      permissions: ADMIN,
      botPermissions: { [OTHER]: PermissionFlagsBits.ViewChannel },
    });
    expect(poster.sent).toEqual([]);
    expect(answers[0]!.options).toMatchObject({ flags: MessageFlags.Ephemeral, content: `I can't post in <#${OTHER}>: I'm missing **Send Messages**, **Embed Links** there.` });
  });

  it('explains a Missing Permissions refusal from Discord', async () => {
    const { deps, poster } = testDeps([bridge]);
    poster.failWith = new DiscordAPIError({ message: 'Missing Permissions', code: 50013 }, 50013, 403, 'POST', '/channels/x/messages', {});
    const fake = fakeInteraction({ subcommand: 'post', options: { article: 'bridge-opens' }, permissions: ADMIN });
    await createRouter(deps, commands, buttons).handle(fake.interaction);
    expect(fake.answers.map((a) => a.kind)).toEqual(['deferReply', 'editReply']);
    expect(fake.answers[1]!.options.content).toContain('I need **View Channel**, **Send Messages**, **Embed Links** there');
  });
});

describe('router', () => {
  it('answers an unexpected error with a short ephemeral apology and logs it with context', async () => {
    const { deps, logs } = testDeps([bridge]);
    deps.deliveries.claim = async () => Promise.reject(new Error('disk I/O error'));
    const fake = fakeInteraction({ subcommand: 'post', options: { article: 'bridge-opens' }, permissions: ADMIN });
    await createRouter(deps, commands, buttons).handle(fake.interaction);
    expect(fake.answers.at(-1)!.options.content).toMatch(/^Something went wrong/);
    expect(logs.find((line) => line.msg === 'interaction handler failed')).toMatchObject({ command: 'news', subcommand: 'post', guildId: '100000000000000001' });
  });

  it('survives a handler whose error reply fails too', async () => {
    const { deps } = testDeps([bridge]);
    const fake = fakeInteraction({ subcommand: 'summary', options: { article: 'nope' } });
    (fake.interaction as unknown as { reply: () => Promise<never> }).reply = async () => Promise.reject(new Error('network down'));
    await expect(createRouter(deps, commands, buttons).handle(fake.interaction)).resolves.toBeUndefined();
  });

  it('an interaction is handled once: the same one delivered again is dropped quietly', async () => {
    const { deps, poster, logs } = testDeps([bridge]);
    const router = createRouter(deps, commands, buttons);
    const fake = fakeInteraction({ subcommand: 'post', options: { article: 'bridge-opens' }, permissions: ADMIN });
    await router.handle(fake.interaction);
    const again = fakeInteraction({ subcommand: 'post', options: { article: 'bridge-opens' }, permissions: ADMIN });
    Object.assign(again.interaction, { id: fake.interaction.id });
    await router.handle(again.interaction);
    expect(again.answers).toEqual([]);
    expect(poster.sent).toHaveLength(1);
    expect(logs.filter((line) => line.level >= 40)).toEqual([]);
  });

  it('on shutdown takes no new interactions and waits for the ones running', async () => {
    const { deps } = testDeps([bridge]);
    const router = createRouter(deps, commands, buttons);
    let release: () => void = () => undefined;
    const get = deps.settings.get.bind(deps.settings);
    deps.settings.get = async (guildId) => {
      await new Promise<void>((resolve) => (release = resolve));
      return get(guildId);
    };
    const running = fakeInteraction({ subcommand: 'latest' });
    const handled = router.handle(running.interaction);
    await new Promise((resolve) => setImmediate(resolve));
    const closing = router.close(10_000);
    const late = fakeInteraction({ subcommand: 'latest' });
    await router.handle(late.interaction);
    expect(late.answers).toEqual([]);
    release();
    expect(await closing).toBe(true);
    await handled;
    expect(running.answers.map((a) => a.kind)).toEqual(['reply']);
  });

  it('on shutdown stops waiting for a stuck handler after the grace time', async () => {
    vi.useFakeTimers();
    try {
      const { deps } = testDeps([bridge]);
      const router = createRouter(deps, commands, buttons);
      deps.settings.get = () => new Promise(() => undefined);
      void router.handle(fakeInteraction({ subcommand: 'latest' }).interaction);
      const closing = router.close(10_000);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(await closing).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('answers a command that is no longer known', async () => {
    const { answers } = await run({ command: 'old-command' });
    expect(answers[0]!.options).toMatchObject({ flags: MessageFlags.Ephemeral, content: expect.stringContaining('not available') });
  });
});

describe('invite link', () => {
  it('asks for exactly what posting to every target needs (309774601216)', async () => {
    const { inviteUrl } = await import('../../src/discord/deploy.js');
    const url = new URL(inviteUrl('123456789012345678'));
    expect(url.searchParams.get('scope')).toBe('bot applications.commands');
    const bits = BigInt(url.searchParams.get('permissions')!);
    const P = PermissionFlagsBits;
    expect(bits).toBe(P.ViewChannel | P.SendMessages | P.EmbedLinks | P.ReadMessageHistory | P.SendMessagesInThreads | P.CreatePublicThreads | P.ManageWebhooks);
    expect(bits).toBe(309774601216n);
  });
});

describe('/help', () => {
  it('lists every command and subcommand with its options, privately and within limits', async () => {
    const { answers } = await run({ command: 'help' });
    const { flags, ...payload } = answers[0]!.options;
    expect(flags).toBe(MessageFlags.Ephemeral);
    expectDiscordAccepts(payload);
    const text = JSON.stringify(answers[0]!.options.embeds);
    for (const command of commands) {
      const subs = (command.data.options ?? []).filter((o) => o.type === 1);
      for (const sub of subs) expect(text).toContain(`/${command.data.name} ${sub.name}`);
    }
    expect(text).toContain('/news summary article [sentences]');
    expect(text).toContain('/schedule why id article');
    expect(text).toContain('/schedule (Manage Server)');
  });
});
