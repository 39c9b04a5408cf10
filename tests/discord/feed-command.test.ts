// /feed through the real router and command module, against a loopback fixture feed reached the way a
// public site would be (see tests/helpers/feed-server.ts), with a clock moved by hand.
import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { buttons, commands } from '../../commands/index.js';
import { createRouter } from '../../src/discord/router.js';
import { FEED_FAILING_AFTER } from '../../src/feeds/retry.js';
import { expectDiscordAccepts, visibleText } from '../helpers/discord-check.js';
import { manualClock, testDeps } from '../helpers/deps.js';
import { ADMIN, type FakeOptions, fakeInteraction, MEMBER } from '../helpers/fake-interaction.js';
import { useFeedServer } from '../helpers/feed-server.js';
import { publishFeed, stories } from '../helpers/feed-publisher.js';

const GUILD = '100000000000000001';
const OTHER_GUILD = '100000000000000002';

const fixture = useFeedServer();
let paths = 0;


function setup() {
  const clock = manualClock(new Date('2026-11-01T12:00:00Z'));
  const client = fixture.client(() => clock.now().getTime());
  const env = testDeps([], clock, { feedHttp: client.http });
  const router = createRouter(env.deps, commands, buttons);
  const send = async (spec: Omit<FakeOptions, 'command'>) => {
    const fake = fakeInteraction({ command: 'feed', permissions: ADMIN, ...spec });
    await router.handle(fake.interaction);
    return fake.answers;
  };
  /** The final answer (after a deferral, the edit). */
  const answer = async (spec: Omit<FakeOptions, 'command'>) => (await send(spec)).at(-1)!.options;
  const path = `/cmd-${++paths}.xml`;
  return { ...env, clock, router, send, answer, path, url: `${fixture.server.origin}${path}` };
}

/** Checked as Discord would check the message (ephemerality is the interaction's, not the message body's). */
const accepts = ({ flags: _flags, ...payload }: { flags?: number } & Parameters<typeof expectDiscordAccepts>[0]): void => expectDiscordAccepts(payload);

const idIn = (text: string): string => /`([a-z0-9]{6})`/.exec(text)![1]!;

