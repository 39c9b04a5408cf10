// Word material for the synthetic news corpus. Real words take the top ranks so the text reads and
// tokenizes like news (stop words commonest, as in real English); syllable-built words fill the long
// tail so the index sees a vocabulary of a few thousand terms, as a real library of articles would.

/** Commonest first: function words, then the verbs and nouns that fill news copy. */
export const COMMON_WORDS = (
  'the of to and a in that for on is said with was as at by it from be have has are an he his were ' +
  'not but which their after more its they had who been also would this will new or year about one ' +
  'two over than last up than government people first into some could other when percent million ' +
  'three officials week state city police minister president company market since may such before ' +
  'while during because under where against between report plan deal told says time years months ' +
  'public local national federal council court health workers prices rates bank money budget tax ' +
  'officials agency spokesman spokeswoman statement announced expected according added called ' +
  'including later early least several dozen hundreds thousands residents families schools children ' +
  'water power energy oil gas fuel transport rail trains airport flights roads bridge harbour port ' +
  'election vote voters campaign party leader opposition parliament senate congress law bill rules ' +
  'judge trial case charges lawyer investigation inquiry evidence court appeal ruling sentence ' +
  'economy growth inflation interest jobs unemployment wages shares investors profit revenue sales ' +
  'quarter forecast analysts exports imports trade tariffs industry factory farmers harvest crops ' +
  'weather storm flooding rain heat snow wildfire drought temperatures coast river valley mountain ' +
  'hospital doctors patients vaccine outbreak cases virus disease treatment study researchers ' +
  'university scientists data results team season match game coach players club league final ' +
  'strike union talks agreement offer pay contract service services network system project ' +
  'construction housing rent homes prices buyers sellers mortgage lenders banks loans debt ' +
  'military troops forces border security attack ceasefire aid refugees talks summit diplomats ' +
  'technology software users platform app phone internet company chief executive board shareholders ' +
  'warned promised rejected approved delayed cut raised rose fell dropped jumped reached remained ' +
  'increase decline record level target support pressure concerns questions criticism decision ' +
  'morning afternoon evening night weekend monday tuesday wednesday thursday friday saturday sunday'
).split(' ');

const ONSETS = ['b', 'br', 'c', 'ch', 'cl', 'd', 'dr', 'f', 'fl', 'g', 'gr', 'h', 'j', 'k', 'l', 'm', 'n', 'p', 'pl', 'pr', 'r', 's', 'sh', 'st', 't', 'tr', 'v', 'w', 'z'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ai', 'ea', 'ou', 'io', 'e', 'a'];
const CODAS = ['', '', 'n', 'r', 's', 'l', 'nd', 'rt', 'st', 'm', 'ck', 'ng', 'ss'];

/** A pronounceable made-up word of `syllables` syllables. */
export function syllableWord(random: () => number, syllables: number): string {
  const pick = (list: readonly string[]): string => list[Math.floor(random() * list.length)]!;
  let word = '';
  for (let i = 0; i < syllables; i++) word += pick(ONSETS) + pick(VOWELS) + (i === syllables - 1 ? pick(CODAS) : '');
  return word;
}

export const capitalize = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1);

export const TITLES = ['Mr.', 'Ms.', 'Dr.', 'Sen.', 'Gov.', 'Prof.'];
export const PLACES_FIXED = ['U.S.', 'U.K.', 'E.U.', 'N.Y.', 'Washington', 'Brussels', 'Nairobi', 'Lagos', 'Mumbai', 'Toronto'];
export const SOURCES = ['The Harbour Ledger', 'Daily Courier', 'Metro Wire', 'Valley Times', 'The Evening Post'];
export const SAID = ['said', 'told reporters', 'said in a statement', 'added', 'said on Tuesday'];
