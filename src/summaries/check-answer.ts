// Decides whether a model's answer may be shown as an article's summary. The answer is as untrusted as
// the article (the article may have talked the model into anything), so it must look like a plain
// summary: a few whole sentences, nothing that pings, no address the article does not hold, no
// markdown, no chatter around it. Every rejection says why in a few words, for the log line; the
// reason never quotes the answer, which may repeat article text.
import { hasClosingPunctuation } from '../core/boilerplate.js';
import { splitSentences } from '../core/sentences.js';
import { AllowedTokens, findTokens, visibleText, withoutInvisible } from './answer-tokens.js';
import { systemPrompt } from './prompt.js';

/** Longest summary kept, and longest sentence in it: a summary is meant to be read in an embed at a glance. */
export const MAX_SUMMARY_CHARS = 1500;
export const MAX_SUMMARY_SENTENCE_CHARS = 500;
/** Longer raw answers are not trimmed into shape: the model ignored the task. */
const MAX_ANSWER_CHARS = 4000;

export interface ArticleForCheck {
  title: string;
  body: string;
  url?: string;
}

export type AnswerCheck = { ok: true; sentences: string[] } | { ok: false; reason: string };

const EVERYONE = /@(?:everyone|here)\b/i;
// <@id>, <@!id>, <@&id>, <#id>, custom emoji <:name:id>, timestamps <t:…>, command mentions </name:id>.
const DISCORD_MARKUP = /<(?:[@#]|a?:\w|t:-?\d|\/[\w -]+:\d)/;
const BLOCK_MARKDOWN = /^\s*(?:#{1,6}\s|[-*+•]\s|-#\s|\d{1,3}[.)]\s|>)/m;
const INLINE_MARKDOWN = /\*\*|__|`|~~|\|\||\]\(/;
// Chatter around the summary. Only openings, and refusals phrased as the model's own: a summary may
// well quote someone saying "I cannot" or report on a new language model.
const PREAMBLE = /^(?:(?:sure|certainly|of course|okay|ok|here is|here['’]s|here are|below is)\b|(?:in )?summary\s*:)/i;
const REFUSAL_OPENING = /^(?:i (?:cannot|can['’]t|can not|am unable|am not able|won['’]t|will not)|i['’]m (?:unable|not able|sorry)|sorry\b|i apologi[sz]e|unfortunately,? i\b)/i;
const REFUSAL_ANYWHERE = /\bas an ai\b|\bi (?:cannot|can['’]t|am unable to|am not able to) (?:summari[sz]e|provide|help|access|comply)\b/i;

/**
 * The answer's sentences when it passes, else why not. An answer with more sentences than asked for is
 * cut to the first `sentences` of them rather than refused: models often add one more or a closing
 * line, the first sentences of a summary carry its point, and a refusal is stored for good for this
 * article version. Everything else is checked on the whole answer, so the cut never hides a problem.
 */
export function checkAnswer(answer: unknown, sentences: number, article: ArticleForCheck): AnswerCheck {
  if (typeof answer !== 'string') return reject('the answer has no text');
  const shown = withoutInvisible(answer).trim();
  if (!shown) return reject('the answer is empty');
  if (shown.length > MAX_ANSWER_CHARS) return reject(`the answer is over ${MAX_ANSWER_CHARS} characters`);
  const probe = visibleText(shown);
  const problem = contentProblem(probe, article, sentences);
  if (problem) return reject(problem);
  return shape(splitSentences(shown), sentences);
}

function contentProblem(probe: string, article: ArticleForCheck, sentences: number): string | undefined {
  if (EVERYONE.test(probe)) return 'the answer mentions @everyone or @here';
  if (DISCORD_MARKUP.test(probe)) return 'the answer holds Discord mention or markup syntax';
  const allowed = new AllowedTokens([article.url, article.title, article.body]);
  const { links, handles } = findTokens(probe);
  if (handles.some((handle) => !allowed.allows(handle))) return 'the answer holds an @-handle that is not in the article';
  if (links.some((link) => !allowed.allows(link))) return 'the answer links to an address that is not in the article';
  if (BLOCK_MARKDOWN.test(probe)) return 'the answer has a heading, list or quote';
  if (INLINE_MARKDOWN.test(probe)) return 'the answer uses markdown';
  if (PREAMBLE.test(probe)) return 'the answer opens with a preamble';
  if (REFUSAL_OPENING.test(probe) || REFUSAL_ANYWHERE.test(probe)) return 'the answer is a refusal or talks about itself';
  if (repeatsInstructions(probe, sentences)) return 'the answer repeats the instructions';
  return undefined;
}

// Whole sentences, within the limits; a last sentence without an ending was cut by the token limit
// and is dropped when whole ones remain.
function shape(all: string[], wanted: number): AnswerCheck {
  let kept = all.slice(0, wanted);
  const last = kept.at(-1);
  if (last !== undefined && !hasClosingPunctuation(last) && kept.length === all.length) {
    kept = kept.slice(0, -1);
    if (kept.length === 0) return reject('the answer is cut off before its first sentence ends');
  }
  if (kept.length === 0) return reject('the answer has no sentence');
  if (kept.some((sentence) => !hasClosingPunctuation(sentence))) return reject('the answer holds a heading or a fragment');
  if (kept.some((sentence) => sentence.length > MAX_SUMMARY_SENTENCE_CHARS)) return reject(`a sentence is over ${MAX_SUMMARY_SENTENCE_CHARS} characters`);
  const total = kept.reduce((sum, sentence) => sum + sentence.length + 1, -1);
  if (total > MAX_SUMMARY_CHARS) return reject(`the summary is over ${MAX_SUMMARY_CHARS} characters`);
  return { ok: true, sentences: kept };
}

const RUN = 6;

// Six words in a row from the instructions do not happen in a news summary by chance.
function repeatsInstructions(probe: string, sentences: number): boolean {
  const instructions = new Set(runs(words(systemPrompt(sentences))));
  return runs(words(probe)).some((run) => instructions.has(run));
}

function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
}

function runs(list: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + RUN <= list.length; i++) out.push(list.slice(i, i + RUN).join(' '));
  return out;
}

function reject(reason: string): AnswerCheck {
  return { ok: false, reason };
}
