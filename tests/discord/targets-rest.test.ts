// The REST TargetPoster's decisions against a stand-in for Discord: finding an interrupted forum post,
// the webhook made once, reused and made again once, locked threads, threads already started on a
// message, and publishing's answers.
import { DiscordAPIError, RateLimitError, type REST } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { snowflakeAt } from '../../src/discord/poster.js';
import { createPublisher } from '../../src/discord/publisher.js';
import { PLAIN_CHANNEL, type Target } from '../../src/discord/target.js';
import { createTargetPoster } from '../../src/discord/targets-rest.js';
import { WebhookKeeper } from '../../src/discord/webhooks.js';
import { openDatabase } from '../../src/store/database.js';
import { SqliteWebhooks } from '../../src/store/sqlite-webhooks.js';

const ME = '200000000000000001';
const GUILD = '100000000000000001';
const FORUM = '300000000000000001';
const CLAIMED = new Date('2026-11-20T10:00:00Z');
const TOKEN = 'secret-token-abc123';
const id = (minutes: number) => String(BigInt(snowflakeAt(new Date(CLAIMED.getTime() + minutes * 60_000))) + 7n);
const apiError = (code: number, status: number, url = '/x') => new DiscordAPIError({ message: 'refused', code }, code, status, 'POST', url, {});

type Handler = (method: string, route: string, options: Record<string, any>) => unknown;

/** A REST stand-in: every call goes to `handler`, and is recorded. */
function fakeRest(handler: Handler) {
  const calls: string[] = [];
  const call = (method: string) => async (route: string, options: Record<string, any> = {}) => {
    calls.push(`${method} ${route}${options.query ? `?${options.query}` : ''}`);
    const result = handler(method, route, options);
    if (result instanceof Error) throw result;
    return result;
  };
  return { rest: { get: call('GET'), post: call('POST'), patch: call('PATCH'), delete: call('DELETE') } as unknown as REST, calls };
}

function poster(rest: REST, manageThreads = false) {
  const store = new SqliteWebhooks(openDatabase(':memory:'));
  const keeper = new WebhookKeeper(rest, store, { botUserId: () => ME, webhookName: () => 'News', now: () => CLAIMED });
  return { poster: createTargetPoster(rest, { botUserId: () => ME, canReadHistory: () => true, canManageThreads: () => manageThreads }, keeper), store };
}

const target = (extra: Partial<Target> = {}): Target => ({ ...PLAIN_CHANNEL, tagIds: [], guildId: GUILD, channelId: FORUM, ...extra });
const starter = (threadId: string, articleId: string, author = ME, extra = {}) => ({ id: threadId, author: { id: author }, embeds: [{ footer: { text: `${articleId} · summary` } }], ...extra });

describe('finding an interrupted forum post', () => {
  const forum = target({ kind: 'forum' });

  it('checks posts named like the article first, among active and archived posts since the claim', async () => {
    const [old, active, archived] = [id(-60), id(1), id(2)];
    const { rest, calls } = fakeRest((_m, route) => {
      if (route.endsWith('/threads/active')) return { threads: [{ id: old, parent_id: FORUM, name: 'Quay' }, { id: active, parent_id: FORUM, name: 'Other' }, { id: id(3), parent_id: '999', name: 'Quay' }] };
      if (route.endsWith('/threads/archived/public')) return { threads: [{ id: archived, parent_id: FORUM, name: 'Quay', thread_metadata: { archive_timestamp: new Date(CLAIMED.getTime() + 180_000).toISOString() } }], has_more: false };
      if (route === `/channels/${archived}/messages/${archived}`) return starter(archived, 'quay');
      throw new Error(`unexpected ${route}`);
    });
    expect(await poster(rest).poster.find(forum, 'quay', 'Quay', CLAIMED)).toEqual({ messageId: archived, threadId: archived });
    expect(calls.filter((c) => c.includes('/messages/'))).toEqual([`GET /channels/${archived}/messages/${archived}`]);
  });

  it('finds a renamed post by its starter message, accepting the bot’s webhook as ours, and stops at older archives', async () => {
    const renamed = id(1);
    const { rest, calls } = fakeRest((_m, route) => {
      if (route.endsWith('/threads/active')) return { threads: [] };
      if (route.endsWith('/threads/archived/public')) {
        return { threads: [
          { id: renamed, parent_id: FORUM, name: 'Renamed by a moderator', thread_metadata: { archive_timestamp: new Date(CLAIMED.getTime() + 60_000).toISOString() } },
          { id: id(-600), parent_id: FORUM, name: 'Quay', thread_metadata: { archive_timestamp: new Date(CLAIMED.getTime() - 3_600_000).toISOString() } },
        ], has_more: true };
      }
      return starter(renamed, 'quay', '900000000000000001', { webhook_id: '900000000000000001', application_id: ME });
    });
    expect(await poster(rest).poster.find(forum, 'quay', 'Quay', CLAIMED)).toEqual({ messageId: renamed, threadId: renamed });
    expect(calls.filter((c) => c.includes('archived'))).toHaveLength(1);
  });

  it('another member’s post about the article is not ours; nothing found means undefined', async () => {
    const theirs = id(1);
    const { rest } = fakeRest((_m, route) => {
      if (route.endsWith('/threads/active')) return { threads: [{ id: theirs, parent_id: FORUM, name: 'Quay' }] };
      if (route.endsWith('/threads/archived/public')) return { threads: [], has_more: false };
      return starter(theirs, 'quay', '800000000000000001');
    });
    expect(await poster(rest).poster.find(forum, 'quay', 'Quay', CLAIMED)).toBeUndefined();
  });

  it('a post whose starter message was deleted still counts when the bot started it under the article’s name', async () => {
    const post = id(1);
    const { rest } = fakeRest((_m, route) => {
      if (route.endsWith('/threads/active')) return { threads: [{ id: post, parent_id: FORUM, name: 'Quay', owner_id: ME }] };
      if (route.endsWith('/threads/archived/public')) return { threads: [], has_more: false };
      return apiError(10008, 404);
    });
    expect(await poster(rest).poster.find(forum, 'quay', 'Quay', CLAIMED)).toEqual({ messageId: post, threadId: post });
  });

  it('too many other new posts to check leaves it unconfirmed rather than guessing', async () => {
    const { rest } = fakeRest((_m, route) => {
      if (route.endsWith('/threads/active')) return { threads: Array.from({ length: 30 }, (_, n) => ({ id: id(n + 1), parent_id: FORUM, name: `Post ${n}` })) };
      if (route.endsWith('/threads/archived/public')) return { threads: [], has_more: false };
      return starter(FORUM, 'other');
    });
    await expect(poster(rest).poster.find(forum, 'quay', 'Quay', CLAIMED)).rejects.toMatchObject({ scope: 'transient', reason: expect.stringContaining('too many new posts') });
  });
});

