// What the model is shown: instructions for the asked length, and the article without hidden text, capped.
import { describe, expect, it } from 'vitest';
import { buildMessages, MAX_PROMPT_BODY_CHARS, promptBody, systemPrompt } from '../../src/summaries/prompt.js';

describe('the prompt', () => {
  it('asks for the exact number of sentences, facts from the article only, and plain text', () => {
    expect(systemPrompt(3)).toContain('exactly three sentences');
    expect(systemPrompt(1)).toContain('exactly one sentence ');
    expect(systemPrompt(3)).toMatch(/only facts/);
    expect(systemPrompt(3)).toMatch(/no lists.*no markdown.*no links.*no @ mentions/);
    expect(systemPrompt(3)).toMatch(/no preamble/);
  });

  it('sends the title and body as the user message, after the instructions', () => {
    const messages = buildMessages({ title: 'Port strike ends', body: 'Dock workers voted on Monday.\n\nShips moved again.' }, 2);
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[1]!.content).toBe('Title: Port strike ends\n\nArticle:\nDock workers voted on Monday.\n\nShips moved again.');
  });

  it('leaves out every sentence that holds spoiler text', () => {
    const body = 'The film opens Friday. The twist is that ||the butler did it||. Critics liked it.\n\n||Everyone dies.||';
    expect(promptBody(body)).toBe('The film opens Friday. Critics liked it.');
  });

  it('cuts a long body after the last whole paragraph that fits', () => {
    const paragraph = `${'Word '.repeat(999)}end.`; // 5,000 characters
    const body = [paragraph, paragraph, paragraph].join('\n\n');
    const sent = promptBody(body);
    expect(sent).toBe([paragraph, paragraph].join('\n\n'));
    expect(sent.length).toBeLessThanOrEqual(MAX_PROMPT_BODY_CHARS);
  });

  it('cuts a first paragraph longer than the cap at a sentence end', () => {
    const sentence = `${'Word '.repeat(199)}end.`; // 1,000 characters
    const sent = promptBody(Array.from({ length: 20 }, () => sentence).join(' '));
    expect(sent.length).toBeLessThanOrEqual(MAX_PROMPT_BODY_CHARS);
    expect(sent.length).toBeGreaterThan(MAX_PROMPT_BODY_CHARS - 1100);
    expect(sent.endsWith('end.')).toBe(true);
  });
});
