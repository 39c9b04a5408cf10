// Recognises publisher furniture that ends up in article bodies (footers, newsletter pitches, share
// prompts, credits) and fragments cut off by scrapers, so the summarizer never picks them.
import { tokenize } from './text.js';

// Rules are written one per line, then merged into two patterns (one anchored at the start, one
// anywhere) so each sentence is scanned twice rather than once per rule. Every piece is bounded:
// inputs are untrusted and may be huge.
// Matched against the lowercased sentence: case-insensitive regexes are markedly slower in V8.
const anyOf = (rules: readonly RegExp[], prefix = ''): RegExp =>
  new RegExp(`${prefix}(?:${rules.map((rule) => rule.source).join('|')})`);

const AT_START = anyOf(
  [
    /(?:read|see) (?:more|also|next|the full|full|our|the latest|related)\b/,
    /(?:continue|keep) reading\b/,
    /(?:related|recommended|more from|most read|trending|advertisement|sponsored|promoted|watch|listen)\b\s*(?:[:|—–-]|$)/,
    /subscribe\b/,
    /(?:sign up|register|join) (?:for|to|now|today|here)\b/,
    /follow (?:us|@|\w+ on)\b/,
    /(?:share|tweet|email|print|save)(?: (?:this|on))?(?: (?:article|story|page|facebook|twitter|x))?[.!:]?$/,
    /(?:photo|image|picture|video|graphic|illustration)(?: credit)?s? ?:/,
    /(?:additional )?(?:reporting|writing|editing|research) by\b/,
    /this (?:article|story|report) (?:was|has been|originally|first|appeared|is)\b/,
    /(?:contact|email) (?:us|the author|the writer|the reporter)\b/,
    /(?:got|have) a (?:news )?tip\b/,
  ],
  '^',
);

const ANYWHERE = anyOf([
  // "X is a daily newspaper published in ...", "X is an independent news website".
  /\bis an? (?:[\w-]+ ){0,3}(?:news ?paper|tabloid|news (?:site|website|outlet|service|agency|organi[sz]ation|publication))\b/,
  /\b(?:newspaper|magazine|publication|website) (?:published|based|headquartered) in\b/,
  /\bsubscribe (?:to|now|today|for)\b/,
  /\bsign up (?:for|to) (?:our|the)\b/,
  /\bnewsletters?\b.{0,40}\b(?:inbox|sign up|subscribe)\b/,
  /\ball rights reserved\b/,
  /©|\(c\) ?\d{4}|\bcopyright (?:©|\d{4})/,
  /\bfollow us on\b/,
  /\bclick here\b/,
  /\b(?:download|get) (?:our|the) (?:free )?app\b/,
  /\b(?:getty images|shutterstock|file photo)\b\W*$/,
  /\bwe use cookies\b/,
  /\b(?:support|donate to) (?:our|independent) journalism\b/,
]);

/** True for publisher boilerplate: footers, "Read more", "Subscribe ...", copyright and share lines. */
export function isBoilerplate(sentence: string): boolean {
  if (typeof sentence !== 'string') return false;
  const text = sentence.trim().toLowerCase();
  if (text.length === 0 || text.length > 2000) return false;
  return AT_START.test(text) || ANYWHERE.test(text);
}

const CLOSING = /[.!?…]["'”’)\]»]*$/u;

/** Ends like a finished sentence: . ! ? or … possibly followed by closing quotes or brackets. */
export function hasClosingPunctuation(sentence: string): boolean {
  return CLOSING.test(sentence.trimEnd());
}

// Auxiliaries and the commonest news verbs; enough to tell "Hours before, in a letter to Biden."
// (a cut-off fragment) from a short real sentence ("Schools remained open.").
const VERBS: ReadonlySet<string> = new Set(
  (
    'is are was were be been being am has have had do does did will would shall should can could may might must ' +
    'says said say tells told asks asked calls called gets got goes went comes came makes made takes took gives gave ' +
    'keeps kept leaves left runs ran sees saw seems seemed shows showed wants need needs know knows knew think thinks ' +
    'thought find finds found hold holds held win wins won lose loses lost rise rises rose fall falls fell cut cuts ' +
    'hit hits set sets put puts meet meets met lead leads led pay pays paid spend spends spent stand stands stood ' +
    'remain remains begin begins began become becomes became build builds built send sends sent bring brings brought ' +
    'buy buys bought sell sells sold cost costs open opens close closes plan plans expect expects face faces ' +
    'include includes continue continues'
  ).split(' '),
);

/** Whether any word looks like a finite verb (a listed verb, or an -ed/-es past or present form). */
export function hasVerbLikeWord(sentence: string): boolean {
  const words = tokenize(sentence);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (VERBS.has(w)) return true;
    if (w.length >= 5 && w.endsWith('ed')) return true;
    // "-es"/"-s" on a word after a name or pronoun ("Biden speaks", "it rains"): too noisy elsewhere.
    if (i > 0 && w.length >= 4 && w.endsWith('s') && !w.endsWith('ss') && /^(?:he|she|it|who|that)$/.test(words[i - 1]!)) {
      return true;
    }
  }
  return false;
}
