// The answer check, case by case: what a model's answer must look like before it is shown as a summary.
import { describe, expect, it } from 'vitest';
import { checkAnswer } from '../../src/summaries/check-answer.js';
import { systemPrompt } from '../../src/summaries/prompt.js';

const article = {
  title: 'Council approves budget after long debate',
  body:
    'The city council approved the 2027 budget on Monday. The plan is published at https://city.example.org/budget-2027 and ' +
    'questions go to press@city.example.org. Residents can follow @CityCouncil for updates.\n\nThe vote was 7 to 2.',
  url: 'https://news.example.org/council-budget',
};

const ONE = 'The city council approved the 2027 budget on Monday.';
const TWO = 'The vote was 7 to 2.';
const THREE = 'The plan is published online.';
const long = (chars: number) => `The council ${'approved the budget again and '.repeat(Math.ceil(chars / 30))}`.slice(0, chars - 1) + '.';

describe('accepted answers', () => {
  it.each([
    ['three plain sentences', `${ONE} ${TWO} ${THREE}`, 3, [ONE, TWO, THREE]],
    ['more sentences than asked: the first ones are kept', `${ONE} ${TWO} ${THREE} Residents were pleased.`, 3, [ONE, TWO, THREE]],
    ['fewer sentences than asked (a short article)', `${ONE} ${TWO}`, 3, [ONE, TWO]],
    ['a line break between sentences', `${ONE}\n${TWO}`, 2, [ONE, TWO]],
    ['a link that is in the article body', 'The plan is at https://city.example.org/budget-2027.', 1, ['The plan is at https://city.example.org/budget-2027.']],
    ['the article\'s own address', 'Full story: https://news.example.org/council-budget.', 1, ['Full story: https://news.example.org/council-budget.']],
    ['the article\'s link written without its scheme', 'See city.example.org/budget-2027 for details.', 1, ['See city.example.org/budget-2027 for details.']],
    ['an address in brackets', 'The plan (https://city.example.org/budget-2027) is online.', 1, ['The plan (https://city.example.org/budget-2027) is online.']],
    ['an email address from the article', 'Questions go to press@city.example.org.', 1, ['Questions go to press@city.example.org.']],
    ['a handle from the article', 'Updates come from @CityCouncil.', 1, ['Updates come from @CityCouncil.']],
    ['a company name that looks like a domain', 'Amazon.com shares rose after the vote.', 1, ['Amazon.com shares rose after the vote.']],
    ['a quote in which someone says "I cannot"', '"I cannot accept this," the mayor said.', 1, ['"I cannot accept this," the mayor said.']],
    ['a sentence opening with "The following"', 'The following day, the mayor signed it.', 1, ['The following day, the mayor signed it.']],
    ['abbreviations stay inside their sentence', 'U.S. officials met Dr. Smith at 5 p.m. Monday. The vote was 7 to 2.', 2, ['U.S. officials met Dr. Smith at 5 p.m. Monday.', TWO]],
    ['a last sentence cut by the token limit is dropped', `${ONE} ${TWO} The mayor said that`, 3, [ONE, TWO]],
    ['invisible characters are removed', `The city\u200B council approved the 2027 budget on Monday.`, 1, [ONE]],
    ['a bare @ with a space is not a mention', 'Turnout was 40% @ the polls, officials said.', 1, ['Turnout was 40% @ the polls, officials said.']],
  ])('%s', (_name, answer, sentences, expected) => {
    expect(checkAnswer(answer, sentences, article)).toEqual({ ok: true, sentences: expected });
  });
});

