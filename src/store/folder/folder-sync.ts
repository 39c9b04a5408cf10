// The articles folder as a source for the catalog. A full sync compares the listed size and time of
// every file with the stored record and applies only the differences, a batch per transaction, so a
// restart over an unchanged folder reads no file, and an interrupted import resumes where its last
// committed batch ended. Changes the watcher reports are applied between batches, so a file added
// during a long first import is searchable at once. Everything runs one step at a time, in order.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEvents } from 'node:timers/promises';
import { DEFAULT_MAX_ARTICLE_BYTES } from '../../core/parse-article.js';
import type { Logger } from '../../logger.js';
import type { ArticleCatalog } from '../catalog/types.js';
import { type FileReader, syncReader } from './folder-files.js';
import { isIgnored, listFolder, listNames, realFolder, statEntry } from './folder-listing.js';
import { type ChunkEntry, planChunk } from './folder-plan.js';

export const FOLDER_ORIGIN = 'folder';

export type FolderChange = { kind: 'added' | 'updated' | 'removed'; id: string } | { kind: 'skipped'; file: string; reason: string };

export interface FolderSyncOptions {
  dir: string;
  logger: Logger;
  catalog: ArticleCatalog;
  clock?: { now(): Date };
  maxBytes?: number;
  reader?: FileReader;
  onChange?: (change: FolderChange) => void;
  /** Files per transaction: larger is faster to import, smaller keeps each pause of the event loop short. */
  batchSize?: number;
  progressEveryMs?: number;
}

export interface SyncTotals {
  files: number;
  added: number;
  updated: number;
  removed: number;
  skipped: number;
  ms: number;
}

export class FolderSync {
  private readonly pending = new Set<string>();
  private work: Promise<unknown> = Promise.resolve();
  private inFullSync = false;
  private stopped = false;
  private realDir: string | undefined;

  constructor(private readonly options: FolderSyncOptions) {}

  /** Brings the catalog in line with the whole folder (at start, and when the watcher loses track). */
  syncAll(): Promise<SyncTotals> {
    const run = this.work.then(() => this.runFullSync());
    this.work = run.catch(() => undefined);
    return run;
  }

  /** Queues file names the watcher saw change; applied in order, between batches of a running full sync. */
  queue(name: string): void {
    if (isIgnored(name) || this.stopped) return;
    this.pending.add(name);
    if (!this.inFullSync) this.work = this.work.then(() => this.flushPending());
  }

  /**
   * Stops a running full sync after the batch in hand and ignores what is queued from now on. What was
   * committed stays; the next start carries on from there.
   */
  stop(): void {
    this.stopped = true;
    this.pending.clear();
  }

  /** Settles once everything queued so far has been applied. */
  async idle(): Promise<void> {
    while (true) {
      const current = this.work;
      await current;
      if (current === this.work && this.pending.size === 0) return;
    }
  }

  private async runFullSync(): Promise<SyncTotals> {
    const { dir, logger, catalog, progressEveryMs = 5000, batchSize = 200 } = this.options;
    const started = performance.now();
    const totals: SyncTotals = { files: 0, added: 0, updated: 0, removed: 0, skipped: 0, ms: 0 };
    this.inFullSync = true;
    try {
      if (!(await this.ensureFolder())) return totals;
      const firstImport = (await catalog.countSourceFiles(FOLDER_ORIGIN)) === 0;
      if (firstImport) logger.info({ dir }, 'importing the articles folder in the background; commands answer from what is imported so far');
      let matched = 0;
      let lastLog = performance.now();
      for await (const chunk of listFolder(dir, batchSize * 5)) {
        if (this.stopped) return totals;
        // One comparison for the listed chunk; a restart over an unchanged folder does nothing else.
        const { changed, known } = await catalog.compareSourceFiles(FOLDER_ORIGIN, chunk.map(({ name, size, mtimeMs }) => ({ path: name, size, mtimeMs })));
        matched += known;
        const look = new Set(changed);
        const work = chunk.filter((listed) => listed.problem !== undefined || look.has(listed.name));
        for (let at = 0; at < work.length; at += batchSize) {
          await this.apply(work.slice(at, at + batchSize).map((listed) => ({ name: listed.name, listed })), true, totals);
        }
        totals.files += chunk.length;
        await this.flushPending();
        if (performance.now() - lastLog >= progressEveryMs) {
          lastLog = performance.now();
          const seconds = (lastLog - started) / 1000;
          logger.info({ checked: totals.files, imported: totals.added + totals.updated, perSecond: Math.round((totals.added + totals.updated) / seconds) }, 'syncing the articles folder');
        }
        await yieldToEvents();
      }
      if ((await catalog.countSourceFiles(FOLDER_ORIGIN)) > matched) await this.removeVanished(totals);
    } finally {
      this.inFullSync = false;
    }
    await this.flushPending();
    totals.ms = Math.round(performance.now() - started);
    logger.info({ dir, ...totals }, 'articles folder synced');
    return totals;
  }

