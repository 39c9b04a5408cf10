// POST /channels/{id}/messages/{id}/crosspost: publishing an announcement channel's message to its
// followers. Announcement channels only, once per message, SEND_MESSAGES for the bot's own messages
// (plus MANAGE_MESSAGES for anyone else's), and at most 10 publishes an hour per channel.
//
// The hourly limit runs on the server clock (tests move it with advanceTime), unlike the generic
// per-route buckets, and it is always on: it is a rule of Discord's the bot has to live with.
import { errors } from './errors.js';
import { has, P } from './permissions.js';
import type { RouteResult, Router } from './router.js';
import { apiMessage } from './serialize.js';
import type { FakeState, StoredMessage } from './state.js';
import { botAccess } from './thread-access.js';
import { CT, MESSAGE_FLAG } from './thread-state.js';

const WINDOW_MS = 60 * 60_000;
const PER_WINDOW = 10;

/** A 429 with the headers and body discord.js reads, for a limit that frees up in `waitMs`. */
function publishLimited(waitMs: number): RouteResult {
  const seconds = waitMs / 1000;
  return {
    status: 429,
    body: { message: 'You are being rate limited.', retry_after: Number(seconds.toFixed(3)), global: false },
    headers: {
      'x-ratelimit-limit': String(PER_WINDOW),
      'x-ratelimit-remaining': '0',
      // Clients compare `reset` with their own clock, so it is given in real time.
      'x-ratelimit-reset': ((Date.now() + waitMs) / 1000).toFixed(3),
      'x-ratelimit-reset-after': seconds.toFixed(3),
      'retry-after': String(Math.ceil(seconds)),
      // A per-channel limit every publisher shares.
      'x-ratelimit-scope': 'shared',
    },
  };
}

export function registerCrosspostRoutes(router: Router, deps: { state: FakeState; onMessage: (m: StoredMessage, kind: 'update') => void }): void {
  const { state } = deps;
  /** Per channel: server-clock times of the publishes still inside the window. */
  const published = new Map<string, number[]>();

  router.add('POST', '/channels/:channel/messages/:message/crosspost', (ctx) => {
    const { channel, perms } = botAccess(state, ctx.params.channel);
    if (channel.type !== CT.Announcement) throw errors.wrongChannelType();
    const m = state.messages.get(ctx.params.message ?? '');
    if (!m || m.deleted || m.ephemeral || m.channelId !== channel.id) throw errors.unknownMessage();
    if (!has(perms, P.SendMessages)) throw errors.missingPermissions();
    if (m.authorId !== state.botUserId && !has(perms, P.ManageMessages)) throw errors.missingPermissions();
    if (m.crossposted) throw errors.alreadyCrossposted();
    const now = state.clock();
    const recent = (published.get(channel.id) ?? []).filter((at) => now - at < WINDOW_MS);
    const oldest = recent[0];
    if (recent.length >= PER_WINDOW && oldest !== undefined) return publishLimited(oldest + WINDOW_MS - now);
    published.set(channel.id, [...recent, now]);
    m.crossposted = true;
    m.flags |= MESSAGE_FLAG.Crossposted;
    deps.onMessage(m, 'update');
    return { status: 200, body: apiMessage(state, m) };
  }, { major: ['channel'] });
}
