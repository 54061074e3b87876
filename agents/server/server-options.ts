/**
 * The server's options, their defaults and their checks: a bad option is refused at start with
 * a message naming it and what is accepted, never discovered later by a connection.
 */
import type { FleetSession } from '../session/fleet-session-contract.ts';
import type { SharedWorldOptions } from './shared-world.ts';

export type ServerMode = 'lockstep' | 'realtime';

export interface SkylineServerOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  host?: string;
  /** Clients must present it (`?token=` or `Authorization: Bearer`); required beyond loopback. */
  token?: string;
  mode?: ServerMode;
  /** Simulated steps per real second in realtime mode (100 = real time at dt 0.01 s). */
  realtimeRate?: number;
  /** Largest text message answered; larger ones get -32011, far larger ones close the socket (1009). */
  maxMessageBytes?: number;
  /** Per-session token-bucket rate. */
  maxMessagesPerSecond?: number;
  /** Messages a session may send at once before the rate applies (default: one second's worth). */
  messageBurst?: number;
  maxSessions?: number;
  /** Unsent bytes a subscriber's socket may hold before its frames are dropped. */
  maxBufferedBytes?: number;
  /** Unread output (answers and notifications) a connection may hold before its requests are refused (-32014). */
  maxOutputBytes?: number;
  /** Per-session work budget: simulated vehicle-steps (vehicles × steps) per second, token bucket. */
  maxVehicleStepsPerSecond?: number;
  /** Vehicle-steps a session may ask for at once before the rate applies. */
  vehicleStepBurst?: number;
  /** Subscriptions one session may hold at once. */
  maxSubscriptions?: number;
  /** Estimated memory of all sessions' worlds together, bytes (env.reset beyond it gets -32016). */
  maxWorldMemoryBytes?: number;
  sessionFactory?: () => FleetSession;
  /** Built viewer files served over plain HTTP on the same port. */
  staticDir?: string;
  sharedWorld?: SharedWorldOptions;
  /** Where the server's own notes go (internal errors, shared-world failures); never the token. */
  log?: (line: string) => void;
}

export const SERVER_NAME = 'skyline';
export const SERVER_VERSION = '0.1.0';
export const DEFAULT_PORT = 8787;
export const DEFAULT_MAX_MESSAGE_BYTES = 1024 * 1024;
export const DEFAULT_MAX_MESSAGES_PER_SECOND = 200;
export const DEFAULT_MAX_SESSIONS = 2000;
export const DEFAULT_REALTIME_RATE = 100;
export const DEFAULT_MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
export const DEFAULT_MAX_OUTPUT_BYTES = 4 * 1024 * 1024;
/** About one 10,000-step call of a full world (128 vehicles) a second; the burst allows two at once. */
export const DEFAULT_MAX_VEHICLE_STEPS_PER_SECOND = 1_280_000;
export const DEFAULT_MAX_SUBSCRIPTIONS = 16;
export const DEFAULT_MAX_WORLD_MEMORY_BYTES = 2048 * 1024 * 1024;
/** Frames up to this many times maxMessageBytes are read and answered with -32011; beyond, the socket closes. */
export const HARD_PAYLOAD_FACTOR = 4;

export interface ResolvedServerOptions extends Required<Omit<SkylineServerOptions, 'token' | 'staticDir' | 'sharedWorld' | 'sessionFactory' | 'log'>> {
  token: string | undefined;
  staticDir: string | undefined;
  sharedWorld: SharedWorldOptions | undefined;
  log: (line: string) => void;
}

export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}

function checkWhole(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name}: ${String(value)} is not accepted; accepted: a whole number in ${min}..${max}`);
  }
  return value;
}

export function resolveServerOptions(options: SkylineServerOptions): ResolvedServerOptions {
  const host = options.host ?? '127.0.0.1';
  const token = options.token === '' ? undefined : options.token;
  if (!isLoopbackHost(host) && token === undefined) {
    throw new Error(`host ${host} is beyond loopback, so a token is required: pass --token or set SKYLINE_TOKEN (or listen on 127.0.0.1)`);
  }
  const mode = options.mode ?? 'lockstep';
  if (mode !== 'lockstep' && mode !== 'realtime') throw new Error(`mode: ${String(mode)} is not accepted; accepted: lockstep, realtime`);
  const realtimeRate = options.realtimeRate ?? DEFAULT_REALTIME_RATE;
  if (!Number.isFinite(realtimeRate) || realtimeRate <= 0 || realtimeRate > 100_000) {
    throw new Error(`realtimeRate: ${String(realtimeRate)} is not accepted; accepted: steps per second in (0, 100000]`);
  }
  return {
    port: checkWhole('port', options.port ?? DEFAULT_PORT, 0, 65535),
    host,
    token,
    mode,
    realtimeRate,
    maxMessageBytes: checkWhole('maxMessageBytes', options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES, 256, 256 * 1024 * 1024),
    maxMessagesPerSecond: checkWhole('maxMessagesPerSecond', options.maxMessagesPerSecond ?? DEFAULT_MAX_MESSAGES_PER_SECOND, 1, 10_000_000),
    messageBurst: checkWhole('messageBurst', options.messageBurst ?? 2 * (options.maxMessagesPerSecond ?? DEFAULT_MAX_MESSAGES_PER_SECOND), 1, 10_000_000),
    maxSessions: checkWhole('maxSessions', options.maxSessions ?? DEFAULT_MAX_SESSIONS, 1, 1_000_000),
    maxBufferedBytes: checkWhole('maxBufferedBytes', options.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED_BYTES, 1024, 1024 * 1024 * 1024),
    maxOutputBytes: checkWhole('maxOutputBytes', options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES, 1024, 4 * 1024 * 1024 * 1024),
    maxVehicleStepsPerSecond: checkWhole('maxVehicleStepsPerSecond', options.maxVehicleStepsPerSecond ?? DEFAULT_MAX_VEHICLE_STEPS_PER_SECOND, 1, 1e12),
    vehicleStepBurst: checkWhole('vehicleStepBurst', options.vehicleStepBurst ?? 2 * (options.maxVehicleStepsPerSecond ?? DEFAULT_MAX_VEHICLE_STEPS_PER_SECOND), 1, 1e12),
    maxSubscriptions: checkWhole('maxSubscriptions', options.maxSubscriptions ?? DEFAULT_MAX_SUBSCRIPTIONS, 1, 10_000),
    maxWorldMemoryBytes: checkWhole('maxWorldMemoryBytes', options.maxWorldMemoryBytes ?? DEFAULT_MAX_WORLD_MEMORY_BYTES, 1024 * 1024, 2 ** 50),
    staticDir: options.staticDir,
    sharedWorld: options.sharedWorld,
    log: options.log ?? ((line) => process.stderr.write(`skyline server: ${line}\n`)),
  };
}
