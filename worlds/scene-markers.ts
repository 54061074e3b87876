/**
 * Objects that belong to one episode rather than to the city: a coloured car on a roof, a crate in
 * a park, a marker post on a sidewalk. They are axis-aligned boxes kept beside a WorldIndex (so
 * every camera built on that index draws them) and nowhere in the WorldSpec, the place index or the
 * collision queries: an agent can find them only by looking.
 */
import type { WorldIndex } from './world-index.ts';

export interface SceneMarker {
  /** What it is ("red car"), for reports and recordings; never shown to agents by the world. */
  label: string;
  /** Centre of the box's footprint and its base height, metres (ENU). */
  x: number;
  y: number;
  z: number;
  /** Full extents along x and y, and height, metres. */
  sizeX: number;
  sizeY: number;
  height: number;
  rgb: [number, number, number];
}

const MARKERS = new WeakMap<WorldIndex, readonly SceneMarker[]>();

/** Sets the markers drawn by cameras on this index (replacing earlier ones); an empty list clears them. */
export function setSceneMarkers(index: WorldIndex, markers: readonly SceneMarker[]): void {
  for (const [i, marker] of markers.entries()) {
    for (const key of ['x', 'y', 'z', 'sizeX', 'sizeY', 'height'] as const) {
      if (!Number.isFinite(marker[key])) throw new RangeError(`markers[${i}].${key}: must be a finite number of metres (got ${String(marker[key])})`);
    }
    if (!(marker.sizeX > 0 && marker.sizeY > 0 && marker.height > 0)) throw new RangeError(`markers[${i}]: sizeX, sizeY and height must be > 0 m`);
    if (!Array.isArray(marker.rgb) || marker.rgb.length !== 3 || marker.rgb.some((c) => !(c >= 0 && c <= 255))) {
      throw new RangeError(`markers[${i}].rgb: must be three numbers 0..255 (got ${JSON.stringify(marker.rgb)})`);
    }
  }
  if (markers.length === 0) MARKERS.delete(index);
  else MARKERS.set(index, markers.map((marker) => ({ ...marker, rgb: [...marker.rgb] as [number, number, number] })));
}

export function sceneMarkersOf(index: WorldIndex): readonly SceneMarker[] {
  return MARKERS.get(index) ?? [];
}

export interface MarkerHit {
  marker: number;
  distance: number;
  normalX: number;
  normalY: number;
  normalZ: number;
}

/** The nearest marker a ray (unit direction) meets closer than `maxDistance`, by the slab method; null when none. */
export function raycastMarkers(markers: readonly SceneMarker[], ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, maxDistance: number): MarkerHit | null {
  let best: MarkerHit | null = null;
  for (let m = 0; m < markers.length; m++) {
    const box = markers[m];
    const min = [box.x - box.sizeX / 2, box.y - box.sizeY / 2, box.z];
    const max = [box.x + box.sizeX / 2, box.y + box.sizeY / 2, box.z + box.height];
    const origin = [ox, oy, oz], direction = [dx, dy, dz];
    let near = 0, far = best ? best.distance : maxDistance, axis = -1, sign = 0;
    let inside = true;
    for (let a = 0; a < 3 && inside; a++) {
      if (Math.abs(direction[a]) < 1e-12) {
        if (origin[a] < min[a] || origin[a] > max[a]) inside = false;
        continue;
      }
      let t0 = (min[a] - origin[a]) / direction[a], t1 = (max[a] - origin[a]) / direction[a];
      let entrySign = -1;
      if (t0 > t1) {
        [t0, t1] = [t1, t0];
        entrySign = 1;
      }
      if (t0 > near) {
        near = t0;
        axis = a;
        sign = entrySign;
      }
      if (t1 < far) far = t1;
      if (near > far) inside = false;
    }
    if (!inside || axis < 0) continue;
    best = { marker: m, distance: near, normalX: axis === 0 ? sign : 0, normalY: axis === 1 ? sign : 0, normalZ: axis === 2 ? sign : 0 };
  }
  return best;
}
