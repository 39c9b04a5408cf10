// The stored shape of a schedule and what its runs report, plus the store interfaces in front of the
// database. Asynchronous, like GuildSettingsStore, so another backend can implement them.
import type { TargetOptions } from '../discord/target.js';
import type { ScheduleRule } from './rules.js';

export type RunResult =
  | { kind: 'posted'; count: number; skipped?: number; unconfirmed?: number }
  | { kind: 'nothing-new'; skipped?: number; unconfirmed?: number }
  | { kind: 'retrying'; reason: string; attempts: number }
  | { kind: 'paused'; reason: string };

export interface Schedule {
  id: string;
  guildId: string;
  channelId: string;
  /** What the channel is (channel, forum or thread) and how posts go there; fixed when added. */
  target: TargetOptions;
  rule: ScheduleRule;
  count: number;
  query: string | null;
  createdAt: Date;
  /**
   * Articles first seen after this instant are new to the schedule. It is the creation time; for a
   * schedule stored by an older version it is null until its next run sets it, so an upgrade never
   * turns the whole library into "new".
   */
  newSince: Date | null;
  /** Existing articles the first run still has to post (the `backfill` option); 0 once done. */
  backfill: number;
  /** The slot the schedule runs at next (its cadence). */
  nextRunAt: Date;
  /** An earlier retry after a transient failure, when set. */
  retryAt: Date | null;
  failures: number;
  pausedReason: string | null;
  pauseNotified: boolean;
  /** Why the server could not be told about the pause, when it could not. */
  noticeError: string | null;
  /** The run (by its slot) whose mention role ping went out; that run pings no more, in any process. */
  mentionedFor?: Date | null;
  /** Where the catalog's queue of new articles resumes for this schedule (opaque; see store/catalog). */
  queueCursor?: string | null;
  lastRunAt: Date | null;
  lastResult: RunResult | null;
  /**
   * The process running the schedule now, and until when its lease holds; null when none is. Only the
   * lease methods change it. Optional so that a schedule built by hand (a test, a preview) needs none.
   */
  lease?: ScheduleLease | null;
}

export interface ScheduleLease {
  owner: string;
  until: Date;
}

/** A schedule to store; without a target it posts plain messages into its channel. */
export type NewSchedule = Pick<Schedule, 'id' | 'guildId' | 'channelId' | 'rule' | 'count' | 'query' | 'createdAt' | 'nextRunAt' | 'backfill'> & { target?: TargetOptions };

export type SchedulePatch = Partial<Omit<Schedule, 'id' | 'guildId' | 'createdAt' | 'lease'>>;

export interface SchedulesStore {
  /** Stores a new schedule; false when its id is taken (ids are random and short, so the caller draws again). */
  create(schedule: NewSchedule): Promise<boolean>;
  get(guildId: string, id: string): Promise<Schedule | undefined>;
  /** A schedule by id alone (the CLI, which works across servers). */
  find(id: string): Promise<Schedule | undefined>;
  listByGuild(guildId: string): Promise<Schedule[]>;
  listAll(): Promise<Schedule[]>;
  countByGuild(guildId: string): Promise<number>;
  remove(guildId: string, id: string): Promise<boolean>;
  /** Active schedules whose slot or retry time has come, earliest first. */
  due(now: Date, limit: number): Promise<Schedule[]>;
  /**
   * The earliest time this process could take an active schedule, for the timer: its due time, or the
   * end of another process's lease on it when that is later.
   */
  nextDueAt(): Promise<Date | undefined>;
  update(id: string, patch: SchedulePatch): Promise<void>;
  /** How many schedules are paused (for /metrics). */
  countPaused(): Promise<number>;

  // The lease protocol. Several processes may share one database; a due run must be taken by exactly
  // one of them, and a process that dies mid-run must not keep the schedule from running. `owner` names
  // the process (unique per process start); `now` comes from the caller's clock.

  /**
   * Takes up to `limit` active schedules that are due and not leased (or whose lease has expired),
   * earliest first, leasing each to `owner` until now + leaseMs. Two processes calling at once never
   * get the same schedule.
   */
  claimDue(now: Date, owner: string, leaseMs: number, limit: number): Promise<Schedule[]>;
  /**
   * Leases one schedule, due or not (a run asked for by hand), unless another process holds it now.
   * Undefined when it does, or when the schedule is gone.
   */
  leaseOne(id: string, now: Date, owner: string, leaseMs: number): Promise<Schedule | undefined>;
  /** Extends the lease while a long run goes on; false when it is no longer ours (it expired and was taken over). */
  renewLease(id: string, owner: string, until: Date): Promise<boolean>;
  /**
   * Applies the run's outcome and ends the lease in one step, only while the lease is still ours. False
   * when another process took the schedule over: the patch is dropped, since that process now decides.
   */
  finishRun(id: string, owner: string, patch: SchedulePatch): Promise<boolean>;
  /** Gives the schedule back without changing it (stopping before the run began); a no-op when not ours. */
  releaseLease(id: string, owner: string): Promise<void>;
}

export type DeliveryState = 'pending' | 'sent' | 'skipped';

export interface Delivery {
  channelId: string;
  articleId: string;
  scheduleId: string | null;
  nonce: string;
  state: DeliveryState;
  claimedAt: Date;
  /** Set as soon as the post exists, even while later steps (a thread) keep the claim pending. */
  messageId: string | null;
  /** A forum post's thread, or the discussion thread opened on the message. */
  threadId: string | null;
  /** When the post was crossposted to following servers. */
  publishedAt: Date | null;
  /** Why a skipped article was not posted. */
  reason: string | null;
  /** The role this post pings; a resend carries the same. */
  mentionRoleId?: string | null;
}

