// The footer words that tell a model's summary from one picked out of the article.
import { describe, expect, it } from 'vitest';
import { buildSummaryMessage } from '../../src/core/layout.js';
import { codePoints, LIMITS } from '../../src/core/limits.js';
import { MAX_MODEL_LABEL, shortModelName, summaryLabel } from '../../src/core/summary-label.js';
import { makeArticle } from '../helpers/articles.js';

describe('summaryLabel', () => {
  it.each([
    [3, undefined, 'summary, 3 sentences'],
    [1, undefined, 'summary, 1 sentence'],
    [3, 'llama3.2:3b', 'summary by llama3.2:3b, 3 sentences'],
    [1, 'gpt-4o-mini', 'summary by gpt-4o-mini, 1 sentence'],
  ])('%i sentences by %s: "%s"', (count, model, label) => {
    expect(summaryLabel(count, model)).toBe(label);
  });
});

describe('shortModelName', () => {
  it.each([
    ['hf.co/bartowski/Llama-3.2-3B-Instruct-GGUF:Q4_K_M', 'Llama-3.2-3B-Instruct-GGUF:Q4_K_M'],
    ['/models/qwen2.5-7b-instruct-q4_k_m.gguf', 'qwen2.5-7b-instruct-q4_k_m'],
    ['mistral\nsmall', 'mistral small'],
    ['/', 'a model'],
  ])('%s → %s', (model, short) => {
    expect(shortModelName(model)).toBe(short);
  });

  it('cuts a very long name', () => {
    const short = shortModelName('x'.repeat(500));
    expect(codePoints(short)).toBe(MAX_MODEL_LABEL);
    expect(short.endsWith('…')).toBe(true);
  });
});

describe('the summary footer', () => {
  it('starts with the article id and stays inside Discord limits with the longest id and model name', () => {
    const article = makeArticle({ id: 'a'.repeat(100) });
    const footer = buildSummaryMessage(article, ['One.', 'Two.'], undefined, summaryLabel(2, '🦙'.repeat(300))).embeds[0]!.footer!.text;
    expect(footer.startsWith(`${'a'.repeat(100)} · summary by `)).toBe(true);
    expect(footer.endsWith(', 2 sentences')).toBe(true);
    expect(codePoints(footer)).toBeLessThanOrEqual(LIMITS.footer);
    expect(codePoints(footer)).toBeLessThan(170);
  });

  it('keeps the extractive wording when no label is given', () => {
    expect(buildSummaryMessage(makeArticle({ id: 'rates' }), ['One.', 'Two.', 'Three.']).embeds[0]!.footer!.text).toBe('rates · summary, 3 sentences');
  });
});
