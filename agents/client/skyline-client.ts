/**
 * The TypeScript client of the skyline/1 protocol (docs/protocol.md). Browser-safe: it takes the
 * WebSocket implementation as an option (default globalThis.WebSocket); in Node use
 * connectSkylineClient from skyline-client.node.ts, which supplies `ws`.
 */
import type { FleetFrame } from '../../sim/index.ts';
import type { WorldSpec } from '../../worlds/index.ts';
import type {
  ActResult, AgentAction, AgentObservation, FleetResetOptions, FleetResetResult, FleetStepResult, ObservationModality, WorldDescription,
} from '../session/fleet-session-contract.ts';
import type { OpenAiToolDefinition, VocabularyEntry } from '../vocabulary/verb-registry.ts';

/** The part of the WebSocket API the client uses (the browser's and `ws`'s both have it). */
export interface WebSocketLike {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface SkylineClientOptions {
  /** Sent as ?token= in the URL (browsers cannot set headers on a WebSocket). */
  token?: string;
  WebSocket?: WebSocketConstructor;
  /** Per request and for connecting, ms (default 30 000). */
  timeoutMs?: number;
}

/** An error the server answered with: `code` is the JSON-RPC code, `data` its details (field, known, closest...). */
export class SkylineRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'SkylineRpcError';
  }
}

/** The connection failed, closed, or a request got no answer in time. */
export class SkylineConnectionError extends Error {
  constructor(
    readonly reason: 'connect' | 'closed' | 'timeout',
    message: string,
  ) {
    super(message);
    this.name = 'SkylineConnectionError';
  }
}

export interface HelloResult {
  protocol: string;
  server: string;
  version: string;
  session: string;
  mode: 'lockstep' | 'realtime';
  methods: string[];
  sharedWorld?: boolean;
  limits?: Record<string, number>;
}

export interface FrameInfo {
  subscription: string;
  /** Frames the server skipped for this subscriber since the previous one (it read too slowly). */
  dropped: number;
}

export interface SubscribeOptions {
  every?: number;
  world?: 'own' | 'shared';
  onWorld?: (world: WorldSpec) => void;
}

interface Pending {
  /** Runs as the answer is read, before any later message (a subscription's handlers are set here). */
  onAnswer?: (value: unknown) => void;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  timer: ReturnType<typeof setTimeout>;
}

interface StreamHandlers {
  onFrame: (frame: FleetFrame, info: FrameInfo) => void;
  onWorld?: (world: WorldSpec) => void;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const OPEN = 1;

export class SkylineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly streams = new Map<string, StreamHandlers>();
  private closedReason: string | null = null;
  /** The server sends a world's spec once per connection, then only its id: the copy kept here. */
  private spec: { worldId: string; world: WorldSpec } | null = null;
  private streamWorld: { worldId: string; world: WorldSpec } | null = null;

  private constructor(
    private readonly socket: WebSocketLike,
    readonly timeoutMs: number,
  ) {
    socket.onmessage = (event) => this.receive(event.data);
    socket.onclose = (event) => this.closed(`connection closed (code ${event.code}${event.reason ? `: ${event.reason}` : ''})`);
  }

  static connect(url: string, options: SkylineClientOptions = {}): Promise<SkylineClient> {
    const Implementation = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
    if (!Implementation) return Promise.reject(new SkylineConnectionError('connect', 'no WebSocket implementation: pass options.WebSocket (in Node, use connectSkylineClient from skyline-client.node.ts)'));
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const target = options.token ? withToken(url, options.token) : url;
    return new Promise((resolve, reject) => {
      const socket = new Implementation(target);
      const timer = setTimeout(() => {
        socket.close();
        reject(new SkylineConnectionError('timeout', `no connection to ${url} within ${timeoutMs} ms`));
      }, timeoutMs);
      socket.onopen = () => {
        clearTimeout(timer);
        socket.onerror = null;
        resolve(new SkylineClient(socket, timeoutMs));
      };
      socket.onerror = (event) => {
        clearTimeout(timer);
        const detail = (event as { message?: string } | null)?.message;
        reject(new SkylineConnectionError('connect', `cannot connect to ${url}${detail ? `: ${detail}` : ''}`));
      };
    });
  }

