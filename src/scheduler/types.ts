// The stored shape of a schedule and what its runs report, plus the store interfaces in front of
// SQLite. Asynchronous, like GuildSettingsStore, so another backend can implement them.
import type { ScheduleRule } from './rules.js';

export type RunResult =
  | { kind: 'posted'; count: number }
  | { kind: 'nothing-new' }
  | { kind: 'retrying'; reason: string; attempts: number }
  | { kind: 'paused'; reason: string };

export interface Schedule {
  id: string;
  guildId: string;
  channelId: string;
  rule: ScheduleRule;
  count: number;
  query: string | null;
  createdAt: Date;
  /** The slot the schedule runs at next (its cadence). */
  nextRunAt: Date;
  /** An earlier retry after a transient failure, when set. */
  retryAt: Date | null;
  failures: number;
  pausedReason: string | null;
  pauseNotified: boolean;
  lastRunAt: Date | null;
  lastResult: RunResult | null;
}

export type NewSchedule = Pick<Schedule, 'id' | 'guildId' | 'channelId' | 'rule' | 'count' | 'query' | 'createdAt' | 'nextRunAt'>;

export interface SchedulesStore {
  create(schedule: NewSchedule): Promise<void>;
  get(guildId: string, id: string): Promise<Schedule | undefined>;
  listByGuild(guildId: string): Promise<Schedule[]>;
  countByGuild(guildId: string): Promise<number>;
  remove(guildId: string, id: string): Promise<boolean>;
  /** Active schedules whose slot or retry time has come, earliest first. */
  due(now: Date, limit: number): Promise<Schedule[]>;
  /** The earliest time any active schedule is due, for the timer. */
  nextDueAt(): Promise<Date | undefined>;
  update(id: string, patch: Partial<Omit<Schedule, 'id' | 'guildId' | 'createdAt'>>): Promise<void>;
}

export interface Delivery {
  channelId: string;
  articleId: string;
  nonce: string;
  state: 'pending' | 'sent';
  claimedAt: Date;
}

export interface DeliveriesStore {
  /** Article ids already sent to the channel or claimed for sending. */
  claimedArticleIds(channelId: string): Promise<Set<string>>;
  /** Claims that were recorded but never confirmed (a crash, or a transient failure). */
  pending(channelId: string): Promise<Delivery[]>;
  /** Records the intent to send; false when the pair is already claimed (by anyone). */
  claim(delivery: Omit<Delivery, 'state'> & { scheduleId: string | null }): Promise<boolean>;
  markSent(channelId: string, articleId: string, messageId: string, at: Date): Promise<void>;
  /** Drops a pending claim after Discord refused the message outright (nothing was posted). */
  release(channelId: string, articleId: string): Promise<void>;
}
