// Asks an OpenAI-compatible chat completions endpoint (a local Ollama or llama.cpp server, or a hosted
// one) for a summary, and hands back either checked sentences or why not. It uses Node's own fetch, not
// the feeds' safe client: that one refuses private addresses by design, and a model on 127.0.0.1 is the
// usual setup. Every outcome is a value; nothing here throws, and nothing here logs: the key travels
// only in the Authorization header, which no caller ever sees.
import { z } from 'zod';
import type { SummaryModelConfig } from '../config.js';
import { readLimited } from '../feeds/read-body.js';
import { type ArticleForCheck, checkAnswer } from './check-answer.js';
import { buildMessages } from './prompt.js';

export const MODEL_TIMEOUT_MS = 5000;
/** A chat completion with a few sentences is a few KiB; anything far larger is not one. */
const MAX_RESPONSE_BYTES = 256 * 1024;
const USER_AGENT = 'news-bot/0.1 (Discord news bot; summaries)';

export interface ModelRequestOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Cancels the request from outside (shutdown); counts as a transient failure. */
  signal?: AbortSignal;
}

export type ModelAnswer =
  | { ok: true; sentences: string[]; model: string }
  /**
   * `transient`: the same request may well succeed later (timeout, network, 429, 5xx).
   * `rejected`: the endpoint answered, but the answer is unusable (malformed, or refused by the check);
   * asking again for the same article version would most likely give the same.
   */
  | { ok: false; reason: string; transient: boolean; rejected: boolean };

const completionSchema = z.object({
  choices: z
    .array(
      z.object({
        message: z.object({ content: z.string().nullish() }),
        finish_reason: z.string().nullish(),
      }),
    )
    .min(1),
});

/** Enough room for the sentences asked for, and a bound on what a runaway model can cost. */
export function maxTokensFor(sentences: number): number {
  return Math.min(1200, 80 * sentences + 120);
}

export async function requestModelSummary(
  article: ArticleForCheck,
  sentences: number,
  config: SummaryModelConfig,
  { fetch: fetchImpl = globalThis.fetch, timeoutMs = MODEL_TIMEOUT_MS, signal }: ModelRequestOptions = {},
): Promise<ModelAnswer> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([timeout, signal]) : timeout;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', 'user-agent': USER_AGENT };
  if (config.key) headers.authorization = `Bearer ${config.key}`;
  const body = JSON.stringify({
    model: config.model,
    messages: buildMessages(article, sentences),
    temperature: 0,
    max_tokens: maxTokensFor(sentences),
    stream: false,
  });
  try {
    // A redirect is not followed: it would mean the configured address is not the endpoint, and the
    // key should not travel on to wherever it points.
    const response = await fetchImpl(config.url, { method: 'POST', headers, body, redirect: 'manual', signal: combined });
    if (response.status < 200 || response.status >= 300) {
      await response.body?.cancel().catch(() => undefined);
      return failedStatus(response.status);
    }
    const bytes = await readLimited(response.body, MAX_RESPONSE_BYTES);
    if (!bytes) return rejected(`the response is over ${MAX_RESPONSE_BYTES / 1024} KiB`);
    return readCompletion(new TextDecoder().decode(bytes), sentences, article, config.model);
  } catch (error) {
    if (timeout.aborted) return failed(`no answer within ${timeoutMs} ms`, true);
    if (signal?.aborted) return failed('the request was cancelled', true);
    return failed(`network error (${networkCode(error)})`, true);
  }
}

function readCompletion(text: string, sentences: number, article: ArticleForCheck, model: string): ModelAnswer {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return rejected('the response is not JSON');
  }
  const parsed = completionSchema.safeParse(json);
  if (!parsed.success) return rejected('the response is not a chat completion');
  const choice = parsed.data.choices[0]!;
  if (choice.finish_reason === 'content_filter') return rejected("the endpoint's content filter stopped the answer");
  const check = checkAnswer(withoutReasoning(choice.message.content ?? ''), sentences, article);
  return check.ok ? { ok: true, sentences: check.sentences, model } : rejected(check.reason);
}

// Reasoning models served by Ollama or llama.cpp may put their thinking before the answer in
// <think> tags; the answer is what follows.
function withoutReasoning(content: string): string {
  const match = /^\s*<think>[\s\S]*?<\/think>/.exec(content);
  return match ? content.slice(match[0].length) : content;
}

function failedStatus(status: number): ModelAnswer {
  if (status >= 300 && status < 400) return failed(`HTTP ${status}: the endpoint redirects; set SUMMARY_MODEL_URL to the final address`, false);
  if (status === 401 || status === 403) return failed(`HTTP ${status}: the endpoint refused the key (SUMMARY_MODEL_KEY)`, false);
  if (status === 404) return failed('HTTP 404: no such endpoint or model (SUMMARY_MODEL_URL, SUMMARY_MODEL)', false);
  return failed(`HTTP ${status}`, status === 408 || status === 429 || status >= 500);
}

function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } })?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'unknown';
}

function failed(reason: string, transient: boolean): ModelAnswer {
  return { ok: false, reason, transient, rejected: false };
}

function rejected(reason: string): ModelAnswer {
  return { ok: false, reason, transient: false, rejected: true };
}
