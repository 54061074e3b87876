/**
 * The river of a generated city: a gently meandering band that crosses the whole city, north to
 * south or west to east. Its slope stays under 45 degrees so cross streets always meet it head on.
 */
import type { SeededRng } from '../physics/index.ts';
import { roundToCentimetres } from './planar-geometry.ts';

export interface RiverLayout {
  /** Main direction of flow; the river crosses the streets that run the other way. */
  flow: 'north-south' | 'east-west';
  width: number;
  centerline: { x: number; y: number }[];
}

export function layoutRiver(rng: SeededRng, size: number): RiverLayout {
  const flow = rng.next() < 0.5 ? 'north-south' : 'east-west';
  const width = roundToCentimetres(rng.uniform(40, 70));
  const across0 = size * rng.uniform(0.3, 0.7);
  const wavelength = size * rng.uniform(0.45, 0.8);
  const amplitude = Math.min(size * 0.06, (wavelength / (2 * Math.PI)) * 0.7);
  const phase = rng.uniform(0, 2 * Math.PI);
  const step = Math.max(20, size / 60);
  const centerline: { x: number; y: number }[] = [];
  for (let along = -step; along <= size + step + 1e-9; along += step) {
    const across = roundToCentimetres(across0 + amplitude * Math.sin((2 * Math.PI * along) / wavelength + phase));
    const a = roundToCentimetres(along);
    centerline.push(flow === 'north-south' ? { x: across, y: a } : { x: a, y: across });
  }
  return { flow, width, centerline };
}
