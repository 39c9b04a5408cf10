// A source file's record as both backends store it (the PostgreSQL side reads its size as a number).
import type { SourceFile } from './types.js';

export interface SourceFileRow {
  path: string;
  article_id: string | null;
  size: number;
  mtime_ms: number;
  hash: string;
  state: SourceFile['state'];
  reason: string | null;
}

export function toSourceFile(row: SourceFileRow): SourceFile {
  return { path: row.path, articleId: row.article_id, size: row.size, mtimeMs: row.mtime_ms, hash: row.hash, state: row.state, reason: row.reason };
}