/** What exists of a post: its message and, for forum posts and discussion threads, its thread. */
export interface PostProgress {
  messageId: string;
  threadId: string | null;
}

/** A post to crosspost once its channel's publish limit allows. */
export interface PublishRequest {
  guildId: string | null;
  scheduleId: string | null;
  articleId: string;
}

export type NewClaim = Pick<Delivery, 'channelId' | 'articleId' | 'scheduleId' | 'nonce' | 'claimedAt'> & { mentionRoleId?: string | null };

export interface DeliveriesStore {
  /** Article ids already sent to the channel, claimed for sending, or skipped there for good. */
  claimedArticleIds(channelId: string): Promise<Set<string>>;
  /** Claims that were recorded but never confirmed (a crash, or a transient failure). */
  pending(channelId: string): Promise<Delivery[]>;
  get(channelId: string, articleId: string): Promise<Delivery | undefined>;
  /** Records the intent to send; false when the pair is already claimed (by anyone). */
  claim(claim: NewClaim): Promise<boolean>;
  /**
   * The claim's post is complete. With `publish`, the post joins its channel's publish queue in the same
   * transaction, so a crash cannot leave it sent but never published.
   */
  markSent(channelId: string, articleId: string, messageId: string, at: Date, extra?: { threadId?: string | null; publish?: PublishRequest }): Promise<void>;
  /** Records what exists of a claim's post while later steps are still to be done. */
  recordProgress(channelId: string, articleId: string, progress: PostProgress): Promise<void>;
  /** Records a post made outside a schedule (/news post), unless the pair is already recorded. */
  recordSent(claim: NewClaim, messageId: string): Promise<void>;
  /** Discord refused this one article for good: it is never tried again in this channel. */
  markSkipped(channelId: string, articleId: string, reason: string): Promise<void>;
  /** Drops a pending claim after Discord refused the message outright; never one whose post exists. */
  release(channelId: string, articleId: string): Promise<void>;
  /** How many claims are pending across every channel (for /metrics). */
  countPending(): Promise<number>;
}

export type AttemptOutcome = 'pending' | 'posted' | 'skipped' | 'failed' | 'unconfirmed';

/** One try at delivering one article, as "why wasn't it posted?" shows it. */
export interface Attempt {
  id: number;
  scheduleId: string | null;
  guildId: string | null;
  channelId: string;
  articleId: string;
  at: Date;
  outcome: AttemptOutcome;
  messageId: string | null;
  /** Discord's error code, for failures and skips. */
  code: number | null;
  reason: string | null;
}

export type AttemptResult = Pick<Attempt, 'outcome'> & Partial<Pick<Attempt, 'messageId' | 'code' | 'reason'>>;

export interface DeliveryLog {
  /** Opens an attempt as pending; the returned id is finished once its outcome is known. */
  start(attempt: Pick<Attempt, 'scheduleId' | 'guildId' | 'channelId' | 'articleId' | 'at'>): Promise<number>;
  finish(id: number, result: AttemptResult): Promise<void>;
  /** The newest attempts of a schedule, newest first. */
  recent(scheduleId: string, limit: number): Promise<Attempt[]>;
  /** The newest attempt for one article in one channel. */
  latestFor(channelId: string, articleId: string): Promise<Attempt | undefined>;
}

/** A post waiting in its channel's publish queue. */
export interface QueuedPublish extends PublishRequest {
  channelId: string;
  messageId: string;
  queuedAt: Date;
  /** When the channel may be tried again (its limit, or a backoff after a failure). */
  dueAt: Date;
  attempts: number;
  lastError: string | null;
  /** A publish was asked for and its outcome never recorded: check the message before asking again. */
  triedAt: Date | null;
}

/** What waits to be published for a schedule, as /schedule list shows it. */
export interface PublishBacklog {
  count: number;
  nextAt: Date | null;
  lastError: string | null;
}

/** Crossposts waiting for their channel's limit; rows survive restarts and leave once published. */
export interface PublishQueueStore {
  /** Queues a post made outside a tracked delivery (a repeated /news post); once per message. */
  enqueue(channelId: string, messageId: string, request: PublishRequest, at: Date): Promise<void>;
  /** Queued posts whose channel may be tried now, oldest first within each channel. */
  due(now: Date, limit: number): Promise<QueuedPublish[]>;
  nextDueAt(): Promise<Date | undefined>;
  /** Records that a publish is about to be asked for (see QueuedPublish.triedAt). */
  trying(channelId: string, messageId: string, at: Date): Promise<void>;
  /** Crossposted (or found already crossposted): off the queue, and its delivery says when. */
  published(channelId: string, messageId: string, at: Date): Promise<void>;
  /** A post that can never be published (it was deleted): off the queue. */
  drop(channelId: string, messageId: string): Promise<void>;
  /**
   * Not before `until` for the whole channel, so its posts keep their order. With an error, the head
   * post counts a failed try; without one, the channel waits for its publish limit (which also says
   * the head post was not published).
   */
  postpone(channelId: string, headMessageId: string, until: Date, error: string | null): Promise<void>;
  backlog(scheduleId: string): Promise<PublishBacklog>;
  find(channelId: string, messageId: string): Promise<QueuedPublish | undefined>;
}
