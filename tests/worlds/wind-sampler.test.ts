import { describe, expect, it } from 'vitest';
import { WindSampler, WorldIndex, generateWorld } from '../../worlds/index.ts';

describe('wind', () => {
  const spec = generateWorld(7, { windSpeed: 6, windFromDeg: 270, gustiness: 0.5 });
  const sampler = new WindSampler(spec.wind);
  const out = { x: 0, y: 0, z: 0 };

  it('blows from the west on average at the reference height, with gusts of about the set strength', () => {
    let sumX = 0;
    let sumY = 0;
    let sumSquares = 0;
    const n = 20000;
    for (let i = 0; i < n; i++) {
      sampler.sample((i * 37.1) % 2000, (i * 91.7) % 2000, 10, i * 0.37, out);
      sumX += out.x;
      sumY += out.y;
      sumSquares += (out.x - 6) ** 2 + out.y ** 2;
    }
    expect(sumX / n).toBeCloseTo(6, 0);
    expect(Math.abs(sumY / n)).toBeLessThan(0.3);
    expect(Math.sqrt(sumSquares / n)).toBeGreaterThan(1.5);
    expect(Math.sqrt(sumSquares / n)).toBeLessThan(4.5);
  });

  it('gives the same wind for the same place and time, and stronger mean wind higher up', () => {
    const index = new WorldIndex(spec);
    const a = { x: 0, y: 0, z: 0 };
    index.windAt(500, 600, 30, 12.5, a);
    sampler.sample(500, 600, 30, 12.5, out);
    expect(a).toEqual(out);
    const calm = new WindSampler({ ...spec.wind, gust: { ...spec.wind.gust, amplitude: 0 } });
    calm.sample(0, 0, 80, 0, out);
    expect(out.x).toBeCloseTo(6 * (80 / 10) ** 0.14, 9);
  });
});
