// Forum and media channels end to end: each article becomes a post named after it with the chosen
// tags, the tags are checked when the schedule is added, and a post interrupted between being made
// and being recorded is found again (among active and archived posts), never made twice.
import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { contentOf, embedsOf } from './harness.js';
import { articleIdsOf, closeWorldsAfterEach, HOUR, targetWorld } from './targets-world.js';

closeWorldsAfterEach();

const TAGS = [{ name: 'world' }, { name: 'science' }, { name: 'sport' }, { name: 'arts' }, { name: 'local' }, { name: 'weather' }, { name: 'pinned', moderated: true }];
const VALID = 'world, science, sport, arts, local, weather, pinned';
const LONG_TITLE = 'Harbour authority approves the long delayed plan to dredge the northern channel and rebuild the old grain quay before winter storms';

const forumPosts = (t: Awaited<ReturnType<typeof targetWorld>>, forumId: string) => t.w.discord.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${forumId}/threads`);

describe('forum schedules', () => {
  it('checks tags when added: unknown names with the valid list, more than 5, a required tag, moderated tags', async () => {
    const t = await targetWorld();
    const forum = await t.channel({ name: 'forum', type: 15, availableTags: TAGS, requireTag: true });
    expect(await t.add({ channel: forum.id, tags: 'world, nope' })).toBe(`This forum has no tag “nope”. Its tags: ${VALID}.`);
    expect(await t.add({ channel: forum.id, tags: 'world,science,sport,arts,local,weather' })).toBe('A post can carry at most 5 tags; 6 were given.');
    expect(await t.add({ channel: forum.id })).toBe(`This forum requires a tag on every post: give \`tags\`, from ${VALID}.`);
    expect(await t.add({ channel: forum.id, tags: 'pinned' })).toBe(`I can't post in <#${forum.id}> on a schedule: I'm missing **Manage Threads** there.`);
    expect(await t.add({ channel: forum.id, tags: 'world', thread: true })).toContain('makes every post a thread already');
    expect(await t.add({ channel: forum.id, tags: 'world', publish: true })).toContain('`publish` works in announcement channels only');
    expect(await t.w.app!.deps.schedules.countByGuild(t.w.guild.id)).toBe(0);
    expect(await t.add({ channel: forum.id, tags: 'World , science' })).toMatch(/^Schedule `[a-z0-9]{6}` added: every 1h in <#\d+> \(forum posts tagged world, science\)/);
  });

  it('posts each article as a post named after it, with its tags and the summary embed first', async () => {
    const t = await targetWorld();
    const forum = await t.channel({ name: 'forum', type: 15, availableTags: TAGS, requireTag: true });
    const id = await t.addOk({ channel: forum.id, tags: 'science, world' });
    t.advance(1000);
    await t.w.addArticle('dredging', LONG_TITLE);
    t.advance(HOUR);
    expect((await t.tick()).results[0]!.result).toEqual({ kind: 'posted', count: 1 });
    const [post] = t.w.discord.threads(forum.id);
    const [science, world] = [forum.availableTags![1]!.id, forum.availableTags![0]!.id];
    expect(post!.name).toBe('Harbour authority approves the long delayed plan to dredge the northern channel and rebuild the old…');
    expect([...post!.name].length).toBeLessThanOrEqual(100);
    expect(post!.thread.appliedTags).toEqual([science, world]);
    expect(post!.thread.ownerId).toBe(t.w.discord.botUser.id);
    const [first] = t.w.discord.messages(post!.id);
    expect(first!.id).toBe(post!.id);
    expect(articleIdsOf([first!])).toEqual(['dredging']);
    expect(await t.why(id, 'dredging')).toContain(`https://discord.com/channels/${t.w.guild.id}/${post!.id}/${post!.id}`);
    t.advance(HOUR);
    await t.tick();
    expect(t.w.discord.threads(forum.id)).toHaveLength(1);
  });

  it('media channels take posts the same way', async () => {
    const t = await targetWorld();
    const media = await t.channel({ name: 'gallery', type: 16, availableTags: TAGS });
    await t.addOk({ channel: media.id });
    t.advance(1000);
    await t.w.addArticle('photo-essay', 'A photo essay from the harbour');
    t.advance(HOUR);
    await t.tick();
    expect(t.w.discord.threads(media.id).map((p) => p.name)).toEqual(['A photo essay from the harbour']);
  });
});

