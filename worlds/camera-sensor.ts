/**
 * A flat-shaded RGB pinhole camera for VLM agents: sky gradient, ground surfaces from the ground
 * raster, building colours lit by the sun according to face normals, storey lines on walls, pads
 * on roofs, an episode's scene markers (scene-markers.ts), and light distance haze. One raycast
 * per pixel; frames reuse one buffer.
 */
import type { WorldIndex } from './world-index.ts';
import { PinholeRays, type PinholeOptions } from './pinhole-rays.ts';
import { poseRotation, type SensorPose } from './sensor-pose.ts';
import { HIT_GROUND, RaycastResult, raycastInto } from './raycast.ts';
import { PAD_RGB, SKY_HORIZON_RGB, SKY_ZENITH_RGB, SURFACE_RGB } from './surface-colours.ts';
import { raycastMarkers, sceneMarkersOf } from './scene-markers.ts';

export interface RgbImage {
  width: number;
  height: number;
  /** 3 bytes per pixel, row-major from the top-left. */
  data: Uint8Array;
}

export interface CameraOptions extends PinholeOptions {
  /** Farthest surface drawn, metres (default 2000); beyond it the sky shows. */
  maxDistance?: number;
  /** 'sun' (default) shades faces by the sun; 'flat' paints every surface in its own colour, unlit. */
  lighting?: 'sun' | 'flat';
  /** Sun direction: azimuth clockwise from north and elevation, degrees (default 135, 50). */
  sunAzimuthDeg?: number;
  sunElevationDeg?: number;
  /** Distance at which haze hides about 63 % of a surface's colour, metres; 0 turns haze off (default 3000). */
  hazeDistance?: number;
}

const STOREY_HEIGHT = 3.5;
const AMBIENT = 0.5;

export class CameraSensor {
  readonly rays: PinholeRays;
  readonly image: RgbImage;
  private readonly index: WorldIndex;
  private readonly maxDistance: number;
  private readonly flat: boolean;
  private readonly sunX: number;
  private readonly sunY: number;
  private readonly sunZ: number;
  private readonly inverseHaze: number;
  private readonly rotation = new Float64Array(9);
  private readonly hit = new RaycastResult();
  /** Rooftop pad per building id (index into spec.pads), -1 for none. */
  private readonly roofPad: Int32Array;

  constructor(index: WorldIndex, options: CameraOptions) {
    this.rays = new PinholeRays(options);
    this.index = index;
    this.maxDistance = options.maxDistance ?? 2000;
    if (!(this.maxDistance > 0)) throw new RangeError(`maxDistance: must be > 0 metres (got ${this.maxDistance})`);
    this.flat = (options.lighting ?? 'sun') === 'flat';
    const azimuth = ((options.sunAzimuthDeg ?? 135) * Math.PI) / 180;
    const elevation = ((options.sunElevationDeg ?? 50) * Math.PI) / 180;
    this.sunX = Math.sin(azimuth) * Math.cos(elevation);
    this.sunY = Math.cos(azimuth) * Math.cos(elevation);
    this.sunZ = Math.sin(elevation);
    const haze = options.hazeDistance ?? 3000;
    this.inverseHaze = haze > 0 ? 1 / haze : 0;
    this.image = { width: this.rays.width, height: this.rays.height, data: new Uint8Array(this.rays.width * this.rays.height * 3) };
    this.roofPad = new Int32Array(index.buildingCount).fill(-1);
    index.spec.pads.forEach((pad, id) => {
      if (pad.kind === 'rooftop' && pad.buildingId >= 0) this.roofPad[pad.buildingId] = id;
    });
  }

  /** Light factor of a surface with this normal: ambient plus sun, or 1 when unlit. */
  shading(normalX: number, normalY: number, normalZ: number): number {
    if (this.flat) return 1;
    const lambert = normalX * this.sunX + normalY * this.sunY + normalZ * this.sunZ;
    return AMBIENT + (1 - AMBIENT) * (lambert > 0 ? lambert : 0);
  }

