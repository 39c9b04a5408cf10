// Gateway v10 over `ws`: HELLO, heartbeats, IDENTIFY (token, shard and intent checks with
// Discord's close codes), READY + GUILD_CREATE, RESUME with replay, and dispatches filtered
// by intents. Fault hooks (op 7, op 9, abrupt close) are driven by tests through Faults.
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { GatewayControls } from './faults.js';
import { GatewayConnection, type Session } from './gateway-connection.js';
import { randomHex } from './snowflake.js';

const ALL_INTENTS = 1 | 2 | 4 | 8 | 16 | 32 | 64 | 128 | 256 | 512 | 1024 | 2048 | 4096 | 8192 | 16384 | 32768 | 65536 | 1048576 | 2097152 | 16777216 | 33554432;
const PRIVILEGED_INTENTS = 2 | 256 | 32768;
export const INTENT = { Guilds: 1, GuildMembers: 2, GuildMessages: 512 } as const;

export interface GatewayLogEntry {
  type: 'connect' | 'identify' | 'resume' | 'resume-failed' | 'close' | 'op7' | 'op9';
  path?: string;
  code?: number;
  /** For identify: the [shard id, shard count] the client asked for. */
  shard?: [number, number];
  at: number;
}

export interface GatewayOptions {
  token: () => string;
  heartbeatIntervalMs: number;
  /** Privileged intents enabled in the (fake) developer portal. */
  privilegedIntents: number;
  /** READY `d` for a new session, and the GUILD_CREATE payloads that follow it. */
  ready: (session: Session, resumeUrl: string) => { ready: Record<string, unknown>; guilds: Record<string, unknown>[] };
  onIdentify: () => void;
}

export class Gateway implements GatewayControls {
  readonly log: GatewayLogEntry[] = [];
  readonly sessions = new Map<string, Session>();
  readonly connections = new Set<GatewayConnection>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private baseUrl = '';

