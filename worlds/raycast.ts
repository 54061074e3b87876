/**
 * Raycasts against buildings and the ground: a 2-D grid walk (Amanatides-Woo DDA) over the
 * building grid, with each cell skipped when the ray passes above its tallest building. The
 * `raycastInto` form allocates nothing; sensors call it millions of times per second.
 */
import { BOX_STRIDE, type BuildingGrid } from './spatial-grid.ts';

export const HIT_NONE = 0;
export const HIT_BUILDING = 1;
export const HIT_GROUND = 2;
export type HitKindCode = typeof HIT_NONE | typeof HIT_BUILDING | typeof HIT_GROUND;

/** A reusable raycast answer; `kind` is HIT_NONE, HIT_BUILDING or HIT_GROUND. */
export class RaycastResult {
  kind: HitKindCode = HIT_NONE;
  /** Metres from the origin along the (normalised) direction; maxDistance on a miss. */
  distance = 0;
  /** Building hit, -1 for ground or nothing. */
  buildingId = -1;
  normalX = 0;
  normalY = 0;
  normalZ = 0;
  x = 0;
  y = 0;
  z = 0;

  get hit(): boolean {
    return this.kind !== HIT_NONE;
  }
}

/** Plain-object form of a hit, for callers that prefer values to a reused result. */
export interface RaycastHit {
  distance: number;
  buildingId: number;
  kind: 'building' | 'ground';
  normal: { x: number; y: number; z: number };
  point: { x: number; y: number; z: number };
}

/** Stands in for a zero direction component so that slab tests never compute 0 * Infinity. */
const TINY = 1e-12;

/**
 * Casts a ray from (ox, oy, oz) along (dx, dy, dz) (any length, normalised here) up to
 * `maxDistance`. The ground is the plane z = 0 seen from above. A ray that starts inside a building
 * hits it at distance 0. Returns true on a hit; `out` holds the answer either way.
 */
