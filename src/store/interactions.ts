// Which interactions have been handled. When two bot processes receive the same interaction (two
// shards' sessions overlapping during a restart, or a redelivery), only the first to claim its id may
// answer it and change anything; the database's unique key decides, so it holds across processes.

export interface InteractionsStore {
  /** True for the first caller with this id, false for every later one, in any process. */
  claim(interactionId: string, at: Date): Promise<boolean>;
  /** Forgets claims older than `olderThan` (Discord gives up on an interaction after 15 minutes); returns how many. */
  prune(olderThan: Date): Promise<number>;
}