  constructor(server: Server, private readonly opts: GatewayOptions) {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, req));
    });
  }

  setBaseUrl(url: string): void {
    this.baseUrl = url;
  }

  /** URL from GET /gateway/bot. */
  get url(): string {
    return this.baseUrl;
  }

  /** A different path for resume_gateway_url, so tests can see clients honour it. */
  get resumeUrl(): string {
    return `${this.baseUrl}/resume`;
  }

  private accept(ws: WebSocket, req: IncomingMessage): void {
    const url = new URL(req.url ?? '/', 'ws://127.0.0.1');
    const conn = new GatewayConnection(ws, url.pathname, url.searchParams.get('compress'), this.opts.heartbeatIntervalMs * 1.5 + 1000);
    this.connections.add(conn);
    this.log.push({ type: 'connect', path: url.pathname, at: Date.now() });
    ws.on('close', (code) => {
      conn.dispose();
      this.connections.delete(conn);
      this.log.push({ type: 'close', code, at: Date.now() });
      // A clean close (1000/1001) ends the session; other codes keep it resumable.
      if (conn.session && (code === 1000 || code === 1001)) conn.session.invalid = true;
      if (conn.session?.conn === conn) conn.session.conn = null;
    });
    ws.on('error', () => conn.terminate());
    if (url.searchParams.get('v') !== '10') return conn.close(4012, 'Invalid API version');
    if ((url.searchParams.get('encoding') ?? 'json') !== 'json') return conn.close(4002, 'fake-discord speaks encoding=json only');
    const compress = url.searchParams.get('compress');
    if (compress !== null && compress !== 'zlib-stream') return conn.close(4002, 'Unsupported compression');
    ws.on('message', (data: RawData, isBinary: boolean) => this.onMessage(conn, data, isBinary));
    conn.send({ op: 10, d: { heartbeat_interval: this.opts.heartbeatIntervalMs, _trace: ['["fake-discord-gateway",{}]'] } });
  }

  private onMessage(conn: GatewayConnection, data: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      if (isBinary) throw new Error('binary');
      payload = JSON.parse(data.toString()) as typeof payload;
    } catch {
      return conn.close(4002, 'Decode error');
    }
    switch (payload.op) {
      case 1:
        conn.beat();
        return conn.send({ op: 11, d: null });
      case 2:
        return this.identify(conn, payload.d as Record<string, unknown>);
      case 6:
        return this.resume(conn, payload.d as Record<string, unknown>);
      case 3:
      case 4:
      case 8:
        // Presence, voice state and member requests: accepted, not modelled.
        if (!conn.authenticated) return conn.close(4003, 'Not authenticated');
        return;
      default:
        return conn.close(4001, 'Unknown opcode');
    }
  }

  private identify(conn: GatewayConnection, d: Record<string, unknown> | undefined): void {
    if (conn.authenticated) return conn.close(4005, 'Already authenticated');
    if (!d || typeof d !== 'object') return conn.close(4002, 'Decode error');
    const token = typeof d.token === 'string' ? d.token.replace(/^Bot /, '') : '';
    if (token !== this.opts.token()) return conn.close(4004, 'Authentication failed');
    const shard = d.shard ?? [0, 1];
    if (!Array.isArray(shard) || shard.length !== 2 || !shard.every((n) => Number.isInteger(n)) || shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1]) {
      return conn.close(4010, 'Invalid shard');
    }
    const intents = d.intents;
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0 || (intents & ~ALL_INTENTS) !== 0) {
      return conn.close(4013, 'Invalid intent(s)');
    }
    if (intents & PRIVILEGED_INTENTS & ~this.opts.privilegedIntents) return conn.close(4014, 'Disallowed intent(s)');
    conn.payloadCompression = d.compress === true;
    conn.authenticated = true;
    const session: Session = { id: randomHex(16), seq: 0, intents, buffer: [], conn, invalid: false, shard: [shard[0], shard[1]] };
    this.sessions.set(session.id, session);
    conn.session = session;
    this.opts.onIdentify();
    this.log.push({ type: 'identify', path: conn.path, shard: session.shard, at: Date.now() });
    const { ready, guilds } = this.opts.ready(session, this.resumeUrl);
    this.emit(session, 'READY', ready);
    for (const g of guilds) this.emit(session, 'GUILD_CREATE', g);
  }

  private resume(conn: GatewayConnection, d: Record<string, unknown> | undefined): void {
    if (conn.authenticated) return conn.close(4005, 'Already authenticated');
    const token = typeof d?.token === 'string' ? d.token.replace(/^Bot /, '') : '';
    if (token !== this.opts.token()) return conn.close(4004, 'Authentication failed');
    const session = typeof d?.session_id === 'string' ? this.sessions.get(d.session_id) : undefined;
    const seq = typeof d?.seq === 'number' ? d.seq : -1;
    const oldest = session?.buffer[0]?.s ?? (session ? session.seq + 1 : 0);
    if (!session || session.invalid || seq > session.seq || seq < oldest - 1) {
      this.log.push({ type: 'resume-failed', path: conn.path, at: Date.now() });
      // Discord waits 1–5 s before sending this; clients must cope with it arriving at once.
      return conn.send({ op: 9, d: false });
    }
    if (session.conn && session.conn !== conn) session.conn.close(4009, 'Session resumed elsewhere');
    session.conn = conn;
    conn.session = session;
    conn.authenticated = true;
    this.log.push({ type: 'resume', path: conn.path, at: Date.now() });
    for (const e of session.buffer) if (e.s > seq) conn.send({ op: 0, t: e.t, s: e.s, d: e.d });
    this.emit(session, 'RESUMED', { _trace: ['["fake-discord-gateway",{}]'] });
  }

  private emit(session: Session, t: string, d: unknown): void {
    const s = ++session.seq;
    session.buffer.push({ s, t, d });
    if (session.buffer.length > 1000) session.buffer.shift();
    if (session.conn?.authenticated) session.conn.send({ op: 0, t, s, d });
  }

  /**
   * Sends a dispatch to every live session whose intents include `intent` (0 = always sent) and whose
   * shard holds the event's guild, as Discord routes by (guild_id >> 22) % shard_count; events without
   * a guild go to shard 0.
   */
  dispatch(t: string, d: unknown, intent = 0): void {
    const guildId = guildOf(t, d);
    for (const session of this.sessions.values()) {
      if (session.invalid || (intent !== 0 && (session.intents & intent) === 0)) continue;
      if (!onShard(guildId, session.shard)) continue;
      this.emit(session, t, d);
    }
  }

  /** True while at least one session is connected and authenticated. */
  get connected(): boolean {
    return [...this.connections].some((c) => c.authenticated && c.open);
  }

  reconnect(): void {
    for (const c of this.connections) if (c.authenticated) c.send({ op: 7, d: null });
    this.log.push({ type: 'op7', at: Date.now() });
  }

  invalidateSession(resumable: boolean): void {
    for (const c of this.connections) {
      if (!c.authenticated) continue;
      c.send({ op: 9, d: resumable });
      // The client now has to resume or identify again on this or a new socket.
      c.authenticated = false;
      if (!resumable && c.session) c.session.invalid = true;
    }
    this.log.push({ type: 'op9', code: resumable ? 1 : 0, at: Date.now() });
  }

  dropConnection(): void {
    for (const c of this.connections) c.terminate();
  }

  requestHeartbeat(): void {
    for (const c of this.connections) c.send({ op: 1, d: null });
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/** The guild an event is about: `guild_id`, or the `id` of a GUILD_* event's guild object. */
function guildOf(t: string, d: unknown): string | undefined {
  const body = d as { guild_id?: unknown; id?: unknown } | null;
  if (typeof body?.guild_id === 'string') return body.guild_id;
  if (/^GUILD_(CREATE|UPDATE|DELETE)$/.test(t) && typeof body?.id === 'string') return body.id;
  return undefined;
}

export function shardOfGuild(guildId: string, count: number): number {
  return Number((BigInt(guildId) >> 22n) % BigInt(count));
}

export function onShard(guildId: string | undefined, [id, count]: [number, number]): boolean {
  return guildId === undefined ? id === 0 : shardOfGuild(guildId, count) === id;
}
