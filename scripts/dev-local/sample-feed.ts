// The sandbox's sample feed: a few made-up local news stories, written for the sandbox, as RSS 2.0 and
// as the article pages they link to (so `full-text: true` has pages to read). Stories are released one
// at a time, so a feed added in the sandbox gets something new for a schedule to post now and then.

export interface SampleStory {
  slug: string;
  title: string;
  author: string;
  /** The feed carries the first paragraph as a teaser; the page has all of them. */
  paragraphs: string[];
}

export const SAMPLE_FEED_TITLE = 'Millbrook Gazette (sandbox sample)';

export const SAMPLE_STORIES: readonly SampleStory[] = [
  {
    slug: 'ferry-timetable',
    title: 'Ferry adds an early crossing on weekdays',
    author: 'Ines Varga',
    paragraphs: [
      'The river ferry will add a 6:10 crossing on weekdays from next month, the operator said on Tuesday.',
      'Commuters had asked for an earlier boat since the bridge closed for repairs. The operator expects about two hundred passengers on the new crossing.',
      'Weekend times do not change. Tickets bought for the old timetable remain valid.',
    ],
  },
  {
    slug: 'library-hours',
    title: 'Library opens on Sundays for the winter',
    author: 'Tom Okafor',
    paragraphs: [
      'The central library will open from noon to five on Sundays between November and March.',
      'Volunteers from the reading club will staff the children’s room. The council pays for heating and one librarian.',
      'If visits are high enough, Sunday opening could become permanent next year.',
    ],
  },
  {
    slug: 'market-square',
    title: 'Market square gets new benches and trees',
    author: 'Ines Varga',
    paragraphs: [
      'Twelve benches and eight lime trees will be placed around the market square this spring.',
      'The design was chosen by residents in an online vote. Stallholders asked that the trees leave room for their vans on market days.',
      'Work starts after the Easter fair and should take three weeks.',
    ],
  },
  {
    slug: 'school-garden',
    title: 'Pupils harvest the first pumpkins from the school garden',
    author: 'Ana Ruiz',
    paragraphs: [
      'Pupils at Hill Road primary school harvested forty pumpkins from the garden they planted in May.',
      'Teachers used the garden for lessons on weather, soil and insects. Some of the pumpkins will be sold at the school fair.',
      'The school hopes to add a greenhouse next year.',
    ],
  },
  {
    slug: 'cycle-lane',
    title: 'Cycle lane on Station Road opens a month early',
    author: 'Tom Okafor',
    paragraphs: [
      'The new cycle lane on Station Road opened on Friday, a month ahead of schedule.',
      'The lane is separated from traffic by a low kerb. Counters at both ends will record how many people use it.',
      'A second lane, towards the hospital, is planned for next summer.',
    ],
  },
  {
    slug: 'choir-concert',
    title: 'Town choir raises money for the new roof',
    author: 'Ana Ruiz',
    paragraphs: [
      'The town choir raised enough at its autumn concert to pay for a quarter of the church hall’s new roof.',
      'More than three hundred people came to hear the choir and a brass band from the next valley.',
      'A second concert is planned for the spring.',
    ],
  },
];

const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The RSS document with the first `count` stories, newest first; story n was published `n` hours after `start`. */
export function sampleRss(origin: string, count: number, start: Date): string {
  const items = SAMPLE_STORIES.slice(0, count)
    .map((story, index) => {
      const link = `${origin}/stories/${story.slug}`;
      const date = new Date(start.getTime() + index * 3_600_000).toUTCString();
      return [
        '  <item>',
        `    <title>${escapeXml(story.title)}</title>`,
        `    <link>${escapeXml(link)}</link>`,
        `    <guid isPermaLink="false">millbrook-${story.slug}</guid>`,
        `    <pubDate>${date}</pubDate>`,
        `    <dc:creator>${escapeXml(story.author)}</dc:creator>`,
        `    <description>${escapeXml(`<p>${story.paragraphs[0]}</p>`)}</description>`,
        '  </item>',
      ].join('\n');
    })
    .reverse();
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">',
    '<channel>',
    `  <title>${escapeXml(SAMPLE_FEED_TITLE)}</title>`,
    `  <link>${escapeXml(origin)}/</link>`,
    '  <description>Made-up local news for trying feeds in the sandbox.</description>',
    ...items,
    '</channel>',
    '</rss>',
  ].join('\n');
}

/** A story's page, with navigation around the article as real sites have, for the full-text reader. */
export function samplePage(story: SampleStory): string {
  const body = story.paragraphs.map((paragraph) => `<p>${escapeXml(paragraph)}</p>`).join('\n');
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeXml(story.title)}</title></head><body>
<nav><a href="/">Home</a> · <a href="/news.xml">Feed</a></nav>
<article><h1>${escapeXml(story.title)}</h1>
${body}
</article>
<footer>Millbrook Gazette is a sample for the news bot's sandbox.</footer>
</body></html>`;
}
