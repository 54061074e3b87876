/**
 * A segmentation camera: per pixel, the surface class (sky, building, road, sidewalk, park, water,
 * lot, depot, pad; see SURFACE_CLASS_NAMES) and the instance, i.e. the building id or -1.
 */
import type { WorldIndex } from './world-index.ts';
import { PinholeRays, type PinholeOptions } from './pinhole-rays.ts';
import { poseRotation, type SensorPose } from './sensor-pose.ts';
import { HIT_BUILDING, HIT_GROUND, RaycastResult, raycastInto } from './raycast.ts';
import { SURFACE_BUILDING, SURFACE_SKY } from './ground-raster.ts';

export interface SegmentationImage {
  width: number;
  height: number;
  /** Surface class per pixel (SURFACE_* codes), row-major from the top-left. */
  classes: Uint8Array;
  /** Building id per pixel, -1 where no building is seen. */
  instances: Int32Array;
}

export interface SegmentationCameraOptions extends PinholeOptions {
  /** Farthest surface labelled, metres (default 2000); beyond it pixels are sky. */
  maxDistance?: number;
}

export class SegmentationCamera {
  readonly rays: PinholeRays;
  readonly image: SegmentationImage;
  private readonly index: WorldIndex;
  private readonly maxDistance: number;
  private readonly rotation = new Float64Array(9);
  private readonly hit = new RaycastResult();

  constructor(index: WorldIndex, options: SegmentationCameraOptions) {
    this.rays = new PinholeRays(options);
    this.index = index;
    this.maxDistance = options.maxDistance ?? 2000;
    if (!(this.maxDistance > 0)) throw new RangeError(`maxDistance: must be > 0 metres (got ${this.maxDistance})`);
    const pixels = this.rays.width * this.rays.height;
    this.image = { width: this.rays.width, height: this.rays.height, classes: new Uint8Array(pixels), instances: new Int32Array(pixels) };
  }

  /** Labels the view from `pose` into `this.image` (reused between calls) and returns it. */
  render(pose: SensorPose): SegmentationImage {
    const rotation = this.rotation;
    poseRotation(pose, rotation);
    const { x: ox, y: oy, z: oz } = pose.position;
    const directions = this.rays.directions;
    const { classes, instances } = this.image;
    const grid = this.index.grid;
    const ground = this.index.groundRaster;
    const hit = this.hit;
    for (let p = 0; p < classes.length; p++) {
      const o = p * 3;
      const bx = directions[o];
      const by = directions[o + 1];
      const bz = directions[o + 2];
      const dx = rotation[0] * bx + rotation[1] * by + rotation[2] * bz;
      const dy = rotation[3] * bx + rotation[4] * by + rotation[5] * bz;
      const dz = rotation[6] * bx + rotation[7] * by + rotation[8] * bz;
      raycastInto(grid, ox, oy, oz, dx, dy, dz, this.maxDistance, hit);
      if (hit.kind === HIT_BUILDING) {
        classes[p] = SURFACE_BUILDING;
        instances[p] = hit.buildingId;
      } else if (hit.kind === HIT_GROUND) {
        classes[p] = ground.classAt(hit.x, hit.y);
        instances[p] = -1;
      } else {
        classes[p] = SURFACE_SKY;
        instances[p] = -1;
      }
    }
    return this.image;
  }
}
