import { describe, expect, it } from 'vitest';
import { SeededRng } from '../../physics/index.ts';
import { WorldIndex } from '../../worlds/index.ts';
import { bruteBox, bruteFootprint, bruteRaycast, brutePoint, bruteSphere } from './brute-force-queries.ts';
import { city, randomScene, specWithBuildings } from './world-fixtures.ts';

describe('collision queries', () => {
  it('match brute force for points, spheres, boxes, segments and footprints on random scenes', () => {
    let collisions = 0;
    for (let scene = 0; scene < 5; scene++) {
      const { spec, index } = randomScene(300 + scene, 60 + scene * 40);
      const rng = new SeededRng(400 + scene);
      for (let i = 0; i < 300; i++) {
        const x = rng.uniform(-20, 320);
        const y = rng.uniform(-20, 320);
        const z = rng.uniform(-5, 90);
        const r = rng.uniform(0, 12);
        const point = index.collidePoint(x, y, z);
        expect(point).toBe(brutePoint(spec, x, y, z));
        expect(index.collideSphere(x, y, z, r)).toBe(bruteSphere(spec, x, y, z, r));
        const [w, d, h] = [rng.uniform(0, 30), rng.uniform(0, 30), rng.uniform(0, 30)];
        expect(index.collideBox(x, y, z, x + w, y + d, z + h)).toBe(bruteBox(spec, x, y, z, x + w, y + d, z + h));
        expect(index.buildingFootprintAt(x, y, r)).toBe(bruteFootprint(spec, x, y, r));
        expect(index.isInsideBuildingFootprint(x, y, r)).toBe(bruteFootprint(spec, x, y, r) >= 0);
        // Kept off z = 0 so no segment ends exactly on a face, where rounding may decide either way.
        const [bx, by, bz] = [x + rng.uniform(-80, 80), y + rng.uniform(-80, 80), Math.max(0.5, z + rng.uniform(-40, 40))];
        const expected = bruteRaycast(spec, x, y, z, bx - x, by - y, bz - z, Math.hypot(bx - x, by - y, bz - z), false);
        const segment = index.collideSegment(x, y, z, bx, by, bz);
        if (expected.kind === 'none') expect(segment).toBe(-1);
        else expect(expected.ids).toContain(segment);
        if (point >= 0) collisions++;
      }
    }
    // The scenes are crowded enough that the comparison covers many hits, not only misses.
    expect(collisions).toBeGreaterThan(100);
  });

  it('counts touching as colliding, and gives the lowest id when boxes overlap', () => {
    const index = new WorldIndex(specWithBuildings([
      { minX: 10, minY: 10, maxX: 20, maxY: 20, height: 10 },
      { minX: 15, minY: 15, maxX: 30, maxY: 30, height: 40 },
    ]));
    expect(index.collidePoint(20, 15, 10)).toBe(0);
    expect(index.collidePoint(17, 17, 5)).toBe(0);
    expect(index.collidePoint(17, 17, 20)).toBe(1);
    expect(index.collideSphere(9, 15, 5, 1)).toBe(0);
    expect(index.collideSphere(8.9, 15, 5, 1)).toBe(-1);
    expect(index.collideSphere(25, 25, 41, 1)).toBe(1);
    expect(index.collideBox(0, 0, 0, 10, 10, 1)).toBe(0);
    expect(index.collideSegment(0, 25, 5, 50, 25, 5)).toBe(1);
    expect(index.collideSegment(0, 25, 5, 14, 25, 5)).toBe(-1);
  });

  it('checks a whole fleet of spheres in one batched call, equal to one call per sphere', () => {
    const spec = city(7);
    const index = new WorldIndex(spec);
    const n = 5000;
    const rng = new SeededRng(77);
    const px = new Float32Array(n);
    const py = new Float32Array(n);
    const pz = new Float32Array(n);
    const radii = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      px[i] = rng.uniform(0, 2000);
      py[i] = rng.uniform(0, 2000);
      pz[i] = rng.uniform(0, 60);
      radii[i] = rng.uniform(0.05, 2);
    }
    const out = new Int32Array(n).fill(-7);
    const hits = index.collideSpheresBatch(px, py, pz, 0.3, 1000, 4000, out);
    let expectedHits = 0;
    for (let i = 0; i < n; i++) {
      if (i < 1000 || i >= 4000) {
        expect(out[i]).toBe(-7);
        continue;
      }
      const expected = index.collideSphere(px[i], py[i], pz[i], 0.3);
      expect(out[i]).toBe(expected);
      if (expected >= 0) expectedHits++;
    }
    expect(hits).toBe(expectedHits);
    expect(hits).toBeGreaterThan(100);
    const perSphere = new Int32Array(n);
    index.collideSpheresBatch(px, py, pz, radii, 0, n, perSphere);
    for (let i = 0; i < n; i += 7) expect(perSphere[i]).toBe(bruteSphere(spec, px[i], py[i], pz[i], radii[i]));
  });

  it('checks ground robots against footprints in one batched call', () => {
    const spec = city(7);
    const index = new WorldIndex(spec);
    const rng = new SeededRng(78);
    const n = 2000;
    const px = new Float64Array(n).map(() => rng.uniform(0, 2000));
    const py = new Float64Array(n).map(() => rng.uniform(0, 2000));
    const out = new Int32Array(n);
    const hits = index.footprintsBatch(px, py, 0.4, 0, n, out);
    let expected = 0;
    for (let i = 0; i < n; i++) {
      const id = bruteFootprint(spec, px[i], py[i], 0.4);
      expect(out[i]).toBe(id);
      if (id >= 0) expected++;
    }
    expect(hits).toBe(expected);
  });
});
