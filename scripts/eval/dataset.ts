// Loads summary evaluation sets. Two layouts: a folder with articles/<id>.txt and references/<id>.txt
// (one reference sentence per line, optional order.txt listing the ids), as public summary sets are
// shared, and the project's own bench/summaries (<name>.txt beside <name>.ref.txt).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ArticleText } from '../../src/core/summarizer.js';

export interface EvalItem extends ArticleText {
  id: string;
  /** Reference summary sentences, one per line of the reference file. */
  reference: string[];
}

/** Title on the first line, then the body (the bot's .txt article format). */
export function parseArticleText(text: string): ArticleText {
  const normalized = text.replace(/\r\n?/g, '\n');
  const newline = normalized.indexOf('\n');
  return {
    title: (newline === -1 ? normalized : normalized.slice(0, newline)).trim(),
    body: newline === -1 ? '' : normalized.slice(newline + 1).trim(),
  };
}

function referenceLines(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** A folder with articles/ and references/; ids come from order.txt when present, else sorted file names. */
export function loadFolder(dir: string): EvalItem[] {
  const articles = join(dir, 'articles');
  const references = join(dir, 'references');
  if (!existsSync(articles) || !existsSync(references)) throw new Error(`${dir} needs articles/ and references/ folders`);
  const orderFile = join(dir, 'order.txt');
  const ids = existsSync(orderFile)
    ? referenceLines(readFileSync(orderFile, 'utf8'))
    : readdirSync(articles)
        .filter((file) => file.endsWith('.txt'))
        .map((file) => file.slice(0, -'.txt'.length))
        .sort();
  return ids.map((id) => ({
    id,
    ...parseArticleText(readFileSync(join(articles, `${id}.txt`), 'utf8')),
    reference: referenceLines(readFileSync(join(references, `${id}.txt`), 'utf8')),
  }));
}

/** The project's bench/summaries: "<name>.txt" articles beside "<name>.ref.txt" references. */
export function loadBenchFolder(dir: string): EvalItem[] {
  return readdirSync(dir)
    .filter((file) => file.endsWith('.txt') && !file.endsWith('.ref.txt'))
    .sort()
    .map((file) => {
      const id = file.slice(0, -'.txt'.length);
      return {
        id,
        ...parseArticleText(readFileSync(join(dir, file), 'utf8')),
        reference: referenceLines(readFileSync(join(dir, `${id}.ref.txt`), 'utf8')),
      };
    });
}
