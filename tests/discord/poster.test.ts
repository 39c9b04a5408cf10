import type { REST } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { createRestPoster, snowflakeAt } from '../../src/discord/poster.js';
import { SendFailure } from '../../src/discord/send-failure.js';

const CHANNEL = '300000000000000001';
const ME = '200000000000000001';
const CLAIMED = new Date('2026-11-20T10:00:00Z');

interface Listed {
  id: string;
  author: { id: string };
  embeds: Array<{ footer: { text: string } }>;
}

/** A REST stand-in serving a channel's history like Discord: pages after an id, newest first. */
function fakeRest(history: Listed[], lastMessageId: string | null, hidden = false) {
  const calls: string[] = [];
  const rest = {
    async get(route: string, options?: { query?: URLSearchParams }) {
      calls.push(`${route}${options?.query ? `?${options.query}` : ''}`);
      if (route.endsWith('/messages')) {
        if (hidden) return [];
        const after = BigInt(options!.query!.get('after')!);
        const limit = Number(options!.query!.get('limit'));
        return history.filter((m) => BigInt(m.id) > after).sort((a, b) => Number(BigInt(a.id) - BigInt(b.id))).slice(0, limit).reverse();
      }
      return { id: CHANNEL, last_message_id: lastMessageId };
    },
  } as unknown as REST;
  return { rest, calls };
}

const message = (n: number, articleId: string, author = ME): Listed => ({
  id: String(BigInt(snowflakeAt(CLAIMED)) + BigInt(n) * 4_194_304n),
  author: { id: author },
  embeds: [{ footer: { text: `${articleId} · summary, 3 sentences` } }],
});

const poster = (rest: REST, readable = true) => createRestPoster(rest, { botUserId: () => ME, canReadHistory: () => readable });

describe('finding an interrupted post', () => {
  it('finds our post about the article among hundreds since the claim, reading page after page', async () => {
    const history = Array.from({ length: 250 }, (_, n) => message(n + 1, `other-${n}`, n % 2 ? ME : '200000000000000009'));
    history.push(message(300, 'wanted'));
    const { rest, calls } = fakeRest(history, history.at(-1)!.id);
    expect(await poster(rest).findSince(CHANNEL, 'wanted', CLAIMED)).toBe(history.at(-1)!.id);
    expect(calls.filter((c) => c.includes('/messages'))).toHaveLength(3);
  });

  it('answers "not there" only after reading everything up to the channel’s last message', async () => {
    const history = [message(1, 'a'), message(2, 'b')];
    const { rest } = fakeRest(history, history[1]!.id);
    expect(await poster(rest).findSince(CHANNEL, 'wanted', CLAIMED)).toBeUndefined();
  });

  it('a post by someone else with the same footer is not ours', async () => {
    const { rest } = fakeRest([message(1, 'wanted', '200000000000000009')], null);
    expect(await poster(rest).findSince(CHANNEL, 'wanted', CLAIMED)).toBeUndefined();
  });

  it('an empty history while the channel has newer messages means it is hidden: it cannot tell', async () => {
    const { rest } = fakeRest([message(1, 'wanted')], message(1, 'wanted').id, true);
    await expect(poster(rest).findSince(CHANNEL, 'wanted', CLAIMED)).rejects.toMatchObject({ scope: 'transient', reason: expect.stringContaining('could not be read in full') });
  });

  it('without Read Message History it does not even ask', async () => {
    const { rest, calls } = fakeRest([], null);
    const error = await poster(rest, false).findSince(CHANNEL, 'wanted', CLAIMED).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SendFailure);
    expect(calls).toEqual([]);
  });
});
