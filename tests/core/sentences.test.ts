import { describe, expect, it } from 'vitest';
import { splitParagraphs, splitSentences, splitSentencesByParagraph } from '../../src/core/sentences.js';

// [why the case exists, input, expected sentences]
const cases: [string, string, string[]][] = [
  // Titles and other abbreviations before names do not end sentences.
  ['Mr. before a name', 'Mr. Smith went to Washington. He arrived late.', ['Mr. Smith went to Washington.', 'He arrived late.']],
  ['Mrs., Ms. and Dr.', 'Mrs. Jones and Ms. Lee met Dr. Patel. They talked.', ['Mrs. Jones and Ms. Lee met Dr. Patel.', 'They talked.']],
  ['St. as saint', 'St. Louis is in Missouri. It is big.', ['St. Louis is in Missouri.', 'It is big.']],
  [
    'Gen., Gov., Sen., Rep.',
    'Gen. Ana Ruiz and Gov. Tom Hale spoke. Sen. Mary Cole and Rep. Al Finn listened.',
    ['Gen. Ana Ruiz and Gov. Tom Hale spoke.', 'Sen. Mary Cole and Rep. Al Finn listened.'],
  ],
  ['Prof., Lt., Col.', 'Prof. Okafor and Lt. Col. James Park arrived. The ship left.', ['Prof. Okafor and Lt. Col. James Park arrived.', 'The ship left.']],
  [
    'months before numbers and lowercase',
    'The vote is on Jan. 5 and the count on Feb. 9. Results come in Sept. after review.',
    ['The vote is on Jan. 5 and the count on Feb. 9.', 'Results come in Sept. after review.'],
  ],
  ['U.S. and D.C. mid-sentence', 'The U.S. economy grew. Officials in D.C. were pleased.', ['The U.S. economy grew.', 'Officials in D.C. were pleased.']],
  ['U.K. and U.N.', 'The U.K. and the U.N. agreed. It was a deal.', ['The U.K. and the U.N. agreed.', 'It was a deal.']],
  ['U.S. ending a sentence before a common opener', 'He moved to the U.S. The move was hard.', ['He moved to the U.S.', 'The move was hard.']],
  ['U.S. before a proper noun continues', 'The U.S. Senate passed the bill. It was late.', ['The U.S. Senate passed the bill.', 'It was late.']],
  ['e.g. and i.e.', 'Bring fruit, e.g. apples, i.e. something fresh. Then go.', ['Bring fruit, e.g. apples, i.e. something fresh.', 'Then go.']],
  ['e.g. never ends a sentence', 'Bring fruit, e.g. Apples from Kent. Then go.', ['Bring fruit, e.g. Apples from Kent.', 'Then go.']],
  ['etc. mid-sentence', 'He bought pens, paper, etc. and left. Then he returned.', ['He bought pens, paper, etc. and left.', 'Then he returned.']],
  ['etc. at a sentence end', 'He bought pens, paper, etc. The shop closed.', ['He bought pens, paper, etc.', 'The shop closed.']],
  ['vs.', 'It was Brazil vs. Argentina. Brazil won.', ['It was Brazil vs. Argentina.', 'Brazil won.']],
  ['No. before a number', 'He wore No. 5 for the team. No. 10 was retired.', ['He wore No. 5 for the team.', 'No. 10 was retired.']],
  ['Inc., Ltd., Co. before lowercase', 'Acme Inc. said profit rose. Beta Ltd. and Gamma Co. fell.', ['Acme Inc. said profit rose.', 'Beta Ltd. and Gamma Co. fell.']],
  ['Inc. ending a sentence', 'He works at Acme Inc. The firm makes tools.', ['He works at Acme Inc.', 'The firm makes tools.']],
  ['lowercase abbreviation', 'The approx. figure is 40. It rose.', ['The approx. figure is 40.', 'It rose.']],
  // Initials.
  ['J. R. R. Tolkien', 'J. R. R. Tolkien wrote it. Fans loved it.', ['J. R. R. Tolkien wrote it.', 'Fans loved it.']],
  ['George W. Bush', 'George W. Bush spoke. Laura Bush smiled.', ['George W. Bush spoke.', 'Laura Bush smiled.']],
  ['initial "A." is not the article', 'The letter was signed J. A. Smith. Nobody knew him.', ['The letter was signed J. A. Smith.', 'Nobody knew him.']],
  // Numbers, amounts, versions and addresses: no space after the dot, no boundary.
  ['percentages', 'Inflation rose 3.5% in May. Prices fell.', ['Inflation rose 3.5% in May.', 'Prices fell.']],
  ['amounts', 'Profit hit $1.2bn. Sales were €4.75 million.', ['Profit hit $1.2bn.', 'Sales were €4.75 million.']],
  ['version numbers', 'Version 2.0.1 fixed the bug. Update now.', ['Version 2.0.1 fixed the bug.', 'Update now.']],
  ['a number ending a sentence', 'Rates rose to 1.5. Markets fell.', ['Rates rose to 1.5.', 'Markets fell.']],
  ['a year starting a sentence', 'He was born in 1950. 1960 was a good year.', ['He was born in 1950.', '1960 was a good year.']],
  ['web address', 'Visit example.com for details. Or call us.', ['Visit example.com for details.', 'Or call us.']],
  ['web address with a query', 'Go to www.example.co.uk/news?id=1. Then read.', ['Go to www.example.co.uk/news?id=1.', 'Then read.']],
  ['web address ending a sentence', 'Details are at example.com. Then we left.', ['Details are at example.com.', 'Then we left.']],
  // Times: "p.m." + weekday, month or time zone continues; + another capitalized word splits.
  ['p.m. before a weekday', 'The meeting starts at 5 p.m. Monday in the hall.', ['The meeting starts at 5 p.m. Monday in the hall.']],
  ['p.m. ending a sentence', 'The meeting ended at 5 p.m. Police said nobody was hurt.', ['The meeting ended at 5 p.m.', 'Police said nobody was hurt.']],
  ['p.m. before a time zone', 'Polls close at 8 p.m. EST and results follow.', ['Polls close at 8 p.m. EST and results follow.']],
  ['a.m. before lowercase', 'It starts at 9 a.m. on Friday.', ['It starts at 9 a.m. on Friday.']],
  ['a.m. ending a sentence', 'Doors open at 10 a.m. The queue was long.', ['Doors open at 10 a.m.', 'The queue was long.']],
  // Quotes.
  ['?" then "she asked"', '"Are you sure?" she asked. He nodded.', ['"Are you sure?" she asked.', 'He nodded.']],
  ['!" then "he said"', '"We will win!" he said. The crowd cheered.', ['"We will win!" he said.', 'The crowd cheered.']],
  ['." then a capitalized sentence', '"It is over." Then she left.', ['"It is over."', 'Then she left.']],
  ['?” then a name and speech verb', '“Why now?” Smith asked. Nobody answered.', ['“Why now?” Smith asked.', 'Nobody answered.']],
  ['?” then Mr. name and speech verb', '“Why now?” Mr. Smith asked. Nobody answered.', ['“Why now?” Mr. Smith asked.', 'Nobody answered.']],
  ['!” then a new sentence', '“Go home!” The crowd scattered.', ['“Go home!”', 'The crowd scattered.']],
  ['!" then a capitalized non-attribution', '"Stop!" Police officers shouted.', ['"Stop!"', 'Police officers shouted.']],
  [
    'curly quotes across sentences',
    '“This is the end,” he said. “We tried.” The room went quiet.',
    ['“This is the end,” he said.', '“We tried.”', 'The room went quiet.'],
  ],
  ['curly single quotes', 'He said ‘enough.’ The talks ended.', ['He said ‘enough.’', 'The talks ended.']],
  ['question inside a sentence', 'He asked: "Who?" and left.', ['He asked: "Who?" and left.']],
  // Ellipses.
  ['... mid-sentence', 'He paused... and then spoke. It ended.', ['He paused... and then spoke.', 'It ended.']],
  ['… mid-sentence', 'He paused… and then spoke.', ['He paused… and then spoke.']],
  ['... before a new sentence', 'She waited and waited... Nothing happened.', ['She waited and waited...', 'Nothing happened.']],
  ['spaced ellipsis', 'The story continues . . . and so on. Done here.', ['The story continues . . . and so on.', 'Done here.']],
  ['ellipsis at the end', 'It trailed off...', ['It trailed off...']],
  // Brackets.
  ['closing parenthesis after the period', '(The vote was 5-4.) The council adjourned.', ['(The vote was 5-4.)', 'The council adjourned.']],
  ['period after a parenthesis', 'He left (see page 5). Then he came back.', ['He left (see page 5).', 'Then he came back.']],
  ['abbreviation inside brackets', 'The company (Acme Corp.) grew. It hired.', ['The company (Acme Corp.) grew.', 'It hired.']],
  // Other scripts and casing.
  ['non-ASCII capitals', 'Ángel arrived. Łukasz left. Öztürk stayed. Žaneta won.', ['Ángel arrived.', 'Łukasz left.', 'Öztürk stayed.', 'Žaneta won.']],
  ['lowercase brand names', 'Sales rose. iPhone demand was strong.', ['Sales rose.', 'iPhone demand was strong.']],
  ['CJK full stops', '今日は晴れ。明日は雨。', ['今日は晴れ。', '明日は雨。']],
  ['?! run', 'Really?! Yes.', ['Really?!', 'Yes.']],
  // Paragraphs and robustness.
  ['a sentence never spans paragraphs', 'First para ends here\n\nSecond para. Still second.', ['First para ends here', 'Second para.', 'Still second.']],
  ['single line breaks are spaces', 'Line one\ncontinues here. Next.', ['Line one continues here.', 'Next.']],
  ['empty string', '', []],
  ['whitespace only', '   \n\t  \n ', []],
  ['no punctuation at all', 'no punctuation at all here', ['no punctuation at all here']],
  ['only punctuation', '...!!!???', []],
];

