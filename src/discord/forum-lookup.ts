// Finding a forum post an interrupted run may have made. Creating a forum post takes no nonce, so a
// restarted bot has to look before posting again: among the forum's threads started since the claim
// (the guild's active threads, and the forum's public archived threads back to the claim), the one
// whose starter message is ours and carries the article's id in its embed footer. Posts named like
// the article are checked first; when it cannot tell, it throws, and the post stays unconfirmed.
import { DiscordAPIError, type REST, Routes } from 'discord.js';
import { classifySendError } from './classify-failure.js';
import { DiscordCodes } from './codes.js';
import { isOurs, isPostAbout, type ListedMessage, type PosterContext, snowflakeAt } from './poster.js';
import { SendFailure } from './send-failure.js';
import type { Target } from './target.js';
import type { Posted } from './targets.js';

interface ApiThread {
  id: string;
  parent_id?: string | null;
  owner_id?: string;
  name?: string;
  thread_metadata?: { archive_timestamp?: string };
}

interface ThreadList {
  threads: ApiThread[];
  has_more?: boolean;
}

/** Clock drift allowed between us and Discord when looking back to a claim's time. */
const SLACK_MS = 5 * 60_000;
const ARCHIVE_PAGE = 100;
const MAX_ARCHIVE_PAGES = 10;
/** Other new posts whose starter message is read at most; a busier forum leaves the claim unconfirmed. */
const MAX_OTHER_CHECKS = 25;

export async function findForumPost(rest: REST, { botUserId, canReadHistory }: PosterContext, target: Target, articleId: string, threadName: string, since: Date): Promise<Posted | undefined> {
  const me = botUserId();
  const forum = target.channelId;
  if (!me) throw new SendFailure('transient', 'not connected to Discord yet');
  if (!canReadHistory(forum)) throw new SendFailure('transient', `the bot cannot read the posts of <#${forum}> (it needs Read Message History there)`);
  const read = async <T>(route: `/${string}`, query?: URLSearchParams): Promise<T> => {
    try {
      return (await rest.get(route, query ? { query } : {})) as T;
    } catch (error) {
      throw classifySendError(error, forum);
    }
  };
  const from = since.getTime() - SLACK_MS;
  const startedSince = (t: ApiThread): boolean => BigInt(t.id) >= BigInt(snowflakeAt(new Date(from)));

  const candidates = new Map<string, ApiThread>();
  const active = await read<ThreadList>(Routes.guildActiveThreads(target.guildId));
  for (const t of active.threads) if (t.parent_id === forum && startedSince(t)) candidates.set(t.id, t);
  // Archived newest first: a post made since the claim was archived since then too, so older archives end the search.
  let before: string | undefined;
  for (let page = 0; ; page++) {
    if (page === MAX_ARCHIVE_PAGES) throw new SendFailure('transient', `too many archived posts in <#${forum}> to check`);
    const query = new URLSearchParams({ limit: String(ARCHIVE_PAGE), ...(before ? { before } : {}) });
    const list = await read<ThreadList>(Routes.channelThreads(forum, 'public'), query);
    let older = false;
    for (const t of list.threads) {
      const archivedAt = Date.parse(t.thread_metadata?.archive_timestamp ?? '');
      if (archivedAt < from) older = true;
      else if (startedSince(t)) candidates.set(t.id, t);
    }
    before = list.threads.at(-1)?.thread_metadata?.archive_timestamp;
    if (older || !list.has_more || !before) break;
  }

  const named = [...candidates.values()].filter((t) => t.name === threadName);
  const others = [...candidates.values()].filter((t) => t.name !== threadName);
  for (const t of named) {
    const found = await checkStarter(t, { read, me, articleId, threadName });
    if (found) return found;
  }
  // A moderator may have renamed the post: the rest are checked too, within reason.
  if (others.length > MAX_OTHER_CHECKS) throw new SendFailure('transient', `too many new posts in <#${forum}> to check`);
  for (const t of others) {
    const found = await checkStarter(t, { read, me, articleId, threadName });
    if (found) return found;
  }
  return undefined;
}

interface Check {
  read: <T>(route: `/${string}`) => Promise<T>;
  me: string;
  articleId: string;
  threadName: string;
}

/** A forum post's starter message shares the thread's id; ours carries the article id in its footer. */
async function checkStarter(thread: ApiThread, { read, me, articleId, threadName }: Check): Promise<Posted | undefined> {
  try {
    const starter = await read<ListedMessage>(Routes.channelMessage(thread.id, thread.id));
    return isOurs(starter, me) && isPostAbout(starter, articleId) ? { messageId: starter.id, threadId: thread.id } : undefined;
  } catch (error) {
    // A moderator deleted the starter message: the bot's own post under the article's name still counts.
    const cause = error instanceof SendFailure ? error.cause : undefined;
    const gone = cause instanceof DiscordAPIError && cause.code === DiscordCodes.UnknownMessage;
    if (gone && thread.owner_id === me && thread.name === threadName) return { messageId: thread.id, threadId: thread.id };
    if (gone) return undefined;
    throw error;
  }
}
