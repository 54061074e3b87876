/**
 * Steps per second of each rigid-body engine on a city-sized scene: 1,000 static buildings on a grid,
 * 100 parcels dropped among them and 32 kinematic drones flying circles; then the full-fidelity payload
 * rollout of seed 2 (one drone carrying a parcel on a tether across the city). Prints figures; asserts nothing.
 * Alone: npx tsx bench/rigid-bench.ts
 */
import os from 'node:os';
import { pathToFileURL } from 'node:url';
import { createRigidWorld, PACKED_POSE_STRIDE, RIGID_ENGINE_NAMES, SeededRng, type BodyHandle, type RigidEngineName, type RigidWorld } from '../physics/index.ts';
import { PAYLOAD_CITY_PARAMS, runFullFidelityRollout } from '../sim/index.ts';
import { generateWorld } from '../worlds/index.ts';

const BUILDING_COLUMNS = 40;
const BUILDING_ROWS = 25; // 40 × 25 = 1,000 buildings
const BLOCK_PITCH = 30; // m between building centres: 20 m footprints, 10 m streets
const PARCEL_COUNT = 100;
const DRONE_COUNT = 32;
const WARMUP_STEPS = 150; // 1.5 s: every parcel has landed
/** Several short trials, reported by median and best: the machine may be shared, and a trial can be unlucky. */
const TRIALS = 5;
const STEPS_PER_TRIAL = 60;

interface CityScene {
  world: RigidWorld;
  drones: BodyHandle[];
  dronePoses: Float64Array;
}

async function buildCityScene(engine: RigidEngineName): Promise<CityScene> {
  const rng = new SeededRng(7);
  const world = await createRigidWorld({ engine });
  world.addGroundPlane();
  const buildings = new Float32Array(BUILDING_COLUMNS * BUILDING_ROWS * 6);
  for (let row = 0, i = 0; row < BUILDING_ROWS; row++) {
    for (let column = 0; column < BUILDING_COLUMNS; column++, i++) {
      const height = rng.uniform(8, 60);
      buildings.set([column * BLOCK_PITCH, row * BLOCK_PITCH, height / 2, 10, 10, height / 2], 6 * i);
    }
  }
  world.addStaticBoxes(buildings);
  // Parcels drop from just above roofs and streets of the 8 × 8 blocks where the drones fly, and are
  // resting by the time the measurement starts: the common case is a city full of parcels at rest.
  for (let i = 0; i < PARCEL_COUNT; i++) {
    const x = rng.uniform(-10, 8 * BLOCK_PITCH);
    const y = rng.uniform(-10, 8 * BLOCK_PITCH);
    const column = Math.round(x / BLOCK_PITCH);
    const row = Math.round(y / BLOCK_PITCH);
    const onRoof = Math.abs(x - column * BLOCK_PITCH) < 10 && Math.abs(y - row * BLOCK_PITCH) < 10;
    const surface = onRoof ? 2 * buildings[6 * (row * BUILDING_COLUMNS + column) + 2] : 0;
    world.addDynamicBody({
      shape: { kind: 'box', halfExtents: { x: rng.uniform(0.1, 0.3), y: rng.uniform(0.1, 0.3), z: rng.uniform(0.05, 0.2) } },
      mass: rng.uniform(0.2, 5),
      position: { x, y, z: surface + rng.uniform(0.5, 2) },
      orientation: { w: 1, x: rng.uniform(-0.2, 0.2), y: rng.uniform(-0.2, 0.2), z: rng.uniform(-1, 1) },
      friction: 0.6,
    });
  }
  const drones: BodyHandle[] = [];
  for (let i = 0; i < DRONE_COUNT; i++) {
    drones.push(world.addKinematicBody({ shape: { kind: 'box', halfExtents: { x: 0.12, y: 0.12, z: 0.04 } }, position: dronePosition(i, 0) }));
  }
  return { world, drones, dronePoses: new Float64Array(DRONE_COUNT * PACKED_POSE_STRIDE) };
}

/** Drone i flies a circle of 20..51 m radius at 5..67 m, about the middle of the parcel area. */
function dronePosition(i: number, t: number): { x: number; y: number; z: number } {
  const radius = 20 + i;
  const angle = (2 * Math.PI * i) / DRONE_COUNT + (t * 8) / radius; // 8 m/s along the circle
  return { x: 4 * BLOCK_PITCH + radius * Math.cos(angle), y: 4 * BLOCK_PITCH + radius * Math.sin(angle), z: 5 + 2 * i };
}