  /** Any method by name; resolves with its result or rejects with SkylineRpcError. */
  request<T = unknown>(method: string, params: Record<string, unknown> = {}, onAnswer?: (value: T) => void): Promise<T> {
    if (this.closedReason !== null || this.socket.readyState !== OPEN) {
      return Promise.reject(new SkylineConnectionError('closed', `cannot send ${method}: ${this.closedReason ?? 'the connection is not open'}`));
    }
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new SkylineConnectionError('timeout', `${method}: no answer within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject, timer, ...(onAnswer ? { onAnswer: onAnswer as (value: unknown) => void } : {}) });
      this.socket.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }));
    });
  }

  hello(client = 'skyline-ts'): Promise<HelloResult> {
    return this.request('session.hello', { client });
  }

  vocabulary(kind?: 'drone' | 'robot'): Promise<{ verbs: VocabularyEntry[]; tools: OpenAiToolDefinition[] }> {
    return this.request('vocabulary.list', kind ? { kind } : {});
  }

  reset(params: FleetResetOptions): Promise<FleetResetResult> {
    return this.request('env.reset', params as unknown as Record<string, unknown>);
  }

  describeWorld(): Promise<WorldDescription> {
    return this.request('world.describe');
  }

  async worldSpec(): Promise<WorldSpec> {
    let answer = await this.request<{ worldId: string; world?: WorldSpec }>('world.spec');
    if (!answer.world && answer.worldId !== this.spec?.worldId) answer = await this.request('world.spec', { resend: true });
    if (answer.world) this.spec = { worldId: answer.worldId, world: answer.world };
    return this.spec!.world;
  }

  act(action: AgentAction): Promise<ActResult> {
    return this.request('agent.act', action as unknown as Record<string, unknown>);
  }

  step(steps = 1): Promise<FleetStepResult> {
    return this.request('env.step', { steps });
  }

  observe(agent: string, modalities: ObservationModality[] = ['json']): Promise<AgentObservation> {
    return this.request('agent.observe', { agent, modalities });
  }

  async metrics(): Promise<Record<string, number>> {
    return (await this.request<{ metrics: Record<string, number> }>('metrics.get')).metrics;
  }

  /** Frames of this session's world (or the server's shared one) from now on; returns the subscription id. */
  async subscribe(onFrame: (frame: FleetFrame, info: FrameInfo) => void, options: SubscribeOptions = {}): Promise<string> {
    const params: Record<string, unknown> = {};
    if (options.every !== undefined) params.every = options.every;
    if (options.world !== undefined) params.world = options.world;
    // Registered as the answer is read, before the notifications that follow it in the same read.
    const { subscription } = await this.request<{ subscription: string }>('stream.subscribe', params, ({ subscription: id }) => {
      this.streams.set(id, { onFrame, ...(options.onWorld ? { onWorld: options.onWorld } : {}) });
    });
    return subscription;
  }

  async unsubscribe(subscription: string): Promise<void> {
    await this.request('stream.unsubscribe', { subscription });
    this.streams.delete(subscription);
  }

  close(): void {
    this.closed('closed by the client');
    this.socket.close(1000, 'client closed');
  }

  private receive(data: unknown): void {
    let message: { id?: unknown; method?: string; params?: Record<string, unknown>; result?: unknown; error?: { code: number; message: string; data?: Record<string, unknown> } };
    try {
      message = JSON.parse(typeof data === 'string' ? data : String(data));
    } catch {
      return; // the server only sends JSON; anything else is not ours to answer
    }
    if (typeof message.method === 'string') return this.notify(message.method, message.params ?? {});
    if (typeof message.id !== 'number') return; // an error for no request of ours (e.g. too many sessions): the close that follows says so
    const waiter = this.pending.get(message.id);
    if (!waiter) return;
    this.pending.delete(message.id);
    clearTimeout(waiter.timer);
    if (message.error) waiter.reject(new SkylineRpcError(message.error.code, message.error.message, message.error.data));
    else {
      waiter.onAnswer?.(message.result);
      waiter.resolve(message.result);
    }
  }

  private notify(method: string, params: Record<string, unknown>): void {
    // A connection is sent each world in full once; its other subscriptions get only the id.
    if (method === 'stream.world' && params.world) this.streamWorld = { worldId: String(params.worldId), world: params.world as WorldSpec };
    const handlers = this.streams.get(params.subscription as string);
    if (!handlers) return;
    if (method === 'stream.frame') handlers.onFrame(params.frame as FleetFrame, { subscription: params.subscription as string, dropped: Number(params.dropped ?? 0) });
    else if (method === 'stream.world') {
      const kept = this.streamWorld;
      const world = params.world ? (params.world as WorldSpec) : kept && kept.worldId === params.worldId ? kept.world : null;
      if (world) handlers.onWorld?.(world);
    }
  }

  private closed(reason: string): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    for (const waiter of this.pending.values()) {
      clearTimeout(waiter.timer);
      waiter.reject(new SkylineConnectionError('closed', reason));
    }
    this.pending.clear();
  }
}

function withToken(url: string, token: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('token', token);
  return parsed.toString();
}
