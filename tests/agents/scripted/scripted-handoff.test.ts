import { describe, expect, it } from 'vitest';
import { createFleetSession, createScriptedDriver, runDeliveryEpisode } from '../../../agents/index.ts';
import type { FleetEvent } from '../../../sim/index.ts';

describe('scripted dispatcher hand-offs', () => {
  it('sends a parcel by drone to the depot nearest its drop-off, where a robot takes it on and delivers it', async () => {
    // Seed 3's 1.5 km city: a drone cannot fly order 6 to its door and back on one charge, a robot from the pick-up depot would be slow.
    const session = createFleetSession({ delivery: { orderRatePerHour: 120 } });
    await session.reset({ seed: 3, world: { seed: 3, size: 1500 }, fleet: { drones: 4, robots: 2 } });
    const driver = createScriptedDriver(session);
    const events: FleetEvent[] = [];
    await runDeliveryEpisode({ session, driver, durationS: 900, decideEveryS: 1, onFrame: (frame) => events.push(...frame.events) });
    const handoff = events.find((event) => event.kind === 'handoff');
    expect(handoff?.data).toMatchObject({ from: expect.stringMatching(/^drone-/), to: expect.stringMatching(/^robot-/) });
    const parcel = (handoff!.data as { parcel: string }).parcel;
    const delivered = events.find((event) => event.kind === 'delivered' && (event.data as { parcel: string }).parcel === parcel);
    expect(delivered?.agent).toBe((handoff!.data as { to: string }).to);
    expect(driver.metrics().handoffs_planned).toBeGreaterThanOrEqual(1);
    expect(session.metrics().handoffs).toBeGreaterThanOrEqual(1);
    expect(session.metrics().actions_rejected).toBe(0);
  });
});
