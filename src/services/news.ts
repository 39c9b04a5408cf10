// What the /news commands and the CLI do, without Discord: find articles in the catalog, summarize,
// search and lay out the resulting messages. Both the slash commands and `npm run news` call these, so
// the CLI's --json output is exactly what the bot sends. Every question carries a scope: a server sees
// the articles visible everywhere and its own feeds' articles.
import type { Article } from '../core/article.js';
import type { ArticleRef } from '../core/custom-ids.js';
import { buildLatestMessage, buildReadMessage, buildSearchMessage, buildSummaryMessage, type ListedArticle, type Style } from '../core/layout.js';
import { LIMITS, truncate } from '../core/limits.js';
import { escapeDiscordText } from '../core/markdown.js';
import type { MessagePayload } from '../core/payload.js';
import { sentencesWithoutSpoilers } from '../core/spoilers.js';
import { clampCount, lead, summarize, SUMMARIZER_VERSION } from '../core/summarizer.js';
import { foldTerm } from '../core/terms.js';
import { UserError } from '../errors.js';
import type { ArticleCatalog, CatalogArticle, Scope, SummaryStore } from '../store/catalog/types.js';
import { type ModelSummaries, summaryFooterLabel } from '../summaries/model-summaries.js';

export { DEFAULT_SENTENCES, MAX_SENTENCES } from '../core/summarizer.js';
export const MIN_SENTENCES = 1;
export const MAX_LATEST = 10;
export const SEARCH_RESULTS = 5;

/** Per-server look and length; the defaults apply outside servers and in the CLI. */
export interface NewsStyle extends Style {
  summarySentences: number;
}

export interface Choice {
  name: string;
  value: string;
}

/** How answers point to other commands: slash commands in Discord, `npm run news --` in the CLI. */
export interface Wording {
  /** Where to look for an article id. */
  findHint: string;
}

export const SLASH_WORDING: Wording = { findHint: 'Try `/news search` or `/news latest` to find one.' };

/** Stored extractive summaries are kept per summarizer version: an upgrade never serves the old choice. */
export const EXTRACTIVE_KIND = `extractive-v${SUMMARIZER_VERSION}`;

/** Lets a slow summary keep an interaction alive (see summaries/within-deadline.ts). */
export type Defer = () => Promise<unknown>;

export class NewsService {
  /** True while the articles folder is being brought into the catalog (see followImport). */
  private importing = false;

  constructor(
    readonly catalog: ArticleCatalog,
    private readonly summaries: SummaryStore,
    private readonly model?: ModelSummaries,
    private readonly wording: Wording = SLASH_WORDING,
  ) {}

  /** The extractive summary, computed once per article version and length and kept in the database. */
  async summarySentences(article: CatalogArticle, count: number): Promise<string[]> {
    const k = clampCount(count);
    const stored = await this.summaries.get(article.id, article.contentHash, EXTRACTIVE_KIND, k);
    if (stored) return stored;
    const sentences = summarize(article, k);
    await this.summaries.put(article.id, article.contentHash, EXTRACTIVE_KIND, k, sentences);
    return sentences;
  }

