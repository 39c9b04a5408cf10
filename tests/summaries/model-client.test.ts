// The model client against a loopback chat completions endpoint: what it sends, and how each kind of
// answer or failure comes back.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { maxTokensFor, requestModelSummary } from '../../src/summaries/model-client.js';
import { completion, type FakeModelServer, startFakeModelServer } from '../helpers/fake-model-server.js';

const article = {
  title: 'Council approves budget',
  body: 'The city council approved the 2027 budget on Monday.\n\nThe plan is at https://city.example.org/budget-2027 for anyone to read.',
  url: 'https://news.example.org/council-budget',
};
const KEY = 'sk-test-secret-key-123';

let server: FakeModelServer;
beforeAll(async () => {
  server = await startFakeModelServer();
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe('requestModelSummary', () => {
  it('posts an OpenAI chat completion request with the key as a bearer token, and returns the checked sentences', async () => {
    server.reply({ json: completion('The council approved the 2027 budget on Monday. The plan is online.') });
    const answer = await requestModelSummary(article, 2, server.config({ key: KEY }));
    expect(answer).toEqual({ ok: true, sentences: ['The council approved the 2027 budget on Monday.', 'The plan is online.'], model: 'llama3.2:3b' });
    const [request] = server.requests;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/chat/completions' });
    expect(request!.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(request!.body).toEqual({
      model: 'llama3.2:3b',
      messages: [
        { role: 'system', content: expect.stringContaining('exactly two sentences') },
        { role: 'user', content: expect.stringContaining('The city council approved the 2027 budget on Monday.') },
      ],
      temperature: 0,
      max_tokens: maxTokensFor(2),
      stream: false,
    });
  });

  it('sends no Authorization header without a key', async () => {
    await requestModelSummary(article, 1, server.config());
    expect(server.requests[0]!.headers).not.toHaveProperty('authorization');
  });

  it('gives up after the timeout, as a failure that may pass', async () => {
    server.reply('hang');
    expect(await requestModelSummary(article, 2, server.config(), { timeoutMs: 20 })).toEqual({ ok: false, reason: 'no answer within 20 ms', transient: true, rejected: false });
  });

  it('counts a body that stops arriving as a timeout too', async () => {
    server.reply({ write: (response) => response.writeHead(200, { 'content-type': 'application/json' }).write('{"choices":') });
    expect(await requestModelSummary(article, 2, server.config(), { timeoutMs: 20 })).toMatchObject({ ok: false, transient: true });
  });

  it.each([
    [500, true],
    [502, true],
    [503, true],
    [429, true],
    [408, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [422, false],
    [301, false],
  ])('treats HTTP %i as a failure (transient: %s), never as an answer', async (status, transient) => {
    server.reply({ status, json: { error: { message: `echo ${KEY}` } }, headers: status === 301 ? { location: 'https://elsewhere.example/' } : {} });
    const answer = await requestModelSummary(article, 2, server.config({ key: KEY }));
    expect(answer).toMatchObject({ ok: false, transient, rejected: false, reason: expect.stringContaining(`HTTP ${status}`) });
    expect(JSON.stringify(answer)).not.toContain(KEY);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    ['not JSON', { text: '<html>Bad gateway</html>' }, 'the response is not JSON'],
    ['JSON of another shape', { json: { result: 'The council approved it.' } }, 'the response is not a chat completion'],
    ['no choices', { json: { choices: [] } }, 'the response is not a chat completion'],
    ['content that is not text', { json: { choices: [{ message: { content: 42 } }] } }, 'the response is not a chat completion'],
    ['no content', { json: completion(null) }, 'the answer is empty'],
    ['a content filter stop', { json: completion('The', 'content_filter') }, "the endpoint's content filter stopped the answer"],
  ])('rejects a response that is %s, for good', async (_name, reply, reason) => {
    server.reply(reply);
    expect(await requestModelSummary(article, 2, server.config())).toEqual({ ok: false, reason, transient: false, rejected: true });
  });

  it('rejects an answer with @everyone', async () => {
    server.reply({ json: completion('@everyone The council approved the budget.') });
    expect(await requestModelSummary(article, 2, server.config())).toMatchObject({ ok: false, rejected: true, reason: expect.stringContaining('@everyone') });
  });

  it('rejects an answer with an invented link, and accepts one with the article\'s own', async () => {
    server.reply({ json: completion('The council approved the budget. Details: https://budget-news.example.net/2027.') });
    expect(await requestModelSummary(article, 2, server.config())).toMatchObject({ ok: false, rejected: true, reason: expect.stringContaining('not in the article') });
    server.reply({ json: completion('The council approved the budget. Details: https://city.example.org/budget-2027.') });
    expect(await requestModelSummary(article, 2, server.config())).toMatchObject({ ok: true, sentences: ['The council approved the budget.', 'Details: https://city.example.org/budget-2027.'] });
  });

  it('skips the thinking a reasoning model puts before its answer', async () => {
    server.reply({ json: completion('<think>The user wants two sentences. https://x.example/</think>\nThe council approved the budget.') });
    expect(await requestModelSummary(article, 2, server.config())).toMatchObject({ ok: true, sentences: ['The council approved the budget.'] });
  });

  it('reports a refused connection as a network failure that may pass', async () => {
    const closed = await startFakeModelServer();
    const config = closed.config();
    await closed.close();
    expect(await requestModelSummary(article, 2, config)).toEqual({ ok: false, reason: 'network error (ECONNREFUSED)', transient: true, rejected: false });
  });

  it('stops when the caller cancels', async () => {
    server.reply('hang');
    const controller = new AbortController();
    const pending = requestModelSummary(article, 2, server.config(), { signal: controller.signal });
    controller.abort();
    expect(await pending).toEqual({ ok: false, reason: 'the request was cancelled', transient: true, rejected: false });
  });

  it('refuses a response body far larger than a completion', async () => {
    server.reply({ text: `{"choices":[{"message":{"content":"${'a'.repeat(300 * 1024)}"}}]}` });
    expect(await requestModelSummary(article, 2, server.config())).toMatchObject({ ok: false, rejected: true, reason: expect.stringContaining('KiB') });
  });
});
