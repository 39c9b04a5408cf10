// Scheduled delivery people can trust, end to end: exact filters, a refused article skipped while the
// next posts, a post whose fate cannot be checked never resent, long lists that Discord accepts, and
// "why wasn't it posted?" answered through /schedule history and why.
import { PermissionFlagsBits } from 'discord.js';
import { afterEach, describe, expect, it } from 'vitest';
import { historyReader } from '../../src/discord/permissions.js';
import { manualClock } from '../helpers/deps.js';
import { type BotWorld, buttonsOf, contentOf, embedsOf, startWorld } from './harness.js';

const HOUR = 3_600_000;
let world: BotWorld | undefined;

afterEach(async () => {
  try {
    world?.expectEveryMessageSafe();
  } finally {
    await world?.close();
    world = undefined;
  }
});

async function scheduledWorld() {
  const clock = manualClock(new Date('2026-11-25T12:00:00Z'));
  world = await startWorld({ clock });
  return { w: world, clock };
}

function postedIds(w: BotWorld, channelId: string): string[] {
  return w.discord
    .messages(channelId)
    .filter((m) => m.embeds.length > 0)
    .map((m) => String((m.embeds[0] as { footer: { text: string } }).footer.text).split(' · ')[0]!);
}

async function addSchedule(w: BotWorld, options: Record<string, string | number>): Promise<string> {
  const answer = await w.invoke({ command: 'schedule', subcommand: 'add', options: { channel: w.channels.news, backfill: 0, ...options } });
  const id = /`([a-z0-9]{6})`/.exec(contentOf(answer))?.[1];
  if (!id) throw new Error(`no schedule id in: ${contentOf(answer)}`);
  return id;
}

/** Changes Read Message History for the bot in #news and waits until the bot's cache has it. */
async function setHistoryReadable(w: BotWorld, readable: boolean): Promise<void> {
  w.discord.setBotChannelPermissions(w.channels.news, readable ? {} : { deny: PermissionFlagsBits.ReadMessageHistory });
  await w.discord.waitFor(() => historyReader(w.app!.client)(w.channels.news) === readable, { what: 'the permission change to reach the bot' });
}

const tick = (w: BotWorld) => w.app!.deps.scheduler.tick();
const postsTo = (w: BotWorld, channelId: string) => w.discord.requests.filter((r) => r.method === 'POST' && r.path.endsWith(`/channels/${channelId}/messages`));
const why = async (w: BotWorld, id: string, article: string) => embedsOf(await w.invoke({ command: 'schedule', subcommand: 'why', options: { id, article } }))[0]!.description as string;

