import { QUADROTOR_RUNGS } from '../../physics/index.ts';
import type { PolicyFile } from './policy-file.ts';

/**
 * One dense layer over a batch (sample-major rows): y[b·out + o] = act(bias[o] + Σ_k w[o·in + k] · x[b·in + k]).
 * Sums run in double precision, k in ascending order, so the trainer, rollouts and tests get the
 * same numbers from the same weights; four outputs share each input load (the sum order per
 * output is unchanged).
 */
export function denseForwardBatch(
  weights: Float64Array, bias: Float64Array, inSize: number, outSize: number, tanh: boolean,
  x: Float64Array, y: Float64Array, batch: number,
): void {
  const blocked = outSize - (outSize % 4);
  for (let b = 0; b < batch; b++) {
    const xo = b * inSize, yo = b * outSize;
    let o = 0;
    for (; o < blocked; o += 4) {
      const r0 = o * inSize, r1 = r0 + inSize, r2 = r1 + inSize, r3 = r2 + inSize;
      let s0 = bias[o], s1 = bias[o + 1], s2 = bias[o + 2], s3 = bias[o + 3];
      for (let k = 0; k < inSize; k++) {
        const v = x[xo + k];
        s0 += weights[r0 + k] * v;
        s1 += weights[r1 + k] * v;
        s2 += weights[r2 + k] * v;
        s3 += weights[r3 + k] * v;
      }
      if (tanh) {
        s0 = Math.tanh(s0); s1 = Math.tanh(s1); s2 = Math.tanh(s2); s3 = Math.tanh(s3);
      }
      y[yo + o] = s0; y[yo + o + 1] = s1; y[yo + o + 2] = s2; y[yo + o + 3] = s3;
    }
    for (; o < outSize; o++) {
      const r = o * inSize;
      let sum = bias[o];
      for (let k = 0; k < inSize; k++) sum += weights[r + k] * x[xo + k];
      y[yo + o] = tanh ? Math.tanh(sum) : sum;
    }
  }
}

/** Writes the normalised network input of one observation (clip((obs − mean) / std)) at `out[outOffset]`. */
export function normalizeObservation(policy: PolicyFile, observations: ArrayLike<number>, offset: number, out: Float64Array, outOffset: number): void {
  const { mean, std, clip, size } = policy.observation;
  for (let k = 0; k < size; k++) {
    const z = (observations[offset + k] - mean[k]) / std[k];
    out[outOffset + k] = z > clip ? clip : z < -clip ? -clip : z;
  }
}

/**
 * A policy file's network as a deterministic controller: observations (drone-major, as BatchEnv
 * returns them) in, rung commands out (within the rung's bounds, so BatchEnv accepts them).
 */
export class NetworkPolicy {
  readonly file: PolicyFile;
  private readonly weights: Float64Array[];
  private readonly biases: Float64Array[];
  private readonly low: Float64Array;
  private readonly high: Float64Array;
  private buffers: Float64Array[] = [];
  private capacity = 0;

  constructor(file: PolicyFile) {
    this.file = file;
    this.weights = file.layers.map((layer) => Float64Array.from(layer.weights));
    this.biases = file.layers.map((layer) => Float64Array.from(layer.bias));
    const fields = QUADROTOR_RUNGS[file.rung];
    // Bounds that stay inside the rung's range once stored as f32 (goto's yaw bound is ±π).
    const inward = (bound: number, toward: number): number => (Math.fround(bound) === bound ? bound : Math.fround(bound + (toward - bound) * 1e-6));
    this.low = Float64Array.from(fields, (f) => inward(f.min, f.max));
    this.high = Float64Array.from(fields, (f) => inward(f.max, f.min));
  }

  /** The network's raw outputs (before squash and scaling) for drones [first, first + count), sample-major. */
  outputs(observations: ArrayLike<number>, count: number, first = 0): Float64Array {
    const file = this.file, size = file.observation.size;
    if (count > this.capacity) {
      this.capacity = count;
      this.buffers = [size, ...file.layers.map((layer) => layer.output)].map((width) => new Float64Array(count * width));
    }
    const input = this.buffers[0];
    for (let i = 0; i < count; i++) normalizeObservation(file, observations, (first + i) * size, input, i * size);
    file.layers.forEach((layer, l) => {
      denseForwardBatch(this.weights[l], this.biases[l], layer.input, layer.output, layer.activation === 'tanh', this.buffers[l], this.buffers[l + 1], count);
    });
    return this.buffers[file.layers.length];
  }

  /** Commands of drones [first, first + count) from their observations, written drone-major into `actions`. */
  act(observations: ArrayLike<number>, count: number, actions: Float32Array, first = 0): void {
    const width = this.file.action.size;
    const { offset, scale, squash } = this.file.action;
    const raw = this.outputs(observations, count, first);
    for (let i = 0; i < count; i++) {
      for (let j = 0; j < width; j++) {
        const u = raw[i * width + j];
        const squashed = squash === 'tanh' ? Math.tanh(u) : u > 1 ? 1 : u < -1 ? -1 : u;
        const command = Math.fround(offset[j] + scale[j] * squashed);
        actions[(first + i) * width + j] = command < this.low[j] ? this.low[j] : command > this.high[j] ? this.high[j] : command;
      }
    }
  }
}
