/**
 * A city as a rigid world: the ground plane and every building of a WorldSpec as a static box, plus a
 * record of which bodies touch which, kept from the engine's contact events.
 */
import { createRigidWorld, type BodyHandle, type ContactEvent, type RigidEngineName, type RigidWorld } from '../../physics/index.ts';
import type { WorldSpec } from '../../worlds/index.ts';

export interface CityRigidScene {
  readonly world: RigidWorld;
  readonly ground: BodyHandle;
  /** Static body of each building, by building id. */
  readonly buildingBodies: readonly BodyHandle[];
  readonly contacts: ContactLedger;
}

/** Builds the rigid world of a city (or of open ground when spec is null); the caller frees `world`. */
export async function createCityRigidScene(engine: RigidEngineName, spec: WorldSpec | null): Promise<CityRigidScene> {
  const world = await createRigidWorld({ engine });
  try {
    const ground = world.addGroundPlane();
    const boxes = new Float64Array(6 * (spec?.buildings.length ?? 0));
    spec?.buildings.forEach((building, i) => {
      boxes.set([
        (building.minX + building.maxX) / 2, (building.minY + building.maxY) / 2, building.height / 2,
        (building.maxX - building.minX) / 2, (building.maxY - building.minY) / 2, building.height / 2,
      ], 6 * i);
    });
    const buildingBodies = boxes.length > 0 ? world.addStaticBoxes(boxes) : [];
    return { world, ground, buildingBodies, contacts: new ContactLedger() };
  } catch (error) {
    world.free();
    throw error;
  }
}

/** Which bodies touch which right now, updated from each step's started and ended contacts. */
export class ContactLedger {
  private readonly touching = new Map<BodyHandle, Set<BodyHandle>>();

  update(events: readonly ContactEvent[]): void {
    for (const { bodyA, bodyB, started } of events) {
      this.mark(bodyA, bodyB, started);
      this.mark(bodyB, bodyA, started);
    }
  }

  /** The bodies `body` touches now. */
  touchingOf(body: BodyHandle): ReadonlySet<BodyHandle> {
    return this.touching.get(body) ?? EMPTY;
  }

  touches(body: BodyHandle, other: BodyHandle): boolean {
    return this.touching.get(body)?.has(other) ?? false;
  }

  private mark(body: BodyHandle, other: BodyHandle, started: boolean): void {
    let set = this.touching.get(body);
    if (set === undefined) {
      if (!started) return;
      set = new Set();
      this.touching.set(body, set);
    }
    if (started) set.add(other);
    else set.delete(other);
  }
}

const EMPTY: ReadonlySet<BodyHandle> = new Set();
