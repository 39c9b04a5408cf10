// The bot processes sharing one database, each seen recently. They share one bot token, and so
// Discord's global limit on requests per second: each takes its share (see discord/pacer.ts).

export interface InstancesStore {
  /** Records that `owner` is alive at `at`. */
  beat(owner: string, at: Date): Promise<void>;
  /** How many processes were seen since `since` (at least the caller, once it has beaten). */
  countSince(since: Date): Promise<number>;
  /** Forgets a process that stops cleanly, so the others take its share at once. */
  leave(owner: string): Promise<void>;
}
