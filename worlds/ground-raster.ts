/**
 * The ground of a world as a raster of surface classes (road, sidewalk, park, water...), painted
 * from the WorldSpec. The camera and segmentation sensors read it where a ray meets the ground;
 * the map painter uses it at map resolution.
 */
import type { WorldSpec } from './world-spec.ts';
import { pointSegmentDistance } from './planar-geometry.ts';

/** Segmentation classes; ground classes are what the raster holds. */
export const SURFACE_SKY = 0;
export const SURFACE_BUILDING = 1;
export const SURFACE_ROAD = 2;
export const SURFACE_SIDEWALK = 3;
export const SURFACE_PARK = 4;
export const SURFACE_WATER = 5;
export const SURFACE_LOT = 6;
export const SURFACE_DEPOT = 7;
export const SURFACE_PAD = 8;

export const SURFACE_CLASS_NAMES: readonly string[] = ['sky', 'building', 'road', 'sidewalk', 'park', 'water', 'lot', 'depot', 'pad'];

export class GroundRaster {
  readonly originX: number;
  readonly originY: number;
  readonly metresPerCell: number;
  readonly columns: number;
  readonly rows: number;
  /** Row-major from the south-west corner: cell (column, row) is classes[row * columns + column]. */
  readonly classes: Uint8Array;

  constructor(spec: WorldSpec, metresPerCell: number, area = spec.bounds) {
    if (!(metresPerCell > 0)) throw new RangeError(`metresPerCell: must be > 0 (got ${metresPerCell})`);
    this.originX = area.minX;
    this.originY = area.minY;
    this.metresPerCell = metresPerCell;
    this.columns = Math.max(1, Math.ceil((area.maxX - area.minX) / metresPerCell));
    this.rows = Math.max(1, Math.ceil((area.maxY - area.minY) / metresPerCell));
    this.classes = new Uint8Array(this.columns * this.rows);
    this.paint(spec);
  }

  /** Surface class at (x, y); outside the raster the ground counts as open lot. */
  classAt(x: number, y: number): number {
    const column = Math.floor((x - this.originX) / this.metresPerCell);
    const row = Math.floor((y - this.originY) / this.metresPerCell);
    if (column < 0 || row < 0 || column >= this.columns || row >= this.rows) return SURFACE_LOT;
    return this.classes[row * this.columns + column];
  }

  /** Sets cells whose centres lie inside the rectangle. */
  fillRect(minX: number, minY: number, maxX: number, maxY: number, value: number): void {
    const c0 = Math.max(0, Math.ceil((minX - this.originX) / this.metresPerCell - 0.5));
    const c1 = Math.min(this.columns, Math.ceil((maxX - this.originX) / this.metresPerCell - 0.5));
    const r0 = Math.max(0, Math.ceil((minY - this.originY) / this.metresPerCell - 0.5));
    const r1 = Math.min(this.rows, Math.ceil((maxY - this.originY) / this.metresPerCell - 0.5));
    for (let r = r0; r < r1; r++) this.classes.fill(value, r * this.columns + c0, r * this.columns + Math.max(c0, c1));
  }

  /** Sets cells whose centres lie within halfWidth of segment a-b (a band with round ends). */
  fillBand(ax: number, ay: number, bx: number, by: number, halfWidth: number, value: number): void {
    const size = this.metresPerCell;
    const c0 = Math.max(0, Math.floor((Math.min(ax, bx) - halfWidth - this.originX) / size));
    const c1 = Math.min(this.columns - 1, Math.floor((Math.max(ax, bx) + halfWidth - this.originX) / size));
    const r0 = Math.max(0, Math.floor((Math.min(ay, by) - halfWidth - this.originY) / size));
    const r1 = Math.min(this.rows - 1, Math.floor((Math.max(ay, by) + halfWidth - this.originY) / size));
    for (let r = r0; r <= r1; r++) {
      const y = this.originY + (r + 0.5) * size;
      for (let c = c0; c <= c1; c++) {
        const x = this.originX + (c + 0.5) * size;
        if (pointSegmentDistance(x, y, ax, ay, bx, by) <= halfWidth) this.classes[r * this.columns + c] = value;
      }
    }
  }

  private paint(spec: WorldSpec): void {
    // Everything between blocks is street; blocks, parks, depots, water and roads paint over it in that order.
    this.classes.fill(SURFACE_ROAD);
    for (const sidewalk of spec.sidewalks) {
      this.fillRect(sidewalk.minX, sidewalk.minY, sidewalk.maxX, sidewalk.maxY, SURFACE_SIDEWALK);
      const w = sidewalk.width;
      this.fillRect(sidewalk.minX + w, sidewalk.minY + w, sidewalk.maxX - w, sidewalk.maxY - w, SURFACE_LOT);
    }
    for (const block of spec.blocks) if (block.use === 'water') this.fillRect(block.minX, block.minY, block.maxX, block.maxY, SURFACE_PARK);
    for (const park of spec.parks) this.fillRect(park.minX, park.minY, park.maxX, park.maxY, SURFACE_PARK);
    for (const depot of spec.depots) this.fillRect(depot.minX, depot.minY, depot.maxX, depot.maxY, SURFACE_DEPOT);
    if (spec.river) {
      const line = spec.river.centerline;
      for (let k = 0; k + 1 < line.length; k++) this.fillBand(line[k].x, line[k].y, line[k + 1].x, line[k + 1].y, spec.river.width / 2, SURFACE_WATER);
    }
    for (const segment of spec.roadSegments) {
      const a = spec.intersections[segment.from];
      const b = spec.intersections[segment.to];
      const half = segment.width / 2;
      if (a.x === b.x || a.y === b.y) {
        this.fillRect(Math.min(a.x, b.x) - (a.x === b.x ? half : 0), Math.min(a.y, b.y) - (a.y === b.y ? half : 0),
          Math.max(a.x, b.x) + (a.x === b.x ? half : 0), Math.max(a.y, b.y) + (a.y === b.y ? half : 0), SURFACE_ROAD);
      } else {
        this.fillBand(a.x, a.y, b.x, b.y, half, SURFACE_ROAD);
      }
    }
    for (const pad of spec.pads) if (pad.kind === 'ground') this.fillBand(pad.x, pad.y, pad.x, pad.y, pad.radius, SURFACE_PAD);
  }
}
