/**
 * The server-wide bound on the memory of all sessions' worlds. A world's cost is estimated from
 * its reset params before it is built (so a refused reset costs nothing), from the area of the
 * city: measured at about 2 MB for the fleet and its state plus 0.75 MB per km² of city (an
 * 8 km city: ~46 MB of RSS, a 1 km one: ~3 MB).
 */
import { DEFAULT_WORLD_SIZE } from '../session/fleet-session.ts';

const BASE_BYTES = 2 * 1024 * 1024;
const BYTES_PER_SQUARE_METRE = 0.75;

/** Estimated bytes of the world that env.reset params `world` describe (generator settings or a WorldSpec). */
export function estimateWorldBytes(world: Record<string, unknown> | undefined): number {
  return Math.round(BASE_BYTES + BYTES_PER_SQUARE_METRE * worldAreaSquareMetres(world));
}

/** The area of the city that env.reset params `world` describe, m² (the default city when absent). */
export function worldAreaSquareMetres(world: Record<string, unknown> | undefined): number {
  let width = DEFAULT_WORLD_SIZE, depth = DEFAULT_WORLD_SIZE;
  const bounds = world?.bounds as { minX?: unknown; minY?: unknown; maxX?: unknown; maxY?: unknown } | undefined;
  if (bounds && typeof bounds === 'object') {
    const span = (low: unknown, high: unknown): number => (typeof low === 'number' && typeof high === 'number' ? Math.abs(high - low) : DEFAULT_WORLD_SIZE);
    width = span(bounds.minX, bounds.maxX);
    depth = span(bounds.minY, bounds.maxY);
  } else if (typeof world?.size === 'number') {
    width = depth = world.size;
  }
  return Math.min(width * depth, 1e10);
}

/** What every session's world holds of the server-wide budget. */
export class WorldMemoryLedger {
  private total = 0;

  constructor(readonly limitBytes: number) {}

  get usedBytes(): number {
    return this.total;
  }

  /** Whether `bytes` more fit once `releasing` (the caller's current world) is given back. */
  fits(bytes: number, releasing = 0): boolean {
    return this.total - releasing + bytes <= this.limitBytes;
  }

  /** Replaces a session's holding `from` by `to` bytes. */
  move(from: number, to: number): void {
    this.total = Math.max(0, this.total - from + to);
  }
}