describe('/feed', () => {
  it('is registered for Manage Server with the documented options, and /help lists it', async () => {
    const data = commands.find((c) => c.data.name === 'feed')!.data;
    expect(data.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    expect(data.options!.map((o) => o.name)).toEqual(['add', 'list', 'remove', 'test']);
    const add = data.options!.find((o) => o.name === 'add') as { options: { name: string; required?: boolean }[] };
    expect(add.options.map((o) => [o.name, o.required ?? false])).toEqual([['url', true], ['name', false], ['full-text', false]]);
    const fake = fakeInteraction({ command: 'help' });
    await setup().router.handle(fake.interaction);
    const text = visibleText(fake.answers[0]!.options);
    expect(text).toContain('/feed (Manage Server)');
    expect(text).toContain('`/feed add url [name] [full-text]`');
    expect(text).toContain('`/feed test url`');
  });

  it('add fetches the feed and answers privately; list shows status, last fetch and article count', async () => {
    const t = setup();
    publishFeed(fixture.server, t.path, 'Harbour Ledger', stories(1, 4));
    const answers = await t.send({ subcommand: 'add', options: { url: t.url, name: 'Harbour' } });
    expect(answers.map((a) => a.kind)).toEqual(['deferReply', 'editReply']);
    expect(answers[0]!.options.flags).toBe(MessageFlags.Ephemeral);
    const added = answers[1]!.options;
    expect(added.content).toMatch(/^Feed `[a-z0-9]{6}` added: Harbour, 4 entries found\. They count as already there/);
    expect(added.allowedMentions).toEqual({ parse: [] });
    const id = idIn(added.content);

    const list = await t.answer({ subcommand: 'list' });
    expect(list.flags).toBe(MessageFlags.Ephemeral);
    accepts(list);
    const field = list.embeds[0].fields[0];
    expect(field.name).toBe(`${id} · Harbour`);
    expect(field.value).toContain(t.url);
    expect(field.value).toContain('ok');
    expect(field.value).toContain(`last fetch <t:${Date.parse('2026-11-01T12:00:00Z') / 1000}:R>`);
    expect(field.value).toContain('4 articles');
    expect(await t.deps.catalog.count({ guildId: GUILD })).toBe(4);
  });

  it('remove takes the feed and its articles away, and only in its own server', async () => {
    const t = setup();
    publishFeed(fixture.server, t.path, 'Harbour Ledger', stories(1, 2));
    const id = idIn((await t.answer({ subcommand: 'add', options: { url: t.url } })).content);
    const elsewhere = await t.answer({ subcommand: 'remove', guildId: OTHER_GUILD, options: { id } });
    expect(elsewhere.content).toBe(`No feed \`${id}\` in this server. /feed list shows them.`);
    const removed = await t.answer({ subcommand: 'remove', options: { id: id.toUpperCase() } });
    expect(removed).toMatchObject({ flags: MessageFlags.Ephemeral, content: expect.stringMatching(/^Feed `[a-z0-9]{6}` \(Harbour Ledger\) removed, with its 2 articles\./) });
    expect(await t.deps.catalog.count({ guildId: GUILD })).toBe(0);
    expect((await t.answer({ subcommand: 'list' })).embeds[0].description).toBe('No feeds yet. Add one with /feed add.');
  });

  it('test shows the first three entries as they would be posted and saves nothing', async () => {
    const t = setup();
    publishFeed(fixture.server, t.path, 'Harbour Ledger', stories(1, 5));
    const answers = await t.send({ subcommand: 'test', options: { url: t.url } });
    expect(answers.map((a) => [a.kind, a.options.flags])).toEqual([['deferReply', MessageFlags.Ephemeral], ['editReply', undefined]]);
    const preview = answers[1]!.options;
    accepts(preview);
    expect(preview.content).toContain('Harbour Ledger (RSS, 5 entries)');
    expect(preview.content).toContain('Nothing was saved.');
    expect(preview.embeds.map((e: { title: string }) => e.title)).toEqual(['Harbour story number 5', 'Harbour story number 4', 'Harbour story number 3']);
    expect(await t.deps.catalog.count({ guildId: GUILD })).toBe(0);
    expect(await t.deps.feeds.list(GUILD)).toEqual([]);
  });

  it.each([
    [{ url: 'ftp://feed.example.test/rss.xml' }, 'That address cannot be used'],
    [{ url: 'not an address' }, 'That address cannot be used'],
    [{ url: 'http://localhost.example.test/rss.xml' }, 'local, private or reserved network address'],
    [{ url: 'http://metadata.example.test/latest/meta-data' }, 'local, private or reserved network address'],
    [{ url: 'http://127.0.0.1/rss.xml' }, 'local, private or reserved network address'],
    [{ url: 'http://[::ffff:127.0.0.1]/rss.xml' }, 'local, private or reserved network address'],
    [{ url: 'http://feed.example.test:1/rss.xml', name: 'x'.repeat(101) }, 'at most 100 characters'],
  ])('add refuses %j with the reason and saves nothing', async (options, message) => {
    const t = setup();
    const answer = await t.answer({ subcommand: 'add', options });
    expect(answer.content).toContain(message);
    expect(answer.allowedMentions).toEqual({ parse: [] });
    expect(await t.deps.feeds.list(GUILD)).toEqual([]);
  });

  it('add refuses an address that is not a feed, and the same address twice', async () => {
    const t = setup();
    fixture.server.route(t.path, (_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>hello</body></html>'));
    expect((await t.answer({ subcommand: 'add', options: { url: t.url } })).content).toMatch(/^Could not add the feed: .*Nothing was saved\.$/);
    publishFeed(fixture.server, t.path, 'Harbour Ledger', stories(1, 1));
    const id = idIn((await t.answer({ subcommand: 'add', options: { url: t.url } })).content);
    expect((await t.answer({ subcommand: 'add', options: { url: `${t.url}#again` } })).content).toBe(`This server already follows that address: feed \`${id}\`.`);
  });

  it('a plain member is refused every subcommand, and gets no autocomplete', async () => {
    const t = setup();
    publishFeed(fixture.server, t.path, 'Harbour Ledger', stories(1, 1));
    await t.answer({ subcommand: 'add', options: { url: t.url } });
    for (const [subcommand, options] of [['add', { url: t.url }], ['list', {}], ['remove', { id: 'abcdef' }], ['test', { url: t.url }]] as const) {
      const answers = await t.send({ subcommand, options, permissions: MEMBER });
      expect(answers).toHaveLength(1);
      expect(answers[0]!.options).toMatchObject({ flags: MessageFlags.Ephemeral, content: 'You need the **Manage Server** permission to manage feeds.' });
    }
    const member = await t.send({ kind: 'autocomplete', subcommand: 'remove', focused: 'id', options: { id: '' }, permissions: MEMBER });
    expect(member[0]!.options).toEqual([]);
    const admin = await t.send({ kind: 'autocomplete', subcommand: 'remove', focused: 'id', options: { id: 'harb' } });
    expect(admin[0]!.options).toEqual([{ name: expect.stringMatching(/^[a-z0-9]{6} · Harbour Ledger$/), value: expect.any(String) }]);
    expect((await t.send({ kind: 'autocomplete', subcommand: 'remove', focused: 'id', options: { id: '' }, guildId: OTHER_GUILD }))[0]!.options).toEqual([]);
  });

  it('a failing feed says why in the list, and names and titles from outside cannot ping or break the layout', async () => {
    const t = setup();
    let status = 200;
    fixture.server.route(t.path, (_q, r) => {
      if (status !== 200) return void r.writeHead(status).end();
      r.writeHead(200, { 'content-type': 'application/rss+xml' }).end('<rss version="2.0"><channel><title>@everyone **bold** &lt;@&amp;123&gt;</title><item><guid>1</guid><title>One</title></item></channel></rss>');
    });
    const added = await t.answer({ subcommand: 'add', options: { url: t.url } });
    expect(added.content).toContain('\\@everyone \\*\\*bold\\*\\* \\<\\@&123\\>');
    status = 503;
    for (let i = 0; i < FEED_FAILING_AFTER; i++) {
      t.clock.advance(7 * 3_600_000);
      await t.deps.feedPoller.pass();
    }
    const list = await t.answer({ subcommand: 'list' });
    accepts(list);
    const field = list.embeds[0].fields[0];
    expect(field.value).toContain(`**failing** after ${FEED_FAILING_AFTER} failures in a row: the server answered HTTP 503 Service Unavailable`);
    expect(visibleText(list)).not.toMatch(/(^|[^\\])@everyone|<@&123>|(^|[^\\])\*\*bold/);
    expect(list.allowedMentions).toEqual({ parse: [] });
  });

  it('pages a long list with buttons that keep working', async () => {
    const t = setup();
    for (let i = 0; i < 9; i++) {
      publishFeed(fixture.server, `${t.path}-${i}`, `Harbour Ledger ${i}`, stories(1, 1));
      await t.answer({ subcommand: 'add', options: { url: `${t.url}-${i}` } });
    }
    const first = await t.answer({ subcommand: 'list' });
    expect(first.embeds[0].footer.text).toBe('Page 1 of 2');
    const next = first.components[0].components[1].custom_id;
    const pressed = await t.send({ kind: 'button', customId: next, ephemeralMessage: true });
    expect(pressed[0]!.kind).toBe('update');
    expect(pressed[0]!.options.embeds[0].footer.text).toBe('Page 2 of 2');
    accepts(pressed[0]!.options);
  });
});
