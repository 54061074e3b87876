/**
 * Where a vehicle goes when told a place's name: drones land on a pad, a roof or a free slot
 * of a depot's yard (one per drone, so a fleet never lands on one point); robots go to the
 * place's ground point (a front door, a depot's yard, an intersection).
 */
import type { FleetEnv } from '../../sim/index.ts';
import type { Place } from '../../worlds/index.ts';
import { resolvePlace } from '../grounding/place-resolver.ts';
import type { Vec3 } from './skill.ts';

/** Drones park on a lattice of this spacing in a depot's yard, as the fleet spawns them. */
const PARK_SPACING = 1.2; // m
const HOME_COLUMNS = 6;
const VISITOR_COLUMNS = 10;
const VISITOR_FIRST_ROW_OFFSET = 1 + 2 * PARK_SPACING; // m north of the depot's centre

export interface PlaceTarget {
  place: Place;
  /** Where the vehicle ends: on the surface (roof, pad, ground). */
  point: Vec3;
}

/** Looks a place up by name, address or description ("the nearest depot" from `from`); unknown places throw 'unknown_place' with the closest names. */
export function lookUpPlace(env: FleetEnv, text: string, from?: readonly [number, number, number], home?: string): Place {
  return resolvePlace(text, env.places, from, home);
}

/** The 0-based number of a vehicle of its kind ("drone-3" → 2). */
export function vehicleNumber(id: string): number {
  const match = /-(\d+)$/.exec(id);
  return match ? Number(match[1]) - 1 : 0;
}

/** The spot in a depot's yard where this drone lands: its spawn spot at home, a visitor's slot elsewhere. */
export function depotParkingSpot(env: FleetEnv, droneId: string, depotId: number): Vec3 {
  const depot = env.spec.depots[depotId];
  const index = vehicleNumber(droneId), depotCount = env.spec.depots.length;
  let dx: number, dy: number;
  if (index % depotCount === depotId) {
    // Same lattice as the fleet's spawn: the k-th drone homed here, six to a row.
    const k = Math.floor(index / depotCount);
    dx = ((k % HOME_COLUMNS) - (HOME_COLUMNS - 1) / 2) * PARK_SPACING;
    dy = 1 + Math.floor(k / HOME_COLUMNS) * PARK_SPACING;
  } else {
    dx = ((index % VISITOR_COLUMNS) - (VISITOR_COLUMNS - 1) / 2) * PARK_SPACING;
    dy = VISITOR_FIRST_ROW_OFFSET + Math.floor(index / VISITOR_COLUMNS) * PARK_SPACING;
  }
  const x = clamp(depot.x + dx, depot.minX + 0.5, depot.maxX - 0.5), y = clamp(depot.y + dy, depot.minY + 0.5, depot.maxY - 0.5);
  return [x, y, 0];
}

/** Where a drone lands at a place. */
export function droneLandingPoint(env: FleetEnv, droneId: string, place: Place): Vec3 {
  if (place.kind === 'depot') return depotParkingSpot(env, droneId, place.id);
  const { x, y } = place.position;
  const building = env.world.buildingFootprintAt(x, y, 0);
  const surface = building >= 0 ? env.spec.buildings[building].height : 0;
  return [x, y, place.kind === 'pad' ? Math.max(place.position.z, surface) : surface];
}

export function resolveDroneTarget(env: FleetEnv, droneId: string, text: string): PlaceTarget {
  const place = lookUpPlace(env, text, env.vehicle(droneId).position, env.homeOf(droneId));
  return { place, point: droneLandingPoint(env, droneId, place) };
}

export function resolveRobotTarget(env: FleetEnv, robotId: string, text: string): PlaceTarget {
  const place = lookUpPlace(env, text, env.vehicle(robotId).position, env.homeOf(robotId));
  return { place, point: [place.groundPosition.x, place.groundPosition.y, 0] };
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
