/**
 * The standalone page: a swarm simulated in this tab on WebGPU with no server, drawn with
 * three.js instancing over a generated city, with a panel of live figures (drone-steps/s, the
 * adapter, simulated time) and controls (pause, drone count, steps per dispatch, reset view).
 * URL: ?drones=N (default 10,000), &k=steps per dispatch (default 10), &city=seed (default 7),
 * &paused (the page steps only when window.skylineStandalone.advance is called: tests).
 */
import { AmbientLight, Color, DirectionalLight, HemisphereLight, Scene, WebGLRenderer } from 'three';
import { QUADROTOR_STATE as S } from '../../../physics/index.ts';
import { generateWorld } from '../../../worlds/index.ts';
import { CameraRig } from '../scene/camera-rig.ts';
import { CityLayer } from '../scene/city-layer.ts';
import { WorldFrame } from '../scene/world-frame.ts';
import { DroneSwarmLayer } from './drone-swarm-layer.ts';
import { STANDALONE_CITY_MAX_HEIGHT, SWARM_HEIGHT, SWARM_SPACING } from './standalone-swarm.ts';
import { StandaloneSimulation } from './standalone-simulation.ts';

export interface StandaloneDebugHandle {
  ready: boolean;
  error: string | null;
  drones: number;
  adapterName: string;
  stepsTaken: number;
  framesRendered: number;
  /** Steps the GPU `steps` more times (K per dispatch) and resolves once the frame shows them. */
  advance(steps: number, stepsPerDispatch?: number): Promise<number>;
  /** Positions of every drone (x, y, z per drone) as last read back. */
  positions(): number[];
  crashed(): number;
  /** Drone-steps per wall second over the last second of free running (0 while paused). */
  rate: number;
  running: boolean;
  cityBuildings: number;
  /** Resolves once no dispatch is in flight (after a pause, the steps taken stay as they are). */
  whenIdle(): Promise<void>;
}

declare global {
  interface Window {
    skylineStandalone: StandaloneDebugHandle;
  }
}

const query = new URLSearchParams(location.search);
const drones = Number(query.get('drones') ?? 10_000);
let stepsPerDispatch = Number(query.get('k') ?? 10);
const citySeed = Number(query.get('city') ?? 7);
const paused = query.has('paused');
const status = document.getElementById('status')!;
const field = (id: string): HTMLElement => document.querySelector(`[data-testid=${id}]`)!;

const debug: StandaloneDebugHandle = {
  ready: false, error: null, drones, adapterName: '', stepsTaken: 0, framesRendered: 0, rate: 0, running: !paused, cityBuildings: 0,
  whenIdle: () => Promise.resolve(),
  advance: () => Promise.reject(new Error('the simulation has not started yet')),
  positions: () => [],
  crashed: () => 0,
};
window.skylineStandalone = debug;

