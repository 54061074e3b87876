/**
 * A spinning lidar: `beams` rays per channel spread over the horizontal field of view and
 * `channels` rows of elevation. Azimuth is counter-clockwise from the sensor's forward axis; a
 * full circle starts straight ahead, a partial one runs from right (-fov/2) to left (+fov/2).
 */
import type { WorldIndex } from './world-index.ts';
import { poseRotation, type SensorPose } from './sensor-pose.ts';
import { RaycastResult, raycastInto } from './raycast.ts';

export interface LidarOptions {
  /** Rays per channel (horizontal resolution). */
  beams: number;
  /** Rows of elevation (default 1: a planar scan). */
  channels?: number;
  /** Horizontal field of view, degrees (default 360). */
  horizontalFovDeg?: number;
  /** Lowest and highest elevation, degrees (default -15 and 15; a single channel looks level). */
  minElevationDeg?: number;
  maxElevationDeg?: number;
  /** Farthest range, metres (default 100). */
  maxDistance?: number;
}

export interface LidarScan {
  beams: number;
  channels: number;
  /** Metres, channel-major (ranges[channel * beams + beam]); maxDistance where nothing was hit. */
  ranges: Float32Array;
  /** Building hit by each ray, -1 for ground or nothing. */
  buildingIds: Int32Array;
}

export class LidarSensor {
  readonly scan: LidarScan;
  readonly maxDistance: number;
  /** Unit ray directions in the sensor frame, 3 per ray, in the order of `ranges`. */
  readonly directions: Float64Array;
  private readonly index: WorldIndex;
  private readonly rotation = new Float64Array(9);
  private readonly hit = new RaycastResult();

  constructor(index: WorldIndex, options: LidarOptions) {
    const beams = options.beams;
    const channels = options.channels ?? 1;
    const fov = options.horizontalFovDeg ?? 360;
    const minElevation = options.minElevationDeg ?? -15;
    const maxElevation = options.maxElevationDeg ?? 15;
    if (!Number.isInteger(beams) || beams < 1 || beams > 100_000) throw new RangeError(`beams: must be an integer in [1, 100000] (got ${beams})`);
    if (!Number.isInteger(channels) || channels < 1 || channels > 1024) throw new RangeError(`channels: must be an integer in [1, 1024] (got ${channels})`);
    if (!(fov > 0 && fov <= 360)) throw new RangeError(`horizontalFovDeg: must be in (0, 360] degrees (got ${fov})`);
    if (!(minElevation >= -90 && maxElevation <= 90 && minElevation <= maxElevation)) {
      throw new RangeError(`minElevationDeg/maxElevationDeg: must satisfy -90 <= min <= max <= 90 (got ${minElevation}, ${maxElevation})`);
    }
    this.maxDistance = options.maxDistance ?? 100;
    if (!(this.maxDistance > 0)) throw new RangeError(`maxDistance: must be > 0 metres (got ${this.maxDistance})`);
    this.index = index;
    this.scan = { beams, channels, ranges: new Float32Array(beams * channels), buildingIds: new Int32Array(beams * channels) };
    this.directions = new Float64Array(beams * channels * 3);
    const full = fov >= 360;
    for (let c = 0; c < channels; c++) {
      const elevationDeg = channels === 1 ? (options.minElevationDeg === undefined ? 0 : minElevation) : minElevation + ((maxElevation - minElevation) * c) / (channels - 1);
      const elevation = (elevationDeg * Math.PI) / 180;
      for (let b = 0; b < beams; b++) {
        const azimuthDeg = full ? (360 * b) / beams : -fov / 2 + (beams === 1 ? fov / 2 : (fov * b) / (beams - 1));
        const azimuth = (azimuthDeg * Math.PI) / 180;
        const o = (c * beams + b) * 3;
        this.directions[o] = Math.cos(elevation) * Math.cos(azimuth);
        this.directions[o + 1] = Math.cos(elevation) * Math.sin(azimuth);
        this.directions[o + 2] = Math.sin(elevation);
      }
    }
  }

  /** Scans from `pose` into `this.scan` (reused between calls) and returns it. */
  measure(pose: SensorPose): LidarScan {
    const rotation = this.rotation;
    poseRotation(pose, rotation);
    const { x: ox, y: oy, z: oz } = pose.position;
    const directions = this.directions;
    const { ranges, buildingIds } = this.scan;
    const grid = this.index.grid;
    const hit = this.hit;
    for (let i = 0; i < ranges.length; i++) {
      const o = i * 3;
      const bx = directions[o];
      const by = directions[o + 1];
      const bz = directions[o + 2];
      const dx = rotation[0] * bx + rotation[1] * by + rotation[2] * bz;
      const dy = rotation[3] * bx + rotation[4] * by + rotation[5] * bz;
      const dz = rotation[6] * bx + rotation[7] * by + rotation[8] * bz;
      raycastInto(grid, ox, oy, oz, dx, dy, dz, this.maxDistance, hit);
      ranges[i] = hit.distance;
      buildingIds[i] = hit.buildingId;
    }
    return this.scan;
  }
}