  /** A missing folder is created empty, so the watcher has something to watch; false when it cannot be. */
  private async ensureFolder(): Promise<boolean> {
    const { dir, logger } = this.options;
    try {
      this.realDir = realFolder(dir);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`Cannot read the articles folder ${dir}: ${(error as Error).message}`);
      logger.warn({ dir }, 'articles folder is missing; created an empty one');
      await mkdir(dir, { recursive: true });
      this.realDir = realFolder(dir);
      return true;
    }
  }

  /** Files recorded in the catalog that the folder no longer has: deleted while the bot was down. */
  private async removeVanished(totals: SyncTotals): Promise<void> {
    const names = await listNames(this.options.dir);
    for (let after = ''; ; ) {
      const page = await this.options.catalog.sourceFilePage(FOLDER_ORIGIN, after, 500);
      if (page.length === 0) return;
      after = page.at(-1)!.path;
      const gone = page.filter((file) => !names.has(file.path)).map((file): ChunkEntry => ({ name: file.path, listed: undefined }));
      if (gone.length) await this.apply(gone, true, totals);
    }
  }

  private async flushPending(): Promise<void> {
    if (this.pending.size === 0) return;
    this.realDir ??= realFolder(this.options.dir);
    const names = [...this.pending];
    this.pending.clear();
    const totals: SyncTotals = { files: 0, added: 0, updated: 0, removed: 0, skipped: 0, ms: 0 };
    try {
      await this.apply(names.map((name) => ({ name, listed: statEntry(this.options.dir, this.realDir!, name) })), false, totals, true);
    } catch (error) {
      this.options.logger.error({ err: error, files: names }, 'applying an article change failed');
    }
  }

  /** Plans and commits one batch. */
  private async apply(entries: ChunkEntry[], reconcile: boolean, totals: SyncTotals, verbose = false): Promise<void> {
    const { dir, logger, catalog, reader = syncReader, maxBytes = DEFAULT_MAX_ARTICLE_BYTES, clock, onChange } = this.options;
    const stored = await catalog.sourceFiles(FOLDER_ORIGIN, entries.map((entry) => entry.name));
    const context = { dir, realDir: this.realDir!, origin: FOLDER_ORIGIN, catalog, reader, maxBytes, now: clock?.now() ?? new Date() };
    const plan = await planChunk(context, entries, stored, reconcile);
    const result = plan.ops.length ? await catalog.applyBatch(FOLDER_ORIGIN, plan.ops) : { upserts: [], removed: [] };
    for (const { id, outcome } of result.upserts) {
      if (outcome === 'unchanged') continue;
      totals[outcome]++;
      if (verbose) logger.info({ id }, `article ${outcome}`);
      onChange?.({ kind: outcome, id });
    }
    for (const id of result.removed) {
      totals.removed++;
      if (verbose) logger.info({ id }, 'article removed');
      onChange?.({ kind: 'removed', id });
    }
    for (const { file, reason, kept } of plan.skips) {
      totals.skipped++;
      logger.warn({ file: join(dir, file), reason }, kept ? 'skipped article file; kept the previous version' : 'skipped article file');
      onChange?.({ kind: 'skipped', file, reason });
    }
  }
}
