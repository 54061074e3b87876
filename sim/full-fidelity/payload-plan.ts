/**
 * Where a payload delivery goes in a city: the depot and rooftop pad closest in flight time, and the cruise altitude that clears every building on the straight line between them.
 */
import type { Vec3 } from '../../physics/index.ts';
import type { Building, Depot, Pad, WorldSpec } from '../../worlds/index.ts';

/** The goto limits the payload pilot flies with (faster than the default cascade: 15 s is short). */
export const PAYLOAD_CRUISE_SPEED = 4; // m/s, horizontal
export const PAYLOAD_CLIMB_SPEED = 3; // m/s, vertical
/** A gentler tilt limit than the default 0.6 rad: the drone accelerates less and the parcel swings less. */
export const PAYLOAD_MAX_TILT = 0.35; // rad
/** Clearance between the hanging parcel and the tallest building on the route, m. */
export const ROUTE_MARGIN = 2;
/** Half-width of the corridor checked for buildings along the straight line, m. */
const CORRIDOR_HALF_WIDTH = 3;
/** Seconds the estimate adds for picking up the parcel, speeding up and slowing down, and lowering it. */
const PICK_AND_LOWER_SECONDS = 7;
/** Metres of altitude gained per metre flown while climbing and cruising together (the speeds give 0.75). */
const CLIMB_SLOPE = 0.5;
/** The drone climbs at least this high before heading off, m. */
const MIN_CLIMB_Z = 2;

export interface PayloadPlan {
  depot: Depot;
  pad: Pad;
  /** The building whose roof holds the pad. */
  building: Building;
  /** Top of that roof, m. */
  roofZ: number;
  /** Where the parcel waits at the depot (its centre) and where the drone starts, hovering beside it. */
  parcelStart: Vec3;
  droneStart: Vec3;
  /** Altitude of the drone on the way: the tallest building on the line plus the hanging parcel and the margin. */
  cruiseZ: number;
  /**
   * Altitude at which the drone may head for the pad while still climbing: every building on the line is
   * then cleared with the margin, even if the drone gains only CLIMB_SLOPE metres per metre flown.
   */
  climbZ: number;
  /** Rough flight time of the whole delivery, s. */
  estimatedSeconds: number;
}

/**
 * Picks the delivery of an episode: of every depot and rooftop pad of the city, the pair with the shortest
 * estimated flight (usually a depot's nearest pad). The city comes from the seed, so the choice does too.
 */
export function planPayloadDelivery(spec: WorldSpec, hangingDepth: number, parcelHalfHeight: number): PayloadPlan {
  const rooftopPads = spec.pads.filter((pad) => pad.kind === 'rooftop' && pad.buildingId >= 0);
  if (spec.depots.length === 0 || rooftopPads.length === 0) {
    throw new Error(`payload task: the city "${spec.name}" has ${spec.depots.length} depots and ${rooftopPads.length} rooftop pads; accepted: a city with at least one of each`);
  }
  let best: PayloadPlan | null = null;
  for (const depot of spec.depots) {
    for (const pad of rooftopPads) {
      const plan = planFor(spec, depot, pad, hangingDepth, parcelHalfHeight);
      if (best === null || plan.estimatedSeconds < best.estimatedSeconds) best = plan;
    }
  }
  return best!;
}

function planFor(spec: WorldSpec, depot: Depot, pad: Pad, hangingDepth: number, parcelHalfHeight: number): PayloadPlan {
  const building = spec.buildings[pad.buildingId];
  const roofZ = building.height;
  const parcelStart = { x: depot.x, y: depot.y, z: parcelHalfHeight };
  const droneStart = { x: depot.x - 0.5, y: depot.y, z: 0.5 };
  const onRoute = spec.buildings.filter((b) => segmentEntry(depot.x, depot.y, pad.x, pad.y, b) !== null);
  const tallest = Math.max(roofZ, ...onRoute.map((b) => b.height));
  const cruiseZ = tallest + hangingDepth + ROUTE_MARGIN;
  const distance = Math.hypot(pad.x - depot.x, pad.y - depot.y);
  let climbZ = MIN_CLIMB_Z;
  for (const b of [building, ...onRoute]) {
    const along = (segmentEntry(depot.x, depot.y, pad.x, pad.y, b) ?? 1) * distance;
    climbZ = Math.max(climbZ, Math.min(cruiseZ, b.height + hangingDepth + ROUTE_MARGIN - CLIMB_SLOPE * along));
  }
  // Climbing alone up to climbZ, then flying and climbing together, then coming down to the roof.
  const estimatedSeconds = PICK_AND_LOWER_SECONDS + (climbZ - droneStart.z) / PAYLOAD_CLIMB_SPEED
    + Math.max(distance / PAYLOAD_CRUISE_SPEED, (cruiseZ - climbZ) / PAYLOAD_CLIMB_SPEED) + (cruiseZ - roofZ) / PAYLOAD_CLIMB_SPEED;
  return { depot, pad, building, roofZ, parcelStart, droneStart, cruiseZ, climbZ, estimatedSeconds };
}

/** Where along the segment (0..1) it enters the corridor around the building's footprint, or null when it misses. */
function segmentEntry(x0: number, y0: number, x1: number, y1: number, b: Building): number | null {
  const minX = b.minX - CORRIDOR_HALF_WIDTH, maxX = b.maxX + CORRIDOR_HALF_WIDTH;
  const minY = b.minY - CORRIDOR_HALF_WIDTH, maxY = b.maxY + CORRIDOR_HALF_WIDTH;
  // Slab test of the segment against the inflated box.
  let t0 = 0, t1 = 1;
  for (const [start, delta, low, high] of [[x0, x1 - x0, minX, maxX], [y0, y1 - y0, minY, maxY]] as const) {
    if (Math.abs(delta) < 1e-12) {
      if (start < low || start > high) return null;
      continue;
    }
    let a = (low - start) / delta, c = (high - start) / delta;
    if (a > c) [a, c] = [c, a];
    t0 = Math.max(t0, a);
    t1 = Math.min(t1, c);
    if (t0 > t1) return null;
  }
  return t0;
}
