import { SeededRng } from '../../physics/index.ts';
import { denseForwardBatch, type PolicyActivation, type PolicyLayer } from '../../sim/index.ts';
import { WasmMlpMaths } from './wasm-mlp-maths.ts';

/** Where the maths runs: doubles in JavaScript (the same sums as sim/'s forward) or f32 WebAssembly SIMD. */
export type MlpKernel = 'js' | 'wasm-simd' | 'auto';

/**
 * A small multilayer perceptron with its gradient: tanh hidden layers, a linear output.
 * Parameters live in one Float32Array (what a policy file stores, bit for bit) mirrored in
 * doubles for the maths (`refresh()` after changing them); activations and gradients are doubles.
 * The forward pass is sim/'s `denseForwardBatch`, so the trainer and every rollout compute the
 * same numbers from the same weights.
 */
export class TrainableMlp {
  readonly sizes: readonly number[];
  readonly params: Float32Array;
  readonly grads: Float64Array;
  /** Views into `params` in the policy file's layer shape. */
  readonly layers: PolicyLayer[];
  private readonly weightGradOffsets: number[] = [];
  private readonly biasGradOffsets: number[] = [];
  private readonly weights64: Float64Array[] = [];
  private readonly biases64: Float64Array[] = [];
  private activations: Float64Array[] = [];
  private deltas: Float64Array[] = [];
  private capacity = 0;

  /** `sizes` = [inputs, hidden…, outputs]; weights ~ N(0, gain²/fan_in), last layer scaled by `outputGain`. */
  private readonly wasm: WasmMlpMaths | null;

  constructor(sizes: readonly number[], seed: number, outputGain: number, kernel: MlpKernel = 'js') {
    if (sizes.length < 2 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new RangeError(`network sizes [${sizes.join(', ')}]; accepted: at least two whole numbers ≥ 1 (inputs, hidden…, outputs)`);
    }
    this.sizes = [...sizes];
    let total = 0;
    for (let l = 0; l + 1 < sizes.length; l++) total += sizes[l] * sizes[l + 1] + sizes[l + 1];
    this.params = new Float32Array(total);
    this.grads = new Float64Array(total);
    this.layers = [];
    const rng = new SeededRng(seed);
    let offset = 0;
    for (let l = 0; l + 1 < sizes.length; l++) {
      const input = sizes[l], output = sizes[l + 1];
      const last = l + 2 === sizes.length;
      const activation: PolicyActivation = last ? 'linear' : 'tanh';
      const weights = this.params.subarray(offset, offset + input * output);
      this.weightGradOffsets.push(offset);
      offset += input * output;
      const bias = this.params.subarray(offset, offset + output);
      this.biasGradOffsets.push(offset);
      offset += output;
      const std = (last ? outputGain : 1) / Math.sqrt(input);
      for (let k = 0; k < weights.length; k++) weights[k] = rng.normal(0, std);
      this.layers.push({ input, output, activation, weights, bias });
      this.weights64.push(new Float64Array(weights.length));
      this.biases64.push(new Float64Array(bias.length));
    }
    this.wasm = kernel === 'js' ? null : WasmMlpMaths.create(this.layers);
    if (kernel === 'wasm-simd' && !this.wasm) throw new Error('kernel "wasm-simd": this runtime has no WebAssembly SIMD; accepted here: js, auto');
    this.refresh();
  }

  /** Which maths this network runs on. */
  get kernel(): 'js' | 'wasm-simd' {
    return this.wasm ? 'wasm-simd' : 'js';
  }

  /** Copies the f32 parameters into the double mirrors the maths reads (after an optimiser step). */
  refresh(): void {
    this.layers.forEach((layer, l) => {
      this.weights64[l].set(layer.weights);
      this.biases64[l].set(layer.bias);
    });
    this.wasm?.writeParameters();
  }

  get inputSize(): number {
    return this.sizes[0];
  }

  get outputSize(): number {
    return this.sizes[this.sizes.length - 1];
  }

  /** Forward pass of `batch` samples (sample-major input); keeps activations for `backward`. Returns a view. */
  forward(input: Float64Array, batch: number): Float64Array {
    if (this.wasm) return this.wasm.forward(input, batch);
    this.reserve(batch);
    const acts = this.activations;
    acts[0].set(input.subarray(0, batch * this.sizes[0]));
    for (let l = 0; l < this.layers.length; l++) {
      const layer = this.layers[l];
      denseForwardBatch(this.weights64[l], this.biases64[l], layer.input, layer.output, layer.activation === 'tanh', acts[l], acts[l + 1], batch);
    }
    return acts[this.layers.length].subarray(0, batch * this.outputSize);
  }

