// What the delivery steps ask of Discord, for every kind of target: make the post, find one an
// interrupted run may have made, open a discussion thread on it, publish it. Implemented over REST in
// targets-rest.ts; every failure comes back as a SendFailure, so callers never see Discord's errors.
import type { MessagePayload } from '../core/payload.js';
import type { ChannelPoster } from './poster.js';
import type { Identity, Target } from './target.js';

/** What exists of a post: the message carrying the article and, for a forum post, its thread. */
export interface Posted {
  messageId: string;
  /** A forum post's thread, or a discussion thread already started on the message. */
  threadId: string | null;
}

export interface PostRequest {
  articleId: string;
  /** A forum post's name (see threadNameFor). */
  threadName: string;
  /** Carried with enforce_nonce where Discord takes one (plain messages, see nonceGuards). */
  nonce: string;
  identity: Identity;
}

export interface TargetPoster extends ChannelPoster {
  /** Makes the post: a message, a forum post, or either through the channel's webhook. */
  post(target: Target, payload: MessagePayload, request: PostRequest): Promise<Posted>;
  /**
   * Our post about the article made since `since`, or undefined when everything since then was
   * checked and none is. Throws a SendFailure when it cannot tell: the caller must not post blind.
   */
  find(target: Target, articleId: string, threadName: string, since: Date): Promise<Posted | undefined>;
  /** The thread already started on a posted message, if any. */
  threadOf(target: Target, messageId: string): Promise<string | undefined>;
  /** Starts a public thread on a posted message; one already started counts. Returns its id. */
  openThread(target: Target, messageId: string, name: string): Promise<string>;
}

export type PublishResult = { kind: 'published' } | { kind: 'limited'; retryAfterMs: number };

/** Crossposts announcement posts. A message already published counts as published. */
export interface Publisher {
  /** `limited`: the channel's publish limit is reached; Discord says when it frees up. */
  crosspost(channelId: string, messageId: string): Promise<PublishResult>;
  /** Whether the message carries the CROSSPOSTED flag (checked after an interrupted publish). */
  isPublished(channelId: string, messageId: string): Promise<boolean>;
}
