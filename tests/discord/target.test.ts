import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { targetNeeds } from '../../src/discord/permissions.js';
import { describeTarget, nonceGuards, PLAIN_CHANNEL, type TargetOptions, threadNameFor, webhookChannelOf } from '../../src/discord/target.js';
import { matchTags } from '../../src/discord/target-options.js';
import { UserError } from '../../src/errors.js';

const target = (extra: Partial<TargetOptions> = {}): TargetOptions => ({ ...PLAIN_CHANNEL, tagIds: [], ...extra });

describe('thread names for articles', () => {
  it.each([
    ['Port strike ends after nine days', 'Port strike ends after nine days'],
    ['  Line one\nline   two ', 'Line one line two'],
    ['', 'the-article-id'],
    ['x'.repeat(100), 'x'.repeat(100)],
    ['x'.repeat(101), `${'x'.repeat(99)}…`],
    [`${'word '.repeat(30)}end`, `${'word '.repeat(19)}word…`],
    [`${'🗞'.repeat(120)}`, `${'🗞'.repeat(99)}…`],
  ])('%j becomes %j', (title, name) => {
    expect(threadNameFor(title, 'the-article-id')).toBe(name);
    expect([...threadNameFor(title, 'the-article-id')].length).toBeLessThanOrEqual(100);
  });
});

describe('what a target is', () => {
  it('only plain bot messages are guarded by a nonce', () => {
    expect(nonceGuards(target())).toBe(true);
    expect(nonceGuards(target({ kind: 'thread', parentId: '300000000000000001' }))).toBe(true);
    expect(nonceGuards(target({ kind: 'forum' }))).toBe(false);
    expect(nonceGuards(target({ asWebhook: true }))).toBe(false);
  });

  it('a thread’s webhook lives on its channel', () => {
    expect(webhookChannelOf({ ...target({ kind: 'thread', parentId: '300000000000000001' }), guildId: 'g', channelId: '300000000000000002' })).toBe('300000000000000001');
    expect(webhookChannelOf({ ...target({ kind: 'forum' }), guildId: 'g', channelId: '300000000000000003' })).toBe('300000000000000003');
  });

  it('describes its options in a few words', () => {
    expect(describeTarget(target())).toBe('');
    expect(describeTarget(target({ kind: 'forum', tagIds: ['1', '2'] }))).toBe('forum posts with 2 tags');
    expect(describeTarget(target({ kind: 'forum', tagIds: ['1'] }), ['world'])).toBe('forum posts tagged world');
    expect(describeTarget(target({ threadPerArticle: true, publish: true, asWebhook: true }))).toBe('a thread per article, published, through a webhook');
  });

  it.each([
    [target(), ['View Channel', 'Send Messages', 'Embed Links', 'Read Message History']],
    [target({ kind: 'thread', parentId: '1' }), ['View Channel', 'Send Messages in Threads', 'Embed Links', 'Read Message History']],
    [target({ kind: 'forum' }), ['View Channel', 'Send Messages', 'Embed Links', 'Read Message History']],
    [target({ threadPerArticle: true }), ['View Channel', 'Send Messages', 'Embed Links', 'Read Message History', 'Create Public Threads']],
    [target({ asWebhook: true }), ['View Channel', 'Manage Webhooks', 'Read Message History']],
    [target({ publish: true }), ['View Channel', 'Send Messages', 'Embed Links', 'Read Message History']],
    [target({ publish: true, asWebhook: true }), ['View Channel', 'Manage Webhooks', 'Read Message History', 'Send Messages', 'Manage Messages']],
  ])('%j needs %j', (options, names) => {
    expect(targetNeeds(options)).toEqual(names);
  });

  it('Manage Messages is never asked for to publish the bot’s own posts', () => {
    expect(targetNeeds(target({ publish: true, threadPerArticle: true }))).not.toContain('Manage Messages');
    expect(PermissionFlagsBits.ManageMessages).toBeDefined();
  });
});

describe('forum tags', () => {
  const tags = ['world', 'science', 'sport', 'arts', 'local', 'weather'].map((name, i) => ({ id: `70000000000000000${i}`, name, moderated: false }));

  it.each([
    ['world', false, ['world']],
    [' Science ,WORLD, science ', false, ['science', 'world']],
    ['', false, []],
    [null, false, []],
  ])('%j picks %j', (input, required, names) => {
    expect(matchTags(tags, input, required).map((tag) => tag.name)).toEqual(names);
  });

  it.each([
    ['world, nope, other', false, 'This forum has no tag “nope”, “other”. Its tags: world, science, sport, arts, local, weather.'],
    ['world,science,sport,arts,local,weather', false, 'A post can carry at most 5 tags; 6 were given.'],
    ['', true, 'This forum requires a tag on every post: give `tags`, from world, science, sport, arts, local, weather.'],
  ])('%j is refused with what is accepted', (input, required, message) => {
    expect(() => matchTags(tags, input, required)).toThrow(new UserError(message));
  });
});
