// Turns one article file (name, bytes, modification time) into an Article or a reason to skip it.
// Pure: no file system access, so every bad-file case is a table test.
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { type Article, isValidArticleId } from './article.js';
import { markdownToPlain } from './markdown.js';
import { parseSimpleFrontMatter } from './simple-front-matter.js';

export const DEFAULT_MAX_ARTICLE_BYTES = 1024 * 1024;
export const ARTICLE_EXTENSIONS = ['.txt', '.md'] as const;

/**
 * A parsed article, or the reason to skip the file. `undated` says the file gave no published time, so
 * `publishedAt` holds the placeholder passed in until the bot dates it by its first sighting.
 */
export type ParseResult = { ok: true; article: Article; undated: boolean } | { ok: false; reason: string };

const httpUrl = z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).max(2000);
const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);

const frontMatterSchema = z
  .object({
    title: text(1000).optional(),
    url: httpUrl.optional(),
    source: text(200).optional(),
    author: text(200).optional(),
    published: z
      .union([z.iso.datetime({ offset: true }), z.iso.date(), z.date()], {
        message: 'must be an ISO date such as 2026-10-14 or 2026-10-14T08:30:00Z',
      })
      .transform((value) => (value instanceof Date ? value : new Date(value)))
      .optional(),
    tags: z
      .union([text(50), z.array(text(50)).max(50, 'must list at most 50 tags')])
      .transform((value) => (typeof value === 'string' ? [value] : value))
      .optional(),
    image: httpUrl.optional(),
  })
  .strict();

export function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(dot).toLowerCase() : '';
}

/** The article id for a file name, or undefined when the file is not an article file. */
export function articleIdFromFileName(fileName: string): string | undefined {
  const extension = extensionOf(fileName);
  if (!(ARTICLE_EXTENSIONS as readonly string[]).includes(extension)) return undefined;
  return fileName.slice(0, -extension.length);
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Uint8Array): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

// Control characters other than tab, line feed and carriage return do not occur in prose.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

function splitFrontMatter(source: string): { yaml?: string; rest: string } | { error: string } {
  if (!source.startsWith('---\n')) return { rest: source };
  const end = source.indexOf('\n---', 3);
  if (end === -1) return { error: 'front matter has no closing --- line' };
  const afterFence = source.indexOf('\n', end + 4);
  const closing = source.slice(end + 4, afterFence === -1 ? undefined : afterFence);
  if (closing.trim() !== '') return { error: 'front matter closing line must be exactly ---' };
  return { yaml: source.slice(4, end + 1), rest: afterFence === -1 ? '' : source.slice(afterFence + 1) };
}

function parseFrontMatter(yamlText: string): z.output<typeof frontMatterSchema> | string {
  let data: unknown = parseSimpleFrontMatter(yamlText);
  try {
    data ??= parseYaml(yamlText, { maxAliasCount: 10 }) ?? {};
  } catch (error) {
    return `front matter is not valid YAML (${(error as Error).message.split('\n')[0]})`;
  }
  if (typeof data !== 'object' || Array.isArray(data)) return 'front matter must be a list of key: value lines';
  const result = frontMatterSchema.safeParse(data);
  if (result.success) return result.data;
  return (
    'front matter: ' +
    result.error.issues
      .map((issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`
          : `${issue.path.join('.')} ${issue.message}`,
      )
      .join('; ')
  );
}

// Whitespace that is not a single space: a tab, a no-break space, two spaces in a row.
const ODD_SPACE = /[^\S ]| {2}/;

/**
 * A copy of `text` that holds only its own characters. V8 keeps a substring as a view into the string
 * it was cut from, so a front-matter value would otherwise keep the whole file's text in memory for as
 * long as the article is loaded. JSON round-trips every string exactly, lone surrogates included.
 */
function detach(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}

/** Paragraphs separated by blank lines; lines inside a paragraph are joined with a space. */
function normaliseBody(lines: string[]): string {
  const paragraphs: string[] = [];
  let current: string[] = [];
  for (const line of lines) {
    const trimmed = line.trim();
    // Most lines have single spaces only; skipping the replace for them saves a fifth of parsing time.
    if (trimmed) current.push(ODD_SPACE.test(trimmed) ? trimmed.replace(/\s+/g, ' ') : trimmed);
    else if (current.length) {
      paragraphs.push(current.join(' '));
      current = [];
    }
  }
  if (current.length) paragraphs.push(current.join(' '));
  return paragraphs.join('\n\n');
}

export interface ParseInput {
  fileName: string;
  bytes: Uint8Array;
  modifiedAt: Date;
  maxBytes?: number;
}

export function parseArticleFile({ fileName, bytes, modifiedAt, maxBytes = DEFAULT_MAX_ARTICLE_BYTES }: ParseInput): ParseResult {
  const id = articleIdFromFileName(fileName);
  if (id === undefined) return { ok: false, reason: `not an article file (expected ${ARTICLE_EXTENSIONS.join(' or ')})` };
  if (!isValidArticleId(id)) {
    return { ok: false, reason: 'file name must be 1 to 100 letters, digits, "_" or "-" before the extension' };
  }
  if (bytes.length > maxBytes) return { ok: false, reason: `file is ${bytes.length} bytes, over the ${maxBytes}-byte limit` };
  if (bytes.length === 0) return { ok: false, reason: 'file is empty' };
  if (bytes.includes(0)) return { ok: false, reason: 'file is binary (contains NUL bytes)' };
  const decoded = decode(bytes);
  if (decoded === undefined) return { ok: false, reason: 'file is not valid UTF-8' };
  if (CONTROL.test(decoded)) return { ok: false, reason: 'file contains control characters (binary?)' };

  const source = decoded.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const isMarkdown = extensionOf(fileName) === '.md';
  const split = isMarkdown ? splitFrontMatter(source) : { rest: source };
  if ('error' in split) return { ok: false, reason: split.error };
  const meta = split.yaml === undefined ? {} : parseFrontMatter(split.yaml);
  if (typeof meta === 'string') return { ok: false, reason: meta };

  const lines = split.rest.split('\n');
  while (lines.length && !lines[0]!.trim()) lines.shift();
  const firstLine = (lines.shift() ?? '').trim();
  const plainFirstLine = isMarkdown ? markdownToPlain(firstLine.replace(/^#{1,6}\s+/, '')) : firstLine;
  const title = meta.title ?? plainFirstLine;
  if (!title) return { ok: false, reason: 'no title (the first line must be the title)' };
  // When front matter names the title, the first line may repeat it; do not count it twice as body text.
  if (meta.title && plainFirstLine !== meta.title) lines.unshift(firstLine);
  const body = normaliseBody(isMarkdown ? markdownToPlain(lines.join('\n')).split('\n') : lines);
  if (!body.trim()) return { ok: false, reason: 'no body text after the title' };
  if (meta.published && Number.isNaN(meta.published.getTime())) {
    return { ok: false, reason: 'front matter: published is not a real date' };
  }

  const article: Article = {
    id,
    title: detach(title.replace(/\s+/g, ' ')),
    body,
    publishedAt: meta.published ?? modifiedAt,
    tags: (meta.tags ?? []).map(detach),
  };
  if (meta.url) article.url = detach(meta.url);
  if (meta.source) article.source = detach(meta.source);
  if (meta.author) article.author = detach(meta.author);
  if (meta.image) article.image = detach(meta.image);
  return { ok: true, article, undated: meta.published === undefined };
}
