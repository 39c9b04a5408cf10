import { describe, expect, it } from 'vitest';
import { buildReadMessage, buildSummaryMessage } from '../../src/core/layout.js';
import { codePoints } from '../../src/core/limits.js';
import { paginate } from '../../src/core/pages.js';
import { renderSpoilerRange, renderWithSpoilers, sentenceRanges, sentencesWithoutSpoilers, spoilerSpans } from '../../src/core/spoilers.js';
import { lead, summarize, textRank } from '../../src/core/summarizer.js';
import { EVERYWHERE } from '../../src/store/catalog/types.js';
import { testDeps } from '../helpers/deps.js';
import { makeArticle } from '../helpers/articles.js';
import { expectDiscordAccepts } from '../helpers/discord-check.js';

// Bars Discord would read as spoiler marks: two bars, neither taken by a backslash escape.
function liveMarks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '|' && text[i + 1] === '|') {
      count++;
      i++;
    }
  }
  return count;
}
const hidden = (text: string): string[] => [...text.matchAll(/(?<!\\)\|\|(.*?)(?<!\\)\|\|/g)].map((m) => m[1]!);

describe('spoilerSpans', () => {
  it.each([
    ['no marks', 'Plain text.', []],
    ['one spoiler', 'He ||died|| at last.', [[3, 11]]],
    ['two spoilers', '||a|| and ||b||', [[0, 5], [10, 15]]],
    ['an unpaired mark is text', 'Pipes || like this.', []],
    ['a third mark is text', '||a|| then ||', [[0, 5]]],
    ['an empty pair is text', 'Empty |||| pair.', []],
    ['three bars: the first two open', '|||x|| end', [[0, 6]]],
  ])('%s', (_why, text, expected) => {
    expect(spoilerSpans(text).map((s) => [s.start, s.end])).toEqual(expected);
  });
});

describe('sentences that hide something', () => {
  it.each([
    ['a spoiler inside one sentence', 'The film opens in Rome. Its hero ||dies in the end||. Critics loved it.', [false, true, false]],
    ['a spoiler over two sentences', 'It starts well. ||The butler did it. He confessed.|| Reviews were kind.', [false, true, true, false]],
    ['an unpaired mark still keeps its sentence out', 'Prices rose. A || stray mark here. Sales fell.', [false, true, false]],
    ['no marks', 'One thing happened. Then another.', [false, false]],
  ])('%s', (_why, paragraph, expected) => {
    expect(sentenceRanges(paragraph).map((s) => s.spoiler)).toEqual(expected);
  });

  it('teasers use only sentences that hide nothing', () => {
    expect(sentencesWithoutSpoilers('||The winner is Ana.|| The race ran on Sunday.\n\nFans cheered.')).toEqual(['The race ran on Sunday.', 'Fans cheered.']);
  });
});

describe('rendering with spoilers', () => {
  it.each([
    ['keeps a spoiler and escapes around it', 'Hi **there** ||secret|| _x_', 'Hi \\*\\*there\\*\\* ||secret|| \\_x\\_'],
    ['escapes inside a spoiler so nothing pings or breaks out', '||@everyone <@123> **b** | c||', '||\\@everyone \\<\\@123\\> \\*\\*b\\*\\* \\| c||'],
    ['shows an unpaired mark as typed', 'a || b', 'a \\|\\| b'],
    ['shows an empty pair as typed', 'a |||| b', 'a \\|\\|\\|\\| b'],
    ['escapes a list marker at the start', '- ||item||', '\\- ||item||'],
    ['keeps a link that a space separates from the spoiler', 'see https://x.example/a ||b||', 'see https://x.example/a ||b||'],
    ['breaks a link that runs into a spoiler mark', 'see https://x.example/a||b||', 'see https\\://x.example/a||b||'],
    ['escapes a link that holds a bar', 'go https://x.example/a|b now', 'go https\\://x.example/a\\|b now'.replace('\\://', '://')],
  ])('%s', (_why, input, expected) => {
    expect(renderWithSpoilers(input)).toBe(expected);
  });

  it('closes and reopens a spoiler cut by a range', () => {
    const text = 'Before ||one two three|| after';
    const spans = spoilerSpans(text);
    expect(renderSpoilerRange(text, spans, 0, text.indexOf(' two'))).toBe('Before ||one||');
    expect(renderSpoilerRange(text, spans, text.indexOf('two'), text.length)).toBe('||two three|| after');
  });
});