  /**
   * Adds the gradient of Σ_b ⟨dOutput_b, output_b⟩ to `grads` (call `forward` on the same batch
   * first); with `inputGradient`, also writes its gradient with respect to the inputs there.
   */
  backward(dOutput: Float64Array, batch: number, inputGradient?: Float64Array): void {
    if (this.wasm) {
      this.wasm.backward(dOutput, batch, this.grads, this.weightGradOffsets, this.biasGradOffsets, inputGradient);
      return;
    }
    const acts = this.activations, deltas = this.deltas, grads = this.grads;
    const top = this.layers.length;
    deltas[top].set(dOutput.subarray(0, batch * this.outputSize));
    for (let l = top - 1; l >= 0; l--) {
      const layer = this.layers[l], inSize = layer.input, outSize = layer.output, weights = this.weights64[l];
      const x = acts[l], y = acts[l + 1], dy = deltas[l + 1], dx = deltas[l];
      const wg = this.weightGradOffsets[l], bg = this.biasGradOffsets[l];
      if (layer.activation === 'tanh') {
        for (let k = 0; k < batch * outSize; k++) dy[k] *= 1 - y[k] * y[k];
      }
      for (let b = 0; b < batch; b++) {
        const yo = b * outSize;
        for (let o = 0; o < outSize; o++) grads[bg + o] += dy[yo + o];
      }
      // Weight gradient: four samples per pass over each row, so a row is loaded and stored once per four.
      const blocked = batch - (batch % 4);
      for (let o = 0; o < outSize; o++) {
        const gr = wg + o * inSize;
        let b = 0;
        for (; b < blocked; b += 4) {
          const g0 = dy[b * outSize + o], g1 = dy[(b + 1) * outSize + o], g2 = dy[(b + 2) * outSize + o], g3 = dy[(b + 3) * outSize + o];
          const x0 = b * inSize, x1 = x0 + inSize, x2 = x1 + inSize, x3 = x2 + inSize;
          for (let k = 0; k < inSize; k++) grads[gr + k] += g0 * x[x0 + k] + g1 * x[x1 + k] + g2 * x[x2 + k] + g3 * x[x3 + k];
        }
        for (; b < batch; b++) {
          const g = dy[b * outSize + o], xo = b * inSize;
          for (let k = 0; k < inSize; k++) grads[gr + k] += g * x[xo + k];
        }
      }
      if (l === 0 && !inputGradient) continue;
      // Input gradient: four rows of the weights per pass.
      const rowsBlocked = outSize - (outSize % 4);
      for (let b = 0; b < batch; b++) {
        const xo = b * inSize, yo = b * outSize;
        dx.fill(0, xo, xo + inSize);
        let o = 0;
        for (; o < rowsBlocked; o += 4) {
          const g0 = dy[yo + o], g1 = dy[yo + o + 1], g2 = dy[yo + o + 2], g3 = dy[yo + o + 3];
          const r0 = o * inSize, r1 = r0 + inSize, r2 = r1 + inSize, r3 = r2 + inSize;
          for (let k = 0; k < inSize; k++) dx[xo + k] += g0 * weights[r0 + k] + g1 * weights[r1 + k] + g2 * weights[r2 + k] + g3 * weights[r3 + k];
        }
        for (; o < outSize; o++) {
          const g = dy[yo + o], r = o * inSize;
          for (let k = 0; k < inSize; k++) dx[xo + k] += g * weights[r + k];
        }
      }
    }
    if (inputGradient) this.copyInputGradient(inputGradient, batch);
  }

  private copyInputGradient(out: Float64Array, batch: number): void {
    out.set(this.deltas[0].subarray(0, batch * this.sizes[0]));
  }

  zeroGrad(): void {
    this.grads.fill(0);
  }

  private reserve(batch: number): void {
    if (batch <= this.capacity) return;
    this.capacity = batch;
    this.activations = this.sizes.map((s) => new Float64Array(batch * s));
    this.deltas = this.sizes.map((s) => new Float64Array(batch * s));
  }
}
