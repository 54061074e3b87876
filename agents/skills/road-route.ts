/**
 * A ground robot's route between two points: a straight, building-free stretch onto the nearest
 * street, A* on the world's road graph, and a straight stretch off the street to the goal.
 */
import type { WorldIndex } from '../../worlds/index.ts';

export type Point = [number, number];

export interface RoadRouteResult {
  points: Point[];
  length: number;
  streets: string[];
}

const CLEARANCE_RADIUS = 0.5; // m: the robot's 0.4 m footprint and a little margin
const CHECK_SPACING = 0.5; // m

interface Access { segment: number; x: number; y: number; distance: number }

/** True when a disc of the robot's size slides from a to b without touching a building. */
export function clearOnGround(world: WorldIndex, ax: number, ay: number, bx: number, by: number): boolean {
  const length = Math.hypot(bx - ax, by - ay);
  const samples = Math.max(1, Math.ceil(length / CHECK_SPACING));
  for (let s = 0; s <= samples; s++) {
    const f = s / samples;
    if (world.buildingFootprintAt(ax + (bx - ax) * f, ay + (by - ay) * f, CLEARANCE_RADIUS) >= 0) return false;
  }
  return true;
}

/** The nearest point on a street that a straight, clear stretch reaches from (x, y). */
function accessPoint(world: WorldIndex, x: number, y: number): Access | null {
  const { intersections, roadSegments } = world.spec;
  const candidates: Access[] = roadSegments.map((segment, s) => {
    const a = intersections[segment.from], b = intersections[segment.to];
    const dx = b.x - a.x, dy = b.y - a.y, lengthSquared = dx * dx + dy * dy || 1;
    const f = Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / lengthSquared));
    const px = a.x + dx * f, py = a.y + dy * f;
    return { segment: s, x: px, y: py, distance: Math.hypot(px - x, py - y) };
  });
  candidates.sort((p, q) => p.distance - q.distance || p.segment - q.segment);
  for (const candidate of candidates.slice(0, 12)) {
    if (clearOnGround(world, x, y, candidate.x, candidate.y)) return candidate;
  }
  return null;
}

/** Route on the road graph from (ax, ay) to (bx, by); null when one end cannot reach a street or the streets do not connect. */
export function planRoadRoute(world: WorldIndex, ax: number, ay: number, bx: number, by: number): RoadRouteResult | null {
  if (Math.hypot(bx - ax, by - ay) < 30 && clearOnGround(world, ax, ay, bx, by)) {
    return { points: [[ax, ay], [bx, by]], length: Math.hypot(bx - ax, by - ay), streets: [] };
  }
  const start = accessPoint(world, ax, ay), goal = accessPoint(world, bx, by);
  if (!start || !goal) return null;
  const { roadSegments, intersections } = world.spec;
  const roads = world.roads;
  const head: Point[] = [[ax, ay], [start.x, start.y]];
  const tail: Point[] = [[goal.x, goal.y], [bx, by]];
  if (start.segment === goal.segment) {
    const points = [...head, ...tail];
    return { points, length: polylineLength(points), streets: [roads.streetNames[roadSegments[start.segment].streetId]] };
  }
  let best: RoadRouteResult | null = null;
  const s = roadSegments[start.segment], g = roadSegments[goal.segment];
  for (const from of [s.from, s.to]) {
    for (const to of [g.from, g.to]) {
      const route = roads.shortestPath(from, to);
      if (!route) continue;
      const nodes: Point[] = route.nodes.map((node) => [intersections[node].x, intersections[node].y]);
      const points = [...head, ...nodes, ...tail];
      const length = polylineLength(points);
      if (!best || length < best.length) best = { points, length, streets: route.streets };
    }
  }
  return best ? { ...best, points: dropBacktracks(best.points) } : null;
}

/** Removes a node the route passes only to come back along the same street (projection then node then back). */
function dropBacktracks(points: Point[]): Point[] {
  const out: Point[] = [];
  for (const point of points) {
    const last = out[out.length - 1];
    if (last && Math.hypot(point[0] - last[0], point[1] - last[1]) < 0.05) continue;
    if (out.length >= 2) {
      const a = out[out.length - 2], b = out[out.length - 1];
      const ux = b[0] - a[0], uy = b[1] - a[1], vx = point[0] - b[0], vy = point[1] - b[1];
      const cross = ux * vy - uy * vx, dot = ux * vx + uy * vy;
      // A U-turn along one line: go straight from a to the new point instead.
      if (Math.abs(cross) < 1e-6 * (Math.hypot(ux, uy) * Math.hypot(vx, vy) + 1e-9) && dot < 0) {
        out.pop();
      }
    }
    out.push(point);
  }
  return out;
}

export function polylineLength(points: readonly Point[]): number {
  let length = 0;
  for (let k = 1; k < points.length; k++) length += Math.hypot(points[k][0] - points[k - 1][0], points[k][1] - points[k - 1][1]);
  return length;
}
