import { describe, expect, it } from 'vitest';
import { WorldIndex, generateWorld, serializeWorldSpec, type WorldSpec } from '../../worlds/index.ts';
import { city } from './world-fixtures.ts';

function distanceToPolyline(x: number, y: number, points: readonly { x: number; y: number }[]): number {
  let best = Infinity;
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k];
    const b = points[k + 1];
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const t = Math.max(0, Math.min(1, ((x - a.x) * dx + (y - a.y) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(a.x + t * dx - x, a.y + t * dy - y));
  }
  return best;
}

function reachableNodes(spec: WorldSpec): number {
  const neighbours = spec.intersections.map(() => [] as number[]);
  for (const s of spec.roadSegments) {
    neighbours[s.from].push(s.to);
    neighbours[s.to].push(s.from);
  }
  const seen = new Set([0]);
  const queue = [0];
  while (queue.length > 0) for (const next of neighbours[queue.pop()!]) if (!seen.has(next)) (seen.add(next), queue.push(next));
  return seen.size;
}

describe('generateWorld', () => {
  it('gives byte-identical JSON for the same seed and params', () => {
    for (const params of [{}, { river: true, density: 0.9 }, { avenue: false, heightProfile: 'suburban' as const, size: 900 }]) {
      expect(serializeWorldSpec(generateWorld(11, params))).toBe(serializeWorldSpec(generateWorld(11, { ...params })));
    }
  });

  it('gives a different city for a different seed', () => {
    const a = city(7);
    const b = city(8);
    expect(serializeWorldSpec(a)).not.toBe(serializeWorldSpec(b));
    expect(a.streets.map((s) => s.name)).not.toEqual(b.streets.map((s) => s.name));
    expect(a.buildings[0]).not.toEqual(b.buildings[0]);
  });

  it('builds a 2 km city with at least 1000 buildings and 10 named streets, every building addressed', () => {
    const spec = city(7);
    expect(spec.bounds).toMatchObject({ minX: 0, minY: 0, maxX: 2000, maxY: 2000 });
    expect(spec.buildings.length).toBeGreaterThanOrEqual(1000);
    expect(spec.streets.length).toBeGreaterThanOrEqual(10);
    expect(new Set(spec.streets.map((s) => s.name)).size).toBe(spec.streets.length);
    for (const street of spec.streets) expect(street.name).toMatch(/^[A-Z][a-z]+ (St|Ave|Blvd|Rd|Ln|Dr|Way|Pkwy)$/);
    const streetNames = new Set(spec.streets.map((s) => s.name));
    const addresses = new Set<string>();
    for (const b of spec.buildings) {
      expect(streetNames.has(b.address.street)).toBe(true);
      addresses.add(`${b.address.number} ${b.address.street}`);
    }
    expect(addresses.size).toBe(spec.buildings.length);
    const landmarks = spec.buildings.filter((b) => b.name).map((b) => b.name);
    expect(landmarks.length).toBeGreaterThanOrEqual(6);
    expect(new Set(landmarks).size).toBe(landmarks.length);
  });

  it('keeps buildings inside the city, apart from each other and off the roads', () => {
    const spec = city(7);
    const index = new WorldIndex(spec);
    for (const b of spec.buildings) {
      expect(b.minX).toBeGreaterThanOrEqual(0);
      expect(b.maxY).toBeLessThanOrEqual(2000);
      // Shrunk by a centimetre: a building may only touch itself.
      const touched = [index.collideBox(b.minX + 0.01, b.minY + 0.01, 0, b.maxX - 0.01, b.maxY - 0.01, 1)];
      expect(touched).toEqual([b.id]);
    }
    let overlaps = 0;
    const sorted = [...spec.buildings].sort((a, b) => a.minX - b.minX);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length && sorted[j].minX < sorted[i].maxX; j++) {
        if (sorted[j].minY < sorted[i].maxY && sorted[i].minY < sorted[j].maxY) overlaps++;
      }
    }
    expect(overlaps).toBe(0);
    let onRoad = 0;
    for (const segment of spec.roadSegments) {
      const a = spec.intersections[segment.from];
      const b = spec.intersections[segment.to];
      const steps = Math.ceil(Math.hypot(b.x - a.x, b.y - a.y) / 2);
      for (let k = 0; k <= steps; k++) {
        if (index.isInsideBuildingFootprint(a.x + ((b.x - a.x) * k) / steps, a.y + ((b.y - a.y) * k) / steps, segment.width / 2 - 0.05)) onRoad++;
      }
    }
    expect(onRoad).toBe(0);
  });

  it('runs a river with bridges and keeps every building out of the water', () => {
    const spec = city(7, { river: true });
    expect(spec.river).toBeDefined();
    const river = spec.river!;
    expect(spec.bridges.length).toBeGreaterThanOrEqual(2);
    for (const bridge of spec.bridges) for (const id of bridge.roadSegmentIds) expect(spec.roadSegments[id].bridge).toBe(true);
    for (const b of spec.buildings) {
      for (const [x, y] of [[b.minX, b.minY], [b.maxX, b.minY], [b.minX, b.maxY], [b.maxX, b.maxY], [(b.minX + b.maxX) / 2, (b.minY + b.maxY) / 2]]) {
        expect(distanceToPolyline(x, y, river.centerline)).toBeGreaterThan(river.width / 2);
      }
    }
    expect(reachableNodes(spec)).toBe(spec.intersections.length);
  });

  it('keeps every intersection reachable from every other', () => {
    const spec = city(7);
    expect(reachableNodes(spec)).toBe(spec.intersections.length);
  });

  it('places the requested depots, pads, parks and no-fly zones, with pads and depots outside the zones', () => {
    const spec = city(3, { depots: 5, rooftopPads: 9, groundPads: 4, parks: 6, noFlyZones: 3 });
    expect(spec.depots.map((d) => d.name)).toEqual(['Depot 1', 'Depot 2', 'Depot 3', 'Depot 4', 'Depot 5']);
    expect(spec.pads.filter((p) => p.kind === 'rooftop')).toHaveLength(9);
    expect(spec.pads.filter((p) => p.kind === 'ground')).toHaveLength(4);
    expect(spec.parks).toHaveLength(6);
    expect(spec.noFlyZones).toHaveLength(3);
    const index = new WorldIndex(spec);
    for (const pad of spec.pads) {
      expect(index.noFlyZoneAt(pad.x, pad.y, pad.z + 1)).toBe(-1);
      if (pad.kind === 'rooftop') {
        const b = spec.buildings[pad.buildingId];
        expect(pad.z).toBe(b.height);
        expect(pad.x).toBeGreaterThan(b.minX);
        expect(pad.x).toBeLessThan(b.maxX);
        expect(index.collidePoint(pad.x, pad.y, pad.z - 0.1)).toBe(b.id);
      } else {
        expect(index.isInsideBuildingFootprint(pad.x, pad.y, pad.radius)).toBe(false);
      }
    }
    for (const depot of spec.depots) {
      expect(index.noFlyZoneAt(depot.x, depot.y, 1)).toBe(-1);
      expect(index.isInsideBuildingFootprint(depot.x, depot.y, 3)).toBe(false);
    }
  });

  it('follows the height profile: a downtown peak at maxHeight, low-rise suburbs', () => {
    const downtown = city(7);
    expect(Math.max(...downtown.buildings.map((b) => b.height))).toBe(220);
    const suburban = city(7, { heightProfile: 'suburban' });
    expect(Math.max(...suburban.buildings.map((b) => b.height))).toBeLessThanOrEqual(30);
    const tall = generateWorld(7, { maxHeight: 400 });
    expect(Math.max(...tall.buildings.map((b) => b.height))).toBe(400);
  });

  it('builds more on dense params than on sparse ones, and leaves out disabled districts', () => {
    const dense = generateWorld(5, { density: 1 });
    const sparse = generateWorld(5, { density: 0 });
    expect(dense.buildings.length).toBeGreaterThan(sparse.buildings.length * 1.5);
    expect(sparse.buildings.length).toBeGreaterThan(300);
    const noIndustry = generateWorld(5, { districts: ['downtown', 'midtown', 'residential', 'outskirts'] });
    expect(noIndustry.districts.map((d) => d.kind)).not.toContain('industrial');
    expect(dense.districts.map((d) => d.kind).sort()).toEqual(['downtown', 'industrial', 'midtown', 'outskirts', 'residential']);
  });

  it('rejects bad params and seeds with the field, the rule and the value', () => {
    expect(() => generateWorld(7, { density: 2 })).toThrow('density: must be <= 1 (got 2)');
    expect(() => generateWorld(7, { size: 100 })).toThrow('size: must be >= 300 (got 100)');
    expect(() => generateWorld(7, { depots: 1.5 })).toThrow('depots: must be an integer (got 1.5)');
    expect(() => generateWorld(7, { rivers: true } as never)).toThrow('has unknown key(s) "rivers"');
    expect(() => generateWorld(-1)).toThrow('seed: must be an integer in [0, 4294967295] (got -1)');
  });

  it('derives a mean wind from the params (coming from the south-west blows north-east)', () => {
    const spec = generateWorld(7, { windSpeed: 10, windFromDeg: 225 });
    expect(spec.wind.mean.x).toBeCloseTo(7.07, 2);
    expect(spec.wind.mean.y).toBeCloseTo(7.07, 2);
    expect(spec.wind.gust.amplitude).toBeCloseTo(3, 5);
  });
});
