// Fault injection: REST failures matched by method and path (consumed in order), and gateway
// disruptions (op 7, op 9, abrupt close, server-requested heartbeat).

export interface FailSpec {
  method?: string;
  /** Matched against the path below /api/v10 (no query): exact string or RegExp. */
  path: RegExp | string;
  status: number;
  /** Discord error code; defaults by status (403 → 50013). */
  code?: number;
  message?: string;
  /** For 429: seconds (float). Default 0.05. */
  retryAfter?: number;
  /** For 429: mark as a global rate limit. */
  global?: boolean;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface GatewayControls {
  reconnect(): void;
  invalidateSession(resumable: boolean): void;
  dropConnection(): void;
  requestHeartbeat(): void;
}

export class Faults {
  private readonly rest: Array<FailSpec & { left: number }> = [];

  constructor(private readonly gateway: GatewayControls) {}

  failNext(spec: FailSpec): void {
    this.rest.push({ ...spec, left: spec.times ?? 1 });
  }

  /** REST faults not yet consumed (assert 0 to prove an injected failure was actually hit). */
  get pending(): number {
    return this.rest.reduce((n, f) => n + f.left, 0);
  }

  /** Used by the server: the fault this request hits, if any (consumes one use). */
  take(method: string, path: string): FailSpec | undefined {
    const i = this.rest.findIndex(
      (f) => (!f.method || f.method.toUpperCase() === method) && (typeof f.path === 'string' ? f.path === path : f.path.test(path)),
    );
    const fault = this.rest[i];
    if (!fault) return undefined;
    if (--fault.left <= 0) this.rest.splice(i, 1);
    return fault;
  }

  /** op 7 Reconnect to every open connection: the client should resume. */
  reconnect(): void {
    this.gateway.reconnect();
  }

  /** op 9 Invalid Session; with `resumable: false` the session is discarded and must re-identify. */
  invalidateSession(resumable: boolean): void {
    this.gateway.invalidateSession(resumable);
  }

  /** Destroys every socket without a close frame (client sees 1006 and should resume). */
  dropConnection(): void {
    this.gateway.dropConnection();
  }

  /** op 1 from the server: the client must answer with a heartbeat immediately. */
  requestHeartbeat(): void {
    this.gateway.requestHeartbeat();
  }
}
