/**
 * Live mode: subscribes to the server's frame stream and keeps only the newest frame for the next
 * draw, so a simulation stepping faster than the page paints never waits on it and nothing
 * queues: older frames are dropped, after their events and trail samples were taken.
 */
import type { FleetFrame } from '../../../sim/index.ts';
import type { WorldSpec } from '../../../worlds/index.ts';
import { JsonRpcSocket } from './json-rpc-socket.ts';

export interface LiveHandlers {
  /** Every frame as it arrives (cheap work only: trails, events). */
  onFrameArrived(frame: FleetFrame): void;
  onWorld(world: WorldSpec): void;
  onStatus(text: string, state: 'ok' | 'warn' | 'bad'): void;
}

export class LiveConnection {
  framesReceived = 0;
  framesDropped = 0;
  private pending: FleetFrame | null = null;
  private socket: JsonRpcSocket | null = null;
  private lastStep = -1;
  private readonly arrivals: number[] = [];
  private closed = false;

  constructor(readonly url: string, private readonly handlers: LiveHandlers) {}

  async start(): Promise<void> {
    this.handlers.onStatus('connecting', 'warn');
    const socket = await JsonRpcSocket.connect(this.url);
    this.socket = socket;
    socket.onClose = (reason) => {
      if (!this.closed) this.handlers.onStatus(`disconnected: ${reason}`, 'bad');
    };
    socket.onNotification = (method, params) => {
      if (method === 'stream.frame') this.receive(params as FleetFrame);
    };
    await this.loadWorld();
    await socket.request('stream.subscribe', {});
    this.handlers.onStatus('', 'ok');
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
    this.socket?.close();
  }

  private receive(frame: FleetFrame): void {
    if (!frame || !Array.isArray(frame.vehicles)) return;
    this.framesReceived++;
    this.arrivals.push(performance.now());
    if (this.arrivals.length > 4000) this.arrivals.splice(0, 2000);
    // A step that goes back means a new episode, possibly in a new city.
    if (frame.step < this.lastStep) void this.loadWorld().catch((error: Error) => this.handlers.onStatus(error.message, 'bad'));
    this.lastStep = frame.step;
    if (this.pending) this.framesDropped++; // its events and trail samples were taken on arrival
    this.pending = frame;
    this.handlers.onFrameArrived(frame);
  }

  private async loadWorld(): Promise<void> {
    const world = await this.socket!.request<WorldSpec | { world: WorldSpec }>('world.spec', {});
    this.handlers.onWorld('world' in world ? world.world : world);
  }
}
