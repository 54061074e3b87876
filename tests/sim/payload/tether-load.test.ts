/**
 * A tethered payload changes the flight at full fidelity: hovering with a parcel on the tether takes more
 * thrust by about its weight, and a parcel set swinging pulls the drone off its hover point.
 */
import { describe, expect, it } from 'vitest';
import { CF2X_PARAMS, createRigidWorld, type RigidEngineName } from '../../../physics/index.ts';
import { RigidQuadrotors, SMALL_PARCEL, TetheredParcels } from '../../../sim/index.ts';

const ENGINES: RigidEngineName[] = ['rapier', 'cannon'];
const HOVER = { x: 0, y: 0, z: 5 };

interface HoverResult {
  /** Mean collective thrust over the last second, N. */
  thrust: number;
  /** Largest horizontal distance from the hover point over the last 3 s, m. */
  excursion: number;
}

/** Hovers 5 s at HOVER through the goto rung, with or without the small parcel on the tether. */
async function hover(engine: RigidEngineName, payload: 'none' | 'hanging' | 'swinging'): Promise<HoverResult> {
  const world = await createRigidWorld({ engine });
  try {
    world.addGroundPlane();
    const drones = new RigidQuadrotors(world, { params: CF2X_PARAMS, positions: [HOVER], rung: 'goto', kernel: 'scalar' });
    drones.command(0, [HOVER.x, HOVER.y, HOVER.z, 0]);
    const parcels = new TetheredParcels(drones);
    if (payload !== 'none') {
      // Hooked on 0.4 m below the drone; it drops until the 0.6 m tether is taut.
      const parcel = parcels.add({ x: 0, y: 0, z: HOVER.z - drones.halfExtents.z - 0.4 - SMALL_PARCEL.halfExtents.z });
      parcels.attach(0, parcel);
      if (payload === 'swinging') world.setVelocity(parcels.bodies[parcel], { linear: { x: 1.5, y: 0, z: 0 } });
    }
    let thrust = 0, excursion = 0;
    for (let step = 0; step < 500; step++) {
      parcels.updateHangingMass();
      drones.beforeStep();
      world.step();
      drones.afterStep(world.contactEvents());
      if (step >= 400) thrust += drones.thrust[0] / 100;
      const p = world.getPose(drones.bodies[0]).position;
      if (step >= 200) excursion = Math.max(excursion, Math.hypot(p.x - HOVER.x, p.y - HOVER.y));
    }
    expect(drones.status[0]).toBe(0);
    return { thrust, excursion };
  } finally {
    world.free();
  }
}

describe.each(ENGINES)('a tethered payload on %s', (engine) => {
  it('takes the payload weight in extra hover thrust, within 3 %', async () => {
    const alone = await hover(engine, 'none');
    const loaded = await hover(engine, 'hanging');
    const weight = SMALL_PARCEL.mass * CF2X_PARAMS.gravity;
    expect(Math.abs(alone.thrust / (CF2X_PARAMS.mass * CF2X_PARAMS.gravity) - 1)).toBeLessThan(0.01);
    expect(loaded.thrust).toBeGreaterThan(alone.thrust);
    expect(Math.abs((loaded.thrust - alone.thrust) / weight - 1)).toBeLessThan(0.03);
  });

  it('is pulled off its hover point by a swinging parcel (more than 1 cm), and stays within 1 mm without one', async () => {
    const alone = await hover(engine, 'none');
    const swinging = await hover(engine, 'swinging');
    expect(alone.excursion).toBeLessThan(0.001);
    expect(swinging.excursion).toBeGreaterThan(0.01);
  });
});
