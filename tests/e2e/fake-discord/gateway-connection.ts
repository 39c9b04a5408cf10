// One gateway socket: JSON encoding, optional zlib-stream transport compression (shared deflate
// context flushed with Z_SYNC_FLUSH per payload, as Discord does) or identify-level per-payload
// compression, heartbeat bookkeeping, and the session it is bound to.
import { clearTimeout, setTimeout } from 'node:timers';
import zlib from 'node:zlib';
import type { WebSocket } from 'ws';

export interface Session {
  id: string;
  seq: number;
  intents: number;
  /** Dispatches kept for RESUME replay. */
  buffer: Array<{ s: number; t: string; d: unknown }>;
  conn: GatewayConnection | null;
  invalid: boolean;
  /** [shard id, shard count] from IDENTIFY; guild events reach only the shard the guild belongs to. */
  shard: [number, number];
}

export class GatewayConnection {
  session: Session | null = null;
  /** Identify or resume accepted on this socket. */
  authenticated = false;
  payloadCompression = false;
  heartbeats = 0;
  lastHeartbeatAt = 0;
  private deflate: zlib.Deflate | null = null;
  private pending: Buffer[] = [];
  private zombieTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly ws: WebSocket,
    readonly path: string,
    compress: string | null,
    private readonly heartbeatTimeoutMs: number,
  ) {
    if (compress === 'zlib-stream') {
      this.deflate = zlib.createDeflate({ chunkSize: 65535 });
      this.deflate.on('data', (chunk: Buffer) => this.pending.push(chunk));
    }
    this.armZombieTimer();
  }

  get open(): boolean {
    return this.ws.readyState === this.ws.OPEN;
  }

  send(payload: { op: number; d: unknown; s?: number | null; t?: string | null }): void {
    if (!this.open) return;
    const json = JSON.stringify({ t: null, s: null, ...payload });
    if (this.deflate) {
      this.deflate.write(json);
      this.deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
        const chunk = Buffer.concat(this.pending);
        this.pending = [];
        if (this.open) this.ws.send(chunk);
      });
    } else if (this.payloadCompression) {
      this.ws.send(zlib.deflateSync(json));
    } else {
      this.ws.send(json);
    }
  }

  /** Called on every op 1 from the client. */
  beat(): void {
    this.heartbeats++;
    this.lastHeartbeatAt = Date.now();
    this.armZombieTimer();
  }

  /** Discord closes connections that stop heartbeating; we allow 1.5 intervals like it does. */
  private armZombieTimer(): void {
    if (this.zombieTimer) clearTimeout(this.zombieTimer);
    this.zombieTimer = setTimeout(() => this.close(4009, 'Session timed out'), this.heartbeatTimeoutMs);
    this.zombieTimer.unref();
  }

  close(code: number, reason: string): void {
    this.dispose();
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) this.ws.close(code, reason);
  }

  /** Abrupt end: no close frame (the client sees 1006). */
  terminate(): void {
    this.dispose();
    this.ws.terminate();
  }

  dispose(): void {
    if (this.zombieTimer) clearTimeout(this.zombieTimer);
    this.zombieTimer = null;
    this.deflate?.close();
    this.deflate = null;
  }
}
