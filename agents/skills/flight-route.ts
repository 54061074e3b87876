/**
 * Planning a drone's route between two points: the cruise altitude that clears every roof the
 * route passes over (downward raycasts along a corridor), and a one-waypoint detour around a
 * no-fly zone when the straight line crosses one.
 */
import type { WorldIndex } from '../../worlds/index.ts';
import type { Vec3 } from './skill.ts';

/** Clearance kept above the tallest roof under the route, m. */
export const ROOF_CLEARANCE = 8;
/** Lowest cruise altitude, m: above street furniture and trees. */
export const MIN_CRUISE_ALTITUDE = 12;
/** Half-width of the corridor checked around the route, m (drone size plus the guidance's sway). */
const CORRIDOR_HALF_WIDTH = 4;
/** Spacing of the roof samples along a route, m. */
export const SAMPLE_SPACING = 2;
const ZONE_MARGIN = 15; // m kept from a no-fly zone's edge by a detour

export interface FlightRoute {
  /** Horizontal waypoints after the climb, ending at the destination; z is the cruise altitude. */
  waypoints: Vec3[];
  /**
   * Per leg (from the start, then from each waypoint to the next), the tallest surface under the
   * corridor at every SAMPLE_SPACING metres: a drone may climb while it cruises as long as it is
   * above what lies just ahead, instead of climbing straight up to the route's highest need first.
   */
  legProfiles: Float32Array[];
  cruiseAltitude: number;
  /** Tallest roof under the route, m. */
  highestRoof: number;
  /** The no-fly zone the detour goes around, if any. */
  detourAround: string | null;
}

export type FlightRouteResult = { ok: true; route: FlightRoute } | { ok: false; reason: string };

/** Tallest surface (roof or ground) under the corridor from a to b. */
export function highestSurfaceAlong(world: WorldIndex, ax: number, ay: number, bx: number, by: number): number {
  let highest = 0;
  for (const height of surfaceProfileAlong(world, ax, ay, bx, by)) highest = Math.max(highest, height);
  return highest;
}

/** The tallest surface under the corridor at each sample from a to b (samples evenly spaced, about SAMPLE_SPACING apart). */
export function surfaceProfileAlong(world: WorldIndex, ax: number, ay: number, bx: number, by: number): Float32Array {
  const length = Math.hypot(bx - ax, by - ay);
  const samples = Math.max(1, Math.ceil(length / SAMPLE_SPACING));
  const ux = length > 0 ? (bx - ax) / length : 1, uy = length > 0 ? (by - ay) / length : 0;
  const top = world.spec.bounds.ceiling + 1;
  const profile = new Float32Array(samples + 1);
  for (let s = 0; s <= samples; s++) {
    const f = s / samples, cx = ax + (bx - ax) * f, cy = ay + (by - ay) * f;
    let highest = 0;
    for (const offset of [-CORRIDOR_HALF_WIDTH, 0, CORRIDOR_HALF_WIDTH]) {
      for (const along of [-CORRIDOR_HALF_WIDTH, 0, CORRIDOR_HALF_WIDTH]) {
        const x = cx - uy * offset + ux * along, y = cy + ux * offset + uy * along;
        const hit = world.raycast(x, y, top, 0, 0, -1, top + 1);
        if (hit && hit.point.z > highest) highest = hit.point.z;
      }
    }
    profile[s] = highest;
  }
  return profile;
}

/** The first no-fly zone the segment crosses at altitude z, or -1. */
export function noFlyZoneAlong(world: WorldIndex, ax: number, ay: number, bx: number, by: number, z: number): number {
  const length = Math.hypot(bx - ax, by - ay);
  const samples = Math.max(1, Math.ceil(length / SAMPLE_SPACING));
  for (let s = 0; s <= samples; s++) {
    const f = s / samples;
    const zone = world.noFlyZoneAt(ax + (bx - ax) * f, ay + (by - ay) * f, z);
    if (zone >= 0) return zone;
  }
  return -1;
}

/** A circle around a zone's footprint: its centre and radius. */
function zoneCircle(world: WorldIndex, zone: number): { x: number; y: number; r: number } {
  const spec = world.spec.noFlyZones[zone];
  if (spec.shape === 'cylinder') return { x: spec.x, y: spec.y, r: spec.radius };
  return { x: (spec.minX + spec.maxX) / 2, y: (spec.minY + spec.maxY) / 2, r: Math.hypot(spec.maxX - spec.minX, spec.maxY - spec.minY) / 2 };
}

