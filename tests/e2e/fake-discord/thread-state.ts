// The data threads, forum tags and channel webhooks add to the world, and the channel-type facts
// they depend on. Kept apart from state.ts so that file stays the core model and only points here.

/** Channel types by Discord's numbers (the OpenAPI description lacks 16, the docs have it). */
export const CT = {
  Text: 0,
  Voice: 2,
  Category: 4,
  Announcement: 5,
  AnnouncementThread: 10,
  PublicThread: 11,
  PrivateThread: 12,
  Stage: 13,
  Forum: 15,
  Media: 16,
} as const;

export const THREAD_TYPES: ReadonlySet<number> = new Set([CT.AnnouncementThread, CT.PublicThread, CT.PrivateThread]);
/** Forum and media channels hold only threads: posts start a thread with a message. */
export const THREAD_ONLY_TYPES: ReadonlySet<number> = new Set([CT.Forum, CT.Media]);

export const CHANNEL_FLAG = { Pinned: 1 << 1, RequireTag: 1 << 4 } as const;
export const MESSAGE_FLAG = { Crossposted: 1 << 0, HasThread: 1 << 5, Ephemeral: 1 << 6 } as const;
/** The only values Discord accepts for auto_archive_duration (minutes). */
export const AUTO_ARCHIVE_DURATIONS: readonly number[] = [60, 1440, 4320, 10080];

export interface ForumTag {
  id: string;
  name: string;
  /** Only members with MANAGE_THREADS may apply a moderated tag. */
  moderated: boolean;
  emojiId: string | null;
  emojiName: string | null;
}

export interface ThreadMeta {
  /** Who started the thread: a user, the bot, or a webhook's id. */
  ownerId: string;
  archived: boolean;
  /** Locked threads can be unarchived (and written to) only with MANAGE_THREADS. */
  locked: boolean;
  /** Server-clock time the archive state last changed (creation counts). */
  archiveTimestamp: number;
  autoArchiveDuration: number;
  createdAt: number;
  appliedTags: string[];
  invitable: boolean;
  /** Thread members: user id → join time. */
  members: Map<string, number>;
  /** Messages ever sent after the first one (never decremented, like Discord's counter). */
  totalMessageSent: number;
}

export interface WebhookRecord {
  id: string;
  token: string;
  guildId: string;
  channelId: string;
  name: string;
  avatar: string | null;
  /** The application that created it (the bot's), or null for one a member made in Discord's UI. */
  applicationId: string | null;
  creatorId: string;
  createdAt: number;
  /** Deleted webhooks are kept so their id answers 10015 rather than being mistaken for anything else. */
  deleted: boolean;
}

/** A forum tag as tests describe it; the server gives it an id. */
export interface TagInput { name: string; moderated?: boolean; emojiName?: string }

export const toForumTag = (t: TagInput, id: string): ForumTag => ({ id, name: t.name, moderated: t.moderated ?? false, emojiId: null, emojiName: t.emojiName ?? null });

export const withFlag = (flags: number, flag: number, on: boolean): number => (on ? flags | flag : flags & ~flag);