async function start(): Promise<void> {
  const simulation = await StandaloneSimulation.start(drones);
  const container = document.getElementById('standalone')!;
  const renderer = new WebGLRenderer({ antialias: false, powerPreference: 'high-performance' });
  renderer.setPixelRatio(Math.min(devicePixelRatio, 2));
  renderer.setSize(container.clientWidth, container.clientHeight);
  container.appendChild(renderer.domElement);
  const scene = new Scene();
  scene.background = new Color('#dfe7ee');
  scene.add(new HemisphereLight('#ffffff', '#8a8f80', 1.6), new AmbientLight('#ffffff', 0.35));
  const sun = new DirectionalLight('#fff6e8', 2.2);
  sun.position.set(200, 400, 100);
  scene.add(sun);
  const frame = new WorldFrame();
  scene.add(frame.root);
  const rig = new CameraRig(frame, renderer.domElement);
  const half = (Math.ceil(Math.sqrt(drones)) * SWARM_SPACING) / 2 + 6;
  // A low city under the swarm, centred on it, so the scale and the flow read at a glance.
  const citySize = Math.min(8000, Math.max(400, Math.ceil(2 * half + 120)));
  const city = new CityLayer(generateWorld(citySeed, { size: citySize, maxHeight: STANDALONE_CITY_MAX_HEIGHT, heightProfile: 'uniform', noFlyZones: 0, parks: 1, density: 0.8 }));
  city.group.position.set(-citySize / 2, -citySize / 2, 0);
  frame.root.add(city.group);
  debug.cityBuildings = city.buildingCount;
  const resetView = (): void => rig.frameBox([-half, -half, 0], [half, half, SWARM_HEIGHT + 4]);
  resetView();
  // Drawn larger than life: a 13 cm drone among thousands would be a pixel.
  const layer = new DroneSwarmLayer(drones, Math.max(4, SWARM_SPACING * 3));
  frame.root.add(layer.mesh);
  const n = simulation.swarm.arrays.stride;
  layer.update(simulation.state, n);

  field('adapter').textContent = simulation.gpu.adapterName;
  field('drones').textContent = drones.toLocaleString('en');
  field('city').textContent = `seed ${citySeed}, ${city.buildingCount.toLocaleString('en')} buildings, ${(citySize / 1000).toFixed(1)} km`;
  const countSelect = field('drone-count') as HTMLSelectElement;
  if (![...countSelect.options].some((option) => Number(option.value) === drones)) countSelect.add(new Option(String(drones)));
  countSelect.value = String(drones);
  countSelect.addEventListener('change', () => {
    query.set('drones', countSelect.value);
    location.search = query.toString(); // a new swarm is a new GPU batch: reload with it
  });
  const kSelect = field('k-select') as HTMLSelectElement;
  if (![...kSelect.options].some((option) => Number(option.value) === stepsPerDispatch)) kSelect.add(new Option(String(stepsPerDispatch)));
  kSelect.value = String(stepsPerDispatch);
  kSelect.addEventListener('change', () => (stepsPerDispatch = Number(kSelect.value)));
  const pauseButton = field('pause') as HTMLButtonElement;
  const showRunning = (): void => void (pauseButton.textContent = debug.running ? 'Pause' : 'Resume');
  pauseButton.addEventListener('click', () => {
    debug.running = !debug.running;
    showRunning();
  });
  showRunning();
  field('reset-view').addEventListener('click', resetView);
  // The live rate: drone-steps over the wall time of the last second of free running.
  const window1s: { at: number; steps: number }[] = [];
  const measure = (): void => {
    const now = performance.now();
    window1s.push({ at: now, steps: simulation.stepsTaken });
    while (window1s.length > 2 && now - window1s[0].at > 1000) window1s.shift();
    const first = window1s[0];
    debug.rate = debug.running && now > first.at ? ((simulation.stepsTaken - first.steps) * drones * 1000) / (now - first.at) : 0;
  };

  const draw = (): void => {
    layer.update(simulation.state, n);
    rig.update(null);
    renderer.render(scene, rig.camera);
    debug.framesRendered++;
    debug.stepsTaken = simulation.stepsTaken;
    measure();
    field('rate').textContent = debug.rate > 0 ? debug.rate.toExponential(2).replace('e+', 'e') : debug.running ? '…' : 'paused';
    field('sim-time').textContent = `${(simulation.stepsTaken * 0.01).toFixed(1)} s`;
    field('k').textContent = String(stepsPerDispatch);
    status.textContent = `${drones.toLocaleString('en')} drones on ${simulation.gpu.adapterName} · step ${simulation.stepsTaken} · ${stepsPerDispatch} steps per dispatch`;
  };
  let busy = false;
  debug.advance = async (steps, k = stepsPerDispatch) => {
    while (busy) await new Promise((resolve) => setTimeout(resolve, 5));
    busy = true;
    try {
      await simulation.advance(steps, k);
      draw();
      return simulation.stepsTaken;
    } finally {
      busy = false;
    }
  };
  debug.whenIdle = async () => {
    while (busy) await new Promise((resolve) => setTimeout(resolve, 5));
  };
  debug.positions = () => {
    const out: number[] = [];
    for (let i = 0; i < drones; i++) out.push(simulation.state[S.px * n + i], simulation.state[S.py * n + i], simulation.state[S.pz * n + i]);
    return out;
  };
  debug.crashed = () => simulation.status.subarray(0, drones).filter((code) => code !== 0).length;
  debug.adapterName = simulation.gpu.adapterName;
  addEventListener('resize', () => renderer.setSize(container.clientWidth, container.clientHeight));
  draw();
  debug.ready = true;
  const loop = async (): Promise<void> => {
    if (debug.running && !busy) await debug.advance(stepsPerDispatch);
    else draw();
    requestAnimationFrame(() => void loop());
  };
  requestAnimationFrame(() => void loop());
}

start().catch((error: unknown) => {
  debug.error = error instanceof Error ? error.message : String(error);
  status.textContent = `The standalone simulation could not start: ${debug.error}`;
  console.error(debug.error);
});
