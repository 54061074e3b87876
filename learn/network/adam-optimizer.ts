/**
 * Adam (Kingma & Ba, 2015) over one parameter array: moments in doubles, parameters in f32
 * (the policy file's numbers). Deterministic: the same gradients give the same bytes.
 */
export class AdamOptimizer {
  readonly params: Float32Array;
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private t = 0;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(params: Float32Array, options: { beta1?: number; beta2?: number; epsilon?: number } = {}) {
    this.params = params;
    this.m = new Float64Array(params.length);
    this.v = new Float64Array(params.length);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.999;
    this.epsilon = options.epsilon ?? 1e-8;
  }

  /** One update with gradient `grads` (times `gradScale`, e.g. a norm clip) and learning rate `lr`. */
  step(grads: Float64Array, lr: number, gradScale = 1): void {
    this.t++;
    const { m, v, params, beta1, beta2, epsilon } = this;
    const c1 = 1 - beta1 ** this.t, c2 = 1 - beta2 ** this.t;
    const stepSize = lr * Math.sqrt(c2) / c1;
    for (let k = 0; k < params.length; k++) {
      const g = grads[k] * gradScale;
      m[k] = beta1 * m[k] + (1 - beta1) * g;
      v[k] = beta2 * v[k] + (1 - beta2) * g * g;
      params[k] -= stepSize * m[k] / (Math.sqrt(v[k]) + epsilon);
    }
  }
}

/** The Euclidean norm of several gradient arrays together. */
export function gradientNorm(...grads: Float64Array[]): number {
  let sum = 0;
  for (const g of grads) for (let k = 0; k < g.length; k++) sum += g[k] * g[k];
  return Math.sqrt(sum);
}