describe('splitSentences', () => {
  it.each(cases)('%s', (_why, input, expected) => {
    expect(splitSentences(input)).toEqual(expected);
  });

  it('has at least 40 table cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it('keeps a 100,000-character body without punctuation as one sentence', () => {
    const body = 'word '.repeat(20_000).trim();
    const sentences = splitSentences(body);
    expect(sentences).toHaveLength(1);
    expect(sentences[0]).toBe(body);
  });

  it('handles very long and pathological texts in one pass', () => {
    // Each of these would take minutes with a backtracking regex or a quadratic scan.
    const inputs = [
      'Mr. '.repeat(50_000),
      '. '.repeat(100_000),
      '!'.repeat(200_000),
      '"'.repeat(100_000) + '.',
      'a.'.repeat(100_000),
      `${' '.repeat(100_000)}\n`,
      'The U.S. Senate met at 5 p.m. Monday. '.repeat(5_000),
      `${'x'.repeat(100_000)}. ${'y'.repeat(100_000)}.`,
    ];
    for (const input of inputs) expect(Array.isArray(splitSentences(input))).toBe(true);
    expect(splitSentences('The U.S. Senate met at 5 p.m. Monday. '.repeat(5_000))).toHaveLength(5_000);
  });

  it('never throws on junk', () => {
    let seed = 42;
    const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    for (let round = 0; round < 50; round++) {
      let junk = '';
      for (let i = 0; i < 2_000; i++) junk += String.fromCharCode(Math.floor(random() * 0x3000));
      expect(() => splitSentences(junk)).not.toThrow();
    }
    expect(splitSentences(undefined as unknown as string)).toEqual([]);
  });
});

describe('splitParagraphs', () => {
  it('splits on blank lines, even ones holding spaces, and trims', () => {
    expect(splitParagraphs('  One.\n\nTwo.\n   \t\nThree.  ')).toEqual(['One.', 'Two.', 'Three.']);
  });

  it('accepts Windows line endings and several blank lines', () => {
    expect(splitParagraphs('One.\r\n\r\n\r\n\r\nTwo.\r\nstill two.')).toEqual(['One.', 'Two. still two.']);
  });

  it('drops empty paragraphs and invisible characters', () => {
    expect(splitParagraphs('\n\n\u200B\n\nText\u00AD here.\n\n \n\n')).toEqual(['Text here.']);
  });

  it('returns nothing for empty input', () => {
    expect(splitParagraphs('')).toEqual([]);
  });
});

describe('splitSentencesByParagraph', () => {
  it('groups sentences by paragraph', () => {
    expect(splitSentencesByParagraph('A one. A two.\n\nB one.')).toEqual([['A one.', 'A two.'], ['B one.']]);
  });
});
