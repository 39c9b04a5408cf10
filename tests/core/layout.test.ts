import { describe, expect, it } from 'vitest';
import { parseReadButtonId } from '../../src/core/custom-ids.js';
import { buildLatestMessage, buildReadMessage, buildSearchMessage, buildSummaryMessage, DEFAULT_STYLE } from '../../src/core/layout.js';
import { codePoints } from '../../src/core/limits.js';
import { articlePages } from '../../src/core/pages.js';
import { makeArticle } from '../helpers/articles.js';
import { expectDiscordAccepts, visibleText } from '../helpers/discord-check.js';

const sentence = 'Officials said the new bridge would open in the spring after years of delays. ';
const huge = makeArticle({
  id: 'x'.repeat(100),
  title: `${'Very long headline about the harbour '.repeat(300)}`.slice(0, 10_000),
  body: Array.from({ length: 130 }, () => sentence.repeat(10)).join('\n\n'),
  url: 'https://news.example.org/huge',
  source: 'S'.repeat(400),
  author: 'A'.repeat(400),
});
const dangerous = makeArticle({
  id: 'mention-test',
  title: '**Breaking** @everyone <@&987654321098765432> _now_',
  body: 'Hey @everyone and @here, <@123456789012345678> said ||spoiler|| [link](https://evil.example).\n\n> quoted\n# heading',
});

describe('layout stays inside Discord limits', () => {
  it('with a 10,000-character title and a 100,000-character body', () => {
    expect(codePoints(huge.body)).toBeGreaterThanOrEqual(100_000);
    expectDiscordAccepts(buildSummaryMessage(huge, [huge.body]));
    const pages = articlePages(huge);
    expect(pages.length).toBeGreaterThan(30);
    for (let page = 0; page < pages.length; page++) expectDiscordAccepts(buildReadMessage(huge, page));
    const ten = Array.from({ length: 10 }, () => ({ article: huge, line: huge.body }));
    expectDiscordAccepts(buildLatestMessage(ten));
    expectDiscordAccepts(buildSearchMessage('x'.repeat(10_000), ten, ['officials']));
  });

  it('with astral characters and combining marks everywhere', () => {
    const emoji = makeArticle({ title: '📰'.repeat(5000), body: `${'e\u0301😀 '.repeat(40_000)}.` });
    expectDiscordAccepts(buildSummaryMessage(emoji, []));
    for (let page = 0; page < articlePages(emoji).length; page++) expectDiscordAccepts(buildReadMessage(emoji, page));
  });
});

describe('article text cannot ping or change the layout', () => {
  it.each([
    ['summary', buildSummaryMessage(dangerous, [dangerous.body])],
    ['read', buildReadMessage(dangerous, 0)],
    ['latest', buildLatestMessage([{ article: dangerous, line: dangerous.body }])],
    ['search', buildSearchMessage('@everyone', [{ article: dangerous, line: dangerous.body }], ['everyone'])],
  ])('%s pings nobody and escapes markdown', (_name, payload) => {
    expectDiscordAccepts(payload);
    expect(payload.allowedMentions).toEqual({ parse: [] });
    const text = visibleText(payload);
    expect(text).not.toMatch(/(^|[^\\])@(everyone|here)/);
    expect(text).not.toMatch(/(^|[^\\])<@/);
    // /news read keeps the author's spoiler working (and only it); everywhere else bars are escaped.
    const bars = text.match(/(^|[^\\])\|\|/g) ?? [];
    if (_name === 'read') expect(text).toContain(' ||spoiler|| ');
    else expect(bars).toEqual([]);
    expect(text).not.toMatch(/^(>|#) /m);
  });

  it('escapes markdown in titles', () => {
    expect(buildSummaryMessage(dangerous, []).embeds[0]!.title).toBe('\\*\\*Breaking\\*\\* \\@everyone \\<\\@&987654321098765432\\> \\_now\\_');
  });
});

describe('summary embed', () => {
  it('carries title, link, source, id, time and color', () => {
    const article = makeArticle({ id: 'rates', title: 'Rates cut', url: 'https://x.example/r', source: 'Wire', author: 'Ana', publishedAt: new Date('2026-10-14T08:30:00Z') });
    const [embed] = buildSummaryMessage(article, ['One.', 'Two.'], { color: 0x123456 }).embeds;
    expect(embed).toEqual({
      title: 'Rates cut',
      url: 'https://x.example/r',
      color: 0x123456,
      author: { name: 'Wire · by Ana' },
      footer: { text: 'rates · summary, 2 sentences' },
      timestamp: '2026-10-14T08:30:00.000Z',
      description: 'One. Two.',
    });
  });
});

describe('read pages', () => {
  it('has Previous / Next buttons whose ids carry the article and page, within 100 characters', () => {
    const payload = buildReadMessage(huge, 1);
    const [previous, next] = payload.components![0]!.components;
    expect(previous).toMatchObject({ label: 'Previous', disabled: false });
    expect(next).toMatchObject({ label: 'Next', disabled: false });
    expect(previous!.custom_id.length).toBeLessThanOrEqual(100);
    expect(parseReadButtonId(previous!.custom_id)?.page).toBe(0);
    expect(parseReadButtonId(next!.custom_id)?.page).toBe(2);
    expect(payload.embeds[0]!.footer!.text).toMatch(/page 2 of \d+$/);
  });

  it('disables Previous on the first page and Next on the last, with distinct ids', () => {
    const count = articlePages(huge).length;
    const first = buildReadMessage(huge, 0).components![0]!.components;
    const last = buildReadMessage(huge, count - 1).components![0]!.components;
    expect(first[0]!.disabled).toBe(true);
    expect(last[1]!.disabled).toBe(true);
    expect(first[0]!.custom_id).not.toBe(first[1]!.custom_id);
    expect(last[0]!.custom_id).not.toBe(last[1]!.custom_id);
  });

  it('clamps a page number past the end to the last page', () => {
    const count = articlePages(huge).length;
    expect(buildReadMessage(huge, 10_000).embeds[0]!.footer!.text).toContain(`page ${count} of ${count}`);
  });

  it('has no buttons for a one-page article', () => {
    expect(buildReadMessage(dangerous, 0).components).toEqual([]);
  });

  it('breaks pages between paragraphs and loses no text', () => {
    const article = makeArticle({ body: Array.from({ length: 20 }, (_, i) => `Paragraph ${i} ${'word '.repeat(60)}end.`).join('\n\n') });
    const pages = articlePages(article);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.join('\n\n')).toBe(article.body);
  });
});
