/**
 * What one `skyline mcp` world is made of (seed, city, fleet, clock) and the safety rules its
 * tools enforce, with their defaults and checks: a bad setting is refused at start, naming it.
 */
import type { WorldSpec } from '../../worlds/index.ts';
import { DEFAULT_FLEET, DEFAULT_WORLD_SIZE } from '../session/fleet-session.ts';

export type McpClockMode = 'lockstep' | 'realtime';

export interface McpSafetyRules {
  /** Motor-level verbs (motors, wheels, rates) bypass every guard, so they are refused unless allowed. */
  allowLowLevel: boolean;
  /** Highest altitude a client may command (takeoff, goto z, fly_to altitude), m above ground. */
  maxAltitude: number;
}

export interface McpWorldSettings {
  seed: number;
  /** A WorldSpec, or generator settings; default: a city generated from `seed`. */
  world?: WorldSpec | { seed?: number; size?: number };
  fleet: { drones: number; robots: number };
  mode: McpClockMode;
  /** Simulated steps per real second in realtime mode (100 = real time). */
  realtimeRate: number;
  safety: McpSafetyRules;
  /** Side of the camera image `observe` returns, pixels. */
  imageSize: number;
}

/** 120 m (about 400 ft) above ground: the common ceiling for small drones in open-category rules. */
export const DEFAULT_MAX_ALTITUDE = 120;
export const DEFAULT_IMAGE_SIZE = 128;
export const IMAGE_SIZE_RANGE = { min: 16, max: 512 } as const;
/** wait_until's default and largest simulated-time limit, s. */
export const DEFAULT_WAIT_S = 60;
export const MAX_WAIT_S = 600;

export const DEFAULT_MCP_SETTINGS: McpWorldSettings = {
  seed: 0,
  world: { size: DEFAULT_WORLD_SIZE },
  fleet: { ...DEFAULT_FLEET },
  mode: 'lockstep',
  realtimeRate: 100,
  safety: { allowLowLevel: false, maxAltitude: DEFAULT_MAX_ALTITUDE },
  imageSize: DEFAULT_IMAGE_SIZE,
};

export function resolveMcpSettings(settings: Partial<McpWorldSettings> = {}): McpWorldSettings {
  const resolved: McpWorldSettings = {
    ...DEFAULT_MCP_SETTINGS, ...settings,
    fleet: { ...DEFAULT_MCP_SETTINGS.fleet, ...settings.fleet },
    safety: { ...DEFAULT_MCP_SETTINGS.safety, ...settings.safety },
  };
  if (resolved.mode !== 'lockstep' && resolved.mode !== 'realtime') throw new Error(`mode: ${String(resolved.mode)} is not accepted; accepted: lockstep, realtime`);
  if (!(resolved.realtimeRate > 0 && resolved.realtimeRate <= 100_000)) throw new Error(`realtimeRate: ${resolved.realtimeRate} is not accepted; accepted: steps per second in (0, 100000]`);
  if (!(resolved.safety.maxAltitude > 0 && resolved.safety.maxAltitude <= 1000)) {
    throw new Error(`maxAltitude: ${resolved.safety.maxAltitude} is not accepted; accepted: metres in (0, 1000]`);
  }
  const { min, max } = IMAGE_SIZE_RANGE;
  if (!Number.isInteger(resolved.imageSize) || resolved.imageSize < min || resolved.imageSize > max) {
    throw new Error(`imageSize: ${resolved.imageSize} is not accepted; accepted: a whole number of pixels in ${min}..${max}`);
  }
  return resolved;
}
