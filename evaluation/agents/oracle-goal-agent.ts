/**
 * The scripted oracle for search and navigate: it reads the goal (an upper bound, as the
 * benchmark allows) and flies straight there with goto waypoints: climb above the tallest roof
 * on the way, cruise, descend over the goal, then `found` (search) or `land` (navigate).
 */
import { highestSurfaceAlong } from '../../agents/index.ts';
import type { WorldIndex } from '../../worlds/index.ts';
import type { GoalAgent, GoalEpisodeView } from './goal-agent.ts';

/** Clearance over the tallest roof under the cruise leg, m. */
const CRUISE_CLEARANCE = 10;
const MIN_CRUISE = 20;
/** Height over the goal at the end of the descent: search looks from here, navigate lands from here, m. */
const SEARCH_LOOK_HEIGHT = 6;
const LAND_FROM_HEIGHT = 3;

export function createOracleGoalAgent(): GoalAgent {
  let plan: { verb: string; args: Record<string, unknown> }[] | null = null;
  let sent = 0;
  return {
    name: 'scripted',
    async decide(view: GoalEpisodeView): Promise<void> {
      const { session, drone } = view;
      if (session.skillOf(drone) !== null) return;
      if (!plan) plan = planFor(view);
      const next = plan.shift();
      if (!next) return;
      sent++;
      if (next.verb === 'found') return view.declare();
      await session.act({ agent: drone, verb: next.verb, args: next.args });
    },
    metrics: () => ({ actions_sent: sent }),
  };
}

function planFor(view: GoalEpisodeView): { verb: string; args: Record<string, unknown> }[] {
  const env = view.session.fleetEnv;
  const [sx, sy] = env.vehicle(view.drone).position;
  const [gx, gy, gz] = view.oracle.goal;
  const route = lowRoute(env.world, sx, sy, gx, gy, gz);
  const cruise = Math.max(MIN_CRUISE, route.highest + CRUISE_CLEARANCE, gz + CRUISE_CLEARANCE);
  const finalHeight = view.task.endVerb === 'found' ? SEARCH_LOOK_HEIGHT : LAND_FROM_HEIGHT;
  // A goal on the ground beside a wall (a post on a sidewalk) is looked at from a few metres out, clear of the wall.
  const [lx, ly] = view.task.endVerb === 'found' ? clearSpotNear(env.world, gx, gy) : [gx, gy];
  return [
    { verb: 'goto', args: { x: sx, y: sy, z: cruise } },
    ...route.via.map(([x, y]) => ({ verb: 'goto', args: { x, y, z: cruise } })),
    { verb: 'goto', args: { x: lx, y: ly, z: cruise } },
    { verb: 'goto', args: { x: lx, y: ly, z: gz + finalHeight } },
    view.task.endVerb === 'found' ? { verb: 'found', args: {} } : { verb: 'land', args: {} },
  ];
}

/** The goal itself when it lies on a roof or in the open; else the point 5 m away farthest from any wall. */
function clearSpotNear(world: WorldIndex, x: number, y: number): [number, number] {
  if (world.buildingFootprintAt(x, y, 0) >= 0 || world.buildingFootprintAt(x, y, WALL_CLEARANCE) < 0) return [x, y];
  for (let k = 0; k < 16; k++) {
    const angle = (k * Math.PI) / 8, cx = x + LOOK_OFFSET * Math.cos(angle), cy = y + LOOK_OFFSET * Math.sin(angle);
    if (world.buildingFootprintAt(cx, cy, WALL_CLEARANCE) < 0) return [cx, cy];
  }
  return [x, y];
}

const LOOK_OFFSET = 6; // m
const WALL_CLEARANCE = 4; // m

/**
 * Climbing over a tower costs more time and battery than flying round it, and a no-fly zone is
 * never crossed when a way round exists: the straight line, or a dog-leg through one point beside
 * it, whichever needs the lower cruise (a metre of climb counted as five metres of flight).
 */
function lowRoute(world: WorldIndex, ax: number, ay: number, bx: number, by: number, goalZ: number): { highest: number; via: [number, number][] } {
  const { minX, minY, maxX, maxY } = world.spec.bounds;
  const mx = (ax + bx) / 2, my = (ay + by) / 2;
  const candidates: [number, number][][] = [[]];
  for (const radius of [60, 120, 200, 300]) {
    for (let k = 0; k < 16; k++) {
      const angle = (k * Math.PI) / 8, vx = mx + radius * Math.cos(angle), vy = my + radius * Math.sin(angle);
      if (vx >= minX + 5 && vx <= maxX - 5 && vy >= minY + 5 && vy <= maxY - 5) candidates.push([[vx, vy]]);
    }
  }
  let best: { highest: number; via: [number, number][]; cost: number } | null = null;
  for (const via of candidates) {
    const points: [number, number][] = [[ax, ay], ...via, [bx, by]];
    let highest = 0, length = 0;
    for (let k = 1; k < points.length; k++) {
      highest = Math.max(highest, highestSurfaceAlong(world, points[k - 1][0], points[k - 1][1], points[k][0], points[k][1]));
      length += Math.hypot(points[k][0] - points[k - 1][0], points[k][1] - points[k - 1][1]);
    }
    const cruise = Math.max(MIN_CRUISE, highest + CRUISE_CLEARANCE, goalZ + CRUISE_CLEARANCE);
    let crossings = 0;
    for (let k = 1; k < points.length; k++) if (crossesNoFlyZone(world, points[k - 1], points[k], cruise)) crossings++;
    const cost = 5 * highest + length + 1e6 * crossings;
    if (!best || cost < best.cost) best = { highest, via, cost };
  }
  return { highest: best!.highest, via: best!.via };
}

function crossesNoFlyZone(world: WorldIndex, a: readonly number[], b: readonly number[], z: number): boolean {
  if (world.spec.noFlyZones.length === 0) return false;
  const samples = Math.max(1, Math.ceil(Math.hypot(b[0] - a[0], b[1] - a[1]) / 4));
  for (let s = 0; s <= samples; s++) {
    const f = s / samples;
    if (world.noFlyZoneAt(a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, z) >= 0) return true;
  }
  return false;
}
