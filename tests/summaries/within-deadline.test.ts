// The interaction deadline: defer only when the answer is not at hand, always well inside 3 seconds.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Article } from '../../src/core/article.js';
import { silentLogger } from '../../src/logger.js';
import type { ModelAnswer } from '../../src/summaries/model-client.js';
import { ModelSummaries } from '../../src/summaries/model-summaries.js';
import { MemorySummaryCache } from '../../src/summaries/summary-cache.js';
import { summarizeWithin } from '../../src/summaries/within-deadline.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A summary that arrives when the test says, with the hooks the run was given. */
function controlled() {
  let finish!: (value: string) => void;
  let onWait: (() => void) | undefined;
  const run = (hooks: { onWait?: () => void }) => {
    onWait = hooks.onWait;
    return new Promise<string>((resolve) => (finish = resolve));
  };
  return { run, finish: (value: string) => finish(value), announceWait: () => onWait?.() };
}

describe('summarizeWithin', () => {
  it('does not defer an answer that is at hand', async () => {
    const defer = vi.fn(async () => undefined);
    expect(await summarizeWithin(async () => 'cached', { defer })).toEqual({ summary: 'cached', deferred: false });
    await vi.advanceTimersByTimeAsync(5000);
    expect(defer).not.toHaveBeenCalled();
  });

  it('defers at once when a model call is announced, and answers after the deferral', async () => {
    const work = controlled();
    const defer = vi.fn(async () => undefined);
    const result = summarizeWithin(work.run, { defer });
    work.announceWait();
    work.announceWait();
    await vi.advanceTimersByTimeAsync(0);
    expect(defer).toHaveBeenCalledTimes(1);
    work.finish('from the model');
    expect(await result).toEqual({ summary: 'from the model', deferred: true });
  });

  it('defers after 1.5 s when something else is slow', async () => {
    const work = controlled();
    const defer = vi.fn(async () => undefined);
    const result = summarizeWithin(work.run, { defer });
    await vi.advanceTimersByTimeAsync(1499);
    expect(defer).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(defer).toHaveBeenCalledTimes(1);
    work.finish('late');
    expect(await result).toEqual({ summary: 'late', deferred: true });
  });

  it('takes a shorter wait when the handler already spent time', async () => {
    const work = controlled();
    const defer = vi.fn(async () => undefined);
    void summarizeWithin(work.run, { defer, deferAfterMs: 300 });
    await vi.advanceTimersByTimeAsync(300);
    expect(defer).toHaveBeenCalledTimes(1);
    work.finish('x');
  });

  it('does not return before a slow deferral has settled', async () => {
    const work = controlled();
    let acknowledged!: () => void;
    const defer = vi.fn(() => new Promise<void>((resolve) => (acknowledged = resolve)));
    const result = summarizeWithin(work.run, { defer });
    work.announceWait();
    work.finish('ready');
    let settled = false;
    void result.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(100);
    expect(settled).toBe(false);
    acknowledged();
    expect(await result).toEqual({ summary: 'ready', deferred: true });
  });

  it('rethrows a failed deferral once the summary is in', async () => {
    const work = controlled();
    const result = summarizeWithin(work.run, { defer: async () => Promise.reject(new Error('Unknown interaction')) });
    const outcome = result.catch((error: Error) => error.message);
    work.announceWait();
    await vi.advanceTimersByTimeAsync(0);
    work.finish('ready');
    expect(await outcome).toBe('Unknown interaction');
  });
});

describe('ModelSummaries.summarizeWithin', () => {
  const article: Article = { id: 'a1', title: 'Budget passes', body: 'The council approved the budget on Monday. Residents were pleased.', publishedAt: new Date(0), tags: [] };
  const config = { url: 'http://127.0.0.1:9/v1/chat/completions', model: 'llama3.2:3b' };

  it('defers while the model writes, and not when the cache answers next time', async () => {
    let answer!: (value: ModelAnswer) => void;
    const request = vi.fn(() => new Promise<ModelAnswer>((resolve) => (answer = resolve)));
    const summaries = new ModelSummaries({ config, cache: new MemorySummaryCache(), logger: silentLogger(), request });
    const defer = vi.fn(async () => undefined);
    const first = summaries.summarizeWithin(article, 1, { defer });
    await vi.advanceTimersByTimeAsync(0);
    expect(defer).toHaveBeenCalledTimes(1);
    answer({ ok: true, sentences: ['The budget passed.'], model: 'llama3.2:3b' });
    expect(await first).toEqual({ summary: { kind: 'model', sentences: ['The budget passed.'], model: 'llama3.2:3b' }, deferred: true });

    const again = vi.fn(async () => undefined);
    expect(await summaries.summarizeWithin(article, 1, { defer: again })).toMatchObject({ deferred: false });
    expect(again).not.toHaveBeenCalled();
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('defers a second interaction that joins a model call already under way', async () => {
    let answer!: (value: ModelAnswer) => void;
    const request = vi.fn(() => new Promise<ModelAnswer>((resolve) => (answer = resolve)));
    const summaries = new ModelSummaries({ config, cache: new MemorySummaryCache(), logger: silentLogger(), request });
    const [deferA, deferB] = [vi.fn(async () => undefined), vi.fn(async () => undefined)];
    const a = summaries.summarizeWithin(article, 1, { defer: deferA });
    await vi.advanceTimersByTimeAsync(0);
    const b = summaries.summarizeWithin(article, 1, { defer: deferB });
    await vi.advanceTimersByTimeAsync(0);
    expect([deferA.mock.calls.length, deferB.mock.calls.length]).toEqual([1, 1]);
    answer({ ok: true, sentences: ['The budget passed.'], model: 'llama3.2:3b' });
    expect((await a).deferred && (await b).deferred).toBe(true);
    expect(request).toHaveBeenCalledTimes(1);
  });

  it('never defers without a model', async () => {
    const defer = vi.fn(async () => undefined);
    const summaries = new ModelSummaries({ cache: new MemorySummaryCache(), logger: silentLogger() });
    expect(await summaries.summarizeWithin(article, 1, { defer })).toMatchObject({ summary: { kind: 'extractive' }, deferred: false });
    expect(defer).not.toHaveBeenCalled();
  });
});
