// What the scheduler needs to know about a failed post, without knowing Discord's error tables: whose
// problem it is. The poster turns Discord's errors into these (see classify-failure.ts).

/**
 * - article: Discord refuses this one message for good (invalid body, too large); skip it, go on.
 * - channel: the channel cannot be posted in (permissions, deleted); pause until an admin acts.
 * - token: the bot's token is no longer valid; stop posting everywhere.
 * - transient: try again later (rate limits, server errors, network).
 */
export type FailureScope = 'article' | 'channel' | 'token' | 'transient';

export class SendFailure extends Error {
  constructor(
    readonly scope: FailureScope,
    /** Written for server admins: it is shown in /schedule list, history and why. */
    readonly reason: string,
    /** Discord's error code (or the HTTP status when there is none), for the delivery log. */
    readonly code: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(reason, options);
    this.name = 'SendFailure';
  }
}

/** Anything thrown that is not a SendFailure is treated as a passing problem, never as a refusal. */
export function asSendFailure(error: unknown): SendFailure {
  if (error instanceof SendFailure) return error;
  const detail = (error as NodeJS.ErrnoException | undefined)?.code ?? (error as Error | undefined)?.message ?? 'unknown';
  return new SendFailure('transient', `unexpected error (${String(detail).slice(0, 100)})`, null, { cause: error });
}
