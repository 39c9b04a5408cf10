import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_WEIGHTS, isBoilerplate, lead, leadGate, summarize, summaryFeatures, textRank } from '../../src/core/summarizer.js';
import { isBrokenTail, prepareCandidates, stripDateline } from '../../src/core/summary-candidates.js';

function readArticle(path: string): { title: string; body: string } {
  const text = readFileSync(new URL(path, import.meta.url), 'utf8');
  const newline = text.indexOf('\n');
  return { title: text.slice(0, newline).trim(), body: text.slice(newline + 1).trim() };
}

const seed = readArticle('../../articles/000_709483ed939a94fe.txt');
const SEED_LEAD = 'Presidents Joe Biden and Vladimir Putin spoke by phone on Thursday';
const SEED_FOOTER = 'The Washington Newsday Brief News is a daily newspaper published in Washington, D.C.';
const SEED_TAIL = 'Hours before, in a holiday letter to Biden.';

const systems = { summarize, lead, textRank };

const bridge = {
  title: 'Harbor Bridge to close for repairs',
  body: [
    'The Harbor Bridge will close to all traffic for two weekends while crews replace worn expansion joints, officials said Monday.',
    'Drivers will be detoured over the Mill Street crossing, which could add 30 minutes to trips.',
    'What happens to the ferries?',
    '"Never again."',
    'Ferries will run extra sailings on both weekends while the Harbor Bridge is closed.',
    'Read more about the Harbor Bridge closure and Harbor Bridge repairs on our Harbor Bridge page.',
    'Sign up for our Harbor Bridge traffic newsletter to hear when the bridge reopens.',
    'The $4.6 million project will extend the life of the 58-year-old bridge by at least 20 years.',
  ].join('\n\n'),
};

