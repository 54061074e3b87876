/**
 * WorldIndex: everything one asks of a world, built once from its WorldSpec. Collision and raycast
 * structures are built at once (cheap); the road graph, place index and ground raster are built on
 * first use, so a batch of worlds that only collides never pays for them.
 */
import type { WorldSpec } from './world-spec.ts';
import { BuildingGrid } from './spatial-grid.ts';
import { raycastInto, raycastResultToHit, RaycastResult, type RaycastHit } from './raycast.ts';
import {
  buildingFootprintAt,
  collideBox,
  collidePoint,
  collideSegment,
  collideSphere,
  collideSpheresBatch,
  footprintsBatch,
} from './collision-queries.ts';
import { RoadGraph } from './road-graph.ts';
import { PlaceIndex } from './place-lookup.ts';
import { GroundRaster } from './ground-raster.ts';
import { WindSampler } from './wind-sampler.ts';
import { parseHexColour } from './hex-colours.ts';

export interface WorldIndexOptions {
  /** Side of a building-grid cell, metres; the default suits raycasts in generated cities. */
  cellSize?: number;
  /** Resolution of the ground raster the camera reads, metres per cell (default 1, coarser for huge worlds). */
  groundMetresPerCell?: number;
}

export class WorldIndex {
  readonly spec: WorldSpec;
  readonly grid: BuildingGrid;
  /** Building colours as bytes, 3 per building id, for the camera. */
  readonly buildingRgb: Uint8Array;
  private readonly options: WorldIndexOptions;
  private roadGraph: RoadGraph | null = null;
  private placeIndex: PlaceIndex | null = null;
  private ground: GroundRaster | null = null;
  private windSampler: WindSampler | null = null;
  private readonly scratch = new RaycastResult();

  constructor(spec: WorldSpec, options: WorldIndexOptions = {}) {
    this.spec = spec;
    this.options = options;
    this.grid = new BuildingGrid(spec.buildings, spec.bounds, options.cellSize);
    this.buildingRgb = new Uint8Array(spec.buildings.length * 3);
    spec.buildings.forEach((building, id) => this.buildingRgb.set(parseHexColour(building.color), id * 3));
  }

  get buildingCount(): number {
    return this.grid.buildingCount;
  }

  /** Intersections and street segments, with A* routes. */
  get roads(): RoadGraph {
    this.roadGraph ??= new RoadGraph(this.spec);
    return this.roadGraph;
  }

  /** Places by name, address and description. */
  get places(): PlaceIndex {
    this.placeIndex ??= new PlaceIndex(this.spec, this.roads);
    return this.placeIndex;
  }

  /** Surface classes of the ground (road, sidewalk, park, water...). */
  get groundRaster(): GroundRaster {
    if (!this.ground) {
      const { bounds } = this.spec;
      const side = Math.max(bounds.maxX - bounds.minX, bounds.maxY - bounds.minY);
      const resolution = this.options.groundMetresPerCell ?? Math.max(1, side / 4096);
      this.ground = new GroundRaster(this.spec, resolution);
    }
    return this.ground;
  }

  /** Surface class of the ground at (x, y): SURFACE_ROAD, SURFACE_PARK, ... */
  surfaceAt(x: number, y: number): number {
    return this.groundRaster.classAt(x, y);
  }

  collidePoint(x: number, y: number, z: number): number {
    return collidePoint(this.grid, x, y, z);
  }

  collideSphere(x: number, y: number, z: number, radius: number): number {
    return collideSphere(this.grid, x, y, z, radius);
  }

  collideBox(minX: number, minY: number, minZ: number, maxX: number, maxY: number, maxZ: number): number {
    return collideBox(this.grid, minX, minY, minZ, maxX, maxY, maxZ);
  }

  /** First building met on the way from a to b, or -1. */
  collideSegment(ax: number, ay: number, az: number, bx: number, by: number, bz: number): number {
    return collideSegment(this.grid, ax, ay, az, bx, by, bz);
  }

  /** See collideSpheresBatch in collision-queries.ts: one call per step for a whole fleet. */
  collideSpheresBatch(
    px: ArrayLike<number>, py: ArrayLike<number>, pz: ArrayLike<number>,
    radius: number | ArrayLike<number>, start: number, end: number, outBuildingId: Int32Array,
  ): number {
    return collideSpheresBatch(this.grid, px, py, pz, radius, start, end, outBuildingId);
  }

  /** Building whose footprint the disc touches, or -1 (ground robots). */
  buildingFootprintAt(x: number, y: number, radius: number): number {
    return buildingFootprintAt(this.grid, x, y, radius);
  }

  isInsideBuildingFootprint(x: number, y: number, radius: number): boolean {
    return buildingFootprintAt(this.grid, x, y, radius) >= 0;
  }

  footprintsBatch(px: ArrayLike<number>, py: ArrayLike<number>, radius: number | ArrayLike<number>, start: number, end: number, outBuildingId: Int32Array): number {
    return footprintsBatch(this.grid, px, py, radius, start, end, outBuildingId);
  }

  /** Allocation-free raycast into a reused result; true on a hit. */
  raycastInto(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, maxDistance: number, out: RaycastResult): boolean {
    return raycastInto(this.grid, ox, oy, oz, dx, dy, dz, maxDistance, out);
  }

  /** First hit along a ray (buildings or ground), or null within maxDistance. */
  raycast(ox: number, oy: number, oz: number, dx: number, dy: number, dz: number, maxDistance = Infinity): RaycastHit | null {
    raycastInto(this.grid, ox, oy, oz, dx, dy, dz, maxDistance, this.scratch);
    return raycastResultToHit(this.scratch);
  }

  /** The no-fly zone containing the point, or -1. */
  noFlyZoneAt(x: number, y: number, z: number): number {
    const zones = this.spec.noFlyZones;
    for (let i = 0; i < zones.length; i++) {
      const zone = zones[i];
      if (z < zone.minZ || z > zone.maxZ) continue;
      if (zone.shape === 'box') {
        if (x >= zone.minX && x <= zone.maxX && y >= zone.minY && y <= zone.maxY) return i;
      } else if ((x - zone.x) ** 2 + (y - zone.y) ** 2 <= zone.radius ** 2) return i;
    }
    return -1;
  }

  /** Wind velocity at a point and time into `out` (m/s, ENU). */
  windAt(x: number, y: number, z: number, t: number, out: { x: number; y: number; z: number }): void {
    this.windSampler ??= new WindSampler(this.spec.wind);
    this.windSampler.sample(x, y, z, t, out);
  }

  /** windAt for points [start, end) of position rows, into rows at the same indices (WindSampler.sampleRows). */
  windRows(
    px: ArrayLike<number>, py: ArrayLike<number>, pz: ArrayLike<number>, t: number, start: number, end: number,
    outX: Float64Array, outY: Float64Array, outZ: Float64Array,
  ): void {
    this.windSampler ??= new WindSampler(this.spec.wind);
    this.windSampler.sampleRows(px, py, pz, t, start, end, outX, outY, outZ);
  }
}
