import { describe, expect, it } from 'vitest';
import { FleetEnv, type FleetEvent } from '../../../sim/index.ts';
import { generateWorld } from '../../../worlds/index.ts';
import { SkillRunner } from '../../../agents/skills/skill-runner.ts';

const spec = generateWorld(7, { size: 1000 });

/** Distance from a point to a polyline, m. */
function distanceToPolyline(x: number, y: number, points: number[][]): number {
  let best = Infinity;
  for (let k = 1; k < points.length; k++) {
    const [ax, ay] = points[k - 1], [bx, by] = points[k];
    const dx = bx - ax, dy = by - ay, f = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy || 1)));
    best = Math.min(best, Math.hypot(ax + dx * f - x, ay + dy * f - y));
  }
  return best;
}

describe('drive_to', () => {
  it('drives robot-1 along the road route to the Grand Hotel and stops within 0.5 m of its front door', () => {
    const env = FleetEnv.create({ seed: 7, world: spec, drones: 0, robots: 1, delivery: { initialOrders: 0, orderRatePerHour: 0 } });
    const events: FleetEvent[] = [];
    const runner = new SkillRunner(env, 'robot-1', events);
    runner.start([{ verb: 'drive_to', args: { place: 'Grand Hotel' } }]);
    const started = events.find((e) => e.kind === 'skill_started')!;
    const route = started.data!.route as number[][];
    const nodes = route.slice(2, -2);
    expect(nodes.length).toBeGreaterThan(2);
    // The middle of the route is the road graph's intersections.
    for (const [x, y] of nodes) expect(spec.intersections.some((node) => Math.hypot(node.x - x, node.y - y) < 0.1)).toBe(true);
    let worstOffRoute = 0;
    for (let s = 0; s < 60_000 && runner.skillLabel; s++) {
      runner.update();
      events.push(...env.advance(1));
      const [x, y] = env.vehicle('robot-1').position;
      worstOffRoute = Math.max(worstOffRoute, distanceToPolyline(x, y, route));
    }
    const door = spec.buildings.find((b) => b.name === 'Grand Hotel')!.entrance;
    const [x, y] = env.vehicle('robot-1').position;
    expect(events.some((e) => e.kind === 'skill_done' && e.agent === 'robot-1')).toBe(true);
    expect(Math.hypot(x - door.x, y - door.y)).toBeLessThan(0.5);
    expect(worstOffRoute).toBeLessThan(2);
    expect(env.vehicle('robot-1').status).toBe('ok');
  });
});
