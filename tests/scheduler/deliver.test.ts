// The delivery steps' recovery decisions, one target kind at a time: when a claim is looked for
// before anything is made again, when the nonce is trusted, what a failed lookup leaves, and how a
// thread and a publish follow the post without ever being repeated.
import { DiscordAPIError } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { noMentions } from '../../src/core/payload.js';
import { PLAIN_CHANNEL, type Target, type TargetOptions } from '../../src/discord/target.js';
import { NONCE_TRUST_MS } from '../../src/scheduler/deliver.js';
import { manualClock, testDeps } from '../helpers/deps.js';

const GUILD = '100000000000000001';
const CHANNEL = '300000000000000001';
const article = { id: 'quay', title: 'Grain quay reopens' };
const payload = { embeds: [{ title: 'Grain quay reopens', footer: { text: 'quay · summary, 2 sentences' } }], allowedMentions: noMentions() };
const identity = { name: null, avatarUrl: null };
const discordError = (code: number, status: number) => new DiscordAPIError({ message: 'refused', code }, code, status, 'POST', '/x', {});

function setup(options: Partial<TargetOptions> = {}) {
  const clock = manualClock(new Date('2026-11-29T12:00:00Z'));
  const env = testDeps([], clock);
  const target: Target = { ...PLAIN_CHANNEL, tagIds: [], ...options, guildId: GUILD, channelId: CHANNEL };
  const claim = async () => {
    const delivery = { channelId: CHANNEL, articleId: article.id, scheduleId: 'sched1', nonce: 'n'.repeat(24), claimedAt: clock.now() };
    await env.deps.deliveries.claim(delivery);
    return { ...delivery, messageId: null, threadId: null };
  };
  const pending = async () => (await env.deps.deliveries.get(CHANNEL, article.id))!;
  const complete = async (fresh: boolean) => env.deps.steps.complete({ target, article, payload, identity, delivery: fresh ? await claim() : await pending(), fresh });
  return { ...env, clock, target, claim, pending, complete };
}

describe('the post', () => {
  it('a fresh claim is posted once and marked sent', async () => {
    const { complete, poster, pending } = setup();
    expect(await complete(true)).toMatchObject({ kind: 'posted', created: true });
    expect(poster.sent).toHaveLength(1);
    expect(await pending()).toMatchObject({ state: 'sent', messageId: poster.sent[0]!.id });
  });

  it('a plain message left pending is resent with its nonce while Discord remembers it, never looked for', async () => {
    const { complete, poster, deps, pending, clock } = setup();
    deps.deliveries.markSent = async () => Promise.reject(new Error('killed'));
    await expect(complete(true)).rejects.toThrow('killed');
    poster.lookupFailure = new Error('must not look');
    clock.advance(NONCE_TRUST_MS - 1000);
    expect(await setupAgain(deps, complete)).toMatchObject({ kind: 'posted', messageId: poster.sent[0]!.id });
    expect(poster.sent).toHaveLength(1);
    expect((await pending()).state).toBe('sent');
  });

  it.each([
    ['a forum post', { kind: 'forum' as const }],
    ['a webhook post', { asWebhook: true }],
  ])('%s left pending is looked for at once (it takes no nonce) and found, not made again', async (_name, options) => {
    const { complete, poster, deps, pending, clock } = setup(options);
    deps.deliveries.markSent = async () => Promise.reject(new Error('killed'));
    await expect(complete(true)).rejects.toThrow('killed');
    expect((await pending()).state).toBe('pending');
    clock.advance(1000);
    const outcome = await setupAgain(deps, complete);
    expect(outcome).toMatchObject({ kind: 'posted', created: false, note: 'found after an interruption' });
    expect(poster.sent).toHaveLength(1);
  });

  it('past the nonce’s memory, a pending message is looked for; missing, it is posted once', async () => {
    const { complete, poster, pending, clock, claim } = setup();
    await claim();
    clock.advance(NONCE_TRUST_MS + 1000);
    expect(await complete(false)).toMatchObject({ kind: 'posted', created: true });
    expect(poster.sent).toHaveLength(1);
    expect((await pending()).state).toBe('sent');
  });

  it('when the lookup cannot tell, nothing is posted and the claim stays pending; a rejected token is thrown', async () => {
    const { complete, poster, pending, claim } = setup({ kind: 'forum' });
    await claim();
    poster.lookupFailure = discordError(50001, 403);
    expect(await complete(false)).toMatchObject({ kind: 'unconfirmed', failure: { scope: 'channel' } });
    poster.lookupFailure = discordError(0, 401);
    await expect(complete(false)).rejects.toMatchObject({ scope: 'token' });
    expect(poster.sent).toEqual([]);
    expect((await pending()).state).toBe('pending');
  });
});

describe('a thread per article', () => {
  it('is opened after the post is recorded, once', async () => {
    const { complete, poster, pending } = setup({ threadPerArticle: true });
    expect(await complete(true)).toMatchObject({ kind: 'posted', threadId: poster.sent[0]?.id });
    expect(poster.openedThreads).toHaveLength(1);
    expect(await pending()).toMatchObject({ state: 'sent', threadId: poster.sent[0]!.id });
  });

  it('a channel refusal keeps the recorded post; the next attempt only opens the thread', async () => {
    const { complete, poster, pending, deps } = setup({ threadPerArticle: true });
    poster.threadFailures.push(discordError(50013, 403));
    await expect(complete(true)).rejects.toMatchObject({ scope: 'channel' });
    await deps.deliveries.release(CHANNEL, article.id);
    expect(await pending()).toMatchObject({ state: 'pending', messageId: poster.sent[0]!.id, threadId: null });
    expect(await complete(false)).toMatchObject({ kind: 'posted', created: false });
    expect(poster.sent).toHaveLength(1);
    expect(poster.openedThreads).toHaveLength(1);
  });

  it('a thread Discord refuses for this article leaves the post without one, noted', async () => {
    const { complete, poster, pending } = setup({ threadPerArticle: true });
    poster.threadFailures.push(discordError(50035, 400));
    expect(await complete(true)).toMatchObject({ kind: 'posted', threadId: null, note: expect.stringContaining('posted without its discussion thread') });
    expect((await pending()).state).toBe('sent');
  });
});

describe('publishing', () => {
  it('queues the post in the write that marks it sent', async () => {
    const { complete, deps, poster, clock } = setup({ publish: true });
    await complete(true);
    expect(await deps.publishes.due(clock.now(), 10)).toMatchObject([{ channelId: CHANNEL, messageId: poster.sent[0]!.id, scheduleId: 'sched1', articleId: 'quay' }]);
  });

  it('a repeated /news post records nothing of its own but is still queued', async () => {
    const { deps, target, poster, clock } = setup({ publish: true });
    const delivery = { nonce: 'p1', claimedAt: clock.now(), messageId: null, threadId: null, scheduleId: null };
    await deps.steps.complete({ target, article, payload, identity, delivery, fresh: true, tracked: false });
    expect(await deps.deliveries.get(CHANNEL, article.id)).toBeUndefined();
    expect(await deps.publishes.due(clock.now(), 10)).toMatchObject([{ messageId: poster.sent[0]!.id, scheduleId: null }]);
  });
});

/** The same steps again, as a restarted process would run them on the pending row. */
async function setupAgain(deps: ReturnType<typeof setup>['deps'], complete: (fresh: boolean) => Promise<unknown>) {
  const real = Object.getPrototypeOf(deps.deliveries).markSent as typeof deps.deliveries.markSent;
  deps.deliveries.markSent = real.bind(deps.deliveries);
  return complete(false);
}