export function raycastInto(
  grid: BuildingGrid,
  ox: number, oy: number, oz: number,
  dx: number, dy: number, dz: number,
  maxDistance: number,
  out: RaycastResult,
  includeGround = true,
): boolean {
  const length = Math.sqrt(dx * dx + dy * dy + dz * dz);
  out.kind = HIT_NONE;
  out.buildingId = -1;
  out.distance = maxDistance;
  if (!(length > 0) || !(maxDistance >= 0)) return false;
  dx /= length;
  dy /= length;
  dz /= length;
  const unitX = dx;
  const unitY = dy;
  const unitZ = dz;
  if (dx === 0) dx = TINY;
  if (dy === 0) dy = TINY;
  if (dz === 0) dz = TINY;
  const invDx = 1 / dx;
  const invDy = 1 / dy;
  const invDz = 1 / dz;

  let best = maxDistance;
  let bestKind: HitKindCode = HIT_NONE;
  if (includeGround && dz < 0 && oz >= 0) {
    const tGround = -oz * invDz;
    if (tGround <= best) {
      best = tGround;
      bestKind = HIT_GROUND;
    }
  }

  // The part of the ray that can meet a building: below the tallest roof and over the grid.
  let t0 = 0;
  let t1 = best;
  const top = grid.maxHeight;
  if (oz > top) t0 = dz < 0 ? (oz - top) * -invDz : Infinity;
  else if (dz > 0) {
    const tTop = (top - oz) * invDz;
    if (tTop < t1) t1 = tTop;
  }
  const cellSize = grid.cellSize;
  const gx0 = grid.originX;
  const gy0 = grid.originY;
  const columns = grid.columns;
  const rows = grid.rows;
  const gx1 = gx0 + columns * cellSize;
  const gy1 = gy0 + rows * cellSize;
  let ta = (gx0 - ox) * invDx;
  let tb = (gx1 - ox) * invDx;
  if (ta > tb) { const s = ta; ta = tb; tb = s; }
  if (ta > t0) t0 = ta;
  if (tb < t1) t1 = tb;
  ta = (gy0 - oy) * invDy;
  tb = (gy1 - oy) * invDy;
  if (ta > tb) { const s = ta; ta = tb; tb = s; }
  if (ta > t0) t0 = ta;
  if (tb < t1) t1 = tb;

  let bestItem = -1;
  if (t0 <= t1) {
    const inverseCell = grid.inverseCellSize;
    let column = Math.floor((ox + dx * t0 - gx0) * inverseCell);
    let row = Math.floor((oy + dy * t0 - gy0) * inverseCell);
    if (column < 0) column = 0; else if (column >= columns) column = columns - 1;
    if (row < 0) row = 0; else if (row >= rows) row = rows - 1;
    const stepX = dx > 0 ? 1 : -1;
    const stepY = dy > 0 ? 1 : -1;
    let tNextX = (gx0 + (column + (dx > 0 ? 1 : 0)) * cellSize - ox) * invDx;
    let tNextY = (gy0 + (row + (dy > 0 ? 1 : 0)) * cellSize - oy) * invDy;
    const tDeltaX = cellSize * (invDx > 0 ? invDx : -invDx);
    const tDeltaY = cellSize * (invDy > 0 ? invDy : -invDy);
    const cellStart = grid.cellStart;
    const cellBoxes = grid.cellBoxes;
    const cellMaxHeight = grid.cellMaxHeight;
    const nearXField = dx > 0 ? 0 : 2;
    const farXField = 2 - nearXField;
    const nearYField = dy > 0 ? 1 : 3;
    const farYField = 4 - nearYField;
    const oxScaled = ox * invDx;
    const oyScaled = oy * invDy;
    const goingUp = dz > 0;
    const tGroundPlane = -oz * invDz;
    let tEnter = t0;
    for (;;) {
      const tExitCell = tNextX < tNextY ? tNextX : tNextY;
      const tExit = tExitCell < t1 ? tExitCell : t1;
      const cell = row * columns + column;
      const zEnter = oz + dz * tEnter;
      const zExit = oz + dz * tExit;
      const zLow = zEnter < zExit ? zEnter : zExit;
      if (zLow <= cellMaxHeight[cell]) {
        const end = cellStart[cell + 1];
        for (let k = cellStart[cell]; k < end; k++) {
          const o = k * BOX_STRIDE;
          const height = cellBoxes[o + 4];
          // The ray passes above this roof everywhere inside the cell.
          if (height < zLow) continue;
          // Slab test with the near and far faces chosen once per ray from the direction's signs.
          let near = cellBoxes[o + nearXField] * invDx - oxScaled;
          let far = cellBoxes[o + farXField] * invDx - oxScaled;
          const nearY = cellBoxes[o + nearYField] * invDy - oyScaled;
          const farY = cellBoxes[o + farYField] * invDy - oyScaled;
          if (nearY > near) near = nearY;
          if (farY < far) far = farY;
          const tRoof = (height - oz) * invDz;
          if (goingUp) {
            if (tGroundPlane > near) near = tGroundPlane;
            if (tRoof < far) far = tRoof;
          } else {
            if (tRoof > near) near = tRoof;
            if (tGroundPlane < far) far = tGroundPlane;
          }
          if (near <= far && far >= 0) {
            const t = near > 0 ? near : 0;
            if (t < best || (t === best && bestKind !== HIT_BUILDING)) {
              best = t;
              bestKind = HIT_BUILDING;
              bestItem = k;
            }
          }
        }
      }
      // A hit inside the cells walked so far cannot be beaten by a later cell.
      if (bestItem >= 0 && best <= tExit) break;
      if (tExit >= t1) break;
      if (tNextX < tNextY) {
        column += stepX;
        if (column < 0 || column >= columns) break;
        tEnter = tNextX;
        tNextX += tDeltaX;
      } else {
        row += stepY;
        if (row < 0 || row >= rows) break;
        tEnter = tNextY;
        tNextY += tDeltaY;
      }
    }
  }

  if (bestKind === HIT_NONE) return false;
  out.kind = bestKind;
  out.distance = best;
  out.x = ox + unitX * best;
  out.y = oy + unitY * best;
  out.z = oz + unitZ * best;
  if (bestKind === HIT_GROUND) {
    out.z = 0;
    out.normalX = 0;
    out.normalY = 0;
    out.normalZ = 1;
    return true;
  }
  out.buildingId = grid.cellItems[bestItem];
  setEntryNormal(grid.cellBoxes, bestItem * BOX_STRIDE, ox, oy, oz, invDx, invDy, invDz, out);
  return true;
}

/** The face through which the ray entered the box: the axis whose slab was entered last. */
function setEntryNormal(
  boxes: Float64Array, o: number,
  ox: number, oy: number, oz: number,
  invDx: number, invDy: number, invDz: number,
  out: RaycastResult,
): void {
  const nearX = invDx > 0 ? (boxes[o] - ox) * invDx : (boxes[o + 2] - ox) * invDx;
  const nearY = invDy > 0 ? (boxes[o + 1] - oy) * invDy : (boxes[o + 3] - oy) * invDy;
  const nearZ = invDz > 0 ? -oz * invDz : (boxes[o + 4] - oz) * invDz;
  out.normalX = 0;
  out.normalY = 0;
  out.normalZ = 0;
  if (nearX >= nearY && nearX >= nearZ) out.normalX = invDx > 0 ? -1 : 1;
  else if (nearY >= nearZ) out.normalY = invDy > 0 ? -1 : 1;
  else out.normalZ = invDz > 0 ? -1 : 1;
}

/** Converts a filled RaycastResult to a plain object, or null on a miss. */
export function raycastResultToHit(result: RaycastResult): RaycastHit | null {
  if (result.kind === HIT_NONE) return null;
  return {
    distance: result.distance,
    buildingId: result.buildingId,
    kind: result.kind === HIT_BUILDING ? 'building' : 'ground',
    normal: { x: result.normalX, y: result.normalY, z: result.normalZ },
    point: { x: result.x, y: result.y, z: result.z },
  };
}
