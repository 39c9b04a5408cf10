// What the /news commands and the CLI do, without Discord: find articles, summarize, search and lay
// out the resulting messages. Both the slash commands and `npm run news` call these, so the CLI's
// --json output is exactly what the bot sends.
import type { Article } from '../core/article.js';
import { articleRefHash, type ArticleRef } from '../core/custom-ids.js';
import {
  buildLatestMessage,
  buildReadMessage,
  buildSearchMessage,
  buildSummaryMessage,
  type ListedArticle,
  type Style,
} from '../core/layout.js';
import type { ArticleLibrary } from '../core/library.js';
import { LIMITS, truncate } from '../core/limits.js';
import { escapeDiscordText } from '../core/markdown.js';
import type { MessagePayload } from '../core/payload.js';
import { foldTerm } from '../core/search-index.js';
import { sentencesWithoutSpoilers } from '../core/spoilers.js';
import { clampCount, summarize } from '../core/summarizer.js';
import { UserError } from '../errors.js';

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

export class NewsService {
  // Summaries are pure functions of the article, so they are cached per article object and length.
  private readonly summaries = new WeakMap<Article, Map<number, string[]>>();

  constructor(
    readonly library: ArticleLibrary,
    private readonly wording: Wording = SLASH_WORDING,
  ) {}

  summarySentences(article: Article, count: number): string[] {
    const k = clampCount(count);
    let byLength = this.summaries.get(article);
    if (!byLength) {
      byLength = new Map();
      this.summaries.set(article, byLength);
    }
    let sentences = byLength.get(k);
    if (!sentences) {
      sentences = summarize(article, k);
      byLength.set(k, sentences);
    }
    return sentences;
  }

  /** The article with this id, or a UserError that suggests close matches. */
  find(id: string): Article {
    const trimmed = id.trim();
    const article = this.library.get(trimmed);
    if (article) return article;
    const close = this.library.suggest(trimmed, 3);
    const shown = escapeDiscordText(truncate(trimmed, 100)) || 'that';
    const hint = close.length
      ? ` Did you mean ${close.map((match) => `\`${match.id}\` (${escapeDiscordText(truncate(match.title, 60))})`).join(', ')}?`
      : ` ${this.wording.findHint}`;
    throw new UserError(`No article has the id ${shown}.${hint}`);
  }

  findByRef(ref: ArticleRef): Article {
    if ('id' in ref) return this.find(ref.id);
    const match = this.library.all().find((article) => article.id.length > 80 && articleRefHash(article.id) === ref.hash);
    if (!match) throw new UserError('That article is no longer in the library.');
    return match;
  }

  latest(count: number, style: NewsStyle): MessagePayload {
    const items = this.library.latest(Math.min(MAX_LATEST, Math.max(1, Math.trunc(count)))).map((article) => ({
      article,
      line: this.summarySentences(article, 1)[0] ?? firstSentence(article),
    }));
    return buildLatestMessage(items, style);
  }

  summary(id: string, count: number, style: NewsStyle): MessagePayload {
    return this.summaryFor(this.find(id), style, count);
  }

  /** The summary embed that /news post and scheduled posts send. */
  summaryFor(article: Article, style: NewsStyle, count = style.summarySentences): MessagePayload {
    return buildSummaryMessage(article, this.summarySentences(article, count), style);
  }

  read(article: Article, page: number, style: NewsStyle): MessagePayload {
    return buildReadMessage(article, page, style);
  }

  search(query: string, style: NewsStyle): MessagePayload {
    const hits = this.library.search(query, SEARCH_RESULTS);
    if (hits.length === 0) {
      throw new UserError(`No articles match “${escapeDiscordText(truncate(query.replace(/\s+/g, ' ').trim(), 100))}”. Try fewer or different words.`);
    }
    const terms = [...new Set(hits.flatMap((hit) => hit.terms))];
    const items: ListedArticle[] = hits.map(({ article, terms: matched }) => ({ article, line: snippet(article, matched) }));
    return buildSearchMessage(query, items, terms, style);
  }

  /** Autocomplete choices for an article option: title as the label, id as the value. */
  autocomplete(input: string): Choice[] {
    return this.library.suggest(input, LIMITS.choices).map((article) => ({
      name: truncate(article.title, LIMITS.choiceName) || article.id,
      value: article.id,
    }));
  }
}

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