/** Cruise altitude for legs: clears their roofs, at least the minimum, and below the ceiling. */
function cruiseFor(world: WorldIndex, points: readonly (readonly number[])[], requested: number | undefined): { altitude: number; highest: number } {
  let highest = 0;
  for (let k = 1; k < points.length; k++) {
    highest = Math.max(highest, highestSurfaceAlong(world, points[k - 1][0], points[k - 1][1], points[k][0], points[k][1]));
  }
  const altitude = Math.max(requested ?? 0, highest + ROOF_CLEARANCE, MIN_CRUISE_ALTITUDE);
  return { altitude, highest };
}

/**
 * A route from `from` to `to` (both x, y, z): climb, cruise above every roof on the way (plus
 * `altitudeOffset`, which keeps drones' cruise levels apart), and end over `to`. Fails with a
 * reason when the destination lies in a no-fly zone, no simple detour exists, or the ceiling is too low.
 */
export function planFlightRoute(world: WorldIndex, from: Vec3, to: Vec3, requestedAltitude?: number, altitudeOffset = 0): FlightRouteResult {
  const ceiling = world.spec.bounds.ceiling;
  const zones = world.spec.noFlyZones;
  const destinationZone = world.noFlyZoneAt(to[0], to[1], Math.max(to[2], 1));
  if (destinationZone >= 0) return { ok: false, reason: `the destination lies inside the no-fly zone "${zones[destinationZone].name}"` };
  const straight = cruiseFor(world, [from, to], requestedAltitude);
  const straightAltitude = Math.min(straight.altitude + altitudeOffset, ceiling - 1);
  const crossed = noFlyZoneAlong(world, from[0], from[1], to[0], to[1], straightAltitude);
  if (crossed < 0) return finish([[to[0], to[1]]], straight.altitude, straight.highest, null);
  // One waypoint beside the zone, on either side of the straight line; the shorter clear one wins.
  const circle = zoneCircle(world, crossed);
  const dx = to[0] - from[0], dy = to[1] - from[1], length = Math.hypot(dx, dy) || 1;
  const nx = -dy / length, ny = dx / length;
  let best: { point: [number, number]; length: number } | null = null;
  for (const side of [1, -1]) {
    for (const extra of [0, 30, 80]) {
      const reach = circle.r + ZONE_MARGIN + extra;
      const px = circle.x + side * nx * reach, py = circle.y + side * ny * reach;
      const { bounds } = world.spec;
      if (px < bounds.minX + 2 || px > bounds.maxX - 2 || py < bounds.minY + 2 || py > bounds.maxY - 2) continue;
      const clear = noFlyZoneAlong(world, from[0], from[1], px, py, straightAltitude) < 0 && noFlyZoneAlong(world, px, py, to[0], to[1], straightAltitude) < 0;
      if (!clear) continue;
      const total = Math.hypot(px - from[0], py - from[1]) + Math.hypot(to[0] - px, to[1] - py);
      if (!best || total < best.length) best = { point: [px, py], length: total };
      break;
    }
  }
  if (!best) return { ok: false, reason: `the straight route crosses the no-fly zone "${zones[crossed].name}" and no simple detour around it stays clear` };
  const legs = cruiseFor(world, [from, [...best.point, 0], to], requestedAltitude);
  return finish([best.point, [to[0], to[1]]], legs.altitude, legs.highest, zones[crossed].name);

  function finish(points: [number, number][], altitude: number, highest: number, detour: string | null): FlightRouteResult {
    const cruise = altitude + altitudeOffset;
    if (cruise > ceiling - 1) {
      return { ok: false, reason: `the route needs a cruise altitude of ${cruise.toFixed(0)} m (roofs up to ${highest.toFixed(0)} m) but the world's ceiling is ${ceiling} m` };
    }
    const starts: [number, number][] = [[from[0], from[1]], ...points.slice(0, -1)];
    const legProfiles = points.map(([x, y], leg) => surfaceProfileAlong(world, starts[leg][0], starts[leg][1], x, y));
    return { ok: true, route: { waypoints: points.map(([x, y]) => [x, y, cruise]), legProfiles, cruiseAltitude: cruise, highestRoof: highest, detourAround: detour } };
  }
}
