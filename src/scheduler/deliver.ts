// The steps of one delivery, for every kind of target, each recorded in the delivery row as soon as
// it is done, so a process that dies at any point leaves the next one to go on from there:
//   1. the post (a message, a forum post, a webhook post). The pair was claimed before. A claim an
//      interrupted run left is first looked for: always where Discord takes no nonce (forum posts,
//      webhooks), and once the nonce is too old elsewhere. When the lookup cannot tell, nothing is sent.
//   2. a thread per article, opened on the message; one already there counts, and one is looked for
//      first when the message was made by an earlier attempt.
//   3. publishing: the post joins its channel's publish queue in the same write that marks it sent.
// Failures are thrown as SendFailures for the caller (the runner, /news post) to act on.
import type { Article } from '../core/article.js';
import type { MessagePayload } from '../core/payload.js';
import type { Clock } from '../deps.js';
import { asSendFailure, type SendFailure } from '../discord/send-failure.js';
import { type Identity, nonceGuards, type Target, threadNameFor } from '../discord/target.js';
import type { TargetPoster } from '../discord/targets.js';
import type { DeliveriesStore, Delivery, PostProgress, PublishQueueStore } from './types.js';

/** Discord deduplicates a nonce for a few minutes; older pending claims are checked against the channel. */
export const NONCE_TRUST_MS = 4 * 60_000;

export interface DeliveryStepsDeps {
  deliveries: DeliveriesStore;
  publishes: PublishQueueStore;
  poster: TargetPoster;
  clock: Clock;
}

export interface DeliveryJob {
  target: Target;
  article: Pick<Article, 'id' | 'title'>;
  payload: MessagePayload;
  identity: Identity;
  /** The claim, with what an earlier attempt recorded of the post. */
  delivery: Pick<Delivery, 'nonce' | 'claimedAt' | 'messageId' | 'threadId' | 'scheduleId'>;
  /** Claimed by this attempt: nothing of the post can exist yet. */
  fresh: boolean;
  /** False for a post with no delivery row of its own (an article /news post repeats): nothing is recorded. */
  tracked?: boolean;
}

export type DeliveryOutcome =
  | {
      kind: 'posted';
      messageId: string;
      threadId: string | null;
      /** The post was made by this attempt (false: found, or recorded by an earlier one). */
      created: boolean;
      /** Something to note in the delivery log (found after an interruption, no thread). */
      note?: string;
    }
  | { kind: 'unconfirmed'; failure: SendFailure };

export class DeliverySteps {
  constructor(private readonly deps: DeliveryStepsDeps) {}

  /** Runs the steps the delivery still needs; throws a SendFailure when Discord refuses one. */
  async complete(job: DeliveryJob): Promise<DeliveryOutcome> {
    const { target, article, delivery } = job;
    const { poster } = this.deps;
    const threadName = threadNameFor(article.title, article.id);
    let progress: PostProgress | undefined = delivery.messageId ? { messageId: delivery.messageId, threadId: delivery.threadId } : undefined;
    let note: string | undefined;
    if (!progress && !job.fresh && this.mustLook(target, delivery.claimedAt)) {
      try {
        progress = await poster.find(target, article.id, threadName, delivery.claimedAt);
      } catch (error) {
        const failure = asSendFailure(error);
        if (failure.scope === 'token') throw failure;
        return { kind: 'unconfirmed', failure };
      }
      if (progress) {
        note = 'found after an interruption';
        await this.record(job, progress);
      }
    }
    const recorded = Boolean(delivery.messageId);
    const created = !progress;
    if (!progress) {
      progress = await poster.post(target, job.payload, { articleId: article.id, threadName, nonce: delivery.nonce, identity: job.identity });
      if (target.threadPerArticle && !progress.threadId) await this.record(job, progress);
    }
    if (target.threadPerArticle && !progress.threadId) {
      // Only a message recorded by an earlier attempt may have a thread nobody knows of yet.
      const opened = await this.openThread(target, progress.messageId, threadName, recorded);
      progress = { ...progress, threadId: opened.threadId };
      note = [note, opened.note].filter(Boolean).join('; ') || undefined;
    }
    await this.finish(job, progress);
    return { kind: 'posted', messageId: progress.messageId, threadId: progress.threadId, created, ...(note ? { note } : {}) };
  }

  /** Where Discord takes no nonce, an interrupted post is always looked for; else once the nonce is old. */
  private mustLook(target: Target, claimedAt: Date): boolean {
    return !nonceGuards(target) || this.deps.clock.now().getTime() - claimedAt.getTime() > NONCE_TRUST_MS;
  }

  /** Opens the discussion thread; an article-level refusal leaves the post without one, noted. */
  private async openThread(target: Target, messageId: string, name: string, lookFirst: boolean): Promise<{ threadId: string | null; note?: string }> {
    const { poster } = this.deps;
    try {
      const existing = lookFirst ? await poster.threadOf(target, messageId) : undefined;
      return { threadId: existing ?? (await poster.openThread(target, messageId, name)) };
    } catch (error) {
      const failure = asSendFailure(error);
      if (failure.scope !== 'article') throw failure;
      return { threadId: null, note: `posted without its discussion thread (${failure.reason})` };
    }
  }

  private async record(job: DeliveryJob, progress: PostProgress): Promise<void> {
    if (job.tracked === false) return;
    await this.deps.deliveries.recordProgress(job.target.channelId, job.article.id, progress);
  }

  private async finish(job: DeliveryJob, progress: PostProgress): Promise<void> {
    const { target, article, delivery } = job;
    const now = this.deps.clock.now();
    const publish = target.publish ? { guildId: target.guildId, scheduleId: delivery.scheduleId, articleId: article.id } : undefined;
    if (job.tracked === false) {
      if (publish) await this.deps.publishes.enqueue(target.channelId, progress.messageId, publish, now);
      return;
    }
    await this.deps.deliveries.markSent(target.channelId, article.id, progress.messageId, now, { threadId: progress.threadId, ...(publish ? { publish } : {}) });
  }
}
