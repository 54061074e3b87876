/**
 * Figures for worlds/: generating the 2 km city, raycasts per second on one thread, batched sphere
 * collisions, and 64 x 64 camera frames per second. Prints lines and returns the figures; it never
 * fails. Run alone with `npx tsx bench/worlds-bench.ts`.
 */
import { pathToFileURL } from 'node:url';
import { SeededRng } from '../physics/index.ts';
import { CameraSensor, DepthCamera, RaycastResult, WorldIndex, generateWorld, type WorldSpec } from '../worlds/index.ts';
import { machineLine } from './bench-harness.ts';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Lidar-like rays: origins over the whole city at 2-60 m, any heading, within 15 degrees of level, 200 m range. */
function lidarRays(count: number, seed: number): Float64Array {
  const rng = new SeededRng(seed);
  const rays = new Float64Array(count * 6);
  for (let i = 0; i < count; i++) {
    const heading = rng.uniform(0, 2 * Math.PI);
    const elevation = rng.uniform(-0.26, 0.26);
    rays.set([rng.uniform(0, 2000), rng.uniform(0, 2000), rng.uniform(2, 60),
      Math.cos(heading) * Math.cos(elevation), Math.sin(heading) * Math.cos(elevation), Math.sin(elevation)], i * 6);
  }
  return rays;
}

function raycastsPerSecond(index: WorldIndex, rays: Float64Array, maxDistance: number): { rate: number; hitFraction: number } {
  const out = new RaycastResult();
  const count = rays.length / 6;
  const pass = (): number => {
    let hits = 0;
    for (let i = 0; i < count; i++) {
      const o = i * 6;
      if (index.raycastInto(rays[o], rays[o + 1], rays[o + 2], rays[o + 3], rays[o + 4], rays[o + 5], maxDistance, out)) hits++;
    }
    return hits;
  };
  const hits = pass();
  const times: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    pass();
    times.push(performance.now() - start);
  }
  return { rate: count / (median(times) / 1000), hitFraction: hits / count };
}

function framesPerSecond(render: (frame: number) => void, seconds: number): number {
  for (let f = 0; f < 50; f++) render(f);
  let frames = 0;
  const start = performance.now();
  while (performance.now() - start < seconds * 1000) render(frames++);
  return frames / ((performance.now() - start) / 1000);
}

export async function runWorldsBench(): Promise<Record<string, number>> {
  console.log('worlds bench');
  console.log(`  machine: ${machineLine()}`);

  const coldStart = performance.now();
  let spec: WorldSpec = generateWorld(7, { size: 2000 });
  const coldMs = performance.now() - coldStart;
  const generationTimes: number[] = [];
  for (let r = 0; r < 7; r++) {
    const start = performance.now();
    spec = generateWorld(7, { size: 2000 });
    generationTimes.push(performance.now() - start);
  }
  const generationMs = median(generationTimes);
  const riverTimes: number[] = [];
  for (let r = 0; r < 5; r++) {
    const start = performance.now();
    generateWorld(7, { size: 2000, river: true, density: 0.9 });
    riverTimes.push(performance.now() - start);
  }
  console.log(`  generate seed 7, 2 km: ${spec.buildings.length} buildings, ${spec.streets.length} streets, ${spec.depots.length} depots`);
  console.log(`    ${generationMs.toFixed(1)} ms median of 7 (first call, before the JIT warms up: ${coldMs.toFixed(1)} ms)`);
  console.log(`    dense with a river: ${median(riverTimes).toFixed(1)} ms median of 5`);

  const indexStart = performance.now();
  const index = new WorldIndex(spec);
  const indexMs = performance.now() - indexStart;
  console.log(`  WorldIndex build: ${indexMs.toFixed(1)} ms (grid cell ${index.grid.cellSize.toFixed(1)} m)`);

  const lidar = raycastsPerSecond(index, lidarRays(200_000, 1), 200);
  console.log(`  raycasts, one thread, lidar-like (2-60 m up, within 15 deg of level, 200 m): ${(lidar.rate / 1e6).toFixed(2)} M/s (${(lidar.hitFraction * 100).toFixed(0)} % hit)`);

  const drones = 4096;
  const rng = new SeededRng(2);
  const px = new Float32Array(drones).map(() => rng.uniform(0, 2000));
  const py = new Float32Array(drones).map(() => rng.uniform(0, 2000));
  const pz = new Float32Array(drones).map(() => rng.uniform(1, 80));
  const hitIds = new Int32Array(drones);
  const batchTimes: number[] = [];
  for (let r = 0; r < 30; r++) {
    const start = performance.now();
    index.collideSpheresBatch(px, py, pz, 0.2, 0, drones, hitIds);
    batchTimes.push(performance.now() - start);
  }
  const spheresPerSecond = drones / (median(batchTimes) / 1000);
  console.log(`  collideSpheresBatch, ${drones} drones: ${(median(batchTimes) * 1000).toFixed(0)} µs per call (${(spheresPerSecond / 1e6).toFixed(1)} M spheres/s)`);

  const camera = new CameraSensor(index, { width: 64, height: 64, fovDeg: 90 });
  const depth = new DepthCamera(index, { width: 64, height: 64, fovDeg: 90 });
  void index.groundRaster;
  const poseOf = (frame: number) => ({ position: { x: 700 + (frame % 600), y: 800 + ((frame * 7) % 400), z: 30 }, yaw: frame * 0.05, pitch: -0.15 });
  const rgbFps = framesPerSecond((frame) => camera.render(poseOf(frame)), 1.5);
  const depthFps = framesPerSecond((frame) => depth.render(poseOf(frame)), 1);
  console.log(`  64 x 64 RGB camera, 90 deg, flying downtown at 30 m: ${rgbFps.toFixed(0)} frames/s per core`);
  console.log(`  64 x 64 depth camera: ${depthFps.toFixed(0)} frames/s per core`);

  return {
    worlds_generation_ms: generationMs,
    worlds_generation_cold_ms: coldMs,
    worlds_buildings: spec.buildings.length,
    worlds_streets: spec.streets.length,
    worlds_index_build_ms: indexMs,
    worlds_raycasts_per_s: lidar.rate,
    worlds_sphere_checks_per_s: spheresPerSecond,
    worlds_rgb64_frames_per_s: rgbFps,
    worlds_depth64_frames_per_s: depthFps,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const figures = await runWorldsBench();
  console.log(JSON.stringify(figures));
}
