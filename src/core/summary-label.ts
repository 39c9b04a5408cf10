// The words in a summary embed's footer that say what kind of summary it is: the reader should know
// whether a model wrote the sentences or they were picked from the article as written.
import { truncate } from './limits.js';

/** Room for a model's name in the footer: enough for "llama3.1:8b-instruct-q4_K_M", not for a file path. */
export const MAX_MODEL_LABEL = 40;

/** "summary, 3 sentences" when picked from the article; "summary by <model>, 3 sentences" when written by a model. */
export function summaryLabel(count: number, model?: string): string {
  const sentences = `${count} sentence${count === 1 ? '' : 's'}`;
  return model === undefined ? `summary, ${sentences}` : `summary by ${shortModelName(model)}, ${sentences}`;
}

/**
 * A model name as a reader can take it in: the last part of a path or hub name
 * ("hf.co/org/Model-GGUF:Q4_K_M" → "Model-GGUF:Q4_K_M"), without a .gguf ending, cut to MAX_MODEL_LABEL.
 */
export function shortModelName(model: string): string {
  const clean = model.replace(/[\u0000-\u001F\u007F\s]+/g, ' ').trim();
  const last = clean.split(/[/\\]/).filter(Boolean).at(-1) ?? '';
  const name = last.replace(/\.gguf$/i, '') || 'a model';
  return truncate(name, MAX_MODEL_LABEL);
}
