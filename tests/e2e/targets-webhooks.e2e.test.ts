// Webhook posts end to end: one webhook per channel, made by the bot and reused, posts under the
// server's identity (into channels, forums and threads), a deleted webhook made again once and then
// a pause, an interrupted webhook post found again, and the webhook's token never shown or logged.
import BetterSqlite3 from 'better-sqlite3';
import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { contentOf, embedsOf } from './harness.js';
import { articleIdsOf, closeWorldsAfterEach, expectNoTokenIn, HOUR, targetWorld } from './targets-world.js';

closeWorldsAfterEach();

type World = Awaited<ReturnType<typeof targetWorld>>;
const AVATAR = 'https://news.example.org/ledger.png';

async function webhookSchedule(t: World, options: Record<string, string | number | boolean> = {}) {
  await t.w.config('identity', { name: 'Harbour Ledger', 'avatar-url': AVATAR });
  await t.allowWebhooks(t.w.channels.news);
  return t.addOk({ channel: t.w.channels.news, 'as-webhook': true, ...options });
}

async function postOne(t: World, id: string, title: string) {
  t.advance(1000);
  await t.w.addArticle(id, title);
  t.advance(HOUR);
  return (await t.tick()).results[0]?.result;
}

describe('posting through a webhook', () => {
  it('needs Manage Webhooks, named when the schedule is added', async () => {
    const t = await targetWorld();
    expect(await t.add({ channel: t.w.channels.news, 'as-webhook': true })).toBe(`I can't post in <#${t.w.channels.news}> on a schedule: I'm missing **Manage Webhooks** there.`);
  });

  it('posts under the server identity through one webhook the bot makes and reuses', async () => {
    const t = await targetWorld();
    await webhookSchedule(t);
    await postOne(t, 'regatta', 'Regatta returns to the bay');
    await postOne(t, 'lighthouse', 'Lighthouse keeper retires');
    const hooks = t.w.discord.webhooks(t.w.channels.news);
    expect(hooks).toHaveLength(1);
    expect(hooks[0]!.applicationId).toBe(t.w.discord.applicationId);
    const messages = t.w.discord.messages(t.w.channels.news);
    expect(articleIdsOf(messages)).toEqual(['regatta', 'lighthouse']);
    for (const m of messages) expect(m).toMatchObject({ webhookId: hooks[0]!.id, webhookName: 'Harbour Ledger', webhookAvatarUrl: AVATAR });
  });

  it('starts forum posts with thread_name and tags, and posts into threads with thread_id', async () => {
    const t = await targetWorld();
    await t.w.config('identity', { name: 'Harbour Ledger' });
    const forum = await t.channel({ name: 'forum', type: 15, availableTags: [{ name: 'local' }], requireTag: true });
    const thread = t.w.discord.addThread(t.w.channels.news, { name: 'Live blog' });
    await t.allowWebhooks(forum.id);
    await t.allowWebhooks(t.w.channels.news);
    await t.addOk({ channel: forum.id, tags: 'local', 'as-webhook': true });
    await t.addOk({ channel: thread.id, 'as-webhook': true });
    await postOne(t, 'market', 'Fish market moves indoors');
    const [post] = t.w.discord.threads(forum.id);
    expect(post).toMatchObject({ name: 'Fish market moves indoors', thread: expect.objectContaining({ appliedTags: [forum.availableTags![0]!.id] }) });
    expect(t.w.discord.messages(post!.id)[0]).toMatchObject({ webhookName: 'Harbour Ledger' });
    expect(t.w.discord.messages(thread.id)[0]).toMatchObject({ webhookName: 'Harbour Ledger' });
    // The thread's webhook lives on its channel.
    expect(t.w.discord.webhooks(t.w.channels.news)).toHaveLength(1);
    expect(t.w.discord.webhooks(forum.id)).toHaveLength(1);
  });

  it('a deleted webhook is made again once; deleted again, the schedule pauses with the reason', async () => {
    const t = await targetWorld();
    await t.w.config('channel', { channel: t.w.channels.general });
    const id = await webhookSchedule(t);
    await postOne(t, 'one', 'First story');
    t.w.discord.deleteWebhook(t.w.discord.webhooks(t.w.channels.news)[0]!.id);
    expect(await postOne(t, 'two', 'Second story')).toEqual({ kind: 'posted', count: 1 });
    const [again] = t.w.discord.webhooks(t.w.channels.news);
    expect(articleIdsOf(t.w.discord.messages(t.w.channels.news))).toEqual(['one', 'two']);
    t.w.discord.deleteWebhook(again!.id);
    expect(await postOne(t, 'three', 'Third story')).toMatchObject({ kind: 'paused', reason: expect.stringContaining('was deleted again') });
    expect(t.w.discord.webhooks(t.w.channels.news)).toEqual([]);
    expect(await t.listField()).toContain('**paused**: The webhook the bot posts through');
    expect(t.w.discord.messages(t.w.channels.general).filter((m) => m.content.includes(`\`${id}\``))).toHaveLength(1);
    // Resumed, the bot starts over with a new webhook and posts what was waiting.
    await t.w.invoke({ command: 'schedule', subcommand: 'resume', options: { id } });
    t.advance(HOUR);
    await t.tick();
    expect(articleIdsOf(t.w.discord.messages(t.w.channels.news))).toEqual(['one', 'two', 'three']);
    expect(t.w.discord.webhooks(t.w.channels.news)).toHaveLength(1);
  });

  it('a webhook post interrupted before it was recorded is found in the channel, not posted again', async () => {
    const t = await targetWorld();
    await webhookSchedule(t);
    t.w.app!.deps.deliveries.markSent = async () => Promise.reject(new Error('killed'));
    await postOne(t, 'storm', 'Storm closes the ferry');
    await t.w.restart();
    t.advance(60_000);
    await t.tick();
    expect(articleIdsOf(t.w.discord.messages(t.w.channels.news))).toEqual(['storm']);
    expect(await t.w.app!.deps.deliveries.pending(t.w.channels.news)).toEqual([]);
  });

  it('publishing a webhook post needs Manage Messages, as it is not the bot\'s own message', async () => {
    const t = await targetWorld();
    const channel = (await t.channel({ name: 'breaking', type: 5 })).id;
    await t.allowWebhooks(channel);
    expect(await t.add({ channel, 'as-webhook': true, publish: true })).toContain('**Manage Messages**');
    t.w.discord.setBotChannelPermissions(channel, { allow: PermissionFlagsBits.ManageWebhooks | PermissionFlagsBits.ManageMessages });
    await t.w.discord.waitFor(() => {
      const cached = t.w.app!.client.channels.cache.get(channel);
      const me = t.w.app!.client.guilds.cache.get(t.w.guild.id)?.members.me;
      return Boolean(cached && me && 'permissionsFor' in cached && cached.permissionsFor(me)?.has(PermissionFlagsBits.ManageMessages));
    });
    await t.addOk({ channel, 'as-webhook': true, publish: true });
    await postOne(t, 'harbour', 'Harbour fees frozen');
    expect(t.w.discord.messages(channel)[0]).toMatchObject({ crossposted: true, webhookId: expect.any(String) });
  });
});

