// /news end to end: the real discord.js client, started through createApp, against the local
// Discord-compatible server. Every message the bot sends must pass the server's validation, set
// allowed_mentions itself and ping nobody (checked after each test).
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ARTICLE_IDS, type BotWorld, buttonsOf, contentOf, copyArticles, embedsOf, LONGEST, MENTION_HAZARDS, ROOT, SEED, worldPerTest,
} from './harness.js';

let world: BotWorld;
worldPerTest((w) => (world = w));

const footerOf = (snapshot: Awaited<ReturnType<BotWorld['news']>>): string => String(embedsOf(snapshot)[0]?.footer?.text ?? '');

/** Reads an article from its first page to its last with Next; returns each page's text. */
async function readAllPages(id: string): Promise<{ pages: string[]; messageId: string }> {
  const first = await world.news('read', { article: id }, { as: world.member });
  expect(first.ephemeral).toBe(true);
  const messageId = first.message!.id;
  const pages = [String(embedsOf(first)[0]?.description)];
  const total = Number(/page 1 of (\d+)/.exec(footerOf(first))?.[1] ?? 1);
  let current = first;
  for (let page = 2; page <= total; page++) {
    current = await world.press(messageId, 'Next', world.member);
    expect(current.type).toBe(7);
    expect(footerOf(current)).toBe(`${id} · page ${page} of ${total}`);
    pages.push(String(embedsOf(current)[0]?.description));
  }
  if (total > 1) expect(buttonsOf(current.data as { components: unknown[] }).find((b) => b.label === 'Next')?.disabled).toBe(true);
  return { pages, messageId };
}

describe('/news subcommands', () => {
  it('latest lists the newest articles, each with its id', async () => {
    const answer = await world.news('latest', { count: 3 }, { as: world.member });
    expect(answer).toMatchObject({ type: 4, ephemeral: false });
    const fields = embedsOf(answer)[0]?.fields as Array<{ name: string; value: string }>;
    expect(fields).toHaveLength(3);
    for (const field of fields) expect(ARTICLE_IDS.some((id) => field.value.includes(`\`${id}\``))).toBe(true);
    expect(answer.message?.allowedMentions).toEqual({ parse: [] });
  });

  it('summary answers with the requested number of sentences', async () => {
    const answer = await world.news('summary', { article: SEED, sentences: 2 }, { as: world.member });
    expect(answer).toMatchObject({ type: 4, ephemeral: false });
    const [embed] = embedsOf(answer);
    expect(embed?.title).toContain('Biden and Putin');
    expect(embed?.footer?.text).toBe(`${SEED} · summary, 2 sentences`);
    expect(String(embed?.description).length).toBeGreaterThan(50);
  });

  it('search finds an article by a word from its body', async () => {
    const answer = await world.news('search', { query: 'adaptation finance' }, { as: world.member });
    const [embed] = embedsOf(answer);
    expect(embed?.title).toBe('Search: adaptation finance');
    expect((embed?.fields as Array<{ value: string }>)[0]?.value).toContain(`\`${LONGEST}\``);
  });

  it('post sends the summary into the chosen channel and confirms ephemerally', async () => {
    const answer = await world.news('post', { article: SEED, channel: world.channels.news });
    expect(answer).toMatchObject({ type: 5, ephemeral: true, pending: false });
    expect(contentOf(answer)).toBe(`Posted **In a new phone call, Biden and Putin discuss Ukraine tensions.** in <#${world.channels.news}>.`);
    const posted = world.discord.messages(world.channels.news);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.embeds[0]).toMatchObject({ footer: { text: `${SEED} · summary, 3 sentences` } });
    expect(world.discord.messages(world.channels.general)).toHaveLength(0);
  });

  it('a plain member is refused /news post and nothing is posted anywhere', async () => {
    const answer = await world.news('post', { article: SEED, channel: world.channels.news }, { as: world.member });
    expect(answer.ephemeral).toBe(true);
    expect(contentOf(answer)).toContain('You need the **Manage Server** permission to post articles.');
    expect(world.discord.messages(world.channels.news)).toHaveLength(0);
    expect(world.discord.messages(world.channels.general)).toHaveLength(0);
    expect(world.discord.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/channels/'))).toHaveLength(0);
  });

  it('an unknown id gets an ephemeral answer with close matches', async () => {
    const answer = await world.news('summary', { article: 'krakow-climate-talks' }, { as: world.member });
    expect(answer.ephemeral).toBe(true);
    expect(contentOf(answer)).toMatch(/^No article has the id krakow-climate-talks\. Did you mean /);
    expect(contentOf(answer)).toContain(`\`${LONGEST}\``);
    const read = await world.news('read', { article: 'no-such-article-at-all' }, { as: world.member });
    expect(read.ephemeral).toBe(true);
    expect(contentOf(read)).toContain('No article has the id');
  });

  it('an unknown id that looks like a mention is echoed without pinging anyone', async () => {
    const hostile = `@everyone <@&${world.role.id}> <@${world.admin.id}>`;
    const answer = await world.news('summary', { article: hostile }, { as: world.member });
    expect(answer.ephemeral).toBe(true);
    expect(contentOf(answer)).toContain('No article has the id');
    expect(answer.message?.allowedMentions).toEqual({ parse: [] });
    expect(answer.message?.pingable).toEqual({ everyone: false, roles: [], users: [] });
  });
});

