/**
 * Scenes shared by the rigid-body suites. Run alone (node --import tsx tests/physics/rigid-scenes.ts <offset>)
 * it prints the rapier parcel scene's state hash, so a test can compare hashes across processes.
 */
import { pathToFileURL } from 'node:url';
import { createRigidWorld, type BodyHandle, type RigidEngineName, type RigidWorld } from '../../physics/index.ts';

export const ENGINES: readonly RigidEngineName[] = ['rapier', 'cannon'];

/** Runs the world until `until` returns true or maxSteps pass; returns the steps taken. */
export function stepUntil(world: RigidWorld, maxSteps: number, until: () => boolean = () => false): number {
  for (let i = 0; i < maxSteps; i++) {
    world.step();
    if (until()) return i + 1;
  }
  return maxSteps;
}

/**
 * A few parcels tumbling onto the ground and a roof, one on a tether: enough contacts and joints
 * that any nondeterminism would show in the hash. `offset` nudges the first parcel's start (metres).
 */
export async function buildParcelScene(engine: RigidEngineName, offset = 0): Promise<{ world: RigidWorld; parcels: BodyHandle[] }> {
  const world = await createRigidWorld({ engine });
  world.addGroundPlane();
  world.addStaticBoxes(new Float32Array([4, 0, 3, 2, 2, 3, 0, -4, 2, 5, 1.5, 1.5, 5, 0.6]), { stride: 7 });
  world.addStaticBoxes(new Float32Array([0, -5, 1, 1, 1, 1]));
  const parcels: BodyHandle[] = [];
  for (let i = 0; i < 6; i++) {
    parcels.push(world.addDynamicBody({
      shape: i % 2 === 0 ? { kind: 'box', halfExtents: { x: 0.15, y: 0.1, z: 0.08 } } : { kind: 'sphere', radius: 0.09 },
      mass: 0.5 + 0.1 * i,
      position: { x: 3.5 + 0.3 * i + (i === 0 ? offset : 0), y: 0.2 * i - 0.5, z: 8 + 0.5 * i },
      orientation: { w: 1, x: 0.1 * i, y: 0.05, z: 0.2 },
      angularVelocity: { x: 0.5, y: -1 + 0.3 * i, z: 0.2 },
      friction: 0.6,
      restitution: 0.1 * (i % 3),
    }));
  }
  const payload = world.addDynamicBody({ shape: { kind: 'box', halfExtents: { x: 0.1, y: 0.1, z: 0.1 } }, mass: 0.3, position: { x: -1, y: 1, z: 4 } });
  world.addTether({ bodyA: payload, anchorA: { x: 0, y: 0, z: 0.1 }, anchorB: { x: -1.5, y: 1, z: 5 }, length: 1.2 });
  parcels.push(payload);
  return { world, parcels };
}

export async function parcelSceneHash(engine: RigidEngineName, offset: number, steps: number): Promise<string> {
  const { world } = await buildParcelScene(engine, offset);
  try {
    stepUntil(world, steps);
    return world.stateHash();
  } finally {
    world.free();
  }
}

export const PARCEL_SCENE_STEPS = 300;

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const offset = Number(process.argv[2] ?? '0');
  console.log(await parcelSceneHash('rapier', offset, PARCEL_SCENE_STEPS));
}
