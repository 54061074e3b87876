/**
 * Reference answers computed the slow, obvious way (every building, every time), to check the
 * grid-accelerated queries against.
 */
import type { WorldSpec } from '../../worlds/index.ts';

/** Entry distance of a ray into a box from z = 0 to height, or Infinity; 0 when the origin is inside. */
export function rayBoxDistance(
  b: { minX: number; minY: number; maxX: number; maxY: number; height: number },
  ox: number, oy: number, oz: number, dx: number, dy: number, dz: number,
): number {
  let near = -Infinity;
  let far = Infinity;
  const slabs: [number, number, number, number][] = [[ox, dx, b.minX, b.maxX], [oy, dy, b.minY, b.maxY], [oz, dz, 0, b.height]];
  for (const [o, d, lo, hi] of slabs) {
    if (d === 0) {
      if (o < lo || o > hi) return Infinity;
      continue;
    }
    let t0 = (lo - o) / d;
    let t1 = (hi - o) / d;
    if (t0 > t1) [t0, t1] = [t1, t0];
    near = Math.max(near, t0);
    far = Math.min(far, t1);
  }
  if (near > far || far < 0) return Infinity;
  return Math.max(near, 0);
}

export function bruteRaycast(
  spec: WorldSpec, ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, maxDistance: number, withGround = true,
): { kind: 'none' | 'building' | 'ground'; distance: number; ids: number[] } {
  const length = Math.hypot(dx, dy, dz);
  dx /= length;
  dy /= length;
  dz /= length;
  let best = Infinity;
  let ids: number[] = [];
  for (const b of spec.buildings) {
    const t = rayBoxDistance(b, ox, oy, oz, dx, dy, dz);
    if (t < best - 1e-9) {
      best = t;
      ids = [b.id];
    } else if (Math.abs(t - best) <= 1e-9) ids.push(b.id);
  }
  const ground = withGround && dz < 0 && oz >= 0 ? -oz / dz : Infinity;
  if (ground < best - 1e-9 && ground <= maxDistance) return { kind: 'ground', distance: ground, ids: [] };
  if (best <= maxDistance) return { kind: 'building', distance: best, ids };
  return { kind: 'none', distance: maxDistance, ids: [] };
}

function lowest(ids: number[]): number {
  return ids.length === 0 ? -1 : Math.min(...ids);
}

export function brutePoint(spec: WorldSpec, x: number, y: number, z: number): number {
  return lowest(spec.buildings.filter((b) => x >= b.minX && x <= b.maxX && y >= b.minY && y <= b.maxY && z >= 0 && z <= b.height).map((b) => b.id));
}

export function bruteSphere(spec: WorldSpec, x: number, y: number, z: number, r: number): number {
  return lowest(
    spec.buildings
      .filter((b) => {
        const ex = Math.max(b.minX - x, 0, x - b.maxX);
        const ey = Math.max(b.minY - y, 0, y - b.maxY);
        const ez = Math.max(0 - z, 0, z - b.height);
        return ex * ex + ey * ey + ez * ez <= r * r;
      })
      .map((b) => b.id),
  );
}

export function bruteBox(spec: WorldSpec, minX: number, minY: number, minZ: number, maxX: number, maxY: number, maxZ: number): number {
  return lowest(
    spec.buildings
      .filter((b) => minX <= b.maxX && maxX >= b.minX && minY <= b.maxY && maxY >= b.minY && minZ <= b.height && maxZ >= 0)
      .map((b) => b.id),
  );
}

export function bruteFootprint(spec: WorldSpec, x: number, y: number, r: number): number {
  return lowest(
    spec.buildings
      .filter((b) => {
        const ex = Math.max(b.minX - x, 0, x - b.maxX);
        const ey = Math.max(b.minY - y, 0, y - b.maxY);
        return ex * ex + ey * ey <= r * r;
      })
      .map((b) => b.id),
  );
}
