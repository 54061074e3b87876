/**
 * The one way in: picks an engine by name, fills in defaults and checks the settings.
 * Engines load on demand, so a bundle that only asks for cannon never ships rapier's wasm.
 */
import { requirePositive, requirePositiveInteger, requireVec3 } from './rigid-input-validation.ts';
import { RIGID_ENGINE_NAMES, type RigidEngineName, type RigidWorld, type RigidWorldOptions, type RigidWorldSettings } from './rigid-world.ts';

export const DEFAULT_RIGID_ENGINE: RigidEngineName = 'rapier';
/** Same as the flight model's default step, so both advance in lockstep. */
export const DEFAULT_RIGID_DT = 0.01;
export const DEFAULT_GRAVITY = Object.freeze({ x: 0, y: 0, z: -9.81 });
/** Per engine, the fewest iterations that pass the shared behaviour tests (see docs/rigid-bodies.md). */
export const DEFAULT_SOLVER_ITERATIONS: Readonly<Record<RigidEngineName, number>> = Object.freeze({ rapier: 4, cannon: 20 });

/** Longest step accepted: beyond it a falling body crosses a 0.2 m parcel in one step. */
const MAX_DT = 0.1;

export function resolveRigidWorldSettings(options: RigidWorldOptions = {}): { engine: RigidEngineName; settings: RigidWorldSettings } {
  const where = 'createRigidWorld';
  if (typeof options !== 'object' || options === null) throw new TypeError(`${where}: options must be an object {engine?, gravity?, dt?, solverIterations?, allowSleep?}`);
  const engine = options.engine ?? DEFAULT_RIGID_ENGINE;
  if (!RIGID_ENGINE_NAMES.includes(engine)) {
    throw new RangeError(`${where}: unknown engine ${JSON.stringify(engine)}; accepted: ${RIGID_ENGINE_NAMES.map((name) => `'${name}'`).join(', ')}`);
  }
  const dt = options.dt === undefined ? DEFAULT_RIGID_DT : requirePositive(where, 'dt', options.dt);
  if (dt > MAX_DT) throw new RangeError(`${where}: dt must be a number of seconds in (0, ${MAX_DT}], got ${dt}`);
  const gravity = options.gravity === undefined ? { ...DEFAULT_GRAVITY } : requireVec3(where, 'gravity', options.gravity);
  const solverIterations = options.solverIterations === undefined
    ? DEFAULT_SOLVER_ITERATIONS[engine]
    : requirePositiveInteger(where, 'solverIterations', options.solverIterations);
  if (options.allowSleep !== undefined && typeof options.allowSleep !== 'boolean') {
    throw new TypeError(`${where}: allowSleep must be true or false, got ${String(options.allowSleep)}`);
  }
  return { engine, settings: { gravity, dt, solverIterations, allowSleep: options.allowSleep ?? false } };
}

/** Builds an empty world on the named engine ('rapier' when left out); free() it when done. */
export async function createRigidWorld(options: RigidWorldOptions = {}): Promise<RigidWorld> {
  const { engine, settings } = resolveRigidWorldSettings(options);
  if (engine === 'rapier') {
    const { RapierRigidWorld } = await import('./rapier-rigid-world.ts');
    return RapierRigidWorld.create(settings);
  }
  const { CannonRigidWorld } = await import('./cannon-rigid-world.ts');
  return CannonRigidWorld.create(settings);
}
