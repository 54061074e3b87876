/**
 * Live mode: subscribes to the server's frame stream (docs/protocol.md: `stream.subscribe`, then
 * `stream.world` and `stream.frame` notifications) and keeps only the newest frame for the next
 * draw, so a simulation stepping faster than the page paints never waits on it and nothing
 * queues: older frames are dropped, after their events and trail samples were taken. When the
 * connection drops (the server restarted), it reconnects with a growing pause.
 */
import type { FleetFrame } from '../../../sim/index.ts';
import type { WorldSpec } from '../../../worlds/index.ts';
import { JsonRpcSocket } from './json-rpc-socket.ts';

export type LiveState = 'ok' | 'warn' | 'bad';

export interface LiveHandlers {
  /** Every frame as it arrives (cheap work only: trails, events). */
  onFrameArrived(frame: FleetFrame): void;
  /** The world, once per connection and after each reset of the shared world. */
  onWorld(world: WorldSpec): void;
  onStatus(text: string, state: LiveState): void;
}

export interface LiveOptions {
  /** Which world to watch: the server's shared one (default) or this connection's own. */
  world?: 'shared' | 'own';
  /** Send every n-th frame (default 1: every frame the server publishes). */
  every?: number;
}

const RECONNECT_FIRST_MS = 500;
const RECONNECT_MAX_MS = 5000; // polite: at most one attempt per 5 s while a server is away

interface StreamWorldParams { subscription?: unknown; world?: WorldSpec }
interface StreamFrameParams { subscription?: unknown; frame?: FleetFrame; dropped?: number }

export class LiveConnection {
  framesReceived = 0;
  /** Frames that arrived but were replaced before a draw. */
  framesDropped = 0;
  /** Frames the server reports it skipped for this page (its socket was backed up). */
  framesDroppedByServer = 0;
  /** Successful connections so far (1 after the first; more after reconnects). */
  connections = 0;
  /** The last status reported (for the debug handle). */
  status: { text: string; state: LiveState } = { text: 'not connected', state: 'warn' };
  private pending: FleetFrame | null = null;
  private socket: JsonRpcSocket | null = null;
  private subscription: unknown = null;
  private worldSeen = false;
  private readonly arrivals: number[] = [];
  private closed = false;
  private reconnectDelayMs = RECONNECT_FIRST_MS;
  private reconnectTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(readonly url: string, private readonly handlers: LiveHandlers, private readonly options: LiveOptions = {}) {}

  /** Connects and subscribes; rejects when the first attempt fails (later drops reconnect on their own). */
  async start(): Promise<void> {
    try {
      await this.connect();
    } catch (error) {
      this.scheduleReconnect(error instanceof Error ? error.message : String(error));
      throw error;
    }
  }

  /** The newest frame not drawn yet, or null; called once per animation frame. */
  takeFrame(): FleetFrame | null {
    const frame = this.pending;
    this.pending = null;
    return frame;
  }

  /** Frames per second arriving over the last two seconds. */
  get arrivalRate(): number {
    const now = performance.now();
    while (this.arrivals.length && this.arrivals[0] < now - 2000) this.arrivals.shift();
    return this.arrivals.length / 2;
  }

  close(): void {
    this.closed = true;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.socket?.close();
    this.socket = null;
  }

  private async connect(): Promise<void> {
    this.setStatus(`connecting to ${this.shownAddress()}`, 'warn');
    const socket = await JsonRpcSocket.connect(this.url);
    if (this.closed) {
      socket.close();
      return;
    }
    this.socket = socket;
    this.subscription = null;
    this.worldSeen = false;
    socket.onClose = (reason) => {
      if (this.socket !== socket || this.closed) return;
      this.socket = null;
      this.scheduleReconnect(`connection lost (${reason})`);
    };
    socket.onNotification = (method, params) => this.notify(method, params);
    const params: LiveOptions = { world: this.options.world ?? 'shared' };
    if (this.options.every !== undefined) params.every = this.options.every;
    const result = await socket.request<{ subscription?: unknown }>('stream.subscribe', params);
    this.subscription = result?.subscription ?? null;
    this.connections++;
    this.reconnectDelayMs = RECONNECT_FIRST_MS;
    this.setStatus(this.worldSeen ? this.connectedText() : 'waiting for the world', this.worldSeen ? 'ok' : 'warn');
  }

  /** Notifications for another subscription on this socket are not ours; before the reply, any is. */
  private ours(params: { subscription?: unknown } | undefined): boolean {
    return this.subscription === null || params?.subscription === undefined || params.subscription === this.subscription;
  }

  private notify(method: string, params: unknown): void {
    if (method === 'stream.world') {
      const world = (params as StreamWorldParams | undefined);
      if (!this.ours(world) || !world?.world || typeof world.world !== 'object') return;
      this.worldSeen = true;
      this.pending = null; // a frame of the previous world must not be drawn in the new one
      this.handlers.onWorld(world.world);
      this.setStatus(this.connectedText(), 'ok');
    } else if (method === 'stream.frame') {
      const message = params as StreamFrameParams | undefined;
      if (!this.ours(message)) return;
      if (typeof message?.dropped === 'number' && message.dropped > 0) this.framesDroppedByServer += message.dropped;
      if (message?.frame) this.receive(message.frame);
    }
  }

  private receive(frame: FleetFrame): void {
    if (!frame || !Array.isArray(frame.vehicles) || !Number.isFinite(frame.step)) return;
    this.framesReceived++;
    this.arrivals.push(performance.now());
    if (this.arrivals.length > 4000) this.arrivals.splice(0, 2000);
    if (this.pending) this.framesDropped++; // its events and trail samples were taken on arrival
    this.pending = frame;
    this.handlers.onFrameArrived(frame);
  }

  private connectedText(): string {
    return `connected to ${this.shownAddress()}${this.connections > 1 ? ` (reconnected ${this.connections - 1}×)` : ''}`;
  }

  /** Host, port and path without the query: a `?token=` is never shown. */
  private shownAddress(): string {
    const url = new URL(this.url);
    return `${url.host}${url.pathname}`.replace(/\/$/, '');
  }

  private setStatus(text: string, state: LiveState): void {
    this.status = { text, state };
    this.handlers.onStatus(text, state);
  }

  private scheduleReconnect(reason: string): void {
    if (this.closed || this.reconnectTimer) return;
    const delay = this.reconnectDelayMs;
    this.reconnectDelayMs = Math.min(RECONNECT_MAX_MS, delay * 2);
    this.setStatus(`${reason}; retrying in ${(delay / 1000).toFixed(1)} s`, 'bad');
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      this.connect().catch((error: unknown) => {
        this.socket?.close();
        this.socket = null;
        this.scheduleReconnect(error instanceof Error ? error.message : String(error));
      });
    }, delay);
  }
}
