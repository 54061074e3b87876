/**
 * A depth camera: one raycast per pixel of a pinhole camera. 'planar' depth (default) is the
 * distance along the optical axis, as a stereo or structured-light camera reports it; 'range' is the
 * distance along each pixel's ray. Pixels that see nothing within maxDistance hold maxDistance.
 */
import type { WorldIndex } from './world-index.ts';
import { PinholeRays, type PinholeOptions } from './pinhole-rays.ts';
import { poseRotation, type SensorPose } from './sensor-pose.ts';
import { RaycastResult, raycastInto } from './raycast.ts';

export interface DepthImage {
  width: number;
  height: number;
  /** Metres, one float per pixel, row-major from the top-left. */
  data: Float32Array;
}

export interface DepthCameraOptions extends PinholeOptions {
  /** Farthest distance measured, metres (default 200). */
  maxDistance?: number;
  mode?: 'planar' | 'range';
}

export class DepthCamera {
  readonly rays: PinholeRays;
  readonly image: DepthImage;
  readonly maxDistance: number;
  readonly mode: 'planar' | 'range';
  private readonly index: WorldIndex;
  private readonly rotation = new Float64Array(9);
  private readonly hit = new RaycastResult();

  constructor(index: WorldIndex, options: DepthCameraOptions) {
    this.rays = new PinholeRays(options);
    this.index = index;
    this.maxDistance = options.maxDistance ?? 200;
    if (!(this.maxDistance > 0)) throw new RangeError(`maxDistance: must be > 0 metres (got ${this.maxDistance})`);
    this.mode = options.mode ?? 'planar';
    if (this.mode !== 'planar' && this.mode !== 'range') throw new RangeError(`mode: must be "planar" or "range" (got ${String(this.mode)})`);
    this.image = { width: this.rays.width, height: this.rays.height, data: new Float32Array(this.rays.width * this.rays.height) };
  }

  /** Renders depth from `pose` into `this.image` (reused between calls) and returns it. */
  render(pose: SensorPose): DepthImage {
    const rotation = this.rotation;
    poseRotation(pose, rotation);
    const { x: ox, y: oy, z: oz } = pose.position;
    const directions = this.rays.directions;
    const data = this.image.data;
    const grid = this.index.grid;
    const hit = this.hit;
    const planar = this.mode === 'planar';
    const maxDistance = this.maxDistance;
    for (let p = 0; p < data.length; p++) {
      const o = p * 3;
      const bx = directions[o];
      const by = directions[o + 1];
      const bz = directions[o + 2];
      const dx = rotation[0] * bx + rotation[1] * by + rotation[2] * bz;
      const dy = rotation[3] * bx + rotation[4] * by + rotation[5] * bz;
      const dz = rotation[6] * bx + rotation[7] * by + rotation[8] * bz;
      if (raycastInto(grid, ox, oy, oz, dx, dy, dz, maxDistance, hit)) {
        data[p] = planar ? hit.distance * bx : hit.distance;
      } else {
        data[p] = maxDistance;
      }
    }
    return this.image;
  }
}