describe('summarize on the seed article', () => {
  it('starts from the lead', () => {
    expect(summarize(seed)[0]).toContain(SEED_LEAD);
  });

  it.each(Object.entries(systems))('%s never picks the footer or the broken tail, whatever k', (_name, system) => {
    for (let k = 1; k <= 10; k++) {
      const text = system(seed, k).join(' ');
      expect(text).not.toContain('daily newspaper');
      expect(text).not.toContain(SEED_TAIL);
    }
  });

  it('returns three sentences by default, in article order', () => {
    const summary = summarize(seed);
    expect(summary).toHaveLength(3);
    const positions = summary.map((sentence) => seed.body.indexOf(sentence));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  it('is deterministic, including across interleaved calls', () => {
    const first = summarize(seed, 4);
    summarize(bridge, 2);
    textRank(seed, 5);
    expect(summarize(seed, 4)).toEqual(first);
  });
});

describe('sentence count', () => {
  it.each([
    [0, 1],
    [-5, 1],
    [1, 1],
    [2.7, 2],
    [Number.NaN, 3],
    [99, 10],
    [Number.POSITIVE_INFINITY, 10],
  ])('k = %s gives %s sentences', (k, expected) => {
    expect(summarize(seed, k)).toHaveLength(expected);
    expect(lead(seed, k)).toHaveLength(expected);
    expect(textRank(seed, k)).toHaveLength(expected);
  });

  it('returns fewer when the article has fewer usable sentences', () => {
    const article = { title: 'Short', body: 'The council approved the budget on Monday night.\n\nIt takes effect in July next year.' };
    expect(summarize(article, 5)).toEqual(['The council approved the budget on Monday night.', 'It takes effect in July next year.']);
  });
});

describe('what a summary never contains', () => {
  it.each(Object.entries(systems))('%s skips boilerplate, questions and short quote fragments', (_name, system) => {
    const text = system(bridge, 10).join('\n');
    expect(text).not.toContain('Read more');
    expect(text).not.toContain('Sign up');
    expect(text).not.toContain('What happens');
    expect(text).not.toContain('Never again');
    expect(system(bridge, 10)).toHaveLength(4);
  });

  it('skips a trailing fragment with no closing punctuation', () => {
    const article = {
      title: 'Floods hit Millbrook',
      body: 'Rescue crews pulled dozens of people from flooded homes on Friday.\n\nThe river crested on Saturday morning, officials said.\n\nResidents who need help can call the city storm line at\n\nFollow us on Facebook for the latest updates.',
    };
    expect(summarize(article, 10)).toEqual([
      'Rescue crews pulled dozens of people from flooded homes on Friday.',
      'The river crested on Saturday morning, officials said.',
    ]);
  });

  it('keeps the only sentence of a one-sentence story even without a clear verb', () => {
    expect(summarize({ title: 'Prices', body: 'Prices up 5% in May.' })).toEqual(['Prices up 5% in May.']);
  });

  it('skips headings, which have no closing punctuation', () => {
    const article = { title: 'Budget', body: 'The council passed the budget on Monday.\n\nWhat it means for you\n\nTaxes will rise by 2% next year, officials said.' };
    expect(summarize(article, 10)).toEqual(['The council passed the budget on Monday.', 'Taxes will rise by 2% next year, officials said.']);
  });

  it('skips the headline repeated as the first line', () => {
    const article = { title: 'Council passes budget', body: 'Council passes budget\n\nThe council passed the budget on Monday night.' };
    expect(summarize(article)).toEqual(['The council passed the budget on Monday night.']);
  });

  it('drops the dateline from the lead', () => {
    const article = { title: 'Strike', body: 'PORT HARLOW (Wire) — Bus drivers walked off the job early Tuesday.\n\nTalks broke down overnight, the union said.' };
    expect(summarize(article)[0]).toBe('Bus drivers walked off the job early Tuesday.');
  });
});

describe('untrusted input', () => {
  it.each([
    ['empty body', { title: '', body: '' }],
    ['whitespace', { title: ' ', body: ' \n\n \t ' }],
    ['only punctuation', { title: '?!', body: '... !!! ??? ;;; --- ...' }],
    ['no sentences', { title: 'x', body: 'just some words with no ending' }],
    ['100,000 characters without punctuation', { title: 't', body: 'word '.repeat(20_000) }],
    ['missing fields', {} as { title: string; body: string }],
    ['wrong types', { title: 42, body: null } as unknown as { title: string; body: string }],
  ])('%s gives an empty summary', (_why, article) => {
    expect(summarize(article)).toEqual([]);
    expect(lead(article, 3)).toEqual([]);
    expect(textRank(article, 3)).toEqual([]);
  });

  it('never throws on binary junk or huge bodies', () => {
    let seedValue = 7;
    const random = (): number => (seedValue = (seedValue * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let round = 0; round < 30; round++) {
      let junk = '';
      for (let i = 0; i < 3_000; i++) junk += String.fromCharCode(Math.floor(random() * 0x10000));
      expect(() => summarize({ title: junk.slice(0, 50), body: junk })).not.toThrow();
    }
    const huge = { title: 'Big', body: `${seed.body}\n\n`.repeat(400) };
    expect(summarize(huge).length).toBeGreaterThan(0);
    expect(summarize({ title: 'x'.repeat(100_000), body: 'The vote passed on Monday night.' })).toHaveLength(1);
  });
});

describe("the article's layout", () => {
  // The same twelve sentences, laid out as wire copy (one per paragraph), as a story of fuller
  // paragraphs (four per paragraph) and as one block with no paragraph breaks.
  const sentences = [
    'The city council voted on Tuesday to build a new library on the old bus depot site.',
    'Work on the library is due to start next spring.',
    'The vote was nine to four.',
    'Residents had campaigned for a larger library for more than ten years, saying the old library branch was far too small for the growing town and its schools.',
    'The council said the new library would cost 12 million pounds, paid partly by selling the old library building on the high street to a developer.',
    'Some councillors argued the money would be better spent on roads.',
    'The old bus depot has stood empty since the bus company moved its garage to the edge of town in 2019.',
    'Local schools welcomed the library plan and said pupils needed quiet places in the library to study after classes and at weekends.',
    "The architects expect the library building to open to readers in the autumn of 2027, with a children's wing, a study hall and a cafe inside the library.",
    'A public meeting on the design will be held next month.',
    'The plans will be published online before the meeting.',
    'Parking near the site will be limited during the works.',
  ];
  const title = 'Council backs new library';
  const paragraphs = (size: number): string[] =>
    Array.from({ length: Math.ceil(sentences.length / size) }, (_, i) => sentences.slice(i * size, (i + 1) * size).join(' '));
  const wire = { title, body: paragraphs(1).join('\n\n') };
  const story = { title, body: paragraphs(4).join('\n\n') };
  const block = { title, body: sentences.join(' ') };
  const positions = (summary: string[]): number[] => summary.map((sentence) => sentences.indexOf(sentence));

  it('counts sentences per paragraph, and nothing when there are under three paragraphs', () => {
    expect(summaryFeatures(wire).paragraphSentences).toBe(1);
    expect(summaryFeatures(story).paragraphSentences).toBe(4);
    expect(summaryFeatures(block).paragraphSentences).toBe(0);
    expect(summaryFeatures({ title, body: paragraphs(6).join('\n\n') }).paragraphSentences).toBe(0);
  });

  it('leans on the lead for wire copy and on the whole story for fuller paragraphs', () => {
    expect(leadGate(summaryFeatures(wire))).toBeGreaterThan(0.9);
    expect(leadGate(summaryFeatures(story))).toBeLessThan(0.1);
    expect(positions(summarize(wire))).toEqual([0, 1, 2]);
    expect(positions(summarize(story))).toEqual([0, 3, 4]);
  });

  it('leaves the gate to the other signals when the text has no paragraph breaks', () => {
    const features = summaryFeatures(block);
    expect(leadGate(features)).toBe(leadGate(features, { ...DEFAULT_WEIGHTS, gateParagraphs: 0 }));
  });
});

describe('a summary opens with a sentence that stands alone', () => {
  const body = [
    'The city council approved a new budget for the coming year shortly after midnight on Wednesday, ending a long meeting.',
    'The budget, passed five votes to two, raises the property tax rate by 3.5 percent for every home in the city. It includes $7.9 million for long-delayed repairs to the harbour bridge, of which $5.1 million will come from a state grant, and $640,000 for protected bike lanes on the harbour road. The bridge repairs will start in September.',
    'Two councillors voted against the budget. They said the city should have delayed the bike lanes and used the money to hold the tax rise below three percent.',
    'The bike lanes drew the longest public comment of the night, with 38 speakers over almost two hours. Supporters said the lanes would make the harbour road safer for children.',
    'The new budget takes effect on July 1. A citizens group said it was considering a petition against the bike lanes.',
  ].join('\n\n');
  const budget = { title: 'Council passes budget with bridge repairs and bike lanes', body };

  it('never opens with a sentence that points back to one left out', () => {
    // "It includes $7.9 million …" is the most central sentence, but "It" needs the sentence before.
    expect(summarize(budget, 1)).toEqual([expect.stringMatching(/^The budget, passed five votes to two/)]);
  });

  it('keeps such a sentence after the one it points to', () => {
    const two = summarize(budget, 2);
    expect(two[0]).toMatch(/^The budget, passed/);
    expect(two[1]).toMatch(/^It includes \$7\.9 million/);
  });

  it('knows the openings that point back, and not the words that merely start like them', () => {
    const dependent = (sentence: string) => prepareCandidates({ title: '', body: `${sentence} More words follow here today.` })[0]?.dependent;
    for (const sentence of ['It includes the bridge repairs.', "It's a record for the city.", 'But the vote was close tonight.', '“They will pay more,” she said.', 'However, the mayor disagreed with them.']) {
      expect(dependent(sentence), sentence).toBe(true);
    }
    for (const sentence of ['Italy won the final on Sunday.', 'Theresa May spoke on Monday.', 'Heavy rain fell across the region.', 'So-called smart meters were installed.', 'The council met on Tuesday night.']) {
      expect(dependent(sentence), sentence).toBe(false);
    }
  });
});

describe('baselines', () => {
  it('lead gives the first usable sentences', () => {
    expect(lead(bridge, 2)).toEqual([
      'The Harbor Bridge will close to all traffic for two weekends while crews replace worn expansion joints, officials said Monday.',
      'Drivers will be detoured over the Mill Street crossing, which could add 30 minutes to trips.',
    ]);
  });

  it('textRank keeps article order', () => {
    const summary = textRank(seed, 4);
    const positions = summary.map((sentence) => seed.body.indexOf(sentence));
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});

describe('isBoilerplate', () => {
  it.each([
    SEED_FOOTER,
    'Read more: How ransomware gangs choose their targets',
    'Subscribe now for unlimited access.',
    'Sign up for our daily health newsletter.',
    'All rights reserved.',
    '© 2024 Example Media Group',
    'Copyright 2023 Example News.',
    'Follow us on Facebook and Instagram for the latest updates.',
    'Click here to read the full report.',
    'Reporting by Jane Doe; Editing by John Roe',
    'This article was originally published by Example News.',
    'Share this article',
    'Advertisement',
  ])('flags %j', (sentence) => {
    expect(isBoilerplate(sentence)).toBe(true);
  });

  it.each([
    'The newspaper reported that the mayor resigned.',
    'Readers sign petitions every year.',
    'He said he would follow the rules.',
    'The company said subscriptions rose 4%.',
    'Schools remained open.',
    '',
  ])('does not flag %j', (sentence) => {
    expect(isBoilerplate(sentence)).toBe(false);
  });
});

describe('broken tails and datelines', () => {
  it.each([
    [SEED_TAIL, true],
    ['Residents who need help can call the city storm line at', true],
    ['Schools remained open.', false],
    ['The river was expected to crest Saturday morning.', false],
    ['Tickets cost $25.', false],
  ])('isBrokenTail(%j) is %s', (sentence, expected) => {
    expect(isBrokenTail(sentence)).toBe(expected);
  });

  it.each([
    ['WASHINGTON (AP) — The Senate voted on Monday.', 'The Senate voted on Monday.'],
    ['CEDAR HOLLOW, Calif. — Authorities ordered residents to leave.', 'Authorities ordered residents to leave.'],
    ['LONDON - Prices rose again in May.', 'Prices rose again in May.'],
    ['NATO said on Monday it would meet.', 'NATO said on Monday it would meet.'],
    ['Prices rose — again — in May this year.', 'Prices rose — again — in May this year.'],
  ])('stripDateline(%j)', (input, expected) => {
    expect(stripDateline(input)).toBe(expected);
  });
});
