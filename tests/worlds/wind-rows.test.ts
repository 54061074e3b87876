import { describe, expect, it } from 'vitest';
import { generateWorld, WindSampler } from '../../worlds/index.ts';

describe('WindSampler.sampleRows', () => {
  it('gives every point the very values sample gives it, at any height and time', () => {
    const sampler = new WindSampler(generateWorld(7, { size: 2000 }).wind);
    const count = 500, px = new Float32Array(count), py = new Float32Array(count), pz = new Float32Array(count);
    for (let i = 0; i < count; i++) {
      px[i] = -1000 + 4.01 * i;
      py[i] = 800 - 3.7 * i;
      pz[i] = i % 10 === 0 ? 0.1 : 0.2 * i; // some below the 0.5 m floor of the height profile
    }
    const x = new Float64Array(count), y = new Float64Array(count), z = new Float64Array(count), out = { x: 0, y: 0, z: 0 };
    for (const t of [0, 0.1, 37.3]) {
      sampler.sampleRows(px, py, pz, t, 20, count, x, y, z);
      for (let i = 20; i < count; i++) {
        sampler.sample(px[i], py[i], pz[i], t, out);
        expect([x[i], y[i], z[i]]).toEqual([out.x, out.y, out.z]);
      }
      expect(x[0]).toBe(0); // outside [start, end): untouched
      expect(Math.max(...x.slice(20)) - Math.min(...x.slice(20))).toBeGreaterThan(0.5); // gusts vary from place to place
    }
  });
});
