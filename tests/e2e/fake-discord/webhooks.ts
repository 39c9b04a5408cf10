// Channel (incoming) webhooks shared by the REST routes and the driver: making one, its JSON as
// Discord returns it (GuildIncomingWebhookResponse), name rules, and the WEBHOOKS_UPDATE dispatch.
import { randomBytes } from 'node:crypto';
import { codePoints, type FormErrors } from './errors.js';
import { apiUser } from './serialize.js';
import type { Channel, FakeState } from './state.js';
import type { WebhookRecord } from './thread-state.js';
import type { Dispatch } from './threads.js';

/** GUILD_WEBHOOKS, the intent WEBHOOKS_UPDATE is sent under. */
const GUILD_WEBHOOKS_INTENT = 1 << 5;
/** Discord's cap on webhooks in one channel. */
export const MAX_WEBHOOKS_PER_CHANNEL = 15;

export function newWebhook(state: FakeState, id: string, channel: Channel, o: { name: string; creatorId: string; applicationId: string | null }): WebhookRecord {
  const hook: WebhookRecord = {
    id, token: randomBytes(51).toString('base64url'), guildId: channel.guildId, channelId: channel.id, name: o.name,
    avatar: null, applicationId: o.applicationId, creatorId: o.creatorId, createdAt: state.clock(), deleted: false,
  };
  state.webhooks.set(id, hook);
  return hook;
}

/** Live webhooks: not deleted, and their channel still exists. */
export function liveWebhooks(state: FakeState, filter: (h: WebhookRecord) => boolean = () => true): WebhookRecord[] {
  return [...state.webhooks.values()].filter((h) => !h.deleted && state.channel(h.channelId) !== undefined && filter(h));
}

export function liveWebhook(state: FakeState, id: string | undefined): WebhookRecord | undefined {
  return liveWebhooks(state, (h) => h.id === id)[0];
}

/** `withUser`: false for the token routes, which Discord answers without the creator. */
export function apiWebhook(state: FakeState, h: WebhookRecord, withUser: boolean): Record<string, unknown> {
  const creator = state.users.get(h.creatorId);
  return {
    application_id: h.applicationId,
    avatar: h.avatar,
    channel_id: h.channelId,
    guild_id: h.guildId,
    id: h.id,
    name: h.name,
    type: 1,
    token: h.token,
    ...(withUser && creator ? { user: apiUser(creator) } : {}),
  };
}

export function announceWebhooksUpdate(state: FakeState, dispatch: Dispatch, h: WebhookRecord): void {
  if (state.botInGuild(h.guildId)) dispatch('WEBHOOKS_UPDATE', { guild_id: h.guildId, channel_id: h.channelId }, GUILD_WEBHOOKS_INTENT);
}

/** A webhook name: 1–80 characters, and never "clyde" or "discord" (Discord's documented rule). */
export function checkWebhookName(fe: FormErrors, key: string, v: unknown, required: boolean): string | undefined {
  if (v === undefined || v === null) {
    if (required) fe.add([key], 'BASE_TYPE_REQUIRED', 'This field is required');
    return undefined;
  }
  if (typeof v !== 'string') fe.add([key], 'BASE_TYPE_STRING', 'Must be a string.');
  else if (codePoints(v) < 1 || codePoints(v) > 80) fe.add([key], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 80 in length.');
  else {
    const banned = ['clyde', 'discord'].find((word) => v.toLowerCase().includes(word));
    if (banned) fe.add([key], 'USERNAME_INVALID_CONTAINS', `Username cannot contain "${banned}"`);
    else return v;
  }
  return undefined;
}