  /** Renders the view from `pose` into `this.image` (reused between calls) and returns it. */
  render(pose: SensorPose): RgbImage {
    const rotation = this.rotation;
    poseRotation(pose, rotation);
    const { x: ox, y: oy, z: oz } = pose.position;
    const directions = this.rays.directions;
    const data = this.image.data;
    const grid = this.index.grid;
    const ground = this.index.groundRaster;
    const groundClasses = ground.classes;
    const groundColumns = ground.columns;
    const groundRows = ground.rows;
    const groundScale = 1 / ground.metresPerCell;
    const buildingRgb = this.index.buildingRgb;
    const pads = this.index.spec.pads;
    const hit = this.hit;
    const flat = this.flat;
    const groundLight = this.shading(0, 0, 1);
    const pixels = this.rays.width * this.rays.height;
    const markers = sceneMarkersOf(this.index);
    for (let p = 0; p < pixels; p++) {
      const o = p * 3;
      const bx = directions[o];
      const by = directions[o + 1];
      const bz = directions[o + 2];
      const dx = rotation[0] * bx + rotation[1] * by + rotation[2] * bz;
      const dy = rotation[3] * bx + rotation[4] * by + rotation[5] * bz;
      const dz = rotation[6] * bx + rotation[7] * by + rotation[8] * bz;
      let r: number;
      let g: number;
      let b: number;
      const hitWorld = raycastInto(grid, ox, oy, oz, dx, dy, dz, this.maxDistance, hit);
      const marker = markers.length > 0 ? raycastMarkers(markers, ox, oy, oz, dx, dy, dz, hitWorld ? hit.distance : this.maxDistance) : null;
      if (marker) {
        const rgb = markers[marker.marker].rgb;
        const light = this.shading(marker.normalX, marker.normalY, marker.normalZ);
        data[o] = rgb[0] * light + 0.5;
        data[o + 1] = rgb[1] * light + 0.5;
        data[o + 2] = rgb[2] * light + 0.5;
        continue;
      }
      if (!hitWorld) {
        // Sky: a gradient from the horizon up to the zenith.
        const up = dz > 0 ? dz : 0;
        r = SKY_HORIZON_RGB[0] + (SKY_ZENITH_RGB[0] - SKY_HORIZON_RGB[0]) * up;
        g = SKY_HORIZON_RGB[1] + (SKY_ZENITH_RGB[1] - SKY_HORIZON_RGB[1]) * up;
        b = SKY_HORIZON_RGB[2] + (SKY_ZENITH_RGB[2] - SKY_HORIZON_RGB[2]) * up;
        data[o] = r + 0.5;
        data[o + 1] = g + 0.5;
        data[o + 2] = b + 0.5;
        continue;
      }
      let light: number;
      if (hit.kind === HIT_GROUND) {
        let column = Math.floor((hit.x - ground.originX) * groundScale);
        let row = Math.floor((hit.y - ground.originY) * groundScale);
        column = column < 0 ? 0 : column >= groundColumns ? groundColumns - 1 : column;
        row = row < 0 ? 0 : row >= groundRows ? groundRows - 1 : row;
        const surface = groundClasses[row * groundColumns + column] * 3;
        r = SURFACE_RGB[surface];
        g = SURFACE_RGB[surface + 1];
        b = SURFACE_RGB[surface + 2];
        light = groundLight;
      } else {
        const id = hit.buildingId;
        r = buildingRgb[id * 3];
        g = buildingRgb[id * 3 + 1];
        b = buildingRgb[id * 3 + 2];
        light = this.shading(hit.normalX, hit.normalY, hit.normalZ);
        if (hit.normalZ === 0 && !flat && hit.z % STOREY_HEIGHT < 0.3) light *= 0.82;
        const pad = this.roofPad[id];
        if (pad >= 0 && hit.normalZ > 0) {
          const ex = hit.x - pads[pad].x;
          const ey = hit.y - pads[pad].y;
          if (ex * ex + ey * ey <= pads[pad].radius * pads[pad].radius) {
            r = PAD_RGB[0];
            g = PAD_RGB[1];
            b = PAD_RGB[2];
          }
        }
      }
      r *= light;
      g *= light;
      b *= light;
      if (this.inverseHaze > 0) {
        const haze = 1 - Math.exp(-hit.distance * this.inverseHaze);
        r += (SKY_HORIZON_RGB[0] - r) * haze;
        g += (SKY_HORIZON_RGB[1] - g) * haze;
        b += (SKY_HORIZON_RGB[2] - b) * haze;
      }
      // +0.5 rounds; light never exceeds 1, so no value passes 255.
      data[o] = r + 0.5;
      data[o + 1] = g + 0.5;
      data[o + 2] = b + 0.5;
    }
    return this.image;
  }
}
