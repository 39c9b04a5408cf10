// Lays out every message the bot sends about articles. Untrusted article text is escaped here, and
// every payload is inside Discord's limits by construction (fitEmbeds is the final guarantee).
import type { Article } from './article.js';
import { escapeDiscordText } from './markdown.js';
import { type Embed, fitEmbeds, LIMITS, truncate } from './limits.js';
import { ButtonStyle, type MessagePayload, noMentions } from './payload.js';
import { articlePages, paginate } from './pages.js';
import { readButtonId } from './custom-ids.js';
import { foldTerm } from './terms.js';
import { summaryLabel } from './summary-label.js';

export const DEFAULT_COLOR = 0x2f6fdf;

export interface Style {
  color: number;
}

export const DEFAULT_STYLE: Style = { color: DEFAULT_COLOR };

/** Discord renders <t:unix:style> in the reader's own time zone and language. */
function discordTime(date: Date, style: 'd' | 'D' | 'f' | 'R' = 'D'): string {
  return `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;
}

function isoOrUndefined(date: Date): string | undefined {
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The parts every article embed shares: title, link, source, id and published time. */
function articleEmbed(article: Article, style: Style, footerExtra?: string): Embed {
  const embed: Embed = {
    title: truncate(escapeDiscordText(article.title), LIMITS.title),
    color: style.color,
    footer: { text: [article.id, footerExtra].filter(Boolean).join(' · ') },
  };
  if (article.url) embed.url = article.url;
  const byline = [article.source, article.author && `by ${article.author}`].filter(Boolean).join(' · ');
  if (byline) embed.author = { name: byline };
  const timestamp = isoOrUndefined(article.publishedAt);
  if (timestamp) embed.timestamp = timestamp;
  return embed;
}

function message(embeds: Embed[], extra: Partial<MessagePayload> = {}): MessagePayload {
  return { embeds: fitEmbeds(embeds), allowedMentions: noMentions(), ...extra };
}

/** `label` says what kind of summary it is (summaryLabel); by default, one picked from the article. */
export function buildSummaryMessage(article: Article, sentences: string[], style: Style = DEFAULT_STYLE, label = summaryLabel(sentences.length)): MessagePayload {
  const embed = articleEmbed(article, style, sentences.length ? label : undefined);
  // With no usable sentence the body is shown as /news read shows it: spoilers stay hidden and balanced.
  embed.description = sentences.length ? truncate(escapeDiscordText(sentences.join(' ')), LIMITS.description) : bodyPreview(article.body);
  if (article.image) embed.thumbnail = { url: article.image };
  return message([embed]);
}

function bodyPreview(body: string): string {
  const pages = paginate(body, LIMITS.description - 2);
  return pages.length > 1 ? `${pages[0]} …` : pages[0]!;
}

export interface ListedArticle {
  article: Article;
  /** One line about the article (its first summary sentence, or a search snippet). */
  line: string;
}

/** A compact list: one field per article with its date, id and one line; the total budget is shared. */
function listEmbed(title: string, items: ListedArticle[], style: Style, emptyText: string, highlight?: string[]): Embed {
  const embed: Embed = { title: truncate(title, LIMITS.title), color: style.color };
  if (items.length === 0) {
    embed.description = emptyText;
    return embed;
  }
  // Each entry gets an equal share of what is left of the 6000 total after the title and footer.
  const share = Math.floor((LIMITS.embedTotal - 300) / items.length);
  const nameBudget = Math.min(LIMITS.fieldName, Math.max(40, Math.floor(share / 4)));
  embed.fields = items.slice(0, LIMITS.fields).map(({ article, line }, index) => {
    const meta = `${discordTime(article.publishedAt)} · \`${article.id}\``;
    const lineBudget = Math.min(LIMITS.fieldValue, share - nameBudget) - meta.length - 1;
    const budget = Math.max(20, lineBudget);
    // Cut the raw line first so the cut rarely falls inside an escape or a bold marker.
    const raw = truncate(line, Math.floor(budget * 0.8));
    const text = highlight ? highlightTerms(raw, highlight) : escapeDiscordText(raw);
    return {
      name: truncate(`${index + 1}. ${escapeDiscordText(article.title)}`, nameBudget),
      value: `${meta}\n${truncate(text, budget)}`,
    };
  });
  return embed;
}

export function buildLatestMessage(items: ListedArticle[], style: Style = DEFAULT_STYLE): MessagePayload {
  return message([listEmbed('Latest news', items, style, 'No articles yet.')]);
}

export function buildSearchMessage(query: string, items: ListedArticle[], terms: string[], style: Style = DEFAULT_STYLE): MessagePayload {
  const title = `Search: ${escapeDiscordText(query.replace(/\s+/g, ' ').trim())}`;
  return message([listEmbed(title, items, style, 'No articles match. Try fewer or different words.', terms)]);
}

/** One page of an article, with Previous / Next buttons whose ids carry the article and page. */
export function buildReadMessage(article: Article, requestedPage: number, style: Style = DEFAULT_STYLE): MessagePayload {
  const pages = articlePages(article);
  const page = Math.min(Math.max(0, Math.trunc(requestedPage) || 0), pages.length - 1);
  const embed = articleEmbed(article, style, pages.length > 1 ? `page ${page + 1} of ${pages.length}` : undefined);
  embed.description = pages[page]!;
  if (page === 0 && article.image) embed.image = { url: article.image };
  if (pages.length === 1) return message([embed], { components: [] });
  return message([embed], {
    components: [
      {
        type: 1,
        components: [
          { type: 2, style: ButtonStyle.Secondary, label: 'Previous', custom_id: readButtonId(article.id, Math.max(0, page - 1), 'p'), disabled: page === 0 },
          { type: 2, style: ButtonStyle.Primary, label: 'Next', custom_id: readButtonId(article.id, Math.min(pages.length - 1, page + 1), 'n'), disabled: page === pages.length - 1 },
        ],
      },
    ],
  });
}

/** A short plain-text answer (errors, confirmations). The text must already be safe to show. */
export function buildNotice(text: string): MessagePayload {
  return { content: truncate(text, LIMITS.content), embeds: [], allowedMentions: noMentions() };
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Escapes a snippet and puts the words that matched the search in bold. */
export function highlightTerms(text: string, terms: string[]): string {
  if (terms.length === 0) return escapeDiscordText(text);
  const wanted = new Set(terms);
  let out = '';
  let last = 0;
  for (const match of text.matchAll(WORD)) {
    if (!wanted.has(foldTerm(match[0]))) continue;
    out += `${escapeDiscordText(text.slice(last, match.index))}**${match[0]}**`;
    last = match.index + match[0].length;
  }
  return out + escapeDiscordText(text.slice(last));
}
