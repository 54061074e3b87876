import { NetworkPolicy, normalizeObservation, type PolicyFile } from '../../sim/index.ts';
import { WasmMlpMaths } from './wasm-mlp-maths.ts';

/**
 * sim/'s NetworkPolicy with the network on the WebAssembly SIMD kernels (f32) where the runtime
 * has them: the trainer's probes and evaluations fly thousands of drones for 1,000 steps each.
 * Its commands agree with NetworkPolicy's (doubles) to about 1e-6.
 */
export class FastNetworkPolicy extends NetworkPolicy {
  private readonly maths: WasmMlpMaths | null;
  private input = new Float64Array(0);

  constructor(file: PolicyFile) {
    super(file);
    this.maths = WasmMlpMaths.create(file.layers);
  }

  override outputs(observations: ArrayLike<number>, count: number, first = 0): Float64Array {
    if (!this.maths) return super.outputs(observations, count, first);
    const size = this.file.observation.size;
    if (this.input.length < count * size) this.input = new Float64Array(count * size);
    for (let i = 0; i < count; i++) normalizeObservation(this.file, observations, (first + i) * size, this.input, i * size);
    return this.maths.forward(this.input, count);
  }
}