describe('autocomplete', () => {
  it('offers at most 25 choices, and every value is an article id', async () => {
    // Fill the library past 25 articles while the bot runs.
    const extra = (await readdir(join(ROOT, 'articles'))).filter((file) => !ARTICLE_IDS.some((id) => file.startsWith(`${id}.`)));
    await copyArticles(world.articlesDir, extra);
    const ids = [...ARTICLE_IDS, ...extra.map((file) => file.replace(/\.(md|txt)$/, ''))];
    await Promise.all(extra.map((file) => world.articleChange(file.replace(/\.(md|txt)$/, ''))));
    expect(ids.length).toBeGreaterThan(25);

    const ask = (typed: string) => world.discord.autocomplete({
      guildId: world.guild.id, channelId: world.channels.general, userId: world.member.id,
      command: 'news', subcommand: 'read', options: { article: typed }, focused: 'article',
    });
    const empty = await ask('');
    expect(empty).toHaveLength(25);
    const typed = await ask('krakow');
    expect(typed[0]?.value).toBe(LONGEST);
    const fuzzy = await ask('climte talks');
    expect(fuzzy.map((c) => c.value)).toContain(LONGEST);
    for (const choices of [empty, typed, fuzzy]) {
      expect(choices.length).toBeLessThanOrEqual(25);
      for (const choice of choices) expect(ids).toContain(choice.value);
    }
    // The chosen value works as the option of the command.
    const answer = await world.news('summary', { article: String(typed[0]?.value) }, { as: world.member });
    expect(footerOf(answer)).toContain(LONGEST);
  });
});

describe('/news read pagination', () => {
  it('pages through the longest article with Next and Previous; every page is accepted', async () => {
    const { pages, messageId } = await readAllPages(LONGEST);
    expect(pages.length).toBeGreaterThan(2);
    expect(new Set(pages).size).toBe(pages.length);
    for (const page of pages) expect([...page].length).toBeLessThanOrEqual(4096);
    // The message is edited in place: one create plus one edit per page turn.
    expect(world.discord.message(messageId)?.revisions).toHaveLength(pages.length);

    const back = await world.press(messageId, 'Previous', world.member);
    expect(footerOf(back)).toBe(`${LONGEST} · page ${pages.length - 1} of ${pages.length}`);
    expect(embedsOf(back)[0]?.description).toBe(pages[pages.length - 2]);
  });

  it('a public reader is shared; Next gives each presser a private copy and leaves it as it was', async () => {
    const shared = await world.news('read', { article: LONGEST, public: true });
    expect(shared.ephemeral).toBe(false);
    const mine = await world.press(shared.message!.id, 'Next', world.member);
    expect(mine).toMatchObject({ type: 4, ephemeral: true });
    expect(footerOf(mine)).toMatch(new RegExp(`^${LONGEST} · page 2 of \\d+$`));
    expect(world.discord.message(shared.message!.id)?.revisions).toHaveLength(1);
    // The private copy turns in place for its reader.
    const further = await world.press(mine.message!.id, 'Next', world.member);
    expect(further.type).toBe(7);
    expect(footerOf(further)).toMatch(/page 3 of/);
  });

  it('search and failed lookups answer privately', async () => {
    const found = await world.news('search', { query: 'adaptation finance' }, { as: world.member });
    expect(found.ephemeral).toBe(true);
    const none = await world.news('search', { query: 'zeppelin', public: true }, { as: world.member });
    expect(none).toMatchObject({ ephemeral: true });
    expect(String(none.data?.content)).toContain('No articles match');
    expect(world.discord.messages(world.channels.general)).toEqual([]);
  });

  it('buttons on a message sent before a restart still work after it', async () => {
    const first = await world.news('read', { article: LONGEST }, { as: world.member });
    await world.restart();
    expect(world.discord.gatewayLog.filter((e) => e.type === 'identify')).toHaveLength(2);
    const next = await world.press(first.message!.id, 'Next', world.member);
    expect(next.type).toBe(7);
    expect(footerOf(next)).toMatch(new RegExp(`^${LONGEST} · page 2 of \\d+$`));
  });
});

describe('articles with mention hazards', () => {
  it.each(MENTION_HAZARDS)('%s pings nobody in summary, every read page, search and post', async (id) => {
    const summary = await world.news('summary', { article: id, sentences: 10 }, { as: world.member });
    expect(footerOf(summary)).toContain(id);
    await readAllPages(id);
    await world.news('search', { query: id.split('-').slice(3, 5).join(' ') }, { as: world.member });
    await world.news('post', { article: id, channel: world.channels.news });
    const posted = world.discord.messages(world.channels.news);
    expect(posted).toHaveLength(1);
    // The article's own mention text is shown, escaped, but never becomes a ping.
    expect(JSON.stringify(world.discord.messages(world.channels.general).map((m) => m.embeds))).toMatch(/@(everyone|here)/);
    for (const message of world.discord.messages(world.channels.general).concat(posted)) {
      expect(message.allowedMentions).toEqual({ parse: [] });
      expect(message.pingable).toEqual({ everyone: false, roles: [], users: [] });
    }
  });
});

describe('the articles folder', () => {
  it('an article added while the bot runs becomes available to /news summary', async () => {
    const id = 'harbour-ferry-returns';
    const before = await world.news('summary', { article: id }, { as: world.member });
    expect(before.ephemeral).toBe(true);
    const body = [
      '---', 'title: Harbour ferry returns after repairs', 'published: 2026-11-24T09:00:00Z', '---',
      'The harbour ferry returned to service on Monday after six weeks of repairs.',
      '',
      'The operator said the crossing would run every twenty minutes. Commuters welcomed the news. The repairs cost less than planned.',
    ].join('\n');
    await writeFile(join(world.articlesDir, `${id}.md`), body);
    await world.articleChange(id);
    const after = await world.news('summary', { article: id, sentences: 2 }, { as: world.member });
    expect(after.ephemeral).toBe(false);
    expect(embedsOf(after)[0]).toMatchObject({ title: 'Harbour ferry returns after repairs', footer: { text: `${id} · summary, 2 sentences` } });
  });
});
