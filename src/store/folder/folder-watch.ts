// Starts the folder as a catalog source: the watcher first (so nothing written during the first sync is
// missed), then the full sync in the background. The bot serves from the catalog meanwhile. Events for
// one file are coalesced for `debounceMs`, so a file written in several chunks is read once, complete;
// an event without a file name (the watcher lost track) asks for a full sync.
import { type FSWatcher, watch } from 'node:fs';
import { FolderSync, type FolderSyncOptions, type SyncTotals } from './folder-sync.js';

export interface FolderSource {
  sync: FolderSync;
  /** Settles when the first full sync has finished (its figures are logged too). */
  synced: Promise<SyncTotals | undefined>;
  /** Settles when every change seen so far has been applied (for tests and shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export function startFolderSource(options: FolderSyncOptions & { debounceMs?: number; watch?: boolean }): FolderSource {
  const { dir, logger, debounceMs = 75 } = options;
  const sync = new FolderSync(options);
  const timers = new Map<string, NodeJS.Timeout>();
  let watcher: FSWatcher | undefined;

  const onEvent = (name: string | null): void => {
    const key = name ?? '';
    clearTimeout(timers.get(key));
    timers.set(
      key,
      setTimeout(() => {
        timers.delete(key);
        if (name === null) void sync.syncAll().catch((error: unknown) => logger.error({ err: error, dir }, 'syncing the articles folder failed'));
        else sync.queue(name);
      }, debounceMs),
    );
  };

  const synced = sync.syncAll().catch((error: unknown) => {
    logger.error({ err: error, dir }, 'syncing the articles folder failed; the catalog keeps what it has');
    return undefined;
  });
  const startWatching = (): void => {
    watcher = watch(dir, { persistent: false }, (_event, name) => onEvent(name ? String(name) : null));
    watcher.on('error', (error) => logger.error({ err: error, dir }, 'watching the articles folder failed; restart to resume'));
  };
  if (options.watch !== false) {
    try {
      startWatching();
    } catch {
      // A missing folder is created by the sync; watch it once that is done.
      void synced.then(() => {
        try {
          startWatching();
        } catch (error) {
          logger.error({ err: error, dir }, 'cannot watch the articles folder; changes need a restart');
        }
      });
    }
  }

  return {
    sync,
    synced,
    async idle() {
      while (timers.size > 0) await new Promise((resolve) => setTimeout(resolve, debounceMs));
      await sync.idle();
    },
    /** Stops watching and lets a running import end after its current batch (the next start resumes it). */
    async close() {
      watcher?.close();
      for (const timer of timers.values()) clearTimeout(timer);
      timers.clear();
      sync.stop();
      await sync.idle();
    },
  };
}