describe('what a schedule posts', () => {
  it('a query is an exact filter: whole words, and every matching new article is considered', async () => {
    const { w, clock } = await scheduledWorld();
    const id = await addSchedule(w, { every: '1h', count: 5, query: 'war -sport' });
    clock.advance(1000);
    await w.addArticle('warehouse', 'New warehouse opens by the docks');
    await w.addArticle('heat', 'Heat warning issued for the weekend');
    await w.addArticle('talks', 'Talks to end the war resume in Geneva');
    await w.addArticle('wars-film', 'Film about two wars wins a prize');
    await w.addArticle('sport-war', 'Sport: the war of words before the derby');
    clock.advance(HOUR);
    await tick(w);
    expect(postedIds(w, w.channels.news).sort()).toEqual(['talks', 'wars-film']);
    expect(await why(w, id, 'warehouse')).toBe('Filtered out: it does not contain the word “war”.');
    expect(await why(w, id, 'sport-war')).toBe('Filtered out: it contains the excluded word “sport”.');
  });

  it('why explains waiting articles with their place in the queue, older ones, and unknown ones', async () => {
    const { w, clock } = await scheduledWorld();
    const id = await addSchedule(w, { every: '1h', count: 1 });
    clock.advance(1000);
    await w.addArticle('first-new', 'First new story');
    clock.advance(1000);
    await w.addArticle('second-new', 'Second new story');
    expect(await why(w, id, 'second-new')).toMatch(/^Waiting: number 2 of 2 waiting; next run <t:\d+:f>/);
    expect(await why(w, id, 'swiss-glacier-survey')).toMatch(/^Older than the schedule/);
    expect(await why(w, id, 'no-such-article')).toBe('It is not in the library (never added, or its file was removed).');
    clock.advance(HOUR);
    await tick(w);
    const posted = await why(w, id, 'first-new');
    expect(posted).toMatch(/^Posted in <#\d+> <t:\d+:f>/);
    expect(posted).toContain(`https://discord.com/channels/${w.guild.id}/${w.channels.news}/`);
  });
});

describe('failures', () => {
  it('an article Discord refuses is skipped with its reason while the next one posts; history shows both', async () => {
    const { w, clock } = await scheduledWorld();
    const id = await addSchedule(w, { every: '1h', count: 1 });
    clock.advance(1000);
    await w.addArticle('refused', 'A story Discord refuses');
    clock.advance(1000);
    await w.addArticle('accepted', 'A story Discord accepts');
    w.discord.faults.failNext({ method: 'POST', path: `/channels/${w.channels.news}/messages`, status: 400, code: 50035, message: 'Invalid Form Body' });
    clock.advance(HOUR);
    const [run] = (await tick(w)).results;
    expect(run!.result).toEqual({ kind: 'posted', count: 1, skipped: 1 });
    expect(postedIds(w, w.channels.news)).toEqual(['accepted']);
    expect(await why(w, id, 'refused')).toMatch(/^Skipped: Discord refused this article \(code 50035/);
    const history = embedsOf(await w.invoke({ command: 'schedule', subcommand: 'history', options: { id } }))[0]!.description as string;
    const [newest, oldest] = history.split('\n');
    expect(newest).toMatch(/posted \*\*A story Discord accepts\*\* · \[message\]\(https:\/\/discord\.com\/channels\//);
    expect(oldest).toMatch(/skipped \*\*A story Discord refuses\*\* \(code 50035\)/);
    const schedule = await w.app!.deps.schedules.get(w.guild.id, id);
    expect(schedule!.pausedReason).toBeNull();
    // The refused article is not tried again at later runs.
    clock.advance(HOUR);
    await tick(w);
    expect(postsTo(w, w.channels.news)).toHaveLength(2);
  });

  it('when the history cannot be read, an interrupted post is never resent; once it can, it is found', async () => {
    const { w, clock } = await scheduledWorld();
    const id = await addSchedule(w, { every: '1h', count: 1 });
    clock.advance(1000);
    await w.addArticle('interrupted', 'A story whose post was interrupted');
    clock.advance(HOUR);
    // The message reaches Discord, then the process dies before the delivery is marked sent.
    w.app!.deps.deliveries.markSent = async () => Promise.reject(new Error('killed'));
    await tick(w);
    await w.restart();
    // Long enough that Discord no longer deduplicates the nonce: only the history can tell.
    clock.advance(2 * HOUR);
    await setHistoryReadable(w, false);
    expect((await tick(w)).results[0]!.result).toEqual({ kind: 'nothing-new', unconfirmed: 1 });
    w.discord.faults.failNext({ method: 'GET', path: `/channels/${w.channels.news}/messages`, status: 500, times: 4 });
    await setHistoryReadable(w, true);
    clock.advance(HOUR);
    expect((await tick(w)).results[0]!.result).toEqual({ kind: 'nothing-new', unconfirmed: 1 });
    expect(postsTo(w, w.channels.news)).toHaveLength(1);
    expect(await why(w, id, 'interrupted')).toMatch(/^Being delivered since .*Last attempt: could not check whether an interrupted post went out/);

    clock.advance(HOUR);
    await tick(w);
    expect(postsTo(w, w.channels.news)).toHaveLength(1);
    expect(postedIds(w, w.channels.news)).toEqual(['interrupted']);
    expect(await w.app!.deps.deliveries.pending(w.channels.news)).toEqual([]);
  });
});

describe('lists within limits', () => {
  it('30 schedules with 100-character queries list as valid pages, every one reachable with Next', async () => {
    const { w, clock } = await scheduledWorld();
    const { schedules } = w.app!.deps;
    const query = `"${'long filter words '.repeat(6).slice(0, 95)}" -x`;
    expect(query).toHaveLength(100);
    for (let n = 0; n < 30; n++) {
      await schedules.create({ id: `s${String(n).padStart(5, '0')}`, guildId: w.guild.id, channelId: w.channels.news, rule: { kind: 'daily', hour: n % 24, minute: 30, timeZone: 'America/Argentina/Buenos_Aires' }, count: 5, query, backfill: 10, createdAt: clock.now(), nextRunAt: new Date(clock.now().getTime() + HOUR) });
    }
    let page = await w.invoke({ command: 'schedule', subcommand: 'list' });
    const seen: string[] = [];
    for (;;) {
      const fields = embedsOf(page)[0]!.fields as Array<{ name: string }>;
      seen.push(...fields.map((f) => f.name.split(' · ')[0]!));
      const next = buttonsOf(page.message).find((b) => b.label === 'Next');
      if (!next || next.disabled) break;
      page = await w.press(page.message!, 'Next');
    }
    expect(seen).toHaveLength(30);
    expect(new Set(seen).size).toBe(30);
  });

  it('schedule ids are not offered to members without Manage Server', async () => {
    const { w } = await scheduledWorld();
    await addSchedule(w, { every: '1h' });
    // Even where an admin let everyone see /schedule in Discord's settings, the bot answers admins only.
    w.discord.setCommandPermissions(w.guild.id, 'schedule', [{ id: w.member.id, type: 'user', permission: true }]);
    const ask = (userId: string) => w.discord.autocomplete({ guildId: w.guild.id, channelId: w.channels.general, userId, command: 'schedule', subcommand: 'remove', options: { id: '' }, focused: 'id' });
    expect(await ask(w.admin.id)).toHaveLength(1);
    expect(await ask(w.member.id)).toEqual([]);
  });

  it('/schedule add refuses a channel where the bot cannot read the history, naming what is missing', async () => {
    const { w } = await scheduledWorld();
    w.discord.setBotChannelPermissions(w.channels.news, { deny: PermissionFlagsBits.ReadMessageHistory });
    const answer = await w.invoke({ command: 'schedule', subcommand: 'add', options: { channel: w.channels.news, every: '1h' } });
    expect(contentOf(answer)).toBe(`I can't post in <#${w.channels.news}> on a schedule: I'm missing **Read Message History** there.`);
    expect(await w.app!.deps.schedules.countByGuild(w.guild.id)).toBe(0);
  });
});