function stepCityScene(scene: CityScene): void {
  const t = scene.world.time + scene.world.settings.dt;
  for (let i = 0; i < DRONE_COUNT; i++) {
    const p = dronePosition(i, t);
    const yaw = (t * 8) / (20 + i);
    scene.dronePoses.set([p.x, p.y, p.z, Math.cos(yaw / 2), 0, 0, Math.sin(yaw / 2)], i * PACKED_POSE_STRIDE);
  }
  scene.world.setKinematicTargets(scene.drones, scene.dronePoses);
  scene.world.step();
}

/** Measures each engine; keys are `rigid.<engine>.steps_per_s` (median trial), `rigid.<engine>.best_steps_per_s`, `rigid.<engine>.build_ms`. */
export async function runRigidBench(): Promise<Record<string, number>> {
  const figures: Record<string, number> = {};
  console.log(`rigid bench: ${os.cpus()[0]?.model ?? 'unknown cpu'}, ${os.cpus().length} cores, node ${process.version}`);
  console.log(`  scene: ${BUILDING_COLUMNS * BUILDING_ROWS} static boxes, ${PARCEL_COUNT} dynamic parcels, ${DRONE_COUNT} kinematic drones, dt 0.01 s`);
  for (const engine of RIGID_ENGINE_NAMES) {
    (await createRigidWorld({ engine })).free(); // load the engine first, so the build time is the scene's own
    const buildStart = performance.now();
    const scene = await buildCityScene(engine);
    const buildMs = performance.now() - buildStart;
    try {
      for (let i = 0; i < WARMUP_STEPS; i++) stepCityScene(scene);
      const trials: number[] = [];
      for (let trial = 0; trial < TRIALS; trial++) {
        const start = performance.now();
        for (let i = 0; i < STEPS_PER_TRIAL; i++) stepCityScene(scene);
        trials.push(STEPS_PER_TRIAL / ((performance.now() - start) / 1000));
      }
      trials.sort((a, b) => a - b);
      const median = trials[Math.floor(TRIALS / 2)];
      const best = trials[TRIALS - 1];
      figures[`rigid.${engine}.steps_per_s`] = median;
      figures[`rigid.${engine}.best_steps_per_s`] = best;
      figures[`rigid.${engine}.build_ms`] = buildMs;
      console.log(
        `  ${engine.padEnd(6)} ${median.toFixed(0).padStart(6)} steps/s median, ${best.toFixed(0).padStart(6)} best` +
          `  (${(1000 / median).toFixed(2)} ms/step, ${(median * 0.01).toFixed(1)}× real time; scene built in ${buildMs.toFixed(0)} ms)`,
      );
    } finally {
      scene.world.free();
    }
  }
  await benchPayloadRollout(figures);
  return figures;
}

const PAYLOAD_TRIALS = 3;

/** Steps per second of `skyline rollout --task payload --fidelity full --seed 2` on each engine (median of 3). */
async function benchPayloadRollout(figures: Record<string, number>): Promise<void> {
  const city = generateWorld(2, { ...PAYLOAD_CITY_PARAMS });
  console.log(`  payload rollout: seed 2, ${city.buildings.length} static buildings, one drone with a tethered parcel, until delivered`);
  for (const engine of RIGID_ENGINE_NAMES) {
    const rates: number[] = [];
    let steps = 0;
    for (let trial = 0; trial < PAYLOAD_TRIALS; trial++) {
      const summary = await runFullFidelityRollout({ task: 'payload', engine, steps: 1500, seed: 2, world: city });
      rates.push(summary.steps_per_s);
      steps = summary.episode_steps;
    }
    rates.sort((a, b) => a - b);
    const median = rates[Math.floor(PAYLOAD_TRIALS / 2)];
    figures[`rigid.payload.${engine}.steps_per_s`] = median;
    console.log(`  ${engine.padEnd(6)} ${median.toFixed(0).padStart(6)} steps/s median of ${PAYLOAD_TRIALS} (${steps} steps, ${(median * 0.01).toFixed(1)}× real time)`);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runRigidBench();
}
