import { MessageFlags, PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { buttons, commands } from '../../commands/index.js';
import { createRouter } from '../../src/discord/router.js';
import { MAX_SCHEDULES_PER_GUILD } from '../../src/services/schedules.js';
import { makeArticle } from '../helpers/articles.js';
import { manualClock, testDeps } from '../helpers/deps.js';
import { ADMIN, type FakeOptions, fakeInteraction, MEMBER } from '../helpers/fake-interaction.js';

const GUILD = '100000000000000001';
const NEWS = '300000000000000009';
const ALL_POST = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.SendMessages | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.ReadMessageHistory;

function setup() {
  const clock = manualClock(new Date('2026-11-01T12:00:00Z'));
  const env = testDeps([makeArticle({ id: 'a1', title: 'Harbour reopens' }), makeArticle({ id: 'a2', title: 'Rail strike' })], clock);
  const router = createRouter(env.deps, commands, buttons);
  const send = async (spec: Omit<FakeOptions, 'command'>) => {
    const fake = fakeInteraction({ command: 'schedule', permissions: ADMIN, botPermissions: { [NEWS]: ALL_POST }, ...spec });
    await router.handle(fake.interaction);
    return fake.answers;
  };
  const add = async (options: Record<string, string | number>) => (await send({ subcommand: 'add', options: { channel: { id: NEWS, type: 0 }, ...options } as FakeOptions['options'] }))[0]!.options;
  return { ...env, clock, send, add };
}

describe('/schedule', () => {
  it('is registered for Manage Server with the documented options', () => {
    const data = commands.find((c) => c.data.name === 'schedule')!.data;
    expect(data.default_member_permissions).toBe(String(PermissionFlagsBits.ManageGuild));
    const add = data.options!.find((o) => o.name === 'add') as { options: { name: string }[] };
    expect(add.options.map((o) => o.name)).toEqual(['channel', 'every', 'at', 'timezone', 'count', 'query', 'backfill', 'tags', 'thread', 'publish', 'as-webhook']);
    expect(data.options!.map((o) => o.name)).toEqual(['add', 'list', 'remove', 'pause', 'resume', 'run', 'history', 'why']);
  });

  it('add answers with the id and the first run; list shows it', async () => {
    const { add, send } = setup();
    const answer = await add({ every: '2h' });
    expect(answer.flags).toBe(MessageFlags.Ephemeral);
    const id = /`([a-z0-9]{6})`/.exec(answer.content)![1]!;
    const first = Date.parse('2026-11-01T14:00:00Z') / 1000;
    expect(answer.content).toBe(`Schedule \`${id}\` added: every 2h in <#${NEWS}>, first run <t:${first}:f> (<t:${first}:R>).`);
    const [list] = await send({ subcommand: 'list' });
    expect(list!.options.embeds[0].fields[0]).toMatchObject({ name: `${id} · every 2h`, value: expect.stringContaining('last: not run yet') });
  });

  it.each([
    [{ every: 'abc' }, '`every` takes a number and a unit: 15m, 2h or 1d (at least 5m).'],
    [{ every: '1s' }, '`every` takes a number and a unit'],
    [{ every: '2m' }, '`every` must be at least 5m.'],
    [{}, 'Give `every` (like 15m, 2h or 1d) or `at` (a daily time like 09:30).'],
    [{ every: '1h', at: '09:00' }, 'Use either `every` or `at`, not both.'],
    [{ at: '25:00' }, '`at` takes a 24-hour time as HH:MM'],
    [{ at: '09:00', timezone: 'Mars/Olympus' }, '`timezone` must be a time zone from the list'],
  ])('rejects %j with what is accepted', async (options, message) => {
    const { add, deps } = setup();
    const answer = await add(options);
    expect(answer).toMatchObject({ flags: MessageFlags.Ephemeral, content: expect.stringContaining(message) });
    expect(await deps.schedules.countByGuild(GUILD)).toBe(0);
  });

  it(`refuses more than ${MAX_SCHEDULES_PER_GUILD} schedules in a server`, async () => {
    const { add } = setup();
    for (let i = 0; i < MAX_SCHEDULES_PER_GUILD; i++) expect((await add({ every: '1h' })).content).toContain('added');
    expect((await add({ every: '1h' })).content).toContain(`already has ${MAX_SCHEDULES_PER_GUILD} schedules`);
  });

  it('refuses a plain member, and a channel the bot cannot post in', async () => {
    const { send, deps } = setup();
    const [member] = await send({ subcommand: 'add', permissions: MEMBER, options: { channel: { id: NEWS, type: 0 }, every: '1h' } });
    expect(member!.options.content).toContain('Manage Server');
    const [blocked] = await send({ subcommand: 'add', botPermissions: { [NEWS]: PermissionFlagsBits.ViewChannel }, options: { channel: { id: NEWS, type: 0 }, every: '1h' } });
    expect(blocked!.options.content).toBe(`I can't post in <#${NEWS}> on a schedule: I'm missing **Send Messages**, **Embed Links**, **Read Message History** there.`);
    const [noHistory] = await send({ subcommand: 'add', botPermissions: { [NEWS]: ALL_POST & ~PermissionFlagsBits.ReadMessageHistory }, options: { channel: { id: NEWS, type: 0 }, every: '1h' } });
    expect(noHistory!.options.content).toBe(`I can't post in <#${NEWS}> on a schedule: I'm missing **Read Message History** there.`);
    expect(await deps.schedules.countByGuild(GUILD)).toBe(0);
  });

  it('pause, resume, run and remove act on this server’s schedule', async () => {
    const { add, send, deps, poster, clock } = setup();
    const id = /`([a-z0-9]{6})`/.exec((await add({ every: '1h', count: 2, backfill: 2 })).content)![1]!;
    expect((await send({ subcommand: 'pause', options: { id } }))[0]!.options.content).toContain('paused');
    expect((await deps.schedules.get(GUILD, id))!.pausedReason).toBe('paused by an admin');
    clock.advance(3 * 3_600_000);
    expect((await deps.scheduler.tick()).ran).toBe(0);
    expect((await send({ subcommand: 'resume', options: { id: id.toUpperCase() } }))[0]!.options.content).toContain('resumed');
    const run = await send({ subcommand: 'run', options: { id } });
    expect(run.map((a) => a.kind)).toEqual(['deferReply', 'editReply']);
    expect(run[1]!.options.content).toBe(`Posted 2 articles in <#${NEWS}>.`);
    expect(poster.sent).toHaveLength(2);
    expect((await send({ subcommand: 'run', options: { id } }))[1]!.options.content).toContain('Nothing new');
    expect((await send({ subcommand: 'remove', options: { id } }))[0]!.options.content).toBe(`Schedule \`${id}\` removed.`);
    expect((await send({ subcommand: 'remove', options: { id } }))[0]!.options.content).toContain('No schedule');
  });

  it('does not reach another server’s schedule', async () => {
    const { add, send } = setup();
    const id = /`([a-z0-9]{6})`/.exec((await add({ every: '1h' })).content)![1]!;
    const [answer] = await send({ subcommand: 'remove', guildId: '100000000000000002', options: { id } });
    expect(answer!.options.content).toContain('No schedule');
  });

  it('autocompletes ids from this server and time zones', async () => {
    const { add, send } = setup();
    const id = /`([a-z0-9]{6})`/.exec((await add({ every: '1h' })).content)![1]!;
    const [ids] = await send({ kind: 'autocomplete', subcommand: 'run', focused: 'id', options: { id: '' } });
    expect(ids!.options).toEqual([{ name: `${id} · #${NEWS} · every 1h`, value: id }]);
    const [zones] = await send({ kind: 'autocomplete', subcommand: 'add', focused: 'timezone', options: { timezone: 'europe/lon' } });
    expect(zones!.options[0]).toEqual({ name: 'Europe/London', value: 'Europe/London' });
  });
});
