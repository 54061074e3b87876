/**
 * The payload task end to end at full fidelity, on both engines: the scripted pilot picks the parcel at the
 * depot, flies it on the tether to the rooftop pad of the seed-2 city and sets it down; both engines deliver
 * and agree on where it rests. rapier gives the same state hash twice.
 */
import { describe, expect, it } from 'vitest';
import { generateWorld } from '../../../worlds/index.ts';
import { PAYLOAD_CITY_PARAMS, runFullFidelityRollout, type FullFidelityRolloutSummary } from '../../../sim/index.ts';

const city = generateWorld(2, { ...PAYLOAD_CITY_PARAMS });
const run = (engine: 'rapier' | 'cannon'): Promise<FullFidelityRolloutSummary> =>
  runFullFidelityRollout({ task: 'payload', engine, steps: 1500, seed: 2, world: city, kernel: 'scalar' });

describe('the payload task at full fidelity (seed 2, 1,500 steps)', () => {
  it('delivers the parcel on rapier and on cannon, and the rest positions agree within 0.5 m', async () => {
    const rapier = await run('rapier');
    const cannon = await run('cannon');
    for (const summary of [rapier, cannon]) {
      expect(summary.success).toBe(true);
      expect(summary.success_rate).toBe(1);
      expect(summary.crashes).toBe(0);
      expect(summary.episode_steps).toBeLessThanOrEqual(1500);
      expect(summary.mean_final_error).toBeLessThan(summary.success_radius);
      expect(summary.pad).toBe(rapier.pad);
    }
    const [rx, ry, rz] = rapier.parcel_rest_position, [cx, cy, cz] = cannon.parcel_rest_position;
    // Measured: 3 cm apart, both 3 cm from the pad centre.
    expect(Math.hypot(rx - cx, ry - cy, rz - cz)).toBeLessThan(0.5);
  });

  it('gives the same state hash and rest position twice on rapier', async () => {
    const first = await run('rapier');
    const second = await run('rapier');
    expect(second.state_hash).toBe(first.state_hash);
    expect(second.parcel_rest_position).toEqual(first.parcel_rest_position);
    expect(second.episode_steps).toBe(first.episode_steps);
  });
});
