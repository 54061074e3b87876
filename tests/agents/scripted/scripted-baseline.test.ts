import { describe, expect, it } from 'vitest';
import { createFleetSession, createScriptedDriver, runDeliveryEpisode } from '../../../agents/index.ts';

/** The README's baseline: seed 7, 4 drones and 2 robots, 120 orders per simulated hour, 10 simulated minutes. */
async function baseline(): Promise<Record<string, number>> {
  const session = createFleetSession({ delivery: { orderRatePerHour: 120 } });
  await session.reset({ seed: 7 });
  const driver = createScriptedDriver(session);
  const result = await runDeliveryEpisode({ session, driver, durationS: 600, decideEveryS: 1 });
  return result.metrics;
}

describe('scripted delivery baseline', () => {
  it('delivers at least 5 orders in 10 simulated minutes with no crash, the same figures for the same seed', async () => {
    const first = await baseline();
    expect(first.delivered).toBeGreaterThanOrEqual(5);
    expect(first.collisions).toBe(0);
    expect(first.actions_rejected).toBe(0);
    expect(first.drone_energy_wh).toBeGreaterThan(0);
    expect(first.sim_time_s).toBeCloseTo(600, 6);
    const second = await baseline();
    expect(second).toEqual(first);
  }, 120_000);
});
