import type { Depot } from '../../worlds/index.ts';

/** Vehicles start on a grid in their depot's yard: drones north of its centre, robots south (parcels wait further south). */
const COLUMNS = 6;
const DRONE_SPACING = 1.2; // m: well clear of the 0.2 m drone contact distance
const ROBOT_SPACING = 1.5; // m: two robot radii (0.4 m) and a gap

/** Where the k-th vehicle of a kind at this depot starts (x, y), inside the yard. */
export function spawnPoint(depot: Depot, kind: 'drone' | 'robot', k: number): [number, number] {
  const column = k % COLUMNS, row = Math.floor(k / COLUMNS);
  const spacing = kind === 'drone' ? DRONE_SPACING : ROBOT_SPACING;
  const x = depot.x + (column - (COLUMNS - 1) / 2) * spacing;
  const y = kind === 'drone' ? depot.y + 1 + row * spacing : depot.y - 2 - row * spacing;
  return [clamp(x, depot.minX + 0.5, depot.maxX - 0.5), clamp(y, depot.minY + 0.5, depot.maxY - 0.5)];
}

function clamp(value: number, min: number, max: number): number {
  return value < min ? min : value > max ? max : value;
}
