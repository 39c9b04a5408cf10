// Decides what a chunk of folder entries changes in the catalog. Only a file whose size or time differs
// from the stored record is read, and only bytes whose hash differs are parsed. The rules:
// - a bad file is skipped with a warning; when it is an article's current file the article keeps its
//   last good version (the record stays 'indexed' with the reason, and the warning repeats at start);
// - x.md wins over x.txt: the .txt is 'shadowed', with a warning naming both, and comes back when the
//   .md goes;
// - a deleted file takes its article out of the catalog (its first sighting and deliveries stay).
import { articleIdFromFileName } from '../../core/parse-article.js';
import type { ArticleCatalog, SourceFile, SourceOp } from '../catalog/types.js';
import { type FileReader, isMarkdown, markdownSiblingExists, parseListed, readListed, siblingName } from './folder-files.js';
import { type ListedFile, statEntry } from './folder-listing.js';

export interface ChunkEntry {
  name: string;
  /** The entry as listed now; undefined when it is no longer in the folder. */
  listed: ListedFile | undefined;
}

export interface Skip {
  file: string;
  reason: string;
  /** The article this file held keeps its previous version. */
  kept: boolean;
}

export interface PlanContext {
  dir: string;
  realDir: string;
  origin: string;
  catalog: ArticleCatalog;
  reader: FileReader;
  maxBytes: number;
  now: Date;
}

export interface ChunkPlan {
  ops: SourceOp[];
  skips: Skip[];
}

type Read = { listed: ListedFile; bytes: Uint8Array; hash: string; stored: SourceFile | undefined };

const record = (listed: ListedFile, fields: Pick<SourceFile, 'hash' | 'state' | 'reason'>): { op: 'put-file'; file: SourceFile } => ({
  op: 'put-file',
  file: { path: listed.name, articleId: articleIdFromFileName(listed.name) ?? null, size: listed.size, mtimeMs: listed.mtimeMs, ...fields },
});

/** The warnings a stored record stands for, repeated at every start as a fresh read would give them. */
export function storedSkip(file: SourceFile): Skip | undefined {
  if (file.reason === null) return undefined;
  return { file: file.path, reason: file.reason, kept: file.state === 'indexed' };
}

export async function planChunk(ctx: PlanContext, entries: readonly ChunkEntry[], stored: ReadonlyMap<string, SourceFile>, reconcile: boolean): Promise<ChunkPlan> {
  const plan: ChunkPlan = { ops: [], skips: [] };
  const toParse: Read[] = [];
  for (const { name, listed } of entries) {
    const known = stored.get(name);
    if (!listed) {
      if (known) await planGone(ctx, plan, known);
      continue;
    }
    if (known && !listed.problem && known.size === listed.size && known.mtimeMs === listed.mtimeMs) {
      const skip = reconcile ? storedSkip(known) : undefined;
      if (skip) plan.skips.push(skip);
      continue;
    }
    const read = await readListed(ctx.dir, listed, ctx.reader, ctx.maxBytes);
    if (!read.ok) {
      if ('gone' in read) {
        if (known) await planGone(ctx, plan, known);
      } else await planBad(ctx, plan, listed, known, read.reason, '');
      continue;
    }
    if (known && known.hash === read.hash) {
      // Touched but unchanged: only the size and time are new.
      plan.ops.push(record(listed, { hash: known.hash, state: known.state, reason: known.reason }));
      const skip = storedSkip(known);
      if (skip) plan.skips.push(skip);
      continue;
    }
    toParse.push({ listed, bytes: read.bytes, hash: read.hash, stored: known });
  }
  for (const read of toParse) await planParsed(ctx, plan, read);
  return plan;
}

async function planBad(ctx: PlanContext, plan: ChunkPlan, listed: ListedFile, known: SourceFile | undefined, reason: string, hash: string): Promise<void> {
  const kept = known?.state === 'indexed';
  plan.ops.push(record(listed, { hash, state: kept ? 'indexed' : 'bad', reason }));
  plan.skips.push({ file: listed.name, reason, kept });
  // A .md file that never held the article does not keep the .txt file out.
  const sibling = !kept && isMarkdown(listed.name) ? siblingName(listed.name) : undefined;
  if (sibling && (await storedFile(ctx, sibling))?.state === 'shadowed') await takeOver(ctx, plan, sibling);
}

async function storedFile(ctx: PlanContext, name: string): Promise<SourceFile | undefined> {
  return (await ctx.catalog.sourceFiles(ctx.origin, [name])).get(name);
}

/** The .md file that wins over this .txt file: one in the folder that is not known to be bad. */
async function winningMarkdown(ctx: PlanContext, name: string): Promise<string | undefined> {
  const markdown = markdownSiblingExists(ctx.dir, ctx.realDir, name);
  if (!markdown) return undefined;
  return (await storedFile(ctx, markdown))?.state === 'bad' ? undefined : markdown;
}

async function planParsed(ctx: PlanContext, plan: ChunkPlan, { listed, bytes, hash, stored }: Read): Promise<void> {
  const parsed = parseListed(listed, bytes, ctx.maxBytes);
  if (!parsed.ok) return planBad(ctx, plan, listed, stored, parsed.reason, hash);
  const winner = await winningMarkdown(ctx, listed.name);
  if (winner) {
    const reason = `${winner} has the same article id and is used instead`;
    plan.ops.push(record(listed, { hash, state: 'shadowed', reason }));
    plan.skips.push({ file: listed.name, reason, kept: false });
    return;
  }
  plan.ops.push({ op: 'put-article', incoming: { article: parsed.article, seenAt: ctx.now, undated: parsed.undated } });
  plan.ops.push(record(listed, { hash, state: 'indexed', reason: null }));
  const sibling = isMarkdown(listed.name) ? siblingName(listed.name) : undefined;
  const other = sibling ? await storedFile(ctx, sibling) : undefined;
  if (other?.state === 'indexed') {
    const reason = `${listed.name} has the same article id and is used instead`;
    plan.ops.push({ op: 'put-file', file: { ...other, state: 'shadowed', reason } });
    plan.skips.push({ file: other.path, reason, kept: false });
  }
}

/** The other file for an id becomes the article's file; false when it is missing or bad. */
async function takeOver(ctx: PlanContext, plan: ChunkPlan, name: string): Promise<boolean> {
  const listed = statEntry(ctx.dir, ctx.realDir, name);
  const id = articleIdFromFileName(name);
  if (!listed || !id) return false;
  const read = await readListed(ctx.dir, listed, ctx.reader, ctx.maxBytes);
  if (!read.ok) return false;
  const parsed = parseListed(listed, read.bytes, ctx.maxBytes);
  if (!parsed.ok) {
    plan.ops.push(record(listed, { hash: read.hash, state: 'bad', reason: parsed.reason }));
    plan.skips.push({ file: listed.name, reason: parsed.reason, kept: false });
    return false;
  }
  plan.ops.push({ op: 'put-article', incoming: { article: parsed.article, seenAt: ctx.now, undated: parsed.undated } });
  plan.ops.push(record(listed, { hash: read.hash, state: 'indexed', reason: null }));
  return true;
}

/** A file left the folder: its record goes, and its article too unless the other file for the id takes over. */
async function planGone(ctx: PlanContext, plan: ChunkPlan, known: SourceFile): Promise<void> {
  plan.ops.push({ op: 'drop-file', path: known.path });
  if (known.state !== 'indexed' || !known.articleId) return;
  const sibling = siblingName(known.path);
  if (!sibling || !(await takeOver(ctx, plan, sibling))) plan.ops.push({ op: 'drop-article', id: known.articleId });
}
