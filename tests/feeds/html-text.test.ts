import { describe, expect, it } from 'vitest';
import { htmlToLine, htmlToParagraphs, plainTextToParagraphs } from '../../src/feeds/html-text.js';

describe('htmlToParagraphs', () => {
  it.each([
    ['paragraphs become blank-line separated', '<p>One.</p><p>Two.</p>', 'One.\n\nTwo.'],
    ['inline markup and link targets go, link text stays', '<p>A <b>bold</b> <a href="https://x.example/">link</a>.</p>', 'A bold link.'],
    ['a <br> starts a new paragraph', '<p>Line one<br>Line two</p>', 'Line one\n\nLine two'],
    ['scripts and styles are dropped with their content', '<p>Kept</p><script>alert(1)</script><style>p{color:red}</style>', 'Kept'],
    ['embedded media and frames are dropped', '<p>Kept</p><iframe src="https://x.example/">frame</iframe><video>v</video><svg><text>s</text></svg>', 'Kept'],
    ['noscript and template content is not prose', '<noscript>enable JS</noscript><template>tpl</template><p>Kept</p>', 'Kept'],
    ['form controls are dropped', '<p>Kept</p><button>Subscribe</button><select><option>o</option></select><textarea>t</textarea>', 'Kept'],
    ['images leave nothing, not even alt text', '<p>Kept</p><img src="x.png" alt="alt text">', 'Kept'],
    ['list items become paragraphs with a bullet', '<ul><li>one</li><li>two</li></ul>', '• one\n\n• two'],
    ['numbered lists keep their numbers', '<ol><li>first</li><li>second</li></ol>', '1. first\n\n2. second'],
    ['headings keep their case', '<h2>Quiet Street</h2><p>Text</p>', 'Quiet Street\n\nText'],
    ['blockquotes are not prefixed with ">"', '<blockquote>Quoted words</blockquote>', 'Quoted words'],
    ['whitespace runs and non-breaking spaces collapse', '<p>a&nbsp;&nbsp; b\n\t c</p>', 'a b c'],
    ['entities are decoded', '<p>Fish &amp; chips &lt;3 &#8364;5</p>', 'Fish & chips <3 €5'],
    ['empty paragraphs vanish', '<p> </p><p>Kept</p><p></p>', 'Kept'],
    ['broken markup is still read', '<p>unclosed <b>bold <p>next', 'unclosed bold\n\nnext'],
    ['text without tags keeps its blank-line paragraphs', 'First line\ncontinues.\n\nSecond &amp; last.', 'First line continues.\n\nSecond & last.'],
    ['a zero-width space is a word break, joiners in emoji stay', '<p>zero\u200bwidth 👩\u200d🚀</p>', 'zero width 👩\u200d🚀'],
    ['control characters become spaces', '<p>a\u0007b</p>', 'a b'],
    ['mentions stay as text (escaping is the layout\'s job)', '<p>@everyone look</p>', '@everyone look'],
  ])('%s', (_name, html, expected) => {
    expect(htmlToParagraphs(html)).toBe(expected);
  });

  it('survives markup nested far deeper than any article', () => {
    const deep = '<div>'.repeat(20_000) + 'deep' + '</div>'.repeat(20_000);
    expect(() => htmlToParagraphs(deep)).not.toThrow();
  });
});

describe('plainTextToParagraphs', () => {
  it('joins lines inside a paragraph and trims', () => {
    expect(plainTextToParagraphs(' a\r\n b \n\n\n c ')).toBe('a b\n\nc');
  });

  it('leaves markup-looking text alone', () => {
    expect(plainTextToParagraphs('Use <b> for bold &amp; more')).toBe('Use <b> for bold &amp; more');
  });
});

describe('htmlToLine', () => {
  it('flattens a title to one line of text', () => {
    expect(htmlToLine('A <i>clear</i><br>night')).toBe('A clear night');
  });
});