describe('pages keep spoilers balanced and inside the limit', () => {
  const long = `Intro. ||${'The twist is long. '.repeat(400)}|| Outro.`;

  it.each([50, 120, 500, 3000])('page size %i', (size) => {
    const pages = paginate(`${long}\n\nShort ||hidden|| paragraph.\n\n${'x'.repeat(5000)} ||tail||`, size);
    expect(pages.length).toBeGreaterThan(1);
    for (const page of pages) {
      expect(codePoints(page)).toBeLessThanOrEqual(size);
      expect(liveMarks(page) % 2).toBe(0);
      expect(page).not.toMatch(/(?<!\\)@/);
    }
    const shown = pages.join(' ').replace(/(?<!\\)\|\|.*?(?<!\\)\|\|/g, '');
    expect(shown).not.toContain('twist');
    expect(pages.flatMap(hidden).join(' ')).toContain('The twist is long.');
  });

  it('holds for random text full of bars, escapes and astral characters', () => {
    let seed = 11;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const pieces = ['||', '|', ' ', 'word', '@everyone', '\\', '😀', '. ', '**', 'https://x.example/p', '\n\n', 'é'];
    for (let round = 0; round < 40; round++) {
      let text = '';
      for (let i = 0; i < 600; i++) text += pieces[Math.floor(random() * pieces.length)];
      for (const size of [40, 300]) {
        for (const page of paginate(text, size)) {
          expect(codePoints(page)).toBeLessThanOrEqual(size);
          expect(liveMarks(page) % 2).toBe(0);
        }
      }
    }
  });

  it('the read message keeps a spoiler working and passes Discord checks', () => {
    const article = makeArticle({ body: 'The final ended 2-1. ||Ruiz scored the winner.||\n\nFans celebrated @everyone.' });
    const payload = buildReadMessage(article, 0);
    expectDiscordAccepts(payload);
    expect(payload.embeds[0]!.description).toBe('The final ended 2-1. ||Ruiz scored the winner.||\n\nFans celebrated \\@everyone.');
  });
});

describe('summaries and teasers never show spoilers', () => {
  const article = makeArticle({
    title: 'Cup final ends in late drama',
    body: [
      '||Ruiz scored the winning goal in the final minute of the cup final.|| The cup final was played on Saturday before a full stadium.',
      'Both teams created chances in a tense cup final, and the goalkeepers made several saves.',
      'The winning coach said the cup final was the best match of the season. ||The losing captain retired after the cup final match.||',
      'Tickets for next season go on sale in June, the club said.',
    ].join('\n\n'),
  });

  it.each([
    ['summarize', summarize],
    ['lead', lead],
    ['textRank', textRank],
  ] as const)('%s never picks a spoiler sentence, whatever k', (_name, system) => {
    for (let k = 1; k <= 10; k++) {
      const text = system(article, k).join(' ');
      expect(text).not.toContain('Ruiz');
      expect(text).not.toContain('retired');
      expect(text).not.toContain('||');
    }
  });

  it('the /news latest line and the search snippet skip spoiler sentences', async () => {
    const onlyFirst = makeArticle({ title: 'Quiz night', body: '||The answer was Paris.|| The quiz ran late into the night.' });
    const { news } = testDeps([onlyFirst]).deps;
    const latest = JSON.stringify(await news.latest(1, { color: 1, summarySentences: 3 }, EVERYWHERE));
    expect(latest).not.toContain('Paris');
    expect(latest).toContain('The quiz ran late into the night.');
    const fields = (await news.search('answer Paris quiz', { color: 1, summarySentences: 3 }, EVERYWHERE)).embeds[0]!.fields ?? [];
    expect(fields).toHaveLength(1);
    expect(fields[0]!.value).toContain('The **quiz** ran late');
    expect(fields[0]!.value).not.toContain('Paris');
  });

  it('a summary with no usable sentence shows the body with its spoiler still hidden', () => {
    const short = makeArticle({ body: 'Big news ||hidden bit|| here' });
    const description = buildSummaryMessage(short, []).embeds[0]!.description!;
    expect(description).toBe('Big news ||hidden bit|| here');
  });
});