  /** The article with this id, or a UserError that suggests close matches. */
  async find(id: string, scope: Scope): Promise<CatalogArticle> {
    const trimmed = id.trim();
    const article = await this.catalog.get(trimmed, scope);
    if (article) return article;
    const close = await this.catalog.suggest(trimmed, 3, scope);
    const shown = escapeDiscordText(truncate(trimmed, 100)) || 'that';
    const hint = close.length
      ? ` Did you mean ${close.map((match) => `\`${match.id}\` (${escapeDiscordText(truncate(match.title, 60))})`).join(', ')}?`
      : ` ${this.wording.findHint}`;
    const arriving = this.importing ? ' The articles folder is still being imported, so it may not be there yet: try again in a minute.' : '';
    throw new UserError(`No article has the id ${shown}.${hint}${arriving}`);
  }

  /**
   * Until `synced` settles, the folder is still arriving in the catalog (the bot answers meanwhile),
   * so an id that is not found yet may be on its way, and the error says so.
   */
  followImport(synced: Promise<unknown>): void {
    this.importing = true;
    const done = (): void => {
      this.importing = false;
    };
    synced.then(done, done);
  }

  async findByRef(ref: ArticleRef, scope: Scope): Promise<CatalogArticle> {
    if ('id' in ref) return this.find(ref.id, scope);
    const match = await this.catalog.getByRefHash(ref.hash, scope);
    if (!match) throw new UserError('That article is no longer in the library.');
    return match;
  }

  async latest(count: number, style: NewsStyle, scope: Scope): Promise<MessagePayload> {
    const articles = await this.catalog.latest(Math.min(MAX_LATEST, Math.max(1, Math.trunc(count))), scope);
    return buildLatestMessage(articles.map((article) => ({ article, line: teaser(article) })), style);
  }

  async summary(id: string, count: number, style: NewsStyle, scope: Scope, defer?: Defer): Promise<MessagePayload> {
    return this.summaryFor(await this.find(id, scope), style, count, defer);
  }

  /**
   * The summary embed that /news summary, /news post and scheduled posts send: written by the model
   * when one is configured (the footer says so), else extractive. With `defer`, a model that is slow
   * to answer gets the interaction deferred in time.
   */
  async summaryFor(article: CatalogArticle, style: NewsStyle, count = style.summarySentences, defer?: Defer): Promise<MessagePayload> {
    const k = clampCount(count);
    if (!this.model?.enabled) return buildSummaryMessage(article, await this.summarySentences(article, k), style);
    const summary = defer ? (await this.model.summarizeWithin(article, k, { defer })).summary : await this.model.summarize(article, k);
    return buildSummaryMessage(article, summary.sentences, style, summaryFooterLabel(summary));
  }

  read(article: Article, page: number, style: NewsStyle): MessagePayload {
    return buildReadMessage(article, page, style);
  }

  async search(query: string, style: NewsStyle, scope: Scope): Promise<MessagePayload> {
    const hits = await this.catalog.search(query, { limit: SEARCH_RESULTS, scope });
    if (hits.length === 0) {
      throw new UserError(`No articles match “${escapeDiscordText(truncate(query.replace(/\s+/g, ' ').trim(), 100))}”. Try fewer or different words.`);
    }
    const terms = [...new Set(hits.flatMap((hit) => hit.terms))];
    const items: ListedArticle[] = hits.map(({ article, terms: matched }) => ({ article, line: snippet(article, matched) }));
    return buildSearchMessage(query, items, terms, style);
  }

  /** Autocomplete choices for an article option: title as the label, id as the value. */
  async autocomplete(input: string, scope: Scope): Promise<Choice[]> {
    return (await this.catalog.suggest(input, LIMITS.choices, scope)).map(({ id, title }) => ({ name: truncate(title, LIMITS.choiceName) || id, value: id }));
  }
}

// A list shows each story by its lead, as news pages do: the first sentence a summary may use (no
// dateline, boilerplate, question or spoiler). Only the top of the body is read; a lead is never longer.
function teaser(article: Article): string {
  return lead({ title: article.title, body: article.body.slice(0, TEASER_SOURCE_CHARS) }, 1)[0] ?? firstSentence(article);
}
const TEASER_SOURCE_CHARS = 4000;

// Teasers never show text the author hid as a spoiler.
function firstSentence(article: Article): string {
  return sentencesWithoutSpoilers(article.body.slice(0, 2000))[0] ?? article.title;
}

/** The first sentence that contains a matched word (the lead when none does). */
function snippet(article: Article, terms: string[]): string {
  const wanted = new Set(terms);
  for (const sentence of sentencesWithoutSpoilers(article.body)) {
    for (const word of sentence.match(/[\p{L}\p{N}]+/gu) ?? []) if (wanted.has(foldTerm(word))) return sentence;
  }
  return firstSentence(article);
}
