// What a test holds after invoking a command or pressing a button: waits on the server's own
// change events (no polling) for the initial response, and for the interaction to settle.
import { clearTimeout, setTimeout } from 'node:timers';
import { apiMessage } from './serialize.js';
import { monotonicMs } from './snowflake.js';
import type { FakeState, InteractionRecord, StoredMessage } from './state.js';

type Obj = Record<string, unknown>;

export interface InteractionSnapshot {
  /** Initial response type (4 message, 5 deferred, 6 deferred update, 7 update, 8 autocomplete). */
  type: number;
  /** The `@original` message as Discord shows it now (content, embeds, components, flags, …). */
  data: Obj | null;
  ephemeral: boolean;
  /** Still showing "thinking…" / not yet edited after a deferral. */
  pending: boolean;
  edits: InteractionRecord['edits'];
  followups: StoredMessage[];
  /** The stored `@original` message (with revisions, allowedMentions and pinged info). */
  message: StoredMessage | null;
  /** Autocomplete choices (type 8). */
  choices: Array<{ name: string; value: string | number }> | null;
}

export class InteractionResult {
  constructor(
    private readonly state: FakeState,
    readonly record: InteractionRecord,
  ) {}

  get id(): string {
    return this.record.id;
  }

  /** The INTERACTION_CREATE payload that was dispatched. */
  get payload(): Obj {
    return this.record.payload;
  }

  snapshot(): InteractionSnapshot {
    const r = this.record;
    if (!r.response) throw new Error(`fake-discord: interaction ${r.id} has no response yet`);
    const original = r.originalMessageId ? this.state.messages.get(r.originalMessageId) ?? null : null;
    return {
      type: r.response.type,
      data: original && !original.deleted ? apiMessage(this.state, original) : null,
      ephemeral: original?.ephemeral ?? false,
      pending: r.loading,
      edits: [...r.edits],
      followups: r.followupIds.map((id) => this.state.messages.get(id)).filter((m): m is StoredMessage => m !== undefined),
      message: original,
      choices: r.choices,
    };
  }

  /** Resolves once the interaction has its initial response; rejects after `timeoutMs` of real time. */
  response(opts: { timeoutMs?: number } = {}): Promise<InteractionSnapshot> {
    const timeoutMs = opts.timeoutMs ?? 3_000;
    return this.until(() => this.record.response !== null, timeoutMs, () =>
      `fake-discord: interaction ${this.record.id} (${this.describe()}) got no initial response within ${timeoutMs} ms — Discord would show "The application did not respond"`,
    ).then(() => this.snapshot());
  }

  /**
   * Resolves when the interaction has settled: responded, any deferral completed by an edit or
   * follow-up, and then `quietMs` without further edits or follow-ups.
   */
  async final(opts: { quietMs?: number; timeoutMs?: number } = {}): Promise<InteractionSnapshot> {
    const quietMs = opts.quietMs ?? 100;
    const timeoutMs = opts.timeoutMs ?? 5_000;
    const started = monotonicMs();
    await this.response({ timeoutMs });
    await this.until(() => !this.record.loading, Math.max(1, timeoutMs - (monotonicMs() - started)), () =>
      `fake-discord: interaction ${this.record.id} (${this.describe()}) was deferred but never edited or followed up within ${timeoutMs} ms`,
    );
    for (;;) {
      const before = this.version();
      await new Promise((resolve) => setTimeout(resolve, quietMs));
      if (this.version() === before) return this.snapshot();
      if (monotonicMs() - started > timeoutMs) throw new Error(`fake-discord: interaction ${this.record.id} kept changing for ${timeoutMs} ms`);
    }
  }

  private version(): string {
    const r = this.record;
    const original = r.originalMessageId ? this.state.messages.get(r.originalMessageId) : undefined;
    return `${r.edits.length}:${r.followupIds.length}:${original?.revisions.length ?? 0}:${String(original?.deleted)}`;
  }

  private describe(): string {
    const data = this.record.payload.data as Obj | undefined;
    return this.record.type === 3 ? `component "${String(data?.custom_id)}"` : `/${String(data?.name)}`;
  }

  private until(done: () => boolean, timeoutMs: number, message: () => string): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = (id: string): void => {
        if (id !== this.record.id || !done()) return;
        cleanup();
        resolve();
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(message()));
      }, timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.state.events.off('interaction', check);
      };
      this.state.events.on('interaction', check);
    });
  }
}
