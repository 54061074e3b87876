import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../physics/index.ts';
import { HIT_BUILDING, HIT_GROUND, HIT_NONE, RaycastResult, WorldIndex } from '../../worlds/index.ts';
import { bruteRaycast, rayBoxDistance } from './brute-force-queries.ts';
import { city, randomScene, specWithBuildings } from './world-fixtures.ts';

/** Random rays: origins over and around the scene (some inside boxes, some above them), some axis-aligned directions. */
function* randomRays(seed: number, count: number, size: number): Generator<[number, number, number, number, number, number, number]> {
  const rng = new SeededRng(seed);
  for (let i = 0; i < count; i++) {
    const ox = rng.uniform(-30, size + 30);
    const oy = rng.uniform(-30, size + 30);
    const oz = rng.uniform(0, 120);
    let dx = rng.normal();
    let dy = rng.normal();
    let dz = rng.normal() * 0.6;
    const axis = rng.int(8);
    if (axis === 0) dx = 0;
    if (axis === 1) dy = 0;
    if (axis === 2) dz = 0;
    if (axis === 3) (dx = 0), (dy = 0);
    if (dx === 0 && dy === 0 && dz === 0) dz = -1;
    yield [ox, oy, oz, dx, dy, dz, rng.uniform(5, 600)];
  }
}

function checkAgainstBruteForce(index: WorldIndex, rays: Iterable<[number, number, number, number, number, number, number]>): number {
  const out = new RaycastResult();
  let checked = 0;
  for (const [ox, oy, oz, dx, dy, dz, max] of rays) {
    const expected = bruteRaycast(index.spec, ox, oy, oz, dx, dy, dz, max);
    const hit = index.raycastInto(ox, oy, oz, dx, dy, dz, max, out);
    const kind = out.kind === HIT_BUILDING ? 'building' : out.kind === HIT_GROUND ? 'ground' : 'none';
    expect({ kind, ray: [ox, oy, oz, dx, dy, dz, max] }).toEqual({ kind: expected.kind, ray: [ox, oy, oz, dx, dy, dz, max] });
    expect(hit).toBe(expected.kind !== 'none');
    expect(out.distance).toBeCloseTo(expected.distance, 7);
    if (expected.kind === 'building') {
      // Ties are allowed to go either way; the answer must be one of the nearest boxes.
      expect(expected.ids).toContain(out.buildingId);
      const n = [out.normalX, out.normalY, out.normalZ];
      expect(n.map(Math.abs).sort()).toEqual([0, 0, 1]);
      const length = Math.hypot(dx, dy, dz);
      if (out.distance > 0) expect(out.normalX * dx + out.normalY * dy + out.normalZ * dz).toBeLessThan(0.0 + 1e-12 * length);
    } else {
      expect(out.buildingId).toBe(-1);
    }
    checked++;
  }
  return checked;
}

describe('raycast', () => {
  it('matches brute force on random scenes of overlapping boxes', () => {
    let checked = 0;
    for (let scene = 0; scene < 6; scene++) {
      const { index } = randomScene(100 + scene, 40 + scene * 30);
      checked += checkAgainstBruteForce(index, randomRays(200 + scene, 400, 300));
    }
    expect(checked).toBe(2400);
  });

  it('matches brute force in a generated 2 km city', () => {
    const index = new WorldIndex(city(7));
    expect(checkAgainstBruteForce(index, randomRays(9, 300, 2000))).toBe(300);
  });

  it('reports the face it entered, the hit point and the ground', () => {
    const index = new WorldIndex(specWithBuildings([{ minX: 10, minY: 10, maxX: 20, maxY: 20, height: 30 }]));
    const wall = index.raycast(0, 15, 5, 1, 0, 0, 100);
    expect(wall).toEqual({ distance: 10, buildingId: 0, kind: 'building', normal: { x: -1, y: 0, z: 0 }, point: { x: 10, y: 15, z: 5 } });
    const roof = index.raycast(15, 15, 50, 0, 0, -1, 100);
    expect(roof).toMatchObject({ distance: 20, buildingId: 0, kind: 'building', normal: { x: 0, y: 0, z: 1 } });
    const ground = index.raycast(50, 50, 10, 0, 0, -2, 100);
    expect(ground).toEqual({ distance: 10, buildingId: -1, kind: 'ground', normal: { x: 0, y: 0, z: 1 }, point: { x: 50, y: 50, z: 0 } });
    expect(index.raycast(50, 50, 10, 0, 0, 1, 100)).toBeNull();
    expect(index.raycast(0, 15, 5, 1, 0, 0, 9.5)).toBeNull();
    const inside = index.raycast(15, 15, 5, 1, 0, 0, 100);
    expect(inside).toMatchObject({ distance: 0, buildingId: 0, kind: 'building' });
  });

  it('fills a reused result without allocating one per ray, and reports misses as maxDistance', () => {
    const index = new WorldIndex(specWithBuildings([{ minX: 10, minY: 10, maxX: 20, maxY: 20, height: 30 }]));
    const out = new RaycastResult();
    expect(index.raycastInto(0, 15, 5, 1, 0, 0, 100, out)).toBe(true);
    expect(out.buildingId).toBe(0);
    expect(index.raycastInto(0, 15, 5, -1, 0, 0, 100, out)).toBe(false);
    expect(out.kind).toBe(HIT_NONE);
    expect(out.hit).toBe(false);
    expect(out.distance).toBe(100);
    expect(out.buildingId).toBe(-1);
    expect(index.raycastInto(0, 15, 5, 0, 0, 0, 100, out)).toBe(false);
  });

  it('measures the same entry distance as the slab formula for a diagonal ray', () => {
    const box = { minX: 10, minY: 10, maxX: 20, maxY: 20, height: 30 };
    const index = new WorldIndex(specWithBuildings([box]));
    const hit = index.raycast(0, 0, 1, 1, 1.2, 0.1, 100);
    expect(hit?.distance).toBeCloseTo(rayBoxDistance(box, 0, 0, 1, 1 / Math.hypot(1, 1.2, 0.1), 1.2 / Math.hypot(1, 1.2, 0.1), 0.1 / Math.hypot(1, 1.2, 0.1)), 10);
  });
});