describe('webhooks', () => {
  const channel = target({ asWebhook: true });
  const payload = { embeds: [{ title: 't' }], allowedMentions: { parse: [] as [] } };
  const request = { articleId: 'quay', threadName: 'Quay', nonce: 'n', identity: { name: 'Ledger', avatarUrl: null } };

  it('reuses a webhook the bot made before its record was lost, and sends the identity', async () => {
    const bodies: any[] = [];
    const { rest, calls } = fakeRest((method, _route, options) => {
      if (method === 'GET') return [{ id: '500000000000000001', token: 'theirs', application_id: null }, { id: '500000000000000002', token: TOKEN, application_id: ME }];
      bodies.push(options.body);
      return { id: '600000000000000001', channel_id: FORUM };
    });
    const { poster: p, store } = poster(rest);
    expect(await p.post(channel, payload, request)).toEqual({ messageId: '600000000000000001', threadId: null });
    expect(calls.filter((c) => c.startsWith('POST /channels'))).toEqual([]);
    expect(bodies[0]).toMatchObject({ username: 'Ledger' });
    expect(await store.get(FORUM)).toMatchObject({ webhookId: '500000000000000002', recreated: false });
  });

  it('is made again once when deleted (10015) or its token refused (50027, a 401 that is no token problem); then the schedule pauses', async () => {
    let made = 0;
    let gone = 0;
    const { rest } = fakeRest((method, route) => {
      if (method === 'GET') return [];
      if (route.endsWith('/webhooks')) return { id: `50000000000000000${++made}`, token: `${TOKEN}-${made}` };
      gone++;
      return gone === 1 ? apiError(10015, 404, `https://discord.com/api/v10/webhooks/1/${TOKEN}-1`) : apiError(50027, 401, `https://discord.com/api/v10/webhooks/2/${TOKEN}-2`);
    });
    const { poster: p, store } = poster(rest);
    const failure = await p.post(channel, payload, request).catch((e: unknown) => e);
    expect(failure).toMatchObject({ scope: 'channel', reason: expect.stringContaining('was deleted again') });
    expect(made).toBe(2);
    expect(await store.get(FORUM)).toBeUndefined();
    expect(JSON.stringify(failure) + String((failure as Error).stack) + String((failure as Error).cause)).not.toContain(TOKEN);
  });
});

describe('threads', () => {
  it('a locked thread pauses without sending when the bot cannot moderate it', async () => {
    const { rest, calls } = fakeRest(() => ({ thread_metadata: { archived: true, locked: true } }));
    const thread = target({ kind: 'thread', channelId: '300000000000000002', parentId: FORUM });
    await expect(poster(rest).poster.post(thread, { embeds: [], allowedMentions: { parse: [] } }, { articleId: 'a', threadName: 'a', nonce: 'n', identity: { name: null, avatarUrl: null } }))
      .rejects.toMatchObject({ scope: 'channel', reason: expect.stringContaining('archived and locked') });
    expect(calls).toEqual(['GET /channels/300000000000000002']);
  });

  it('a thread already started on the message counts (160004): the thread shares the message id', async () => {
    const { rest } = fakeRest(() => apiError(160004, 400));
    expect(await poster(rest).poster.openThread(target(), '700000000000000001', 'Quay')).toBe('700000000000000001');
  });
});

describe('publishing', () => {
  const limited = new RateLimitError({ timeToReset: 3_000_000, limit: 10, method: 'POST', hash: 'h', url: '/x', route: '/channels/:id/messages/:id/crosspost', majorParameter: FORUM, global: false, retryAfter: 3_000_050, sublimitTimeout: 0, scope: 'shared' });
  it.each([
    [undefined, { kind: 'published' }],
    [apiError(40033, 400), { kind: 'published' }],
    [limited, { kind: 'limited', retryAfterMs: 3_000_050 }],
  ])('answers %s with %j', async (error, result) => {
    const { rest } = fakeRest(() => error ?? {});
    expect(await createPublisher(rest).crosspost(FORUM, '700000000000000001')).toEqual(result);
  });

  it('a deleted message can never be published', async () => {
    const { rest } = fakeRest(() => apiError(10008, 404));
    await expect(createPublisher(rest).crosspost(FORUM, '700000000000000001')).rejects.toMatchObject({ scope: 'article' });
  });
});
