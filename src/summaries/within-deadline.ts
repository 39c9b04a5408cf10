// Keeps a slash command inside Discord's 3-second reply window while a model may be writing its
// summary, without deferring when the answer is at hand. The contract for a handler:
//
//   const { summary, deferred } = await summaries.summarizeWithin(article, n, {
//     defer: () => interaction.deferReply(),        // called at most once, never after the result is in
//     deferAfterMs: 1500 - (Date.now() - interaction.createdTimestamp),   // optional, default 1500
//   });
//   const payload = buildSummaryMessage(article, summary.sentences, style, summaryFooterLabel(summary));
//   deferred ? await interaction.editReply(payload) : await interaction.reply(payload);
//
// - No model configured, or the cache already knows the answer (accepted, refused, cooling down): the
//   summary comes back in a few milliseconds with deferred: false, and the handler replies normally.
// - The model has to be asked, or another request for the same version is awaited: defer() is called
//   right then, before any waiting, so the acknowledgement goes out well inside the window.
// - Anything else slow (a database busy with another process): defer() is called once deferAfterMs
//   have passed. 1.5 s leaves the other half of the window for the acknowledgement to reach Discord;
//   a handler that already spent time should pass what is left of its 1.5 s.
// - The result is returned only after defer() has settled, so an edit never races the deferral. A
//   failed defer() is rethrown (after the summary is in, which was cached all the same) for the router.

export interface WaitHooks {
  /** Called (at most once) when the answer will take a model's time. */
  onWait?: () => void;
}

export interface DeferOptions {
  /** Acknowledges the interaction, typically interaction.deferReply(). */
  defer: () => Promise<unknown>;
  /** Defer after this long even if no slow step announced itself. Default 1500. */
  deferAfterMs?: number;
}

export interface SummaryWithin<T> {
  summary: T;
  /** defer() was called: answer with an edit of the deferred reply. */
  deferred: boolean;
}

export const DEFER_AFTER_MS = 1500;

export async function summarizeWithin<T>(run: (hooks: WaitHooks) => Promise<T>, { defer, deferAfterMs = DEFER_AFTER_MS }: DeferOptions): Promise<SummaryWithin<T>> {
  let deferral: Promise<void> | undefined;
  let deferFailure: { error: unknown } | undefined;
  let done = false;
  const startDefer = (): void => {
    if (deferral || done) return;
    // Caught here and rethrown below: a rejection must not go unhandled while the summary is awaited.
    deferral = Promise.resolve()
      .then(defer)
      .then(
        () => undefined,
        (error: unknown) => {
          deferFailure = { error };
        },
      );
  };
  const timer = setTimeout(startDefer, Math.max(0, deferAfterMs));
  let summary: T;
  try {
    summary = await run({ onWait: startDefer });
  } finally {
    done = true;
    clearTimeout(timer);
  }
  if (deferral) await deferral;
  if (deferFailure) throw deferFailure.error;
  return { summary, deferred: deferral !== undefined };
}
