import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/summarizer.js';
import { EVERYWHERE } from '../../src/store/catalog/types.js';
import { makeArticle } from '../helpers/articles.js';
import { testDeps } from '../helpers/deps.js';

const style = { color: 1, summarySentences: 3 };

describe('/news latest lines', () => {
  it('show each story by its lead, without the dateline, even where a summary would pick another sentence', async () => {
    const article = makeArticle({
      title: 'Council passes budget',
      body: [
        'HARBOURTON — The city council approved a new budget for the coming year shortly after midnight on Wednesday.',
        'The budget, passed five votes to two, raises the property tax rate by 3.5 percent for every home in the city and pays for long-delayed repairs to the harbour bridge and new bike lanes on the harbour road. Work on the bridge starts in September.',
        'Two councillors voted against the budget. Both said the bike lanes should wait a year so that the tax rise could stay below three percent.',
        'The new budget takes effect on July 1. A citizens group said it would gather signatures against the bike lanes.',
      ].join('\n\n'),
    });
    expect(summarize(article, 1)[0]).not.toMatch(/^The city council approved/);
    const { news } = testDeps([article]).deps;
    const fields = (await news.latest(1, style, EVERYWHERE)).embeds[0]!.fields ?? [];
    expect(fields[0]!.value).toContain('The city council approved a new budget for the coming year shortly after midnight on Wednesday.');
    expect(fields[0]!.value).not.toContain('HARBOURTON');
  });

  it('fall back to the first sentence when no sentence could open a summary', async () => {
    const article = makeArticle({ title: 'Quiz night', body: 'Who won the quiz?' });
    const { news } = testDeps([article]).deps;
    const fields = (await news.latest(1, style, EVERYWHERE)).embeds[0]!.fields ?? [];
    expect(fields[0]!.value).toContain('Who won the quiz?');
  });
});
