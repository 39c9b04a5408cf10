// Faults end to end: rate limits, refused posts, a gateway reconnect and failing handlers, injected
// by the local server. After each one the bot must still answer, and the next command must work.
import { once } from 'node:events';
import { Events, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it, vi } from 'vitest';
import { type BotWorld, contentOf, embedsOf, SEED, worldPerTest } from './harness.js';

const APOLOGY = 'Something went wrong while handling that. It has been logged; please try again in a moment.';
const ERROR = 50;

let world: BotWorld;
worldPerTest((w) => (world = w));

const channelPosts = (channelId: string) =>
  world.discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`).map((r) => r.status);
const callbacks = () => world.discord.requests.filter((r) => r.route === '/interactions/:id/:token/callback').map((r) => r.status);

describe('rate limits', () => {
  it('after a 429 on the interaction callback the reply still arrives', async () => {
    world.discord.faults.failNext({ method: 'POST', path: /^\/interactions\/\d+\/[^/]+\/callback$/, status: 429, retryAfter: 0.05 });
    const answer = await world.news('summary', { article: SEED, sentences: 2 }, { as: world.member });
    expect(world.discord.faults.pending).toBe(0);
    expect(callbacks()).toEqual([429, expect.any(Number)]);
    expect(callbacks()[1]).toBeLessThan(300);
    expect(answer).toMatchObject({ type: 4, ephemeral: false });
    expect(embedsOf(answer)[0]?.footer?.text).toBe(`${SEED} · summary, 2 sentences`);
  });

  it('after a 429 on the channel post the article is posted once and the admin told', async () => {
    world.discord.faults.failNext({ method: 'POST', path: `/channels/${world.channels.news}/messages`, status: 429, retryAfter: 0.05 });
    const answer = await world.news('post', { article: SEED, channel: world.channels.news });
    expect(world.discord.faults.pending).toBe(0);
    expect(channelPosts(world.channels.news)).toEqual([429, 200]);
    expect(contentOf(answer)).toMatch(/^Posted \*\*.+\*\* in <#\d+>\.$/);
    expect(world.discord.messages(world.channels.news)).toHaveLength(1);
  });
});

describe('refused posts', () => {
  it('a 403 (50013) on the target channel gives the admin a clear ephemeral explanation', async () => {
    world.discord.faults.failNext({ method: 'POST', path: `/channels/${world.channels.news}/messages`, status: 403, code: 50013 });
    const answer = await world.news('post', { article: SEED, channel: world.channels.news });
    expect(answer.ephemeral).toBe(true);
    expect(contentOf(answer)).toBe(
      `Discord refused the post in <#${world.channels.news}>: I need **View Channel**, **Send Messages**, **Embed Links** there.`,
    );
    expect(world.discord.messages(world.channels.news)).toHaveLength(0);
    expect(world.logged(ERROR)).toEqual([]);
  });

  it('a bot denied Embed Links by a channel overwrite gets the pre-check naming it, and nothing is sent', async () => {
    const client = world.app!.client;
    const updated = once(client, Events.ChannelUpdate);
    world.discord.setBotChannelPermissions(world.channels.news, { deny: PermissionFlagsBits.EmbedLinks });
    await updated;
    const answer = await world.news('post', { article: SEED, channel: world.channels.news });
    expect(answer.ephemeral).toBe(true);
    expect(contentOf(answer)).toBe(`I can't post in <#${world.channels.news}>: I'm missing **Embed Links** there.`);
    expect(channelPosts(world.channels.news)).toEqual([]);
  });
});

describe('gateway', () => {
  it('after op 7 the bot resumes and the next command works', async () => {
    const resumed = once(world.app!.client, Events.ShardResume);
    world.discord.faults.reconnect();
    await resumed;
    expect(world.discord.gatewayLog.map((e) => e.type)).toEqual(expect.arrayContaining(['op7', 'resume']));
    expect(world.discord.gatewayLog.filter((e) => e.type === 'identify')).toHaveLength(1);
    const answer = await world.news('latest', { count: 2 }, { as: world.member });
    expect(embedsOf(answer)[0]?.fields).toHaveLength(2);
  });
});

describe('failing handlers', () => {
  it('a post that keeps failing with 500 is explained as passing, and the next command works', async () => {
    // discord.js tries a 5xx four times (three retries) before giving up.
    world.discord.faults.failNext({ method: 'POST', path: `/channels/${world.channels.news}/messages`, status: 500, times: 4 });
    const failed = await world.news('post', { article: SEED, channel: world.channels.news });
    expect(world.discord.faults.pending).toBe(0);
    expect(channelPosts(world.channels.news)).toEqual([500, 500, 500, 500]);
    expect(failed).toMatchObject({ type: 5, ephemeral: true, pending: false });
    expect(contentOf(failed)).toBe(`Posting in <#${world.channels.news}> failed for now (Discord error 500). Try again in a moment.`);
    expect(world.logged(ERROR)).toEqual([]);

    const again = await world.news('post', { article: SEED, channel: world.channels.news });
    expect(contentOf(again)).toMatch(/^Posted /);
    expect(world.discord.messages(world.channels.news)).toHaveLength(1);
  });

  it('a dependency that throws gets the short apology, is logged with context, and the bot carries on', async () => {
    vi.spyOn(world.app!.deps.news, 'summary').mockImplementationOnce(() => {
      throw new Error('summarizer exploded');
    });
    const failed = await world.news('summary', { article: SEED }, { as: world.member });
    expect(failed).toMatchObject({ type: 4, ephemeral: true });
    expect(contentOf(failed)).toBe(APOLOGY);
    const [line] = world.logged(ERROR);
    expect(line).toMatchObject({ msg: 'interaction handler failed', command: 'news', subcommand: 'summary', userId: world.member.id });
    expect(JSON.stringify(line)).toContain('summarizer exploded');

    const again = await world.news('summary', { article: SEED }, { as: world.member });
    expect(again.ephemeral).toBe(false);
    expect(embedsOf(again)[0]?.footer?.text).toContain(SEED);
  });
});
