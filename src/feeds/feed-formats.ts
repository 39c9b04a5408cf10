// The four feed formats, as feedsmith parses them, brought to one shape: where each keeps its id, link,
// title, text, date, author and pictures. Deciding what to do with those is feed-entry.ts's job.
import type { AnyFeed } from 'feedsmith';

export interface RawText {
  value: string;
  html: boolean;
}

export interface RawEntry {
  guid?: string;
  link?: string;
  title?: RawText;
  text?: RawText;
  published?: string;
  author?: string;
  images: string[];
  /** xml:base of the entry, for resolving its relative links. */
  base?: string;
}

export interface RawFeed {
  title?: RawText;
  link?: string;
  base?: string;
  entries: RawEntry[];
}

type Media = { contents?: { url?: string; medium?: string; type?: string }[]; thumbnails?: { url?: string }[]; groups?: Media[] };
type Enclosure = { url?: string; type?: string };

/** True for an absolute http(s) address as it stands, with nothing to resolve it against. */
function isAbsoluteHttp(value: string | undefined): value is string {
  if (!value || !URL.canParse(value.trim())) return false;
  const { protocol } = new URL(value.trim());
  return protocol === 'http:' || protocol === 'https:';
}

const isImageType = (type: string | undefined) => type?.toLowerCase().startsWith('image/') === true;

/** Pictures in the order a reader would pick: media content marked as image, thumbnails, enclosures. */
function imagesFrom(media: Media | undefined, enclosures: Enclosure[] = []): string[] {
  const found: (string | undefined)[] = [];
  for (const source of [media, ...(media?.groups ?? [])]) {
    for (const content of source?.contents ?? []) {
      if (content.medium === 'image' || isImageType(content.type)) found.push(content.url);
    }
    for (const thumbnail of source?.thumbnails ?? []) found.push(thumbnail.url);
  }
  for (const enclosure of enclosures) if (isImageType(enclosure.type)) found.push(enclosure.url);
  return found.filter((url): url is string => typeof url === 'string');
}

const html = (value: string | undefined): RawText | undefined => (value === undefined ? undefined : { value, html: true });
const text = (value: string | undefined): RawText | undefined => (value === undefined ? undefined : { value, html: false });
const atomText = (value: { value?: string; type?: string } | undefined): RawText | undefined =>
  value?.value === undefined ? undefined : { value: value.value, html: value.type === 'html' || value.type === 'xhtml' };

function fromRss(feed: Extract<AnyFeed, { format: 'rss' }>['feed']): RawFeed {
  return {
    title: text(feed.title),
    link: feed.link,
    entries: (feed.items ?? []).map((item) => ({
      guid: item.guid?.value,
      // A permalink guid is the article's address when the item has no link of its own. Many feeds leave
      // isPermaLink at its default (true) for ids that are no address at all, so it must also look like one.
      link: item.link ?? (item.guid?.isPermaLink !== false && isAbsoluteHttp(item.guid?.value) ? item.guid?.value : undefined),
      // RSS says titles are plain text, but publishers put markup and escaped entities in them often
      // enough that reading them as HTML gives the better title.
      title: html(item.title),
      text: html(item.content?.encoded ?? item.description),
      published: item.pubDate ?? item.dc?.dates?.[0] ?? item.atom?.published ?? item.atom?.updated,
      // An e-mail address alone (often a no-reply one) names nobody a reader would know.
      author: item.authors?.[0]?.name ?? item.dc?.creators?.[0],
      images: imagesFrom(item.media, item.enclosures),
    })),
  };
}

function fromAtom(feed: Extract<AnyFeed, { format: 'atom' }>['feed']): RawFeed {
  const alternate = (links: { href?: string; rel?: string }[] = []) =>
    links.find((link) => link.rel === undefined || link.rel === 'alternate')?.href;
  return {
    title: atomText(feed.title),
    link: alternate(feed.links),
    base: feed.xml?.base,
    entries: (feed.entries ?? []).map((entry) => {
      // Content given only by reference (src) is not text we have.
      const content = entry.content?.src === undefined ? atomText(entry.content) : undefined;
      const enclosures = (entry.links ?? []).filter((link) => link.rel === 'enclosure').map((link) => ({ url: link.href, type: link.type }));
      return {
        guid: entry.id,
        link: alternate(entry.links),
        title: atomText(entry.title),
        text: content ?? atomText(entry.summary),
        published: entry.published ?? entry.updated,
        author: entry.authors?.[0]?.name,
        images: imagesFrom(entry.media, enclosures),
        base: entry.xml?.base,
      };
    }),
  };
}

function fromRdf(feed: Extract<AnyFeed, { format: 'rdf' }>['feed']): RawFeed {
  return {
    title: text(feed.title),
    link: feed.link,
    entries: (feed.items ?? []).map((item) => ({
      guid: item.rdf?.about,
      link: item.link,
      title: html(item.title),
      text: html(item.content?.encoded ?? item.description),
      published: item.dc?.dates?.[0],
      author: item.dc?.creators?.[0],
      images: imagesFrom(item.media),
    })),
  };
}

function fromJson(feed: Extract<AnyFeed, { format: 'json' }>['feed']): RawFeed {
  return {
    title: text(feed.title),
    link: feed.home_page_url,
    entries: (feed.items ?? []).map((item) => ({
      guid: item.id === undefined ? undefined : String(item.id),
      link: item.url ?? item.external_url,
      title: text(item.title),
      text: html(item.content_html) ?? text(item.content_text) ?? text(item.summary),
      published: item.date_published ?? item.date_modified,
      author: item.authors?.[0]?.name,
      images: [
        ...[item.image, item.banner_image].filter((url): url is string => typeof url === 'string'),
        ...imagesFrom(undefined, (item.attachments ?? []).map((attachment) => ({ url: attachment.url, type: attachment.mime_type }))),
      ],
    })),
  };
}

export function rawFeedOf(parsed: AnyFeed): RawFeed {
  switch (parsed.format) {
    case 'rss':
      return fromRss(parsed.feed);
    case 'atom':
      return fromAtom(parsed.feed);
    case 'rdf':
      return fromRdf(parsed.feed);
    case 'json':
      return fromJson(parsed.feed);
  }
}
