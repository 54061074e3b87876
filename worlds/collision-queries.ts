/**
 * Collision queries against buildings (boxes from z = 0 to their height) over the building grid.
 * Each answers a building id or -1; when several buildings collide, the lowest id, so the answer
 * does not depend on the grid's layout. Contact counts as collision (closed boxes).
 */
import { BOX_STRIDE, type BuildingGrid } from './spatial-grid.ts';
import { raycastInto, RaycastResult } from './raycast.ts';

/** Building containing the point, or -1. */
export function collidePoint(grid: BuildingGrid, x: number, y: number, z: number): number {
  if (z < 0 || z > grid.maxHeight || !insideGrid(grid, x, y, 0)) return -1;
  const cell = grid.rowOf(y) * grid.columns + grid.columnOf(x);
  const boxes = grid.cellBoxes;
  let found = -1;
  for (let k = grid.cellStart[cell], end = grid.cellStart[cell + 1]; k < end; k++) {
    const o = k * BOX_STRIDE;
    if (x >= boxes[o] && x <= boxes[o + 2] && y >= boxes[o + 1] && y <= boxes[o + 3] && z <= boxes[o + 4]) {
      const id = grid.cellItems[k];
      if (found < 0 || id < found) found = id;
    }
  }
  return found;
}

/** Building touching the sphere, or -1. */
export function collideSphere(grid: BuildingGrid, x: number, y: number, z: number, radius: number): number {
  return collideSphereAt(grid, x, y, z, radius);
}

/** Building overlapping the axis-aligned box, or -1. */
export function collideBox(
  grid: BuildingGrid,
  minX: number, minY: number, minZ: number,
  maxX: number, maxY: number, maxZ: number,
): number {
  if (maxZ < 0 || minZ > grid.maxHeight || maxX < grid.originX || maxY < grid.originY || minX > grid.maxX || minY > grid.maxY) return -1;
  const c0 = grid.columnOf(minX);
  const c1 = grid.columnOf(maxX);
  const r0 = grid.rowOf(minY);
  const r1 = grid.rowOf(maxY);
  const boxes = grid.cellBoxes;
  let found = -1;
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const cell = r * grid.columns + c;
      if (grid.cellMaxHeight[cell] < minZ) continue;
      for (let k = grid.cellStart[cell], end = grid.cellStart[cell + 1]; k < end; k++) {
        const o = k * BOX_STRIDE;
        if (minX <= boxes[o + 2] && maxX >= boxes[o] && minY <= boxes[o + 3] && maxY >= boxes[o + 1] && minZ <= boxes[o + 4]) {
          const id = grid.cellItems[k];
          if (found < 0 || id < found) found = id;
        }
      }
    }
  }
  return found;
}

const segmentScratch = new RaycastResult();

/** First building met walking from a to b (the one nearest a), or -1. */
export function collideSegment(grid: BuildingGrid, ax: number, ay: number, az: number, bx: number, by: number, bz: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const dz = bz - az;
  const length = Math.sqrt(dx * dx + dy * dy + dz * dz);
  if (length === 0) return collidePoint(grid, ax, ay, az);
  raycastInto(grid, ax, ay, az, dx, dy, dz, length, segmentScratch, false);
  return segmentScratch.buildingId;
}

/**
 * Sphere-vs-buildings for many bodies at once: for i in [start, end), writes the building touched
 * by sphere (px[i], py[i], pz[i]) into outBuildingId[i] (-1 when free). `radius` is one radius for
 * all or one per body. Returns how many spheres collide. Allocates nothing.
 */
export function collideSpheresBatch(
  grid: BuildingGrid,
  px: ArrayLike<number>, py: ArrayLike<number>, pz: ArrayLike<number>,
  radius: number | ArrayLike<number>,
  start: number, end: number,
  outBuildingId: Int32Array,
): number {
  let hits = 0;
  if (typeof radius === 'number') {
    for (let i = start; i < end; i++) {
      const id = collideSphereAt(grid, px[i], py[i], pz[i], radius);
      outBuildingId[i] = id;
      if (id >= 0) hits++;
    }
  } else {
    for (let i = start; i < end; i++) {
      const id = collideSphereAt(grid, px[i], py[i], pz[i], radius[i]);
      outBuildingId[i] = id;
      if (id >= 0) hits++;
    }
  }
  return hits;
}

