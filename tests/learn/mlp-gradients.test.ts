import { describe, expect, it } from 'vitest';
import { TrainableMlp } from '../../learn/index.ts';

const input = (batch: number, width: number): Float64Array => Float64Array.from({ length: batch * width }, (_, k) => Math.sin(0.7 * k));
const weighting = (batch: number, width: number): Float64Array => Float64Array.from({ length: batch * width }, (_, k) => Math.cos(1.1 * k));

describe('the trainable MLP', () => {
  it('has the gradient of its output: finite differences agree within 1e-3 relative', () => {
    const net = new TrainableMlp([5, 8, 8, 3], 1, 1, 'js');
    const x = input(6, 5), d = weighting(6, 3);
    const objective = (): number => net.forward(x, 6).reduce((sum, y, k) => sum + y * d[k], 0);
    net.zeroGrad();
    objective();
    net.backward(d, 6);
    for (const k of [0, 7, 39, 44, 60, 100, net.params.length - 1]) {
      const p = net.params[k], h = 1e-2;
      net.params[k] = p + h; net.refresh(); const up = objective();
      net.params[k] = p - h; net.refresh(); const down = objective();
      const step = Math.fround(p + h) - Math.fround(p - h);
      net.params[k] = p; net.refresh();
      expect(Math.abs((up - down) / step - net.grads[k])).toBeLessThan(1e-3 * Math.max(1, Math.abs(net.grads[k])));
    }
  });

  it('computes the same forward and gradient on the WebAssembly SIMD kernels (f32) as in doubles, within 1e-5', () => {
    for (const sizes of [[17, 32, 32, 4], [17, 32, 32, 1], [6, 8, 5]]) {
      const js = new TrainableMlp(sizes, 2, 1, 'js'), simd = new TrainableMlp(sizes, 2, 1, 'auto');
      const out = sizes[sizes.length - 1], x = input(37, sizes[0]), d = weighting(37, out);
      const a = js.forward(x, 37), b = simd.forward(x, 37);
      for (let k = 0; k < a.length; k++) expect(Math.abs(a[k] - b[k])).toBeLessThan(1e-5);
      js.backward(d, 37);
      simd.backward(d, 37);
      for (let k = 0; k < js.grads.length; k++) expect(Math.abs(js.grads[k] - simd.grads[k])).toBeLessThan(1e-5 * Math.max(1, Math.abs(js.grads[k])));
    }
  });
});

describe('the trainable MLP input gradient (what TD3 pushes the actor along)', () => {
  it('matches finite differences of the output with respect to each input, on both kernels', () => {
    for (const kernel of ['js', 'auto'] as const) {
      const net = new TrainableMlp([21, 16, 16, 1], 3, 1, kernel);
      const x = input(3, 21), d = weighting(3, 1), gradient = new Float64Array(3 * 21);
      net.forward(x, 3);
      net.backward(d, 3, gradient);
      const objective = (): number => net.forward(x, 3).reduce((sum, y, k) => sum + y * d[k], 0);
      for (const k of [0, 5, 17, 20, 33, 62]) {
        const v = x[k], h = 1e-3;
        x[k] = v + h; const up = objective();
        x[k] = v - h; const down = objective();
        x[k] = v;
        expect(Math.abs((up - down) / (2 * h) - gradient[k])).toBeLessThan(kernel === 'js' ? 1e-6 : 2e-3);
      }
    }
  });
});