describe('/news post through a webhook', () => {
  it('posts under the identity and records the delivery, so a schedule there skips the article', async () => {
    const t = await targetWorld();
    await t.w.config('identity', { name: 'Harbour Ledger' });
    await t.allowWebhooks(t.w.channels.news);
    const answer = await t.w.news('post', { article: 'swiss-glacier-survey', channel: t.w.channels.news, 'as-webhook': true });
    expect(contentOf(answer)).toMatch(/^Posted \*\*.+\*\* in <#\d+>\.$/);
    expect(t.w.discord.messages(t.w.channels.news)[0]).toMatchObject({ webhookName: 'Harbour Ledger' });
    expect(await t.w.app!.deps.deliveries.get(t.w.channels.news, 'swiss-glacier-survey')).toMatchObject({ state: 'sent', scheduleId: null });
  });
});

describe('webhook tokens', () => {
  it('are stored in the database only: never in a message, an answer or a log line, even when posting fails', async () => {
    const t = await targetWorld();
    const id = await webhookSchedule(t);
    await postOne(t, 'first', 'First story');
    const [hook] = t.w.discord.webhooks(t.w.channels.news);
    const db = new BetterSqlite3(t.w.databasePath, { readonly: true });
    expect(db.prepare('SELECT webhook_id, token FROM channel_webhooks').all()).toEqual([{ webhook_id: hook!.id, token: hook!.token }]);
    db.close();
    t.w.discord.faults.failNext({ method: 'POST', path: new RegExp(`^/webhooks/${hook!.id}/`), status: 500, times: 4 });
    expect(await postOne(t, 'second', 'Second story')).toMatchObject({ kind: 'retrying' });
    t.w.discord.faults.failNext({ method: 'POST', path: new RegExp(`^/webhooks/${hook!.id}/`), status: 403, code: 50013 });
    t.advance(HOUR);
    await t.tick();
    const answers = [
      await t.w.invoke({ command: 'schedule', subcommand: 'list' }),
      await t.w.invoke({ command: 'schedule', subcommand: 'history', options: { id } }),
      await t.w.invoke({ command: 'schedule', subcommand: 'why', options: { id, article: 'second' } }),
      await t.w.config('show'),
    ].map((a) => `${contentOf(a)} ${JSON.stringify(embedsOf(a))}`);
    const tokens = [...t.w.discord.state.webhooks.values()].map((h) => h.token);
    expect(tokens.length).toBeGreaterThan(0);
    expectNoTokenIn(t.w.log.text(), tokens);
    expectNoTokenIn(answers.join('\n'), tokens);
    for (const m of t.w.discord.state.messages.values()) expectNoTokenIn(JSON.stringify({ content: m.content, embeds: m.embeds }), tokens);
    expect(t.w.log.text()).toContain('scheduled post failed; will retry');
  });
});
