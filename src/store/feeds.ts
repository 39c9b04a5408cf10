// The feeds a server (or the operator) follows, and what the bot remembers of each feed's entries.
// Behind an interface with a SQLite and a PostgreSQL implementation that pass one contract suite
// (tests/store/contract/feeds.test.ts). Several bot processes may share the database: a feed's fetch
// is leased to one of them at a time, like a schedule's run.

export interface FeedLease {
  owner: string;
  until: Date;
}

export interface Feed {
  /** Short and typeable, like a schedule id (6 characters without look-alikes). */
  id: string;
  /** The server whose feed it is (its articles are visible there only), or null for an operator feed visible everywhere. */
  guildId: string | null;
  /** The address as added, normalized (no fragment). */
  url: string;
  /** The name an admin gave it, if any. */
  name: string | null;
  /** The feed's own title, from its last successful fetch. */
  title: string | null;
  /** Fetch each new entry's linked page and keep its main text. */
  fullText: boolean;
  /** Validators from the last fetch that returned the document, for conditional GET. */
  etag: string | null;
  lastModified: string | null;
  nextFetchAt: Date;
  /** Failed fetches in a row; 0 after a success or a 304. */
  failures: number;
  /** Why the last fetch failed (a sentence safe to show the server's admins); null after a success. */
  lastError: string | null;
  /** When the feed was last tried, whatever came of it. */
  lastFetchAt: Date | null;
  /** When a fetch last worked. Null until the first one did: that fetch is the feed's backlog. */
  lastSuccessAt: Date | null;
  /** Failed FEED_FAILING_AFTER times in a row; cleared by the next success. */
  failing: boolean;
  /** The server was told it is failing (once per failing spell). */
  failingNotified: boolean;
  /** Why the server could not be told, when it could not. */
  noticeError: string | null;
  createdAt: Date;
  /** Set when the feed is being removed: it is no longer listed or fetched, and its articles leave the catalog. */
  removedAt: Date | null;
  /** The process fetching (or removing) the feed now, and until when. Only the lease methods change it. */
  lease: FeedLease | null;
}

export type NewFeed = Pick<Feed, 'id' | 'guildId' | 'url' | 'name' | 'fullText' | 'createdAt' | 'nextFetchAt'>;

export type FeedPatch = Partial<
  Pick<Feed, 'title' | 'etag' | 'lastModified' | 'nextFetchAt' | 'failures' | 'lastError' | 'lastFetchAt' | 'lastSuccessAt' | 'failing' | 'failingNotified' | 'noticeError'>
>;

export type CreateFeedResult =
  | { kind: 'created'; feed: Feed }
  /** The server (or the operator's global list) already follows this address. */
  | { kind: 'duplicate'; existing: Feed }
  /** The server has `limit` feeds already. */
  | { kind: 'full'; limit: number }
  /** Ids are random and short: the caller draws another. */
  | { kind: 'id-taken' };

/**
 * One identity of an entry (see src/feeds/entry-identity.ts) as recorded for its feed: every identity
 * of an entry points at the key it was first stored under and at its article. `contentHash` is null
 * while the record is pending: written before the entry's article reached the catalog, so that a
 * removal finds the article even if the process died right after writing it; a pending record does
 * not count as known, so the entry is imported again at the next fetch (the same id, so not new).
 */
export interface EntryRecord {
  identity: string;
  key: string;
  articleId: string;
  contentHash: string | null;
}

export interface CreateFeedOptions {
  /** The most feeds one server may have; not applied to global feeds. */
  limit: number;
  /** Creates the feed already leased, so its first fetch is the creator's and no other process's. */
  lease?: FeedLease;
}

export interface FeedsStore {
  /** Stores a new feed unless the server already follows its URL or has `limit` feeds. */
  create(feed: NewFeed, options: CreateFeedOptions): Promise<CreateFeedResult>;
  /** A feed by id (not one being removed). */
  get(id: string): Promise<Feed | undefined>;
  /** A server's feeds, or the global ones with null, oldest first (not those being removed). */
  list(guildId: string | null): Promise<Feed[]>;
  /** Every feed, global ones first, then by server, oldest first (not those being removed). */
  listAll(): Promise<Feed[]>;
  /** How many articles each feed has imported (feeds without any are left out). */
  articleCounts(ids: readonly string[]): Promise<Map<string, number>>;
  /** Records an entry's pending identities (see EntryRecord); known identities are left as they are. */
  recordPending(feedId: string, records: readonly EntryRecord[]): Promise<void>;
  /** The records of these identities of the feed (pending ones included). */
  knownEntries(feedId: string, identities: readonly string[]): Promise<Map<string, EntryRecord>>;
  /** The feed's article ids in id order after `after`, a page at a time (for removing them). */
  articleIds(feedId: string, after: string, limit: number): Promise<string[]>;
  /** Updates the feed outside a lease (notice flags); a no-op for an unknown id. */
  update(id: string, patch: FeedPatch): Promise<void>;
  /** Marks the feed as being removed: it leaves every list at once. False when there is no such feed. */
  markRemoved(id: string, now: Date): Promise<boolean>;
  /** Deletes a feed being removed, with its entry records, while leased to `owner`. */
  purge(id: string, owner: string): Promise<boolean>;

  // The lease protocol, as for schedules: `owner` names the process, `now` comes from its clock.

  /**
   * Takes up to `limit` free feeds (not leased, or whose lease expired) that are due for a fetch or
   * being removed, earliest first, leasing each to `owner` until now + leaseMs. Two processes calling at
   * once never get the same feed.
   */
  claimDue(now: Date, owner: string, leaseMs: number, limit: number): Promise<Feed[]>;
  /** Leases one feed, due or not, unless another process holds it now. */
  leaseOne(id: string, now: Date, owner: string, leaseMs: number): Promise<Feed | undefined>;
  /** Extends the lease; false when it is no longer ours. */
  renewLease(id: string, owner: string, until: Date): Promise<boolean>;
  /** Gives the feed back unchanged; a no-op when not ours. */
  releaseLease(id: string, owner: string): Promise<void>;
  /**
   * Applies a fetch's outcome, records the entries it imported and ends the lease, in one transaction,
   * only while the lease is ours. False (nothing written) when another process took the feed over.
   */
  finishFetch(id: string, owner: string, patch: FeedPatch, records: readonly EntryRecord[]): Promise<boolean>;
  /** The earliest time this process could take a feed: its due time, or the end of another's lease on it. */
  nextDueAt(): Promise<Date | undefined>;
}