function collideSphereAt(grid: BuildingGrid, x: number, y: number, z: number, radius: number): number {
  if (z - radius > grid.maxHeight || z + radius < 0) return -1;
  const x0 = x - radius;
  const x1 = x + radius;
  const y0 = y - radius;
  const y1 = y + radius;
  if (x1 < grid.originX || y1 < grid.originY || x0 > grid.originX + grid.columns * grid.cellSize || y0 > grid.originY + grid.rows * grid.cellSize) return -1;
  const c0 = grid.columnOf(x0);
  const c1 = grid.columnOf(x1);
  const r0 = grid.rowOf(y0);
  const r1 = grid.rowOf(y1);
  const boxes = grid.cellBoxes;
  const items = grid.cellItems;
  const cellStart = grid.cellStart;
  const radiusSquared = radius * radius;
  const zLow = z - radius;
  let found = -1;
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const cell = r * grid.columns + c;
      if (grid.cellMaxHeight[cell] < zLow) continue;
      for (let k = cellStart[cell], end = cellStart[cell + 1]; k < end; k++) {
        const o = k * BOX_STRIDE;
        const ex = x < boxes[o] ? boxes[o] - x : x > boxes[o + 2] ? x - boxes[o + 2] : 0;
        const ey = y < boxes[o + 1] ? boxes[o + 1] - y : y > boxes[o + 3] ? y - boxes[o + 3] : 0;
        const ez = z < 0 ? -z : z > boxes[o + 4] ? z - boxes[o + 4] : 0;
        if (ex * ex + ey * ey + ez * ez <= radiusSquared) {
          const id = items[k];
          if (found < 0 || id < found) found = id;
        }
      }
    }
  }
  return found;
}

/** Building whose footprint the disc (x, y, radius) touches, or -1; heights do not matter (ground robots). */
export function buildingFootprintAt(grid: BuildingGrid, x: number, y: number, radius: number): number {
  const x0 = x - radius;
  const x1 = x + radius;
  const y0 = y - radius;
  const y1 = y + radius;
  if (x1 < grid.originX || y1 < grid.originY || x0 > grid.originX + grid.columns * grid.cellSize || y0 > grid.originY + grid.rows * grid.cellSize) return -1;
  const c0 = grid.columnOf(x0);
  const c1 = grid.columnOf(x1);
  const r0 = grid.rowOf(y0);
  const r1 = grid.rowOf(y1);
  const boxes = grid.cellBoxes;
  const radiusSquared = radius * radius;
  let found = -1;
  for (let r = r0; r <= r1; r++) {
    for (let c = c0; c <= c1; c++) {
      const cell = r * grid.columns + c;
      for (let k = grid.cellStart[cell], end = grid.cellStart[cell + 1]; k < end; k++) {
        const o = k * BOX_STRIDE;
        const ex = x < boxes[o] ? boxes[o] - x : x > boxes[o + 2] ? x - boxes[o + 2] : 0;
        const ey = y < boxes[o + 1] ? boxes[o + 1] - y : y > boxes[o + 3] ? y - boxes[o + 3] : 0;
        if (ex * ex + ey * ey <= radiusSquared) {
          const id = grid.cellItems[k];
          if (found < 0 || id < found) found = id;
        }
      }
    }
  }
  return found;
}

/**
 * Footprint check for many ground robots: for i in [start, end), writes the building whose
 * footprint disc (px[i], py[i], radius) touches into outBuildingId[i]. Returns how many touch one.
 */
export function footprintsBatch(
  grid: BuildingGrid,
  px: ArrayLike<number>, py: ArrayLike<number>,
  radius: number | ArrayLike<number>,
  start: number, end: number,
  outBuildingId: Int32Array,
): number {
  let hits = 0;
  for (let i = start; i < end; i++) {
    const id = buildingFootprintAt(grid, px[i], py[i], typeof radius === 'number' ? radius : radius[i]);
    outBuildingId[i] = id;
    if (id >= 0) hits++;
  }
  return hits;
}

function insideGrid(grid: BuildingGrid, x: number, y: number, margin: number): boolean {
  return x >= grid.originX - margin && y >= grid.originY - margin && x <= grid.maxX + margin && y <= grid.maxY + margin;
}
