// /feed's answers as messages: what adding a feed found, the list of a server's feeds with their status,
// a preview of an address, and the id autocomplete. Feed titles, names, addresses and errors come from
// outside: every one is escaped and cut, and every payload stays inside Discord's limits by construction.
import { buildSummaryMessage } from '../core/layout.js';
import { type Embed, type EmbedField, fitEmbeds, LIMITS, truncate } from '../core/limits.js';
import { escapeDiscordText } from '../core/markdown.js';
import { type MessagePayload, noMentions } from '../core/payload.js';
import { summarize } from '../core/summarizer.js';
import { feedEntryToArticle } from '../feeds/entry-article.js';
import { FEED_INTERVAL_MS, feedName, type ImportResult } from '../feeds/feed-import.js';
import type { ParsedFeed } from '../feeds/types.js';
import type { Feed } from '../store/feeds.js';
import type { ListedFeed, RemoveOutcome } from './feeds.js';
import type { Choice, NewsStyle } from './news.js';
import { paginateFields, pagerRows } from './paging.js';

export const FEED_LIST_PREFIX = 'feeds';
/** Entries /feed test shows. */
export const PREVIEW_ENTRIES = 3;
const REASON = 300;

const t = (date: Date, style: 'R' | 'f' = 'R'): string => `<t:${Math.floor(date.getTime() / 1000)}:${style}>`;
const plural = (n: number, word: string, many = `${word}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? word : many}`;
/** A name or title from outside, safe to show on one line. */
const shown = (text: string, max = 100): string => escapeDiscordText(truncate(text.replace(/\s+/g, ' ').trim(), max));

/** What /feed add (and `feeds add`) says about the feed it added and its first fetch. */
export function addedMessage(feed: Feed, result: ImportResult): string {
  const head = `Feed \`${feed.id}\` added: ${shown(feedName(feed))}`;
  const every = `It is checked every ${FEED_INTERVAL_MS / 60_000} minutes.`;
  switch (result.kind) {
    case 'imported': {
      const skipped = result.skipped ? ` ${plural(result.skipped, 'entry', 'entries')} could not be read and ${result.skipped === 1 ? 'was' : 'were'} skipped.` : '';
      const already = result.found
        ? ` They count as already there: schedules post the entries that appear from now on (a new schedule's backfill can still post the newest).`
        : '';
      return truncate(`${head}, ${plural(result.found, 'entry', 'entries')} found.${skipped}${already} ${every}`, LIMITS.content);
    }
    case 'failed':
      return truncate(`${head}, but its first fetch failed: ${truncate(result.failure.reason, REASON)}. It is tried again ${t(feed.nextFetchAt)}; /feed list shows how it goes.`, LIMITS.content);
    default:
      return truncate(`${head}. Its first fetch is still to come. ${every}`, LIMITS.content);
  }
}

export function removedMessage({ feed, removed }: RemoveOutcome): string {
  const what = removed === 'later' ? 'its articles leave the library as soon as the fetch in progress ends' : `with its ${plural(removed, 'article')}`;
  return truncate(`Feed \`${feed.id}\` (${shown(feedName(feed))}) removed, ${what}. What was already posted stays in the channels and in /schedule history.`, LIMITS.content);
}

/** One line on how the feed is doing. */
export function feedStatus(feed: Feed): string {
  if (feed.failing) return `**failing** after ${plural(feed.failures, 'failure')} in a row: ${truncate(feed.lastError ?? 'unknown error', REASON)}`;
  if (feed.failures > 0) return `retrying after ${plural(feed.failures, 'failure')}: ${truncate(feed.lastError ?? 'unknown error', REASON)}`;
  if (!feed.lastSuccessAt) return 'not fetched yet';
  return 'ok';
}

function describeFeed({ feed, articles }: ListedFeed): string {
  const lines = [escapeDiscordText(truncate(feed.url, 200)), feedStatus(feed)];
  const last = feed.lastFetchAt ? `last fetch ${t(feed.lastFetchAt)}` : 'never fetched';
  lines.push(`${last} · next ${t(feed.nextFetchAt)} · ${plural(articles, 'article')}${feed.fullText ? ' · full text' : ''}`);
  if (feed.failing && feed.noticeError) lines.push(`the server could not be told: ${truncate(feed.noticeError, REASON)}`);
  return lines.join('\n');
}

function field(item: ListedFeed): EmbedField {
  return { name: truncate(`${item.feed.id} · ${shown(feedName(item.feed), 200)}`, LIMITS.fieldName), value: truncate(describeFeed(item), LIMITS.fieldValue) };
}

export const feedListButtonId = (page: number, tag: 'p' | 'n'): string => `${FEED_LIST_PREFIX}:${tag}:${page}`;

export function parseFeedListButtonId(customId: string): number | undefined {
  const match = /^feeds:[pn]:(\d{1,4})$/.exec(customId);
  return match ? Number(match[1]) : undefined;
}

export function buildFeedList(items: ListedFeed[], color: number, requestedPage = 0): MessagePayload {
  if (items.length === 0) {
    return { embeds: [{ title: 'News feeds', color, description: 'No feeds yet. Add one with /feed add.' }], components: [], allowedMentions: noMentions() };
  }
  const pages = paginateFields(items.map(field));
  const page = Math.min(Math.max(0, requestedPage), pages.length - 1);
  const embed: Embed = { title: `News feeds (${items.length})`, color, fields: pages[page]! };
  if (pages.length > 1) embed.footer = { text: `Page ${page + 1} of ${pages.length}` };
  return { embeds: fitEmbeds([embed]), components: pagerRows(page, pages.length, feedListButtonId), allowedMentions: noMentions() };
}

/** /feed test: the first entries as a schedule would post them (extractive summaries; nothing is saved). */
export function buildPreview(url: string, feed: ParsedFeed, style: NewsStyle, now: Date): MessagePayload {
  const entries = feed.entries.slice(0, PREVIEW_ENTRIES);
  const embeds = entries.flatMap((entry) => {
    const article = feedEntryToArticle(entry, { feedId: 'preview', source: feed.title, firstSeenAt: now });
    return buildSummaryMessage(article, summarize(article, style.summarySentences), style).embeds;
  });
  const skipped = feed.skipped.length ? ` ${plural(feed.skipped.length, 'entry', 'entries')} could not be read: ${truncate(feed.skipped[0]!.reason, 150)}${feed.skipped.length > 1 ? ', …' : ''}.` : '';
  const what = entries.length ? `the first ${entries.length} as they would be posted` : 'no entries yet';
  const content = `${shown(feed.title, 200)} (${feed.format.toUpperCase()}, ${plural(feed.entries.length, 'entry', 'entries')}) at ${escapeDiscordText(truncate(url, 300))}: ${what}.${skipped} Nothing was saved.`;
  return { content: truncate(content, LIMITS.content), embeds: fitEmbeds(embeds), allowedMentions: noMentions() };
}

/** Autocomplete for the feed id option: the server's feeds, matching id, name or address. */
export function feedChoices(feeds: Feed[], input: string): Choice[] {
  const needle = input.trim().toLowerCase();
  return feeds
    .map((feed) => ({ name: truncate(`${feed.id} · ${feedName(feed).replace(/\s+/g, ' ')}${feed.failing ? ' · failing' : ''}`, LIMITS.choiceName), value: feed.id, url: feed.url }))
    .filter((choice) => !needle || choice.name.toLowerCase().includes(needle) || choice.url.toLowerCase().includes(needle))
    .slice(0, LIMITS.choices)
    .map(({ name, value }) => ({ name, value }));
}