describe('a forum post interrupted by a crash', () => {
  async function crashAfterPosting() {
    const t = await targetWorld();
    const forum = await t.channel({ name: 'forum', type: 15, availableTags: TAGS });
    const id = await t.addOk({ channel: forum.id });
    t.advance(1000);
    await t.w.addArticle('quay', 'Grain quay reopens after repairs');
    t.advance(HOUR);
    // The post is made, then the process dies before recording it.
    t.w.app!.deps.deliveries.markSent = async () => Promise.reject(new Error('killed'));
    await t.tick();
    expect(forumPosts(t, forum.id)).toHaveLength(1);
    expect((await t.w.app!.deps.deliveries.pending(forum.id)).map((d) => d.articleId)).toEqual(['quay']);
    await t.w.restart();
    return { t, forum, id };
  }

  it('is found among the active posts after a restart and recorded, not made again', async () => {
    const { t, forum, id } = await crashAfterPosting();
    t.advance(60_000);
    await t.tick();
    expect(forumPosts(t, forum.id)).toHaveLength(1);
    expect(t.w.discord.threads(forum.id)).toHaveLength(1);
    expect(await t.w.app!.deps.deliveries.pending(forum.id)).toEqual([]);
    expect(await t.why(id, 'quay')).toMatch(/^Posted in <#\d+>/);
    const history = embedsOf(await t.w.invoke({ command: 'schedule', subcommand: 'history', options: { id } }))[0]!.description as string;
    expect(history.split('\n')[0]).toContain('(found after an interruption)');
  });

  it('is found among the archived posts when a moderator closed it meanwhile', async () => {
    const { t, forum } = await crashAfterPosting();
    const [post] = t.w.discord.threads(forum.id);
    t.advance(30 * 60_000);
    t.w.discord.archiveThread(post!.id);
    t.advance(HOUR);
    await t.tick();
    expect(forumPosts(t, forum.id)).toHaveLength(1);
    expect(await t.w.app!.deps.deliveries.pending(forum.id)).toEqual([]);
  });

  it('stays unconfirmed, and is not made again, while the forum cannot be read', async () => {
    const { t, forum } = await crashAfterPosting();
    t.w.discord.setBotChannelPermissions(forum.id, { deny: PermissionFlagsBits.ReadMessageHistory });
    await t.w.discord.waitFor(() => {
      const cached = t.w.app!.client.channels.cache.get(forum.id);
      const me = t.w.app!.client.guilds.cache.get(t.w.guild.id)?.members.me;
      return Boolean(cached && me && 'permissionsFor' in cached && !cached.permissionsFor(me)?.has(PermissionFlagsBits.ReadMessageHistory));
    });
    t.advance(HOUR);
    expect((await t.tick()).results[0]!.result).toEqual({ kind: 'nothing-new', unconfirmed: 1 });
    expect(forumPosts(t, forum.id)).toHaveLength(1);
  });
});

describe('/news post into a forum', () => {
  it('makes a tagged post and says where it is', async () => {
    const t = await targetWorld();
    const forum = await t.channel({ name: 'forum', type: 15, availableTags: TAGS, requireTag: true });
    const refused = await t.w.news('post', { article: 'swiss-glacier-survey', channel: forum.id });
    expect(contentOf(refused)).toContain('This forum requires a tag on every post');
    const answer = await t.w.news('post', { article: 'swiss-glacier-survey', channel: forum.id, tags: 'science' });
    const [post] = t.w.discord.threads(forum.id);
    expect(contentOf(answer)).toBe(`Posted **${post!.name}** in <#${post!.id}> in <#${forum.id}>.`);
    expect(post!.thread.appliedTags).toEqual([forum.availableTags![1]!.id]);
    expect((await t.w.app!.deps.deliveries.get(forum.id, 'swiss-glacier-survey'))?.state).toBe('sent');
  });
});
