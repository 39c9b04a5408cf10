// The article model shared by the store, the summarizer, search and the embed layout.
// Article text comes from files anyone may have written: treat every field as untrusted.

/** Ids are file names without extension; this pattern keeps option values inside the articles folder. */
export const ARTICLE_ID_PATTERN = /^[A-Za-z0-9_-]{1,100}$/;

export function isValidArticleId(id: string): boolean {
  return ARTICLE_ID_PATTERN.test(id);
}

export interface Article {
  id: string;
  title: string;
  /** Paragraphs separated by a blank line ("\n\n"), trimmed. */
  body: string;
  url?: string;
  source?: string;
  author?: string;
  /** From front matter when given, else the time the bot first saw the article. */
  publishedAt: Date;
  /** When the bot first saw this article id: what makes it new to a schedule. */
  firstSeenAt?: Date;
  tags: string[];
  image?: string;
}