describe('rejected answers', () => {
  it.each([
    ['no text at all', null, /no text/],
    ['an empty answer', '   \n ', /empty/],
    ['@everyone', `@everyone ${ONE}`, /@everyone or @here/],
    ['@here', `${ONE} @here`, /@everyone or @here/],
    ['@Everyone in another case', `${ONE} @Everyone`, /@everyone or @here/],
    ['a full-width ＠everyone', `${ONE} ＠everyone`, /@everyone or @here/],
    ['a small ﹫here', `${ONE} ﹫here`, /@everyone or @here/],
    ['@everyone split by a zero-width space', `${ONE} @\u200Beveryone`, /@everyone or @here/],
    ['a user mention', `${ONE} <@123456789012345678>`, /mention or markup/],
    ['a nickname mention', `${ONE} <@!123456789012345678>`, /mention or markup/],
    ['a role mention', `${ONE} <@&123456789012345678>`, /mention or markup/],
    ['a channel mention', `${ONE} <#123456789012345678>`, /mention or markup/],
    ['a full-width role mention', `${ONE} ＜＠＆123456789012345678＞`, /mention or markup/],
    ['a custom emoji', `${ONE} <:party:123456789012345678>`, /mention or markup/],
    ['a timestamp', `${ONE} <t:1700000000:R>`, /mention or markup/],
    ['a command mention', `${ONE} </news summary:123456789012345678>`, /mention or markup/],
    ['a handle the article does not have', `${ONE} @mayor_smith agreed.`, /@-handle/],
    ['a look-alike of the article\'s handle (Cyrillic С)', 'Updates come from @СityCouncil.', /@-handle/],
    ['an invented link', `${ONE} Read more at https://evil.example.com/win.`, /address that is not in the article/],
    ['a full-width invented link', `${ONE} ｈｔｔｐｓ://evil.example.com/win`, /address that is not in the article/],
    ['a www address', `${ONE} See www.evil.example.com for more.`, /address that is not in the article/],
    ['a bare address with a path', `${ONE} See evil.example.com/win for more.`, /address that is not in the article/],
    ['the article\'s link with another scheme', 'The plan is at http://city.example.org/budget-2027.', /address that is not in the article/],
    ['a longer address than the article\'s', 'The plan is at https://city.example.org/budget-2027/draft.', /address that is not in the article/],
    ['a masked link', 'The [plan](https://city.example.org/budget-2027) passed.', /address|markdown/],
    ['a heading', `# Budget\n${ONE}`, /heading, list or quote/],
    ['a list', `- ${ONE}\n- ${TWO}`, /heading, list or quote/],
    ['a numbered list', `1. ${ONE}\n2. ${TWO}`, /heading, list or quote/],
    ['a quote block', `> ${ONE}`, /heading, list or quote/],
    ['bold text', 'The **council** approved the budget.', /markdown/],
    ['inline code', 'The `budget` passed on Monday.', /markdown/],
    ['a spoiler', 'The budget ||passed|| on Monday.', /markdown/],
    ['a preamble', `Here is a summary of the article: ${ONE}`, /preamble/],
    ['an eager opening', `Sure! ${ONE}`, /preamble/],
    ['a label', `Summary: ${ONE}`, /preamble/],
    ['a refusal', "I'm sorry, but I can’t help with that.", /refusal/],
    ['a refusal to summarize', 'I cannot summarize this article.', /refusal/],
    ['talk about itself', `As an AI, I found that ${ONE.toLowerCase()}`, /refusal/],
    ['the instructions repeated', systemPrompt(3), /instructions/],
    ['a fragment only', 'The vote was', /cut off/],
    ['a heading line without markdown', `Budget news\n\n${ONE}`, /heading or a fragment/],
    ['a sentence over 500 characters', long(600), /sentence is over 500/],
    ['a summary over 1500 characters', [long(450), long(450), long(450), long(450)].join(' '), /summary is over 1500/],
    ['an answer far too long to trim', `${ONE} `.repeat(100), /over 4000/],
  ])('%s', (_name, answer, reason) => {
    const result = checkAnswer(answer, 4, article);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });

  it('never quotes the answer in its reason', () => {
    const result = checkAnswer('Secret plans leaked at https://evil.example.com/leak.', 3, article);
    expect(result).toEqual({ ok: false, reason: expect.not.stringMatching(/evil|Secret/) });
  });
});
