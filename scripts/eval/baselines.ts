// The two classic baselines exactly as the public summary sets define them, so figures can be set
// beside theirs: Lead-3 is the body's first three sentences; TextRank-3 (Mihalcea & Tarau 2004) is
// weighted PageRank (damping 0.85) over edges |Si ∩ Sj| / (log|Si| + log|Sj|), where the shared words
// are lowercase [a-z0-9]+ tokens minus stop words and |S| is the sentence's length in words.
// Both split sentences with the bot's own splitter and apply no other cleaning.
import { centrality } from '../../src/core/sentence-graph.js';
import { splitSentences } from '../../src/core/sentences.js';
import type { ArticleText } from '../../src/core/summarizer.js';
import { asciiTokens } from '../rouge.js';

// Common English function words (pronouns, auxiliaries, articles, prepositions, conjunctions).
const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'i me my myself we our ours ourselves you your yours yourself yourselves he him his himself she her hers herself ' +
    'it its itself they them their theirs themselves what which who whom this that these those am is are was were be ' +
    'been being have has had having do does did doing a an the and but if or because as until while of at by for with ' +
    'about against between into through during before after above below to from up down in out on off over under ' +
    'again further then once here there when where why how all any both each few more most other some such no nor ' +
    'not only own same so than too very s t can will just don should now d ll m o re ve y ain aren couldn didn doesn ' +
    'hadn hasn haven isn ma mightn mustn needn shan shouldn wasn weren won wouldn'
  ).split(' '),
);

export function lead3(article: ArticleText): string[] {
  return splitSentences(article.body).slice(0, 3);
}

export function textRank3(article: ArticleText): string[] {
  const sentences = splitSentences(article.body);
  const n = sentences.length;
  if (n <= 3) return sentences;
  const words = sentences.map((s) => new Set(asciiTokens(s).filter((t) => !STOP_WORDS.has(t))));
  const logs = sentences.map((s) => Math.log(s.split(/\s+/).filter(Boolean).length));
  const weights = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a + 1; b < n; b++) {
      let shared = 0;
      for (const word of words[a]!) if (words[b]!.has(word)) shared++;
      const norm = logs[a]! + logs[b]!;
      if (shared > 0 && norm > 0) weights[a * n + b] = weights[b * n + a] = shared / norm;
    }
  }
  const scores = centrality({ size: n, weights }, 0.85, 100);
  const top = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]! || a - b).slice(0, 3);
  return top.sort((a, b) => a - b).map((i) => sentences[i]!);
}
