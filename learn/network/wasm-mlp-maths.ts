import type { PolicyLayer } from '../../sim/index.ts';
import { createDenseKernels, type DenseKernels } from './wasm-dense-kernels.ts';

/**
 * A TrainableMlp's forward and backward in f32 on the WebAssembly SIMD kernels. Weights live in
 * the module's memory twice (output-major for the input gradient, input-major for the forward
 * product and the weight gradient), rewritten after each optimiser step; tanh and the bias
 * gradient stay in JavaScript. Layers whose widths are not multiples of 4 (a critic's single
 * output) run a plain f32 loop over the same memory.
 */
export class WasmMlpMaths {
  private readonly layers: PolicyLayer[];
  private kernels: DenseKernels;
  private capacity = 0;
  private offsets: { w: number; wt: number; bias: number; dwt: number }[] = [];
  private acts: number[] = [];
  private deltas: number[] = [];
  private f32!: Float32Array;

  private constructor(layers: PolicyLayer[], kernels: DenseKernels) {
    this.layers = layers;
    this.kernels = kernels;
    this.layout(1);
  }

  static create(layers: PolicyLayer[]): WasmMlpMaths | null {
    const kernels = createDenseKernels(1 << 16);
    return kernels ? new WasmMlpMaths(layers, kernels) : null;
  }

  /** Carves the memory for batches up to `capacity` (grows it when needed) and rewrites the weights. */
  private layout(capacity: number): void {
    let cursor = 0;
    const take = (floats: number): number => {
      const at = cursor;
      cursor += Math.ceil(floats / 4) * 16;
      return at;
    };
    this.offsets = this.layers.map((layer) => {
      const n = layer.input * layer.output;
      return { w: take(n), wt: take(n), bias: take(layer.output), dwt: take(n) };
    });
    const widths = [this.layers[0].input, ...this.layers.map((layer) => layer.output)];
    this.acts = widths.map((width) => take(width * capacity));
    this.deltas = widths.map((width) => take(width * capacity));
    const needed = cursor - this.kernels.memory.buffer.byteLength;
    if (needed > 0) this.kernels.memory.grow(Math.ceil(needed / 65536));
    this.f32 = new Float32Array(this.kernels.memory.buffer);
    this.capacity = capacity;
    this.writeParameters();
  }

  writeParameters(): void {
    const f = this.f32;
    this.layers.forEach((layer, l) => {
      const { w, wt, bias } = this.offsets[l], inSize = layer.input, outSize = layer.output;
      f.set(layer.weights, w / 4);
      f.set(layer.bias, bias / 4);
      for (let o = 0; o < outSize; o++) for (let k = 0; k < inSize; k++) f[wt / 4 + k * outSize + o] = layer.weights[o * inSize + k];
    });
  }

  forward(input: Float64Array, batch: number): Float64Array {
    if (batch > this.capacity) this.layout(batch);
    const f = this.f32, layers = this.layers;
    f.set(input.subarray(0, batch * layers[0].input), this.acts[0] / 4);
    layers.forEach((layer, l) => {
      const x = this.acts[l], y = this.acts[l + 1], { wt, bias } = this.offsets[l];
      const inSize = layer.input, outSize = layer.output;
      if (outSize % 4 === 0) this.kernels.forward(x, wt, bias, y, batch, inSize, outSize);
      else {
        for (let b = 0; b < batch; b++) {
          for (let o = 0; o < outSize; o++) {
            let sum = f[bias / 4 + o];
            for (let k = 0; k < inSize; k++) sum = Math.fround(sum + Math.fround(f[wt / 4 + k * outSize + o] * f[x / 4 + b * inSize + k]));
            f[y / 4 + b * outSize + o] = sum;
          }
        }
      }
      if (layer.activation === 'tanh') {
        const from = y / 4, to = from + batch * outSize;
        for (let k = from; k < to; k++) f[k] = Math.tanh(f[k]);
      }
    });
    const top = layers.length, width = layers[top - 1].output;
    return Float64Array.from(f.subarray(this.acts[top] / 4, this.acts[top] / 4 + batch * width));
  }

  /** Adds the gradient of Σ⟨dOutput, output⟩ into `grads` (doubles, the network's layout). */
  backward(dOutput: Float64Array, batch: number, grads: Float64Array, weightOffsets: number[], biasOffsets: number[], inputGradient?: Float64Array): void {
    const f = this.f32, layers = this.layers, top = layers.length;
    f.set(dOutput.subarray(0, batch * layers[top - 1].output), this.deltas[top] / 4);
    for (let l = top - 1; l >= 0; l--) {
      const layer = layers[l], inSize = layer.input, outSize = layer.output, { w, wt, dwt } = this.offsets[l];
      const dy = this.deltas[l + 1] / 4, y = this.acts[l + 1] / 4;
      if (layer.activation === 'tanh') {
        for (let k = 0; k < batch * outSize; k++) f[dy + k] *= 1 - f[y + k] * f[y + k];
      }
      const bg = biasOffsets[l];
      for (let b = 0; b < batch; b++) for (let o = 0; o < outSize; o++) grads[bg + o] += f[dy + b * outSize + o];
      f.fill(0, dwt / 4, dwt / 4 + inSize * outSize);
      const x = this.acts[l];
      if (outSize % 4 === 0) this.kernels.weightGradient(x, this.deltas[l + 1], dwt, batch, inSize, outSize);
      else {
        for (let b = 0; b < batch; b++) {
          for (let k = 0; k < inSize; k++) {
            const xv = f[x / 4 + b * inSize + k];
            for (let o = 0; o < outSize; o++) f[dwt / 4 + k * outSize + o] += xv * f[dy + b * outSize + o];
          }
        }
      }
      const wg = weightOffsets[l];
      for (let o = 0; o < outSize; o++) for (let k = 0; k < inSize; k++) grads[wg + o * inSize + k] += f[dwt / 4 + k * outSize + o];
      if (l === 0 && !inputGradient) continue;
      const dx = this.deltas[l];
      if (inSize % 4 === 0) this.kernels.inputGradient(this.deltas[l + 1], w, dx, batch, inSize, outSize);
      else {
        for (let b = 0; b < batch; b++) {
          for (let k = 0; k < inSize; k++) {
            let sum = 0;
            for (let o = 0; o < outSize; o++) sum += f[w / 4 + o * inSize + k] * f[dy + b * outSize + o];
            f[dx / 4 + b * inSize + k] = sum;
          }
        }
      }
    }
    if (inputGradient) {
      const from = this.deltas[0] / 4;
      for (let k = 0; k < batch * layers[0].input; k++) inputGradient[k] = f[from + k];
    }
  }
}
