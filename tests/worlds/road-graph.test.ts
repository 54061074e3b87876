import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../physics/index.ts';
import { RoadGraph, WorldIndex } from '../../worlds/index.ts';
import { city } from './world-fixtures.ts';

describe('road graph', () => {
  it('finds with A* the same shortest lengths as Dijkstra, on connected paths', () => {
    for (const params of [{}, { river: true }]) {
      const spec = city(7, params);
      const graph = new RoadGraph(spec);
      const rng = new SeededRng(5);
      for (let i = 0; i < 60; i++) {
        const a = rng.int(graph.nodeCount);
        const b = rng.int(graph.nodeCount);
        const fast = graph.shortestPath(a, b)!;
        const reference = graph.shortestPathDijkstra(a, b)!;
        expect(fast.length).toBeCloseTo(reference.length, 6);
        expect(fast.nodes[0]).toBe(a);
        expect(fast.nodes[fast.nodes.length - 1]).toBe(b);
        expect(fast.segments).toHaveLength(fast.nodes.length - 1);
        let walked = 0;
        fast.segments.forEach((s, k) => {
          const segment = spec.roadSegments[s];
          expect([segment.from, segment.to].sort()).toEqual([fast.nodes[k], fast.nodes[k + 1]].sort());
          walked += graph.segmentLength[s];
        });
        expect(walked).toBeCloseTo(fast.length, 6);
        // No road route is shorter than the straight line.
        expect(fast.length + 1e-6).toBeGreaterThanOrEqual(Math.hypot(graph.nodeX[a] - graph.nodeX[b], graph.nodeY[a] - graph.nodeY[b]));
      }
    }
  });

  it('names the streets of a route and describes it in words', () => {
    const spec = city(7);
    const graph = new WorldIndex(spec).roads;
    const [first, second] = [spec.streets[0].name, spec.streets[1].name];
    const corner = graph.intersectionOf(first, second);
    expect(corner).toBeGreaterThanOrEqual(0);
    expect(graph.intersectionName(corner)).toBe([first, second].sort().join(' & '));
    const far = graph.nearestNode(2000, 2000);
    const route = graph.shortestPath(corner, far)!;
    expect(route.streets.length).toBeGreaterThanOrEqual(1);
    const steps = graph.routeSteps(route);
    expect(steps.reduce((sum, step) => sum + step.metres, 0)).toBeCloseTo(route.length, 6);
    expect(graph.describeRoute(route)).toMatch(/^Follow .+ for \d+ m to .+\.$/);
    expect(graph.describeRoute(graph.shortestPath(corner, corner)!)).toBe('You are already there.');
  });

  it('rejects unknown intersection ids with the accepted range', () => {
    const graph = new RoadGraph(city(7));
    expect(() => graph.shortestPath(-1, 0)).toThrow(`start: must be an intersection id in [0, ${graph.nodeCount - 1}] (got -1)`);
  });
});
