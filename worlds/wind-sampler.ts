/**
 * Wind at any point and time from a WorldSpec's wind field: the mean wind scaled by a power-law
 * height profile, plus smooth gusts made of a few travelling waves whose directions and phases come
 * from the gust seed, so the same world always blows the same way.
 */
import { SeededRng } from '../physics/index.ts';
import type { WindField } from './world-spec.ts';

const GUST_MODES = 4;
const REFERENCE_HEIGHT = 10;

export class WindSampler {
  private readonly meanX: number;
  private readonly meanY: number;
  private readonly meanZ: number;
  private readonly shear: number;
  /** Per mode: wave vector (kx, ky), angular frequency, phase, and gust direction (ux, uy, uz). */
  private readonly modes = new Float64Array(GUST_MODES * 7);
  private readonly gain: number;

  constructor(wind: WindField) {
    this.meanX = wind.mean.x;
    this.meanY = wind.mean.y;
    this.meanZ = wind.mean.z;
    this.shear = wind.shearExponent;
    const rng = new SeededRng(wind.gust.seed);
    for (let m = 0; m < GUST_MODES; m++) {
      const scale = 0.5 + m * 0.5;
      const waveAngle = rng.uniform(0, 2 * Math.PI);
      const k = ((2 * Math.PI) / wind.gust.lengthScale) * scale;
      const o = m * 7;
      this.modes[o] = k * Math.cos(waveAngle);
      this.modes[o + 1] = k * Math.sin(waveAngle);
      this.modes[o + 2] = ((2 * Math.PI) / wind.gust.periodSeconds) * scale * rng.uniform(0.8, 1.2);
      this.modes[o + 3] = rng.uniform(0, 2 * Math.PI);
      const gustAngle = rng.uniform(0, 2 * Math.PI);
      this.modes[o + 4] = Math.cos(gustAngle);
      this.modes[o + 5] = Math.sin(gustAngle);
      this.modes[o + 6] = rng.uniform(-0.3, 0.3);
    }
    // Each sine has variance 1/2; spread over the modes, this makes the gust speed's spread about `amplitude`.
    this.gain = wind.gust.amplitude * Math.sqrt(2 / GUST_MODES);
  }

  /** Writes the wind velocity (m/s, ENU) at (x, y, z) and time t (s) into `out`; allocates nothing. */
  sample(x: number, y: number, z: number, t: number, out: { x: number; y: number; z: number }): void {
    const height = z > 0.5 ? z : 0.5;
    const profile = this.shear === 0 ? 1 : Math.pow(height / REFERENCE_HEIGHT, this.shear);
    let gx = 0;
    let gy = 0;
    let gz = 0;
    for (let m = 0; m < GUST_MODES; m++) {
      const o = m * 7;
      const wave = Math.sin(this.modes[o] * x + this.modes[o + 1] * y - this.modes[o + 2] * t + this.modes[o + 3]);
      gx += wave * this.modes[o + 4];
      gy += wave * this.modes[o + 5];
      gz += wave * this.modes[o + 6];
    }
    out.x = this.meanX * profile + this.gain * gx;
    out.y = this.meanY * profile + this.gain * gy;
    out.z = this.meanZ * profile + this.gain * gz;
  }

  /**
   * `sample` for points [start, end) of position rows, into rows outX/outY/outZ at the same
   * indices: the same operations in the same order (so the same values), without a call and an
   * object per point (batches re-sample thousands of drones at once).
   */
  sampleRows(
    px: ArrayLike<number>, py: ArrayLike<number>, pz: ArrayLike<number>, t: number, start: number, end: number,
    outX: Float64Array, outY: Float64Array, outZ: Float64Array,
  ): void {
    const m = this.modes, shear = this.shear, gain = this.gain, meanX = this.meanX, meanY = this.meanY, meanZ = this.meanZ;
    for (let i = start; i < end; i++) {
      const x = px[i], y = py[i], z = pz[i];
      const height = z > 0.5 ? z : 0.5;
      const profile = shear === 0 ? 1 : Math.pow(height / REFERENCE_HEIGHT, shear);
      let gx = 0;
      let gy = 0;
      let gz = 0;
      for (let k = 0; k < GUST_MODES; k++) {
        const o = k * 7;
        const wave = Math.sin(m[o] * x + m[o + 1] * y - m[o + 2] * t + m[o + 3]);
        gx += wave * m[o + 4];
        gy += wave * m[o + 5];
        gz += wave * m[o + 6];
      }
      outX[i] = meanX * profile + gain * gx;
      outY[i] = meanY * profile + gain * gy;
      outZ[i] = meanZ * profile + gain * gz;
    }
  }
}
