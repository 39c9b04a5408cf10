// Posts that appear in a channel without anyone asking at the prompt — scheduled posts, pause notices,
// /news post — are announced as one short line each, as they happen.
import type { FakeDiscord } from '../../tests/e2e/fake-discord/index.js';
import { clockTime, messageHeadline } from './text.js';
import type { SandboxWorld } from './world.js';

/** Calls `show` once per new channel post of the bot; returns a function that stops watching. */
export function announceChannelPosts(discord: FakeDiscord, world: SandboxWorld, show: (line: string) => void): () => void {
  const seen = new Set<string>();
  const onMessage = (id: string): void => {
    const message = discord.message(id);
    // Answers to commands are shown by whoever ran the command; edits are not new posts.
    if (!message || seen.has(id) || message.ephemeral || message.interaction || message.authorId !== discord.applicationId) return;
    seen.add(id);
    show(`[${clockTime(message.createdAt)} #${world.channelName(message.channelId)}] ${messageHeadline(message, world)}`);
  };
  discord.state.events.on('message', onMessage);
  return () => void discord.state.events.off('message', onMessage);
}
