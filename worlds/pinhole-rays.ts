/**
 * The rays of a pinhole camera, computed once per camera in the sensor frame (x forward, y left,
 * z up). Pixel (u, v) counts from the top-left; square pixels; `fovDeg` is the horizontal field of view.
 */

export interface PinholeOptions {
  width: number;
  height: number;
  /** Horizontal field of view, degrees, in (0, 180). */
  fovDeg: number;
}

export class PinholeRays {
  readonly width: number;
  readonly height: number;
  readonly fovDeg: number;
  /** Focal length in pixels. */
  readonly focalPixels: number;
  /** Unit ray directions in the sensor frame, 3 per pixel, row-major from the top-left. */
  readonly directions: Float64Array;

  constructor(options: PinholeOptions) {
    const { width, height, fovDeg } = options;
    if (!Number.isInteger(width) || width < 1 || width > 8192) throw new RangeError(`width: must be an integer in [1, 8192] pixels (got ${width})`);
    if (!Number.isInteger(height) || height < 1 || height > 8192) throw new RangeError(`height: must be an integer in [1, 8192] pixels (got ${height})`);
    if (!(fovDeg > 0 && fovDeg < 180)) throw new RangeError(`fovDeg: must be a horizontal field of view in (0, 180) degrees (got ${fovDeg})`);
    this.width = width;
    this.height = height;
    this.fovDeg = fovDeg;
    this.focalPixels = width / 2 / Math.tan((fovDeg * Math.PI) / 360);
    this.directions = new Float64Array(width * height * 3);
    for (let v = 0; v < height; v++) {
      for (let u = 0; u < width; u++) {
        const left = -(u + 0.5 - width / 2) / this.focalPixels;
        const up = -(v + 0.5 - height / 2) / this.focalPixels;
        const norm = Math.sqrt(1 + left * left + up * up);
        const o = (v * width + u) * 3;
        this.directions[o] = 1 / norm;
        this.directions[o + 1] = left / norm;
        this.directions[o + 2] = up / norm;
      }
    }
  }
}
