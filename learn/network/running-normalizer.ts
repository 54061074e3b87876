/**
 * Running mean and variance of observations (Chan et al.'s parallel update), in doubles, so that
 * the network sees inputs of unit scale. The policy file stores the frozen mean and std.
 */
export class RunningNormalizer {
  readonly size: number;
  readonly mean: Float64Array;
  readonly m2: Float64Array;
  count = 0;

  constructor(size: number) {
    this.size = size;
    this.mean = new Float64Array(size);
    this.m2 = new Float64Array(size);
  }

  /** Adds `rows` observations (row-major, `size` each). */
  update(values: ArrayLike<number>, rows: number): void {
    if (rows === 0) return;
    const size = this.size;
    const batchMean = new Float64Array(size), batchM2 = new Float64Array(size);
    for (let r = 0; r < rows; r++) for (let k = 0; k < size; k++) batchMean[k] += values[r * size + k];
    for (let k = 0; k < size; k++) batchMean[k] /= rows;
    for (let r = 0; r < rows; r++) {
      for (let k = 0; k < size; k++) {
        const d = values[r * size + k] - batchMean[k];
        batchM2[k] += d * d;
      }
    }
    const total = this.count + rows;
    for (let k = 0; k < size; k++) {
      const delta = batchMean[k] - this.mean[k];
      this.mean[k] += (delta * rows) / total;
      this.m2[k] += batchM2[k] + (delta * delta * this.count * rows) / total;
    }
    this.count = total;
  }

  /** Standard deviations, floored so constant inputs (e.g. a unit quaternion's w at rest) stay finite. */
  std(floor = 1e-2): Float64Array {
    const out = new Float64Array(this.size);
    for (let k = 0; k < this.size; k++) out[k] = Math.max(floor, Math.sqrt(this.count > 1 ? this.m2[k] / this.count : 1));
    return out;
  }
}
