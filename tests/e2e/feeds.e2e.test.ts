// Feeds end to end: the real bot and discord.js client against the local Discord-compatible server, a
// feed on a loopback fixture server (reached as a public site would be, see tests/helpers/feed-server.ts)
// and a clock moved by hand. The feed poller's and the scheduler's passes are run directly.
import { PermissionFlagsBits } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { articleIdFor } from '../../src/feeds/entry-identity.js';
import { manualClock } from '../helpers/deps.js';
import { type FeedServer, fixtureResolution, startFeedServer } from '../helpers/feed-server.js';
import { publishFeed, stories } from '../helpers/feed-publisher.js';
import { type BotWorld, contentOf, embedsOf, startWorld } from './harness.js';

const HOUR = 3_600_000;
let server: FeedServer;
let world: BotWorld | undefined;

beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(() => server.close());
afterEach(async () => {
  try {
    world?.expectEveryMessageSafe();
  } finally {
    await world?.close();
    world = undefined;
  }
});

function postedIds(w: BotWorld, channelId: string): string[] {
  return w.discord
    .messages(channelId)
    .filter((m) => m.embeds.length > 0)
    .map((m) => String((m.embeds[0] as { footer: { text: string } }).footer.text).split(' · ')[0]!);
}

describe('/feed with a schedule, through Discord', () => {
  it('a feed added with /feed add has its new entries posted exactly once; a changed entry is updated, not reposted', async () => {
    const clock = manualClock(new Date('2026-11-25T12:00:00Z'));
    const w = (world = await startWorld({ clock, feedHttp: fixtureResolution() }));
    const later = async () => {
      clock.advance(HOUR);
      await w.app!.deps.feedPoller.pass();
      await w.app!.deps.scheduler.tick();
    };
    const published = publishFeed(server, '/e2e-harbour.xml', 'Harbour Ledger', stories(1, 3));

    const scheduled = await w.invoke({ command: 'schedule', subcommand: 'add', options: { channel: w.channels.news, every: '1h', count: 5, backfill: 0 } });
    expect(contentOf(scheduled)).toContain('added');
    const added = await w.invoke({ command: 'feed', subcommand: 'add', options: { url: `${server.origin}/e2e-harbour.xml` } });
    expect(added.ephemeral).toBe(true);
    expect(contentOf(added)).toMatch(/^Feed `[a-z0-9]{6}` added: Harbour Ledger, 3 entries found\./);
    const feedId = /`([a-z0-9]{6})`/.exec(contentOf(added))![1]!;
    const idOf = (n: number) => articleIdFor(feedId, `guid:story-${n}`);

    // The first fetch is the backlog: nothing of it is new to the schedule.
    await later();
    expect(postedIds(w, w.channels.news)).toEqual([]);

    published.items = stories(1, 5);
    await later();
    expect(postedIds(w, w.channels.news)).toEqual([idOf(4), idOf(5)]);

    // Story 5 is corrected and story 6 appears: 6 is posted, 5 only changes in the library.
    published.items = [stories(6, 6)[0]!, { ...published.items[0]!, title: 'Harbour story number 5, corrected' }, ...published.items.slice(1)];
    await later();
    await later();
    expect(postedIds(w, w.channels.news)).toEqual([idOf(4), idOf(5), idOf(6)]);
    expect((await w.app!.deps.catalog.get(idOf(5), { guildId: w.guild.id }))!.title).toBe('Harbour story number 5, corrected');
    const read = await w.news('read', { article: idOf(5) });
    expect(embedsOf(read)[0]!.title).toBe('Harbour story number 5, corrected');

    const list = await w.invoke({ command: 'feed', subcommand: 'list' });
    expect(list.ephemeral).toBe(true);
    expect(embedsOf(list)[0]!.fields[0]).toMatchObject({ name: `${feedId} · Harbour Ledger`, value: expect.stringContaining('6 articles') });
    expect(published.notModified).toBeGreaterThan(0);
  });

  it("a server's feed articles stay in that server; a plain member can neither use /feed nor see its ids", async () => {
    const clock = manualClock(new Date('2026-11-25T12:00:00Z'));
    const w = (world = await startWorld({ clock, feedHttp: fixtureResolution() }));
    publishFeed(server, '/e2e-private.xml', 'Quayside Notes', [{ guid: 'q1', title: 'Quayside cranes repainted', description: '<p>Quayside cranes were repainted blue. Work took a week.</p>' }]);
    await w.invoke({ command: 'feed', subcommand: 'add', options: { url: `${server.origin}/e2e-private.xml` } });
    expect(contentOf(await w.news('search', { query: 'quayside cranes' }))).not.toContain('No articles');

    const other = w.discord.addGuild({ name: 'Other Guild' });
    const otherChannel = w.discord.addChannel(other.id, { name: 'general' }).id;
    const otherAdmin = w.discord.addMember(other.id, { username: 'other-admin', permissions: PermissionFlagsBits.ManageGuild });
    await w.deploy(other.id);
    const elsewhere = await w.discord.invokeCommand({ guildId: other.id, channelId: otherChannel, userId: otherAdmin.id, command: 'news', subcommand: 'search', options: { query: 'quayside cranes' } });
    const answer = await elsewhere.final({ quietMs: 50, timeoutMs: 10_000 });
    expect(JSON.stringify(answer.data)).not.toContain('Quayside cranes repainted');

    // Even where an admin let everyone see /feed in Discord's settings, the bot answers admins only.
    w.discord.setCommandPermissions(w.guild.id, 'feed', [{ id: w.member.id, type: 'user', permission: true }]);
    const refused = await w.invoke({ command: 'feed', subcommand: 'list', as: w.member });
    expect(contentOf(refused)).toBe('You need the **Manage Server** permission to manage feeds.');
    const ask = (userId: string) => w.discord.autocomplete({ guildId: w.guild.id, channelId: w.channels.general, userId, command: 'feed', subcommand: 'remove', options: { id: '' }, focused: 'id' });
    expect(await ask(w.member.id)).toEqual([]);
    expect(await ask(w.admin.id)).toHaveLength(1);
  });
});
